"""Text of the softmax page."""

TEXT = {
    "softmax.intro": {
        "en": "A classifier ends with one raw score per class, a logit. Softmax exponentiates the scores and "
        "divides by their total, so every class gets a share between 0 and 1 and the shares add up to 1. "
        "Move the logits and the temperature below and watch the distribution, the loss and its gradient "
        "react.",
        "ko": "분류기의 마지막 층은 클래스마다 점수 하나, 즉 로짓 (logit)을 냅니다. 소프트맥스 (softmax)는 "
        "점수를 지수로 올린 뒤 그 합으로 나누어, 각 클래스에 0과 1 사이의 비율 (확률)을 주고 그 합이 1이 "
        "되게 합니다. 아래에서 로짓과 온도 (temperature)를 움직이며 확률분포, 손실, 기울기 "
        "(gradient)가 어떻게 바뀌는지 보세요.",
    },
    "softmax.default_names": {
        "en": "cat,dog,bird,fish,frog,horse,ship,truck,plane,car",
        "ko": "고양이,개,새,물고기,개구리,말,배,트럭,비행기,자동차",
    },
    # inputs
    "softmax.h.logits": {"en": "Logits and temperature", "ko": "로짓 (logit)과 온도 (temperature)"},
    "softmax.classes": {"en": "Number of classes K", "ko": "클래스 수 K"},
    "softmax.col.name": {"en": "Class", "ko": "클래스"},
    "softmax.col.slider": {"en": "Logit z (slider, ±{lim})", "ko": "로짓 z (슬라이더, ±{lim})"},
    "softmax.col.exact": {"en": "Exact value", "ko": "정확한 값"},
    "softmax.name_label": {"en": "Name of class {n}", "ko": "클래스 {n}의 이름"},
    "softmax.logit_label": {"en": "Logit of {name}", "ko": "{name}의 로짓"},
    "softmax.exact_label": {"en": "Exact logit of {name}", "ko": "{name}의 로짓 (정확한 값)"},
    "softmax.beyond_slider": {
        "en": "Some logits lie beyond ±{lim}: their slider sits at the end, the box beside it holds the real value.",
        "ko": "일부 로짓이 ±{lim}를 넘습니다: 슬라이더는 끝에 멈춰 있고, 옆 칸에 실제 값이 있습니다.",
    },
    "softmax.all_label": {"en": "All logits at once (comma-separated)", "ko": "모든 로짓을 한 번에 (쉼표로 구분)"},
    "softmax.all_help": {
        "en": "For example 2, 1, 0.1. Between 2 and 10 numbers, each within ±10000; the count sets K.",
        "ko": "예: 2, 1, 0.1. 숫자 2~10개, 각각 ±10000 이내이며 개수가 K가 됩니다.",
    },
    "softmax.temperature": {"en": "Temperature T (log scale)", "ko": "온도 T (로그 눈금)"},
    "softmax.temperature_help": {
        "en": "Every logit is divided by T before the exponential.",
        "ko": "지수를 취하기 전에 모든 로짓을 T로 나눕니다.",
    },
    "softmax.temperature_note": {
        "en": "Low T exaggerates the gaps between logits, so the largest one takes almost everything; high T "
        "shrinks the gaps and every class drifts towards 1/K.",
        "ko": "T가 낮으면 로짓 사이의 차이가 커져 가장 큰 로짓이 거의 전부를 가져가고, T가 높으면 차이가 "
        "줄어 모든 클래스가 1/K에 가까워집니다.",
    },
    "softmax.target": {"en": "True class", "ko": "정답 클래스"},
    # probabilities
    "softmax.h.probs": {"en": "Probabilities", "ko": "확률 (probabilities)"},
    "softmax.bar.argmax": {"en": "largest (argmax)", "ko": "가장 큼 (argmax)"},
    "softmax.bar.other": {"en": "other classes", "ko": "나머지 클래스"},
    "softmax.bar.true": {"en": "true class", "ko": "정답 클래스"},
    "softmax.argmax_note": {
        "en": "The model would predict {name} (p = {p}); the true class, outlined, is {true}.",
        "ko": "모델의 예측은 {name}입니다 (p = {p}). 테두리가 있는 막대가 정답 클래스 {true}입니다.",
    },
    "softmax.formula_shifted": {
        "en": "The raw exponentials would overflow (exponent above +700) or underflow to 0 (below −700), so each "
        "exponent has {m} subtracted first; the probabilities are unchanged because the same factor cancels "
        "from top and bottom.",
        "ko": "지수를 그대로 계산하면 너무 커서 넘치거나 (overflow, 지수가 +700 초과) 너무 작아 0이 되어 "
        "버리므로 (underflow, 지수가 −700 미만) 모든 지수에서 먼저 {m}을 뺐습니다. 분자와 분모에 "
        "같은 인수가 곱해져 약분되므로 확률은 그대로입니다.",
    },
    # loss and gradient
    "softmax.h.loss": {"en": "Cross-entropy loss", "ko": "크로스 엔트로피 손실 (cross-entropy loss)"},
    "softmax.loss_label": {"en": "Loss for true class {name}", "ko": "정답 클래스 {name}에 대한 손실"},
    "softmax.loss_note": {
        "en": "Only the probability of the true class enters the loss. It is 0 when that probability is 1 and "
        "grows without bound as it approaches 0. PyTorch's cross_entropy uses the natural log (nats); divide "
        "by ln 2 to get bits, as on the Entropy page.",
        "ko": "손실에는 정답 클래스의 확률만 들어갑니다. 그 확률이 1이면 손실은 0이고, 0에 가까워질수록 한없이 "
        "커집니다. PyTorch의 cross_entropy는 자연로그를 써서 내트 (nat) 단위로 계산하며, ln "
        "2로 나누면 엔트로피 페이지와 같은 비트 (bit) 단위가 됩니다.",
    },
    "softmax.h.grad": {"en": "Gradient with respect to each logit", "ko": "각 로짓에 대한 기울기 (gradient)"},
    "softmax.grad.up": {"en": "rises", "ko": "올라감"},
    "softmax.grad.down": {"en": "falls", "ko": "내려감"},
    "softmax.grad.move": {"en": "under a step this logit", "ko": "한 걸음 뒤 이 로짓은"},
    "softmax.grad_note": {
        "en": "The gradient is (p − y) / T with y the one-hot true label (here T = {T}). A gradient-descent step "
        "moves each logit against its bar: the true class (the only negative bar) goes up, every other class "
        "goes down in proportion to the probability it wrongly holds. The bars always sum to 0.",
        "ko": "기울기는 (p − y) / T이며 y는 정답 클래스의 원-핫 (one-hot) 벡터입니다 (지금 T = "
        "{T}). 경사 하강법 (gradient descent)의 한 걸음은 각 로짓을 막대의 반대 방향으로 "
        "옮깁니다: 유일하게 음수인 정답 클래스는 올라가고, 나머지는 잘못 가져간 확률만큼 내려갑니다. 막대의 합은 "
        "항상 0입니다.",
    },
    "softmax.h.steps": {"en": "Gradient descent on the logits", "ko": "로짓에 대한 경사 하강법 (gradient descent)"},
    "softmax.lr": {"en": "Learning rate", "ko": "학습률 (learning rate)"},
    "softmax.step": {"en": "Take a step", "ko": "한 걸음"},
    "softmax.step_help": {
        "en": "One gradient-descent step: every logit moves by −(learning rate) × its gradient.",
        "ko": "경사 하강법의 한 걸음: 모든 로짓이 −(학습률) × 기울기만큼 움직입니다.",
    },
    "softmax.step10": {"en": "10 steps", "ko": "10걸음"},
    "softmax.reset": {"en": "Clear", "ko": "지우기"},
    "softmax.steps_empty": {
        "en": "Press the step button: the sliders move and the loss of every step is plotted here.",
        "ko": "걸음 버튼을 누르면 슬라이더가 움직이고 매 걸음의 손실이 여기에 그려집니다.",
    },
    "softmax.steps_note": {
        "en": "{n} points (the last {max} are kept). With one example the loss can only fall, whatever the "
        "learning rate: each step widens every margin z_true − z_j by η(1 − p_true + p_j)/T > 0. A large "
        "rate does not overshoot here; it drives the logits to extremes and the probabilities to 0 and 1 "
        "faster. Overshooting appears when many examples share the same weights and pull them different "
        "ways, as on the Train page.",
        "ko": "점 {n}개 (최근 {max}개까지 보관). 예제가 하나뿐이면 학습률이 얼마든 손실은 줄어들기만 합니다: 한 "
        "걸음마다 모든 차이 z_정답 − z_j가 η(1 − p_정답 + p_j)/T > 0만큼 벌어지기 때문입니다. "
        "여기서는 학습률이 커도 최솟값을 지나치지 않고, 로짓을 극단으로, 확률을 0과 1로 더 빨리 몰아갈 뿐입니다. "
        "지나침 (overshooting)은 여러 예제가 같은 가중치를 공유하며 서로 다른 방향으로 당길 때 "
        "나타납니다. CNN 학습하기 페이지에서 볼 수 있습니다.",
    },
    "softmax.axis.step": {"en": "step", "ko": "걸음"},
    "softmax.axis.loss": {"en": "loss (nats)", "ko": "손실 (내트)"},
    # shift invariance and stability
    "softmax.h.stability": {
        "en": "Shift invariance and numerical stability",
        "ko": "이동 불변성 (shift invariance)과 수치 안정성 (numerical stability)",
    },
    "softmax.stability_intro": {
        "en": "Adding the same constant c to every logit multiplies every exponential by e^(c/T), which cancels: "
        "the probabilities do not move. Stable code exploits this by subtracting the largest logit first. "
        "The textbook formula, applied as written, breaks once the exponentials leave the range of a float.",
        "ko": "모든 로짓에 같은 상수 c를 더하면 모든 지수항에 e^(c/T)가 곱해지고 이것이 약분되어 확률은 변하지 "
        "않습니다. 안정적인 구현은 이 성질을 이용해 가장 큰 로짓을 먼저 뺍니다. 교과서 공식을 그대로 계산하면 "
        "지수항이 부동소수점 범위를 벗어나는 순간 망가집니다.",
    },
    "softmax.shift": {"en": "Constant c added to every logit", "ko": "모든 로짓에 더할 상수 c"},
    "softmax.stab.original": {"en": "softmax(z)", "ko": "softmax(z)"},
    "softmax.stab.stable": {"en": "stable softmax(z + c)", "ko": "안정적 softmax(z + c)"},
    "softmax.stab.naive": {"en": "naive e^z / Σ e^z at z + c", "ko": "단순 공식 e^z / Σ e^z (z + c)"},
    "softmax.naive_nan": {
        "en": "The naive formula returns NaN: the exponents reach {x}, and e to that power is either inf "
        "(inf / inf) or rounds to 0 for every class (0 / 0). The stable version is untouched.",
        "ko": "단순 공식은 NaN을 냅니다: 지수가 {x}에 이르러 e의 거듭제곱이 무한대 (inf / inf)가 되거나 모든 "
        "클래스에서 0으로 반올림됩니다 (0 / 0). 안정적인 버전은 영향을 받지 않습니다.",
    },
    "softmax.naive_ok": {
        "en": "Here the naive formula still works (largest difference from softmax(z): {gap}).",
        "ko": "이 값에서는 단순 공식도 아직 동작합니다 (softmax(z)와의 최대 차이: {gap}).",
    },
    "softmax.naive_try_both": {
        "en": "At these logits and this temperature it breaks from c = {up} upwards (e^x overflows) and from "
        "c = {down} downwards (every e^x rounds to 0): try one.",
        "ko": "지금의 로짓과 온도에서는 c = {up} 이상 (e^x 넘침)이나 c = {down} 이하 (모든 e^x가 0으로 반올림)에서 "
        "망가집니다. 넣어 보세요.",
    },
    "softmax.naive_try_one": {
        "en": "At these logits and this temperature it breaks at c = {c}: try it.",
        "ko": "지금의 로짓과 온도에서는 c = {c}에서 망가집니다. 넣어 보세요.",
    },
    "softmax.naive_unbreakable": {
        "en": "At T = {T} no c within ±{limit} breaks it: dividing by T keeps the exponents small. Lower T to see "
        "it fail.",
        "ko": "T = {T}에서는 ±{limit} 안의 어떤 c로도 망가지지 않습니다. T로 나누면 지수가 작게 유지되기 "
        "때문입니다. T를 낮추면 실패하는 모습을 볼 수 있습니다.",
    },
    "softmax.shift_note": {
        "en": "Largest difference between softmax(z) and the stable softmax(z + {c}): {gap}.",
        "ko": "softmax(z)와 안정적 softmax(z + {c})의 최대 차이: {gap}.",
    },
    # entropy
    "softmax.h.entropy": {"en": "Entropy of the output vs temperature", "ko": "온도에 따른 출력의 엔트로피"},
    "softmax.axis.temperature": {"en": "temperature T (log scale)", "ko": "온도 T (로그 눈금)"},
    "softmax.axis.entropy": {"en": "entropy (bits)", "ko": "엔트로피 (비트)"},
    "softmax.tip.entropy": {"en": "H (bits)", "ko": "H (비트)"},
    "softmax.entropy_note": {
        "en": "At T = {T} the distribution carries {h} bits of uncertainty. As T grows it climbs to log2 {k} = "
        "{hmax} bits (the dashed line, all classes equal); as T falls towards 0 it drops towards 0 bits when "
        "one logit is strictly largest.",
        "ko": "T = {T}에서 분포의 불확실성은 {h}비트입니다. T가 커지면 log2 {k} = {hmax}비트 (점선, 모든 클래스가 "
        "같은 확률)까지 오르고, T가 0에 가까워지면 가장 큰 로짓이 하나뿐일 때 0비트로 떨어집니다.",
    },
    "softmax.link.entropy": {"en": "More on entropy", "ko": "엔트로피 (entropy) 더 알아보기"},
    # sigmoid
    "softmax.h.sigmoid": {"en": "Two classes: softmax is a sigmoid", "ko": "클래스가 둘이면: 소프트맥스 = 시그모이드"},
    "softmax.sigmoid_intro": {
        "en": "Take only the first two classes, {a} and {b}. Dividing top and bottom by e^(z₁/T) leaves "
        "1 / (1 + e^(−(z₁ − z₂)/T)), the sigmoid of the logit difference:",
        "ko": "처음 두 클래스({a}, {b})만 봅시다. 분자와 분모를 e^(z₁/T)로 나누면 1 / (1 + e^(−(z₁ − z₂)/T)), "
        "즉 로짓 차이의 시그모이드 (sigmoid)가 남습니다:",
    },
    "softmax.sigmoid_intro2": {
        "en": "With two classes, dividing top and bottom by e^(z₁/T) leaves 1 / (1 + e^(−(z₁ − z₂)/T)), the "
        "sigmoid of the logit difference:",
        "ko": "클래스가 둘일 때 분자와 분모를 e^(z₁/T)로 나누면 1 / (1 + e^(−(z₁ − z₂)/T)), 즉 로짓 차이의 "
        "시그모이드 (sigmoid)가 남습니다:",
    },
    "softmax.sigmoid_note": {
        "en": "Both sides computed independently; they differ by {diff}. Only the difference of the logits matters, "
        "which is shift invariance again.",
        "ko": "양쪽을 따로 계산했으며 차이는 {diff}입니다. 로짓의 차이만 중요하다는 것, 즉 다시 이동 불변성입니다.",
    },
    "softmax.link.activations": {
        "en": "The sigmoid among other activations",
        "ko": "활성화 함수 (activation function) 속 시그모이드",
    },
    # why cross-entropy (and not the squared error)
    "softmax.why.bits": {
        "en": "In bits: the model gives the true class {name} probability {p}, so a code built from the model's q "
        "spends −log₂ {p} = {bits} bits to send the true answer. Cross-entropy is that cost: the worse the "
        "model's guess, the more bits the truth costs.",
        "ko": "비트로 보면: 모델이 정답 클래스 {name}에 확률 {p}를 주므로, 모델의 q로 만든 부호는 정답을 보내는 데 "
        "−log₂ {p} = {bits} 비트를 씁니다. 크로스 엔트로피가 바로 이 비용이며, 모델의 추측이 나쁠수록 정답을 "
        "보내는 데 더 많은 비트가 듭니다.",
    },
    "softmax.link.ce_entropy": {
        "en": "Cross-entropy as bits on the Entropy page",
        "ko": "엔트로피 페이지에서 보는 크로스 엔트로피 (비트)",
    },
    # the lower sections' tabs (short labels; each tab's heading says it in full)
    "softmax.tab.why": {"en": "Why cross-entropy", "ko": "왜 크로스 엔트로피인가"},
    "softmax.tab.stability": {"en": "Numerical stability", "ko": "수치 안정성"},
    "softmax.tab.entropy": {"en": "Entropy", "ko": "엔트로피"},
    "softmax.tab.sigmoid": {"en": "Two classes", "ko": "클래스가 둘이면"},
    "softmax.h.why": {
        "en": "Why cross-entropy, and not the squared error?",
        "ko": "왜 제곱 오차가 아니라 크로스 엔트로피인가",
    },
    "softmax.why.intro": {
        "en": "Another loss looks just as reasonable: the mean squared error (MSE) between the probabilities p and "
        "the one-hot answer, averaged over the classes as PyTorch's F.mse_loss does. Both are 0 for a perfect "
        "answer. What decides how a network learns is the gradient each loss sends back to the logits.",
        "ko": "그럴듯해 보이는 손실이 하나 더 있습니다. 확률 p와 원-핫 (one-hot) 정답 사이의 평균 제곱 오차 "
        "(mean squared error, MSE)로, PyTorch의 F.mse_loss처럼 클래스들에 대해 평균을 냅니다. 둘 다 완벽한 "
        "답에서는 0입니다. 신경망이 어떻게 배우는지를 정하는 것은 각 손실이 로짓으로 돌려보내는 기울기입니다.",
    },
    "softmax.why.ce_loss": {"en": "Cross-entropy loss", "ko": "크로스 엔트로피 손실"},
    "softmax.why.mse_loss": {"en": "MSE loss (squared error on p)", "ko": "MSE 손실 (p의 제곱 오차)"},
    "softmax.why.ce": {"en": "cross-entropy", "ko": "크로스 엔트로피"},
    "softmax.why.mse": {"en": "MSE", "ko": "MSE"},
    "softmax.why.loss": {"en": "loss", "ko": "손실"},
    "softmax.why.bars_desc": {
        "en": "Bar chart: the gradient of each loss, cross-entropy and MSE, with respect to every logit. The "
        "numbers are in the table beside the chart.",
        "ko": "막대 차트: 크로스 엔트로피와 MSE 각 손실의 로짓별 기울기입니다. 숫자는 차트 옆 표에 있습니다.",
    },
    "softmax.why.wrong_button": {
        "en": "Make it confidently wrong ({name} far down)",
        "ko": "확신에 찬 오답 만들기 ({name} 로짓을 크게 낮춤)",
    },
    "softmax.why.wrong_help": {
        "en": "Sets the true class's logit 10·T below the largest other logit: the model then gives the true class "
        "a probability of about e^−10 ≈ 0.00005 or less.",
        "ko": "정답 클래스의 로짓을 다른 로짓 중 가장 큰 값보다 10·T 낮게 설정합니다. 그러면 모델은 정답 클래스에 "
        "약 e^−10 ≈ 0.00005 이하의 확률을 줍니다.",
    },
    "softmax.why.confident": {
        "en": "Confidently wrong: the model gives {name} only p = {p}. Cross-entropy still pushes the true logit "
        "with ∂L/∂z = {ce}, close to its limit −1/T = {limit}: the worse the mistake, the harder the push. MSE "
        "pushes with only {mse}, {ratio} times weaker: its gradient on this logit carries the factor p = {p} "
        "(the softmax is saturated here), so the squared error barely notices its worst mistake. The gradient "
        "steps above use cross-entropy: take a few and watch it recover.",
        "ko": "확신에 찬 오답입니다. 모델이 {name}에 주는 확률은 p = {p}뿐입니다. 크로스 엔트로피는 여전히 정답 "
        "로짓을 ∂L/∂z = {ce}로 밀며, 이는 극한값 −1/T = {limit}에 가깝습니다. 틀린 정도가 클수록 더 세게 "
        "밉니다. MSE는 {mse}로만 밀어 {ratio}배 약합니다. 이 로짓에 대한 MSE의 기울기에는 인수 p = {p}가 "
        "곱해지므로 (여기서 소프트맥스가 포화 (saturation)되어 있습니다) 제곱 오차는 가장 나쁜 실수를 거의 "
        "알아채지 못합니다. 위의 경사 하강 단계는 크로스 엔트로피를 씁니다. 몇 번 눌러 회복되는 모습을 보세요.",
    },
    "softmax.why.not_yet": {
        "en": "Now the model gives {name} p = {p}: the gradient on its logit is {ce} for cross-entropy and {mse} "
        "for MSE. Press the button to make the model confidently wrong, then compare again.",
        "ko": "지금 모델은 {name}에 p = {p}를 줍니다. 이 로짓에 대한 기울기는 크로스 엔트로피가 {ce}, MSE가 "
        "{mse}입니다. 버튼을 눌러 모델을 확신에 찬 오답으로 만든 뒤 다시 비교해 보세요.",
    },
    "softmax.why.p_axis": {"en": "p of the true class (log scale)", "ko": "정답 클래스의 p (로그 눈금)"},
    "softmax.why.g_axis": {"en": "|∂L/∂z| on the true logit", "ko": "정답 로짓의 |∂L/∂z|"},
    "softmax.why.chart_title": {
        "en": "How hard each loss pushes the true logit",
        "ko": "각 손실이 정답 로짓을 미는 세기",
    },
    "softmax.why.chart_desc": {
        "en": "Line chart of the gradient size on the true logit against the true class's probability, for "
        "cross-entropy and MSE; the dots are the current logits. The numbers are in the caption under the chart.",
        "ko": "정답 클래스의 확률에 따른 정답 로짓 기울기 크기의 선 차트입니다 (크로스 엔트로피와 MSE). 점은 "
        "지금의 로짓입니다. 숫자는 차트 아래 설명에 있습니다.",
    },
    "softmax.why.chart_sum": {
        "en": "At p = {p}: cross-entropy {ce} (limit 1/T = {limit}), MSE {mse}.",
        "ko": "p = {p}에서 크로스 엔트로피 {ce} (극한 1/T = {limit}), MSE {mse}입니다.",
    },
    "softmax.why.chart_note": {
        "en": "Along the curves only the true logit moves; the other logits stay as set above (the dot is now). "
        "Cross-entropy's gradient is (1 − p)/T: it grows towards 1/T as p falls. MSE's passes through the "
        "softmax, which multiplies it by p: it vanishes on a confident mistake, exactly where learning is most "
        "needed. That is why classifiers are trained with cross-entropy.",
        "ko": "곡선을 따라 정답 로짓만 움직이고 다른 로짓은 위에서 정한 값 그대로입니다 (점이 현재 상태). 크로스 "
        "엔트로피의 기울기는 (1 − p)/T이므로 p가 작아질수록 1/T에 가까워집니다. MSE의 기울기는 소프트맥스를 "
        "거치면서 p가 곱해지므로, 배움이 가장 필요한 확신에 찬 오답에서 사라집니다. 그래서 분류기는 크로스 "
        "엔트로피로 학습합니다.",
    },
    "softmax.link.train_losses": {
        "en": "Train a CNN with either loss and compare",
        "ko": "두 손실로 CNN을 학습해 비교하기",
    },
    # errors
    "softmax.err.logit_range": {
        "en": "Logit {n} must be a number between −{limit} and {limit}; the previous value is kept.",
        "ko": "{n}번 로짓은 −{limit}에서 {limit} 사이의 숫자여야 합니다. 이전 값을 유지합니다.",
    },
    "softmax.err.parse": {
        "en": "Could not read “{text}” as numbers separated by commas; the previous logits are kept.",
        "ko": "“{text}”을(를) 쉼표로 구분된 숫자로 읽을 수 없습니다. 이전 로짓을 유지합니다.",
    },
    "softmax.err.count": {
        "en": "{n} logits given: between {lo} and {hi} are needed; the previous logits are kept.",
        "ko": "로짓 {n}개가 입력되었습니다. {lo}개에서 {hi}개 사이여야 하므로 이전 로짓을 유지합니다.",
    },
    "softmax.err.all_range": {
        "en": "Every logit must lie between −{limit} and {limit}; the previous logits are kept.",
        "ko": "모든 로짓은 −{limit}에서 {limit} 사이여야 합니다. 이전 로짓을 유지합니다.",
    },
    "softmax.err.name_empty": {
        "en": "The name of class {n} must be non-empty and contain no comma; the previous name is kept.",
        "ko": "클래스 {n}의 이름은 비어 있으면 안 되고 쉼표를 포함할 수 없습니다. 이전 이름을 유지합니다.",
    },
    "softmax.err.name_dup": {
        "en": "Another class is already called “{name}”; the previous name is kept.",
        "ko": "“{name}”은(는) 이미 다른 클래스의 이름입니다. 이전 이름을 유지합니다.",
    },
    "softmax.err.shift_range": {
        "en": "The constant c must be a number between −{limit} and {limit}; the previous value is kept.",
        "ko": "상수 c는 −{limit}에서 {limit} 사이의 숫자여야 합니다. 이전 값을 유지합니다.",
    },
    "softmax.err.compute": {
        "en": "These settings cannot be computed ({detail}). Change a logit or the temperature.",
        "ko": "이 설정으로는 계산할 수 없습니다 ({detail}). 로짓이나 온도를 바꿔 보세요.",
    },
    # "Check yourself" (ui/softmax/quiz.py)
    "softmax.quiz.shift": {
        "en": "You add {c} to every logit above. What happens to the probabilities?",
        "ko": "위의 모든 로짓에 {c}을 더합니다. 확률은 어떻게 됩니까?",
    },
    "softmax.quiz.shift.unchanged": {"en": "They stay the same", "ko": "그대로입니다"},
    "softmax.quiz.shift.larger": {"en": "They all get larger", "ko": "모두 커집니다"},
    "softmax.quiz.shift.overflow": {
        "en": "They overflow: e^{c} is too big to compute",
        "ko": "넘칩니다 (overflow): e^{c}은 계산하기에 너무 큽니다",
    },
    "softmax.quiz.shift_why": {
        "en": "softmax(z + {c}) = softmax(z): the factor e^{c} appears above and below the fraction and cancels; "
        "computed here, the largest change is {gap} (rounding).",
        "ko": "softmax(z + {c}) = softmax(z)입니다. 인수 e^{c}이 분자와 분모에 똑같이 있어 약분됩니다. "
        "여기서 계산한 가장 큰 변화는 {gap}(반올림 오차)입니다.",
    },
    "softmax.quiz.shift_naive": {
        "en": "Only the naive formula e^z / Σ e^z breaks here (it needs e^{x}); the page subtracts the largest logit "
        "first.",
        "ko": "여기서는 단순 공식 e^z / Σ e^z만 깨집니다(e^{x}이 필요합니다). 이 페이지는 가장 큰 로짓을 먼저 뺍니다.",
    },
    "softmax.quiz.cool": {
        "en": "You lower the temperature from T = {T} to T = {T2}. Which class then has the highest probability?",
        "ko": "온도를 T = {T}에서 T = {T2}로 낮춥니다. 그러면 확률이 가장 높은 클래스는 무엇입니까?",
    },
    "softmax.quiz.tie": {"en": "No single class: several tie", "ko": "하나가 아닙니다: 여럿이 같습니다"},
    "softmax.quiz.cool_why": {
        "en": "At T = {T2} softmax gives {name} p = {p2} (it had {p} at T = {T}): a lower temperature sharpens the "
        "probabilities but never changes their order.",
        "ko": "T = {T2}에서 소프트맥스는 {name}에 p = {p2}를 줍니다(T = {T}에서는 {p}). 온도를 낮추면 확률이 "
        "뾰족해지지만 순서는 바뀌지 않습니다.",
    },
    "softmax.quiz.cool_tie_why": {
        "en": "At T = {T2} {names} share the highest probability, p = {p2} each (as at T = {T}): dividing by T keeps "
        "equal logits equal.",
        "ko": "T = {T2}에서 {names}이(가) 똑같이 가장 높은 확률 p = {p2}를 가집니다(T = {T}에서와 같습니다). "
        "T로 나누어도 같은 로짓은 같습니다.",
    },
    # chart descriptions: the accessible name of each chart (read by screen readers), fixed (issue 21: a spec
    # that never changes is updated in place); the numbers are in the summaries (softmax.sum.*), under the chart
    "softmax.bar.yes": {"en": "yes", "ko": "예"},
    "softmax.bar.no": {"en": "no", "ko": "아니요"},
    "softmax.desc.probs": {
        "en": "Bar chart of the probability of each class. The largest is highlighted; the true class is "
        "outlined. The numbers are in the caption under the chart.",
        "ko": "클래스별 확률 막대그래프입니다. 가장 큰 것은 강조 색이고, 정답 클래스는 굵은 테두리로 "
        "표시합니다. 숫자는 차트 아래 설명에 있습니다.",
    },
    "softmax.sum.probs": {
        "en": "Probabilities of the {n} classes: {items}.",
        "ko": "클래스 {n}개의 확률: {items}.",
    },
    "softmax.desc.grad": {
        "en": "Bar chart of the gradient ∂L/∂z of each logit (positive: the logit falls under a step; "
        "negative: it rises). The numbers are in the caption under the chart.",
        "ko": "로짓 (logit)별 기울기 ∂L/∂z 막대그래프입니다 (양수면 한 걸음 뒤 로짓이 내려가고, "
        "음수면 올라갑니다). 숫자는 차트 아래 설명에 있습니다.",
    },
    "softmax.sum.grad": {
        "en": "∂L/∂z of the {n} logits: {items}.",
        "ko": "로짓 {n}개의 ∂L/∂z: {items}.",
    },
    "softmax.desc.loss": {
        "en": "Line chart of the loss after each gradient step. The numbers are in the caption under the chart.",
        "ko": "경사 하강 (gradient step) 걸음마다의 손실 꺾은선 그래프입니다. 숫자는 차트 아래 설명에 있습니다.",
    },
    "softmax.sum.loss": {
        "en": "The loss over {n} gradient steps: {l0} nats at step {s0}, {l1} nats at step {s1}.",
        "ko": "경사 하강 {n}걸음의 손실: {s0}걸음에서 {l0}내트, {s1}걸음에서 {l1}내트입니다.",
    },
    "softmax.desc.entropy": {
        "en": "Line chart of the entropy of the softmax output against the temperature T (log scale); the dot is "
        "the current T, the dashed line the most possible, log₂ K. The numbers are in the caption under the chart.",
        "ko": "온도 T (로그 눈금)에 따른 소프트맥스 출력의 엔트로피 선 차트입니다. 점은 지금의 T이고, 점선은 "
        "가능한 최댓값 log₂ K입니다. 숫자는 차트 아래 설명에 있습니다.",
    },
}
