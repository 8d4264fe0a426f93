"""Text of the activations page."""

TEXT = {
    "activations.intro": {
        "en": "A layer first multiplies its input by a weight matrix and adds a bias; that part is linear. The "
        "activation function is applied element-wise right after it, and it is the main source of "
        "non-linearity in each layer (max-pooling and softmax are non-linear too). Pick some functions, "
        "compare their shapes and derivatives, then measure what they do to the gradient in a deep network.",
        "ko": "층 (layer)은 먼저 입력에 가중치 행렬 (weight matrix)을 곱하고 편향 (bias)을 "
        "더합니다. 여기까지는 선형입니다. 활성화 함수 (activation function)는 그 직후 원소마다 "
        "적용되는 함수이며, 각 층에서 비선형성 (non-linearity)을 만드는 주된 원천입니다 (최대 풀링과 "
        "소프트맥스도 비선형입니다). 함수를 골라 모양과 도함수 (derivative)를 비교한 뒤, 깊은 신경망에서 "
        "기울기 (gradient)에 어떤 일이 생기는지 측정해 보세요.",
    },
    # function names
    "activations.fn.sigmoid": {"en": "Sigmoid", "ko": "시그모이드 (sigmoid)"},
    "activations.fn.tanh": {"en": "tanh", "ko": "하이퍼볼릭 탄젠트 (tanh)"},
    "activations.fn.relu": {"en": "ReLU", "ko": "ReLU"},
    "activations.fn.leaky_relu": {"en": "Leaky ReLU", "ko": "Leaky ReLU"},
    "activations.fn.elu": {"en": "ELU", "ko": "ELU"},
    "activations.fn.gelu": {"en": "GELU", "ko": "GELU"},
    "activations.fn.silu": {"en": "SiLU (swish)", "ko": "SiLU (swish)"},
    "activations.fn.softplus": {"en": "Softplus", "ko": "소프트플러스 (softplus)"},
    # controls
    "activations.pick": {"en": "Functions to compare", "ko": "비교할 함수"},
    "activations.pick_none": {
        "en": "Pick at least one function above to draw the curves.",
        "ko": "곡선을 그리려면 위에서 함수를 하나 이상 고르세요.",
    },
    "activations.xmin": {"en": "x from", "ko": "x 시작"},
    "activations.xmax": {"en": "x to", "ko": "x 끝"},
    "activations.slope": {"en": "Leaky ReLU slope s (x < 0)", "ko": "Leaky ReLU의 음수 쪽 기울기 (slope) s (x < 0)"},
    "activations.alpha": {"en": "ELU α", "ko": "ELU α"},
    "activations.err.range": {
        "en": "The x-range needs finite numbers with x from < x to, inside [{lo}, {hi}]. Showing the last valid "
        "range, [{a}, {b}].",
        "ko": "x 범위는 유한한 수여야 하고 x 시작 < x 끝이며 [{lo}, {hi}] 안에 있어야 합니다. 마지막으로 올바른 "
        "범위 [{a}, {b}]를 보여 줍니다.",
    },
    "activations.err.param": {
        "en": "{name} must be a finite number in [{lo}, {hi}]. Keeping the last valid value, {value}.",
        "ko": "{name} 값은 [{lo}, {hi}] 범위의 유한한 수여야 합니다. 마지막으로 올바른 값 {value}을(를) 유지합니다.",
    },
    # curves
    "activations.curves": {"en": "The functions and their derivatives", "ko": "함수와 도함수"},
    "activations.chart.f": {"en": "f(x)", "ko": "f(x)"},
    "activations.chart.df": {"en": "f′(x)", "ko": "f′(x) (도함수)"},
    "activations.chart.fn": {"en": "function", "ko": "함수"},
    "activations.curves.caption": {
        "en": "Hover a curve to read exact values. Where a function has a kink (ReLU, Leaky ReLU, and ELU when α ≠ "
        "1, all at 0) the derivative shown at exactly 0 is the one PyTorch's autograd uses. With α = 1 both "
        "one-sided slopes of ELU at 0 are 1: no kink.",
        "ko": "곡선 위에 마우스를 올리면 정확한 값이 보입니다. 꺾이는 점이 있는 함수 (0에서의 ReLU, Leaky "
        "ReLU, 그리고 α ≠ 1일 때의 ELU)는 정확히 0에서 PyTorch 자동 미분 (autograd)이 "
        "쓰는 도함수 값을 보여 줍니다. α = 1이면 ELU의 0에서 왼쪽·오른쪽 도함수가 모두 1이라 꺾이지 "
        "않습니다.",
    },
    "activations.formulas": {"en": "Formulas", "ko": "수식"},
    # properties
    "activations.props": {"en": "Properties, measured", "ko": "측정한 성질"},
    "activations.props.caption": {
        "en": "Each cell comes from sampling the function and its derivative: the range from values on a dense grid "
        "and at x = ±1000, the mean from integrating f against the standard normal density, the dead region from "
        "where f′ is exactly 0 on [−8, 8]. Zero-centred means |E[f(x)]| < 0.05 with outputs of both signs.",
        "ko": "각 칸은 함수와 도함수를 직접 계산해서 얻었습니다: 출력 범위는 촘촘한 격자와 x = ±1000에서의 값으로, "
        "평균은 표준정규분포 밀도에 대한 적분으로, 죽은 구간 (dead region)은 [−8, 8]에서 f′이 정확히 0인 곳으로 구합니다. 0 중심 (zero-centred)은 "
        "출력이 양수와 음수를 모두 가지며 |E[f(x)]| < 0.05인 경우입니다.",
    },
    "activations.props.fn": {"en": "function", "ko": "함수"},
    "activations.props.range": {"en": "output range", "ko": "출력 범위"},
    "activations.props.mean": {"en": "E[f(x)], x ~ N(0,1)", "ko": "E[f(x)], x ~ N(0,1)"},
    "activations.props.zero": {"en": "zero-centred", "ko": "0 중심 (zero-centred)"},
    "activations.props.saturating": {"en": "saturates (f′ → 0)", "ko": "포화 (saturation, f′ → 0)"},
    "activations.props.maxgrad": {"en": "max |f′|", "ko": "최대 |f′|"},
    "activations.props.dead": {"en": "dead region (f′ = 0)", "ko": "죽은 구간 (f′ = 0)"},
    "activations.props.monotonic": {"en": "monotonic", "ko": "단조 (monotonic)"},
    "activations.yes": {"en": "yes", "ko": "예"},
    "activations.no": {"en": "no", "ko": "아니요"},
    "activations.sat.both": {"en": "both sides", "ko": "양쪽"},
    "activations.sat.left": {
        "en": "only as x → −∞ (non-saturating for x > 0)",
        "ko": "x → −∞ 쪽만 (x > 0에서는 포화하지 않음)",
    },
    "activations.sat.right": {
        "en": "only as x → +∞ (non-saturating for x < 0)",
        "ko": "x → +∞ 쪽만 (x < 0에서는 포화하지 않음)",
    },
    "activations.none": {"en": "none", "ko": "없음"},
    # maxout
    "activations.maxout": {"en": "Maxout: the best of k lines", "ko": "Maxout: k개 직선 중 가장 큰 값"},
    "activations.maxout.intro": {
        "en": "Maxout learns its own shape: it keeps k linear pieces wᵢx + bᵢ and outputs the largest. Edit the "
        "pieces (2 to {kmax} rows); the thick curve is coloured by the piece that wins at each x. With pieces "
        "(1, 0) and (0, 0) it is exactly ReLU.",
        "ko": "Maxout은 모양을 스스로 학습합니다: 직선 조각 wᵢx + bᵢ를 k개 두고 그중 가장 큰 값을 냅니다. 조각을 "
        "고쳐 보세요 (2~{kmax}행). 굵은 곡선은 각 x에서 이기는 조각의 색으로 칠해집니다. 조각이 (1, 0)과 (0, 0)이면 "
        "정확히 ReLU입니다.",
    },
    "activations.maxout.err": {
        "en": "Maxout needs between 2 and {kmax} pieces, each with a finite w and b. Showing the last valid pieces.",
        "ko": "Maxout에는 유한한 w와 b를 가진 조각이 2개에서 {kmax}개 필요합니다. 마지막으로 올바른 조각을 보여 줍니다.",
    },
    "activations.maxout.piece": {"en": "piece", "ko": "조각"},
    "activations.maxout.max": {"en": "maxout (winning piece)", "ko": "maxout (이긴 조각)"},
    "activations.maxout.reset": {"en": "Reset to ReLU pieces", "ko": "ReLU 조각으로 되돌리기"},
    # gradient flow
    "activations.flow": {"en": "Gradient flow through a deep network", "ko": "깊은 신경망의 기울기 (gradient) 흐름"},
    "activations.flow.intro": {
        "en": "A real computation, not a formula: an MLP of {depth} layers of width {width} (seed {seed}) gets one "
        "batch of random inputs and targets, one forward pass, mean-squared-error (MSE) loss and one "
        "backward pass. The chart shows the size (Frobenius norm) of each layer's weight gradient, input "
        "layer on the left. Backpropagation multiplies the gradient at every layer by the transposed weight "
        "matrix Wᵀ and by f′, so whether it shrinks depends on that product, not on f′ alone. Initialisation "
        "scales W to keep the product near 1 (Xavier suits tanh, He suits ReLU); sigmoid's f′ ≤ 1/4 defeats "
        "it, and the gradient fades towards the input layer: the vanishing gradient.",
        "ko": "공식이 아니라 실제 계산입니다: 너비 {width}, {depth}층 MLP (시드 {seed})에 무작위 "
        "입력과 정답 한 배치를 넣어 순전파 (forward pass) 한 번, 평균제곱오차 (MSE) 손실 함수, "
        "역전파 (backpropagation) 한 번을 실행합니다. 차트는 각 층 가중치 기울기 (gradient)의 "
        "크기 (프로베니우스 노름)이며 왼쪽이 입력 층입니다. 역전파는 층마다 기울기에 전치한 가중치 행렬 Wᵀ와 "
        "도함수 f′을 함께 곱하므로, 기울기가 줄어드는지는 f′만이 아니라 이 곱에 달려 있습니다. 가중치 초기화는 "
        "이 곱이 1 근처에 머물도록 W의 크기를 정합니다 (tanh에는 Xavier, ReLU에는 He가 맞습니다). "
        "시그모이드는 f′ ≤ 1/4이라 초기화로도 이를 메우지 못해, 입력 층 쪽으로 갈수록 기울기가 사라집니다. "
        "이것이 기울기 소실 (vanishing gradient)입니다.",
    },
    "activations.flow.depth": {"en": "Depth (layers)", "ko": "깊이 (층 수)"},
    "activations.flow.init": {"en": "Weight initialisation", "ko": "가중치 초기화"},
    "activations.flow.init.xavier": {
        "en": "Xavier (Glorot): std √(2/(in+out))",
        "ko": "Xavier (Glorot): 표준편차 √(2/(in+out))",
    },
    "activations.flow.init.he": {"en": "He (Kaiming): std √(2/in)", "ko": "He (Kaiming): 표준편차 √(2/in)"},
    "activations.flow.layer": {"en": "layer (1 = input side)", "ko": "층 (1 = 입력 쪽)"},
    "activations.flow.norm": {"en": "‖∂L/∂W‖ (log scale)", "ko": "‖∂L/∂W‖ (로그 눈금)"},
    "activations.flow.ratio": {
        "en": "**{name}**: ‖∂L/∂W‖ is {first} at the first layer and {last} at the last, a ratio of {ratio}.",
        "ko": "**{name}**: ‖∂L/∂W‖는 첫 층에서 {first}, 마지막 층에서 {last}이며 비율은 {ratio}입니다.",
    },
    "activations.flow.hint": {
        "en": "Try sigmoid against ReLU at depth 20, then switch ReLU from He to Xavier: its whole curve drops by "
        "orders of magnitude, because Xavier halves the signal's variance at every ReLU. tanh has slope 1 at "
        "0 and is centred on 0, so it holds up far better than sigmoid, whose slope never exceeds 0.25.",
        "ko": "깊이 20에서 시그모이드와 ReLU를 비교한 다음, ReLU의 초기화를 He에서 Xavier로 바꿔 보세요. "
        "Xavier는 ReLU를 지날 때마다 신호의 분산을 절반으로 줄이므로 곡선 전체가 몇 자릿수나 내려갑니다. "
        "tanh는 0에서 도함수 값이 1이고 0을 중심으로 하므로, 도함수가 0.25를 넘지 못하는 시그모이드보다 "
        "훨씬 잘 버팁니다.",
    },
    # why non-linear
    "activations.linear": {"en": "Why non-linear at all?", "ko": "왜 꼭 비선형이어야 할까?"},
    "activations.linear.intro": {
        "en": "Two linear layers in a row are still one linear layer: W₂(W₁x + b₁) + b₂ = (W₂W₁)x + (W₂b₁ + b₂). "
        "Below, the product is computed for a seeded pair of layers and checked on random inputs. Stacking "
        "without an activation adds no power; putting {name} between the layers breaks the identity.",
        "ko": "선형 층 두 개를 이어 붙여도 여전히 선형 층 하나입니다: W₂(W₁x + b₁) + b₂ = (W₂W₁)x + (W₂b₁ + b₂). "
        "아래에서 시드로 고정한 두 층의 곱을 계산하고 무작위 입력으로 확인합니다. 활성화 함수 없이 쌓으면 표현력이 "
        "늘지 않고, 두 층 사이에 {name}을(를) 넣으면 이 등식이 깨집니다.",
    },
    "activations.linear.gap_lin": {
        "en": "Largest difference between the two stacked linear layers and the single product layer: {gap}.",
        "ko": "선형 층 두 개와 곱으로 만든 층 하나의 최대 차이: {gap}.",
    },
    "activations.linear.gap_act": {
        "en": "With {name} in between, even the least-squares linear layer (the best fit in squared error) misses "
        "by up to {gap} on these inputs, so no single linear layer matches the pair exactly. (Another linear "
        "layer may have a smaller worst error; this is not a floor for all of them.)",
        "ko": "사이에 {name}을(를) 넣으면, 최소제곱 (least squares)으로 가장 잘 맞춘 선형 층 하나도 이 "
        "입력들에서 최대 {gap}만큼 어긋납니다. 따라서 어떤 선형 층 하나도 두 층을 정확히 대신할 수 없습니다. "
        "(다른 선형 층의 최대 오차는 이보다 작을 수도 있으므로, 이 값이 모든 선형 층의 하한은 아닙니다.)",
    },
    "activations.linear.chart": {
        "en": "A 1-input network, 8 hidden units: without an activation the output is a straight line; with one it "
        "bends.",
        "ko": "입력 1개, 은닉 유닛 8개인 신경망: 활성화 함수가 없으면 출력은 직선이고, 있으면 비선형 곡선이 됩니다.",
    },
    "activations.linear.none": {"en": "no activation", "ko": "활성화 함수 없음"},
    "activations.linear.out": {"en": "network output", "ko": "신경망 출력"},
    # links
    "activations.next": {
        "en": "Next: the last layer's scores go through softmax, and the whole chain is trained on the Train page.",
        "ko": "다음: 마지막 층의 점수는 소프트맥스 (softmax)를 거치며, 전체 사슬은 학습 페이지에서 학습됩니다.",
    },
    "activations.link.softmax": {"en": "Softmax", "ko": "소프트맥스 (softmax)"},
    "activations.link.train": {"en": "Train a CNN", "ko": "CNN 학습하기"},
    # "Check yourself" (ui/activations/quiz.py)
    "activations.quiz.flow": {
        "en": "In the gradient-flow network above ({depth} layers, {init}), whose first-layer gradient is the "
        "smallest compared with its last layer's: which one vanishes?",
        "ko": "위 기울기 흐름 (gradient flow) 신경망({depth}층, {init})에서 첫 층의 기울기가 마지막 층에 비해 가장 "
        "작은, 즉 기울기가 사라지는 (vanishing) 함수는 무엇입니까?",
    },
    "activations.quiz.flow_why": {
        "en": "First layer ÷ last layer, measured: {ratios}. The smallest ratio loses the most gradient.",
        "ko": "측정한 첫 층 ÷ 마지막 층 비율: {ratios}. 비율이 가장 작은 함수가 기울기를 가장 많이 잃습니다.",
    },
    "activations.quiz.leaky": {
        "en": "With the slope s = {s} set above, what does Leaky ReLU return for x = {x}?",
        "ko": "위에서 정한 기울기 s = {s}일 때 Leaky ReLU는 x = {x}에서 어떤 값을 돌려줍니까?",
    },
    "activations.quiz.leaky_why": {
        "en": "For x < 0 Leaky ReLU returns s·x = {s}·({x}) = {y}; its slope there is s, not ReLU's 0.",
        "ko": "x < 0이면 Leaky ReLU는 s·x = {s}·({x}) = {y}를 돌려줍니다. 이 구간의 기울기는 ReLU의 0이 아니라 s입니다.",
    },
    "activations.quiz.sigmoid": {
        "en": "What is the largest slope σ'(x) the sigmoid ever has (two decimals)?",
        "ko": "시그모이드 (sigmoid)의 기울기 σ'(x)가 가질 수 있는 가장 큰 값은 얼마입니까? 소수점 둘째 자리까지 답하세요.",
    },
    "activations.quiz.sigmoid_why": {
        "en": "σ'(x) = σ(x)(1 − σ(x)) peaks at x = 0 with 0.5·0.5 = {g}; {n} sigmoid layers multiply the "
        "gradient by at most {g}^{n} = {prod}.",
        "ko": "σ'(x) = σ(x)(1 − σ(x))는 x = 0에서 0.5·0.5 = {g}로 가장 큽니다. 시그모이드 층 {n}개를 지나면 "
        "기울기에 많아야 {g}^{n} = {prod}이 곱해집니다.",
    },
    # chart descriptions: each chart's accessible name, a fixed sentence (it is part of the chart's spec: a number
    # that follows the controls there would make the browser build the chart anew on every move)
    "activations.about.f": {
        "en": "Line chart of the selected activation functions f(x); their values are in the text under it.",
        "ko": "고른 활성화 함수 (activation function) f(x)의 꺾은선 그래프입니다. 값은 그래프 아래 글에 있습니다.",
    },
    "activations.about.df": {
        "en": "Line chart of the derivatives f′(x) of the selected activation functions; their values are in the "
        "text under it.",
        "ko": "고른 활성화 함수의 도함수 (derivative) f′(x) 꺾은선 그래프입니다. 값은 그래프 아래 글에 있습니다.",
    },
    "activations.about.maxout": {
        "en": "Maxout: the pieces as dashed lines and their maximum as a thick line coloured by the winning piece; "
        "the pieces and the ends are in the text under it.",
        "ko": "Maxout: 점선은 각 조각, 굵은 선은 그 최댓값이며 이긴 조각의 색입니다. 조각과 양 끝 값은 그래프 아래 글에 "
        "있습니다.",
    },
    "activations.about.flow": {
        "en": "Gradient norm ‖∂L/∂W‖ per layer on a log scale, one line per selected function; the first and last "
        "layers' values are in the text under it.",
        "ko": "층별 기울기 (gradient) 크기 ‖∂L/∂W‖를 고른 함수마다 한 선씩 로그 눈금으로 그린 그래프입니다. 첫 층과 "
        "마지막 층의 값은 그래프 아래 글에 있습니다.",
    },
    "activations.about.bend": {
        "en": "Output of a small two-layer network, without an activation (a straight line) and with each selected "
        "one; its points are in the text under it.",
        "ko": "작은 두 층 신경망의 출력입니다. 활성화 함수가 없으면 직선이고, 고른 함수마다 한 선씩 그렸습니다. 점들은 "
        "그래프 아래 글에 있습니다.",
    },
    # the numbers of each chart, as text under it (what a screen reader reads besides the fixed description)
    "activations.desc.f": {
        "en": "Line chart of {n} activation functions f(x) for x from {lo} to {hi}: {items}.",
        "ko": "x가 {lo}부터 {hi}까지일 때 활성화 함수 (activation function) {n}개의 f(x) 꺾은선 그래프입니다: {items}.",
    },
    "activations.desc.df": {
        "en": "Line chart of the derivatives f′(x) of {n} activation functions for x from {lo} to {hi}: {items}.",
        "ko": "x가 {lo}부터 {hi}까지일 때 활성화 함수 {n}개의 도함수 (derivative) f′(x) 꺾은선 그래프입니다: {items}.",
    },
    "activations.desc.maxout": {
        "en": "Maxout of {k} pieces for x from {lo} to {hi}: the dashed pieces {items}, and their maximum as a "
        "thick line coloured by the winning piece, from {y_lo} at the left end to {y_hi} at the right end.",
        "ko": "x가 {lo}부터 {hi}까지일 때 조각 {k}개의 Maxout입니다. 점선은 각 조각 {items}이고, 굵은 선은 그 최댓값으로 "
        "이긴 조각의 색이며 왼쪽 끝 {y_lo}에서 오른쪽 끝 {y_hi}까지입니다.",
    },
    "activations.desc.bend": {
        "en": "Output of a small two-layer network for x from −3 to 3, without an activation (a straight line) and "
        "with each selected one; points (x, output): {items}.",
        "ko": "x가 −3부터 3까지일 때 작은 2층 신경망의 출력입니다. 활성화 함수가 없으면 직선이고, 고른 함수마다 "
        "한 선씩 그렸습니다. 점 (x, 출력): {items}.",
    },
}
