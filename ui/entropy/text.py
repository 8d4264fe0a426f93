"""Text of the entropy page."""

TEXT = {
    "entropy.intro": {
        "en": "Entropy is a lower bound: no code can spend fewer bits per symbol on average for a source. Codes "
        "made of whole-bit codewords reach it exactly only when every probability is a power of ½, and come "
        "closer when they code blocks of several symbols at once. Pick a distribution, compare real codes "
        "against that bound, then see what it costs to encode it with the wrong distribution: that cost is "
        "the cross-entropy loss.",
        "ko": "엔트로피 (entropy)는 하한 (lower bound)입니다: 어떤 부호를 쓰더라도 기호 하나당 평균 비트 "
        "수를 그보다 적게 만들 수는 없습니다. 부호어가 정수 비트로 된 부호는 모든 확률이 ½의 거듭제곱일 때만 이 "
        "값에 정확히 도달하며, 기호 여러 개를 묶어 부호화하면 더 가까워집니다. 확률분포 (probability "
        "distribution)를 고르고 실제 부호들을 이 하한과 비교한 뒤, 틀린 분포로 부호화하면 얼마나 더 "
        "드는지 확인해 보세요. 그 비용이 바로 크로스 엔트로피 (cross-entropy) 손실입니다.",
    },
    "entropy.mode.label": {"en": "Distribution source", "ko": "분포 고르기"},
    "entropy.mode.preset": {"en": "Examples", "ko": "예제"},
    "entropy.mode.table": {"en": "My table", "ko": "직접 입력 (표)"},
    "entropy.mode.binary": {"en": "Coin slider", "ko": "동전 슬라이더"},
    "entropy.mode.text": {"en": "Text", "ko": "텍스트"},
    "entropy.preset.label": {"en": "Example", "ko": "예제"},
    "entropy.preset.days": {"en": "Day of the week (7 equally likely)", "ko": "요일 (7가지, 모두 같은 확률)"},
    "entropy.preset.alphabet": {
        "en": "40 symbols: A–D 22.5% each, 36 others share 10%",
        "ko": "40개 기호: A–D 각 22.5%, 나머지 36개가 10%를 나눔",
    },
    "entropy.preset.coin": {"en": "Fair coin", "ko": "공정한 동전"},
    "entropy.preset.biased": {"en": "Biased coin (90 / 10)", "ko": "치우친 동전 (90 / 10)"},
    "entropy.preset.die": {"en": "Fair die", "ko": "공정한 주사위"},
    "entropy.preset.edit": {"en": "Edit this distribution", "ko": "이 분포 편집하기"},
    "entropy.day.mon": {"en": "Mon", "ko": "월"},
    "entropy.day.tue": {"en": "Tue", "ko": "화"},
    "entropy.day.wed": {"en": "Wed", "ko": "수"},
    "entropy.day.thu": {"en": "Thu", "ko": "목"},
    "entropy.day.fri": {"en": "Fri", "ko": "금"},
    "entropy.day.sat": {"en": "Sat", "ko": "토"},
    "entropy.day.sun": {"en": "Sun", "ko": "일"},
    "entropy.coin.heads": {"en": "heads", "ko": "앞면"},
    "entropy.coin.tails": {"en": "tails", "ko": "뒷면"},
    "entropy.table.help": {
        "en": "One row per symbol (at most {max}). Weights can be any non-negative numbers, percentages (22.5%) "
        "or fractions (1/3); they are scaled to sum to 1.",
        "ko": "기호 하나에 한 행씩 (최대 {max}개). 가중치는 0 이상의 수, 백분율 (22.5%), 분수 (1/3) 모두 되며, "
        "합이 1이 되도록 자동으로 나눕니다.",
    },
    "entropy.table.reset": {"en": "Reset the table", "ko": "표 초기화"},
    "entropy.table.normalized": {"en": "Normalized probabilities", "ko": "정규화된 확률"},
    "entropy.col.label": {"en": "symbol", "ko": "기호"},
    "entropy.col.weight": {"en": "weight", "ko": "가중치"},
    "entropy.col.q_weight": {"en": "q weight", "ko": "q 가중치"},
    "entropy.col.surprisal": {"en": "surprisal −log₂ p (bits)", "ko": "정보량 (surprisal) −log₂ p (비트)"},
    "entropy.col.huffman": {"en": "Huffman codeword", "ko": "허프만 부호어 (Huffman)"},
    "entropy.col.huffman_len": {"en": "Huffman length (bits)", "ko": "허프만 부호 길이 (비트)"},
    "entropy.col.fixed": {"en": "fixed-length codeword", "ko": "고정 길이 부호어 (fixed-length)"},
    "entropy.binary.label": {"en": "Probability of heads p", "ko": "앞면이 나올 확률 p"},
    "entropy.binary.curve": {
        "en": "Entropy of a coin, H(p), and where your coin sits",
        "ko": "동전의 엔트로피 H(p) 곡선과 현재 동전의 위치",
    },
    "entropy.text.label": {
        "en": "Paste any text (Korean or English); each character is one symbol",
        "ko": "아무 텍스트나 붙여 넣으세요 (한국어, 영어 모두 가능). 글자 하나가 기호 하나입니다",
    },
    "entropy.text.default": {
        "en": "the quick brown fox jumps over the lazy dog and the dog sleeps on",
        "ko": "엔트로피는 메시지를 보내는 데 평균적으로 몇 비트가 필요한지 알려 줍니다",
    },
    "entropy.text.stats": {
        "en": "**{n}** characters, **{k}** different ones, entropy **{h}** bits per character. The entropy bound "
        "below holds for codes that send one character at a time from these frequencies, as if characters "
        "were independent (a memoryless source); a compressor that uses context, such as zip, can go below "
        "it.",
        "ko": "글자 **{n}**개, 서로 다른 글자 **{k}**개, 글자당 엔트로피 **{h}** 비트. 아래의 엔트로피 "
        "하한은 글자들이 서로 독립이라고 보고 (기억 없는 정보원, memoryless source) 이 빈도로 한 "
        "글자씩 부호화하는 부호에만 적용됩니다. 앞뒤 문맥을 이용하는 압축기 (zip 등)는 이보다 적게 쓸 수 "
        "있습니다.",
    },
    "entropy.text.optimal": {
        "en": "Entropy bound, one character at a time (bits)",
        "ko": "엔트로피 하한, 한 글자씩 (비트)",
    },
    "entropy.text.huffman": {"en": "Huffman code (bits)", "ko": "허프만 부호 (비트)"},
    "entropy.text.fixed": {"en": "Fixed-length code (bits)", "ko": "고정 길이 부호 (비트)"},
    "entropy.text.utf8": {"en": "UTF-8 as stored (bits)", "ko": "UTF-8 저장 크기 (비트)"},
    "entropy.section.bits": {"en": "How many bits?", "ko": "몇 비트가 필요할까?"},
    "entropy.section.codes": {"en": "Codewords per symbol", "ko": "기호별 부호어"},
    "entropy.section.ce": {
        "en": "Cross-entropy and KL divergence",
        "ko": "크로스 엔트로피 (cross-entropy)와 KL 발산 (KL divergence)",
    },
    "entropy.m.h_bits": {"en": "Entropy H(p), bits", "ko": "엔트로피 H(p), 비트"},
    "entropy.m.h_nats": {"en": "Entropy H(p), nats", "ko": "엔트로피 H(p), 내트 (nat)"},
    "entropy.m.max": {"en": "log₂ {n} (uniform maximum)", "ko": "log₂ {n} (균등 분포일 때 최대)"},
    "entropy.m.fixed": {"en": "Fixed-length code, bits", "ko": "고정 길이 부호, 비트"},
    "entropy.m.huffman": {"en": "Huffman code, bits/symbol", "ko": "허프만 부호, 기호당 비트"},
    "entropy.m.explain": {
        "en": "Rare symbols carry more information (surprisal −log₂ p). A good code gives them longer codewords "
        "and frequent symbols shorter ones; Huffman's code is the best code that sends one symbol at a time "
        "in whole bits, and its average length L satisfies H ≤ L < H + 1, with one exception: a source with "
        "only one possible symbol (p = 1), where L = 1 = H + 1. One nat is 1/ln 2 ≈ {factor} bits.",
        "ko": "드문 기호일수록 정보량 (surprisal, −log₂ p)이 큽니다. 좋은 부호는 자주 나오는 기호에 짧은 "
        "부호어를, 드문 기호에 긴 부호어를 줍니다. 허프만 부호 (Huffman code)는 기호를 하나씩 정수 "
        "비트로 보내는 부호 중 최선이며, 평균 길이 L은 H ≤ L < H + 1을 만족합니다. 단, 나올 수 있는 "
        "기호가 하나뿐인 정보원 (p = 1)은 예외로 L = 1 = H + 1입니다. 1 내트 (nat)는 1/ln "
        "2 ≈ {factor} 비트입니다.",
    },
    "entropy.m.single": {
        "en": "With a single symbol nothing is uncertain: H = 0 and the fixed-length code needs 0 bits. Huffman's "
        "code still assigns the one-bit codeword “0”, so that every message has at least one bit to send.",
        "ko": "기호가 하나뿐이면 불확실한 것이 없어 H = 0이고 고정 길이 부호는 0비트면 됩니다. 허프만 부호는 그래도 "
        "한 비트짜리 부호어 “0”을 주어, 어떤 메시지든 적어도 한 비트는 보내도록 합니다.",
    },
    "entropy.gap.blocks": {
        "en": "Why is Huffman above H here? Entropy is a lower bound, not a length every code reaches: a code that "
        "sends one symbol at a time uses whole bits per codeword, so it reaches H exactly only when every "
        "probability is a power of ½ (½, ¼, …). Coding blocks of symbols together closes the gap: Huffman on "
        "pairs needs {l2} bits per symbol, on triples {l3}, against H = {h} (one at a time: {l1}).",
        "ko": "여기서 허프만 부호가 H보다 긴 이유는 무엇일까요? 엔트로피는 하한이지 모든 부호가 도달하는 길이가 아닙니다. "
        "기호를 하나씩 보내는 부호는 부호어마다 정수 비트를 쓰므로, 모든 확률이 ½의 거듭제곱 (½, ¼, …)일 "
        "때만 정확히 H에 이릅니다. 기호 여러 개를 묶어 부호화하면 차이가 줄어듭니다: 두 개씩 묶은 허프만 부호는 "
        "기호당 {l2} 비트, 세 개씩 묶으면 {l3} 비트이며, H = {h} 비트입니다 (하나씩 보내면 {l1} "
        "비트).",
    },
    "entropy.days.explain": {
        "en": "All {n} days are equally likely, so the entropy is log₂ {n} = {log} bits. A fixed-length code must "
        "use whole bits, so it spends {bits} bits per day (codewords in the table below). Yet {bits} bits "
        "are not needed on average: Huffman's code gets by with {huffman}, using codewords of {short} to "
        "{long} bits. It still stays above {log}, because 1/{n} is not a power of ½; coding several days at "
        "once would come closer to the bound.",
        "ko": "{n}개의 요일이 모두 같은 확률이므로 엔트로피는 log₂ {n} = {log} 비트입니다. 고정 길이 부호는 "
        "정수 비트를 써야 하므로 하루에 {bits} 비트를 씁니다 (아래 표의 부호어 참고). 하지만 평균으로는 "
        "{bits} 비트가 다 필요하지 않습니다: 허프만 부호는 {short}~{long} 비트짜리 부호어로 평균 "
        "{huffman} 비트면 됩니다. 그래도 1/{n}이 ½의 거듭제곱이 아니므로 {log} 비트보다는 크며, "
        "여러 요일을 묶어서 부호화하면 하한에 더 가까워집니다.",
    },
    "entropy.alpha.fixed": {"en": "Fixed-length code", "ko": "고정 길이 부호"},
    "entropy.alpha.two_stage": {"en": "Two-stage code (notes)", "ko": "두 단계 부호 (노트)"},
    "entropy.alpha.huffman": {"en": "Huffman code", "ko": "허프만 부호"},
    "entropy.alpha.bound": {"en": "Entropy bound", "ko": "엔트로피 하한"},
    "entropy.alpha.two_stage_explain": {
        "en": "Two-stage code: the first bit says whether the symbol is one of A–D; then {frequent_bits} bits pick among the "
        "four, or {rare_bits} bits pick among the other {n_rare}.",
        "ko": "두 단계 부호: 첫 비트로 A–D 중 하나인지 알리고, 맞으면 {frequent_bits}비트로 넷 중 하나를, 아니면 {rare_bits}비트로 "
        "나머지 {n_rare}개 중 하나를 고릅니다.",
    },
    "entropy.alpha.notes_slip": {
        "en": "A slip in the course notes: they give {notes} bits for this entropy. Tracing it: the A–D term "
        "should be 4 · {pa} · log₂ {pa} = {pa4} · log₂ {pa} = {ad}, not {notes_ad}; and even the notes' own "
        "terms add up to −({notes_ad} + {notes_rare}) = {notes_sum}, not {notes}. The correct value is {h} "
        "bits: A–D contribute {frequent} bits and the {q}-probability symbols {rare} bits together.",
        "ko": "강의 노트의 작은 실수: 노트에는 이 엔트로피가 {notes} 비트로 적혀 있습니다. 따라가 보면 A–D 항은 "
        "{notes_ad}가 아니라 4 · {pa} · log₂ {pa} = {pa4} · log₂ {pa} = "
        "{ad}이어야 하고, 노트의 항을 그대로 더해도 −({notes_ad} + {notes_rare}) = "
        "{notes_sum}이지 {notes}가 아닙니다. 올바른 값은 {h} 비트이며, A–D가 {frequent} "
        "비트, 확률 {q}인 나머지 기호들이 모두 합쳐 {rare} 비트를 차지합니다.",
    },
    "entropy.chart.top": {
        "en": "Charts show the {k} most frequent of {n} symbols.",
        "ko": "차트에는 기호 {n}개 중 가장 자주 나오는 {k}개만 보입니다.",
    },
    "entropy.chart.p": {"en": "probability", "ko": "확률"},
    "entropy.chart.surprisal": {"en": "surprisal (bits)", "ko": "정보량 (비트)"},
    "entropy.chart.p_title": {
        "en": "Probability (bars) and surprisal −log₂ p (line)",
        "ko": "확률 (막대)과 정보량 −log₂ p (선)",
    },
    "entropy.chart.len_title": {
        "en": "Huffman codeword length next to surprisal",
        "ko": "허프만 부호어 길이와 정보량 비교",
    },
    "entropy.chart.bits": {"en": "bits", "ko": "비트"},
    "entropy.chart.bits_per_symbol": {"en": "average bits per symbol", "ko": "기호당 평균 비트"},
    "entropy.chart.bits_total": {"en": "bits for the whole text", "ko": "전체 텍스트의 비트 수"},
    "entropy.tip.h_bits": {"en": "H (bits)", "ko": "H (비트)"},
    "entropy.tip.code": {"en": "code", "ko": "부호"},
    "entropy.tip.dist": {"en": "distribution", "ko": "분포"},
    "entropy.tip.measure": {"en": "measure", "ko": "항목"},
    "entropy.surprisal.title": {
        "en": "Surprisal falls as p rises, but not as 1/p",
        "ko": "정보량은 p가 커질수록 줄지만, 1/p처럼 줄지는 않습니다",
    },
    "entropy.surprisal.value": {"en": "value", "ko": "값"},
    "entropy.surprisal.curve": {"en": "curve", "ko": "곡선"},
    "entropy.surprisal.note": {
        "en": "The course notes say information is inversely proportional to probability. It does fall as p rises, "
        "but logarithmically, as −log₂ p, not as 1/p. Halving p adds exactly one bit (p = {p1}: {s1} bits, p "
        "= {p2}: {s2} bits), while 1/p doubles ({r1} → {r2}); a certain outcome (p = 1) carries {s0} bits, "
        "where 1/p would give {r0}.",
        "ko": "강의 노트에는 정보량이 확률과 반비례한다고 적혀 있습니다. p가 커질수록 줄어드는 것은 맞지만, 1/p가 "
        "아니라 로그를 따라 −log₂ p로 줄어듭니다. p를 절반으로 줄이면 정보량은 정확히 1비트 늘어나고 (p = "
        "{p1}: {s1} 비트, p = {p2}: {s2} 비트), 1/p는 두 배가 됩니다 ({r1} → "
        "{r2}). 반드시 일어나는 결과 (p = 1)의 정보량은 {s0} 비트이지만, 1/p로는 {r0}이 됩니다.",
    },
    "entropy.ce.intro": {
        "en": "A model predicts a distribution q. Encoding outcomes that really follow p with a code built for q "
        "costs H(p, q) bits on average; the extra over H(p) is the KL divergence.",
        "ko": "모델이 분포 q를 예측한다고 합시다. 실제로는 p를 따르는 결과를 q에 맞춘 부호로 보내면 평균 H(p, q) "
        "비트가 들고, H(p)보다 더 드는 만큼이 KL 발산 (KL divergence)입니다.",
    },
    "entropy.ce.onehot": {"en": "p is one-hot (a true class label)", "ko": "p를 원-핫 (one-hot) 정답 레이블로"},
    "entropy.ce.true": {"en": "True class", "ko": "정답 클래스"},
    "entropy.ce.q_kind": {"en": "The model's prediction q", "ko": "모델의 예측 q"},
    "entropy.ce.q.uniform": {"en": "uniform", "ko": "균등 (uniform)"},
    "entropy.ce.q.same": {"en": "same as p", "ko": "p와 같게"},
    "entropy.ce.q.custom": {"en": "my own", "ko": "직접 입력"},
    "entropy.ce.q_help": {
        "en": "Edit q's weights (numbers, 25% or 1/4); they are scaled to sum to 1.",
        "ko": "q의 가중치를 고치세요 (숫자, 25%, 1/4 모두 가능). 합이 1이 되도록 자동으로 나눕니다.",
    },
    "entropy.ce.quantity": {"en": "quantity", "ko": "값"},
    "entropy.ce.bits": {"en": "bits", "ko": "비트 (bit)"},
    "entropy.ce.nats": {"en": "nats", "ko": "내트 (nat)"},
    "entropy.ce.inf": {
        "en": "q gives probability 0 to an outcome that p can produce, so that outcome has no codeword: "
        "cross-entropy and KL are infinite.",
        "ko": "p에서 나올 수 있는 결과에 q가 확률 0을 주어 그 결과에는 부호어가 없습니다. 그래서 크로스 엔트로피와 "
        "KL 발산이 무한대입니다.",
    },
    "entropy.ce.onehot_explain": {
        "en": "With p one-hot on **{label}**, H(p) = 0 and H(p, q) = −log₂ q({label}) = −log₂ {q} = **{bits} bits** "
        "= {nats} nats. This is exactly the classification loss: frameworks such as PyTorch report it in nats.",
        "ko": "p가 **{label}**에 대한 원-핫이면 H(p) = 0이고 H(p, q) = −log₂ q({label}) = −log₂ {q} = **{bits} 비트** "
        "= {nats} 내트입니다. 이것이 바로 분류 문제의 손실 함수 (loss function)이며, PyTorch 같은 프레임워크는 "
        "내트 단위로 보고합니다.",
    },
    "entropy.ce.softmax_link": {
        "en": "Where does q come from? Softmax turns a model's scores into q",
        "ko": "q는 어디서 올까? 소프트맥스 (softmax)가 모델의 점수를 q로 바꿉니다",
    },
    "entropy.ce.why_loss": {
        "en": "Training a classifier minimises exactly this: the bits needed to encode the true answer with the "
        "model's q. Unlike the squared error between q and the one-hot answer, it keeps pushing hard when the "
        "model is confidently wrong (q of the true answer near 0, so −log₂ q is large).",
        "ko": "분류기를 학습시키는 것은 바로 이 값, 곧 모델의 q로 정답을 부호화하는 데 필요한 비트 수를 줄이는 "
        "일입니다. q와 원-핫 (one-hot) 정답 사이의 제곱 오차와 달리, 모델이 확신에 찬 오답을 낼 때 (정답의 q가 0에 "
        "가까워 −log₂ q가 클 때)도 계속 세게 밀어 줍니다.",
    },
    "entropy.ce.why_loss_link": {
        "en": "Why cross-entropy and not the squared error: the gradients, side by side",
        "ko": "왜 제곱 오차가 아니라 크로스 엔트로피인가: 두 기울기를 나란히 보기",
    },
    "entropy.err.kept": {
        "en": "Showing the last valid distribution until the input is fixed.",
        "ko": "입력을 고칠 때까지 마지막으로 올바르던 분포를 보여 줍니다.",
    },
    "entropy.err.not_number": {
        "en": "Row {row}: “{value}” is not a number. Use e.g. 0.25, 25% or 1/4.",
        "ko": "{row}행: “{value}”은(는) 숫자가 아닙니다. 0.25, 25%, 1/4 같은 형태로 적어 주세요.",
    },
    "entropy.err.not_finite": {
        "en": "Row {row}: the weight must be a finite number.",
        "ko": "{row}행: 가중치는 유한한 수여야 합니다.",
    },
    "entropy.err.negative": {
        "en": "Row {row}: a weight cannot be negative.",
        "ko": "{row}행: 가중치는 음수일 수 없습니다.",
    },
    "entropy.err.missing_weight": {
        "en": "Row {row}: the weight is missing.",
        "ko": "{row}행: 가중치가 비어 있습니다.",
    },
    "entropy.err.empty": {"en": "The table has no symbols.", "ko": "표에 기호가 하나도 없습니다."},
    "entropy.err.too_many": {
        "en": "{n} symbols is too many: at most {max} are allowed.",
        "ko": "기호가 {n}개로 너무 많습니다. 최대 {max}개까지 가능합니다.",
    },
    "entropy.err.duplicate": {
        "en": "The symbol “{label}” appears twice; every symbol needs its own name.",
        "ko": "기호 “{label}”이(가) 두 번 나옵니다. 기호마다 이름이 달라야 합니다.",
    },
    "entropy.err.all_zero": {
        "en": "All weights are zero, so there is no distribution. Give at least one symbol a positive weight.",
        "ko": "모든 가중치가 0이라 분포를 만들 수 없습니다. 적어도 한 기호에 양수 가중치를 주세요.",
    },
    "entropy.err.q_length": {
        "en": "q needs exactly {n} weights, one per symbol.",
        "ko": "q에는 기호마다 하나씩, 정확히 {n}개의 가중치가 필요합니다.",
    },
    "entropy.err.q_too_many": {
        "en": "A hand-made q is limited to {max} symbols; choose “uniform” or “same as p”.",
        "ko": "직접 입력하는 q는 기호 {max}개까지만 됩니다. ‘균등’ 또는 ‘p와 같게’를 고르세요.",
    },
    "entropy.err.text_empty": {
        "en": "The text is empty: type or paste at least one character.",
        "ko": "텍스트가 비어 있습니다. 한 글자 이상 입력하거나 붙여 넣으세요.",
    },
    "entropy.err.text_long": {
        "en": "The text has {n} characters; at most {max} are allowed.",
        "ko": "텍스트가 {n}자입니다. 최대 {max}자까지 가능합니다.",
    },
    # chart descriptions: the accessible name of each chart (read by screen readers), with its numbers
    "entropy.desc.p_item": {"en": "{symbol} p = {p}, {s} bits", "ko": "{symbol} p = {p}, {s}비트"},
    "entropy.desc.p_bars": {
        "en": "Bar chart of the probability p of each symbol, with its surprisal −log₂ p in bits as a line "
        "(an arrow marked ∞ at the top for p = 0). The numbers are in the caption under the chart.",
        "ko": "기호별 확률 p 막대그래프와 정보량 (surprisal) −log₂ p(비트) 꺾은선입니다 "
        "(p = 0이면 위쪽 끝에 ∞ 화살표). 숫자는 차트 아래 설명에 있습니다.",
    },
    "entropy.sum.p_bars": {"en": "p and surprisal of {n} symbols: {items}.", "ko": "기호 {n}개의 p와 정보량: {items}."},
    "entropy.desc.len_item": {"en": "{symbol} {n} / {s} bits", "ko": "{symbol} {n} / {s}비트"},
    "entropy.desc.lengths": {
        "en": "Grouped bars: each symbol's Huffman codeword length next to its surprisal, in bits. The numbers "
        "are in the caption under the chart.",
        "ko": "묶음 막대그래프: 기호마다 허프만 (Huffman) 부호 길이와 정보량을 비트로 나란히 보여 줍니다. 숫자는 "
        "차트 아래 설명에 있습니다.",
    },
    "entropy.sum.lengths": {
        "en": "Huffman codeword length / surprisal of {n} symbols: {items}.",
        "ko": "기호 {n}개의 허프만 부호 길이 / 정보량: {items}.",
    },
    "entropy.desc.surprisal": {
        "en": "Two curves for p from {lo} to 1: surprisal −log₂ p and 1/p. At p = {p1}: {s1} bits and {r1}; "
        "at p = {p2}: {s2} bits and {r2}.",
        "ko": "p가 {lo}부터 1까지일 때의 두 곡선, 정보량 −log₂ p와 1/p입니다. p = {p1}이면 {s1}비트와 {r1}, "
        "p = {p2}이면 {s2}비트와 {r2}입니다.",
    },
    "entropy.desc.codes": {
        "en": "Horizontal bars of {title} for each code; the numbers are in the metrics above the chart.",
        "ko": "부호별 {title} 가로 막대그래프입니다. 숫자는 차트 위의 지표에 있습니다.",
    },
    "entropy.desc.binary": {
        "en": "Binary entropy H(p) for p from 0 to 1, highest (1 bit) at p = 0.5 and 0 at p = 0 and 1; "
        "the dot marks the current p. Its numbers are in the caption under the chart.",
        "ko": "p가 0부터 1까지일 때의 이진 엔트로피 (binary entropy) H(p) 곡선입니다. p = 0.5에서 1비트로 가장 크고 "
        "p = 0과 1에서 0입니다. 점은 지금의 p를 표시하며, 숫자는 차트 아래 설명에 있습니다.",
    },
    "entropy.sum.binary": {"en": "The dot: p = {p}, H = {h} bits.", "ko": "점: p = {p}, H = {h}비트."},
    "entropy.desc.ce": {
        "en": "Grouped bars of the distributions p and q for each symbol. The numbers are in the caption under "
        "the chart.",
        "ko": "기호별 분포 p와 q의 묶음 막대그래프입니다. 숫자는 차트 아래 설명에 있습니다.",
    },
    "entropy.sum.ce": {"en": "p and q of {n} symbols: {items}.", "ko": "기호 {n}개의 p와 q: {items}."},
    # "Check yourself" (ui/entropy/quiz.py)
    "entropy.quiz.days": {
        "en": "A fixed-length binary code gives each of the {n} days of the week a codeword of the same length. "
        "How many bits does each codeword need?",
        "ko": "고정 길이 부호 (fixed-length code)는 요일 {n}개에 같은 길이의 부호어를 하나씩 줍니다. "
        "부호어 하나에 몇 비트가 필요합니까?",
    },
    "entropy.quiz.days_why": {
        "en": "⌈log₂ {n}⌉ = {bits}: {less} bits give only {fewer} codewords, {bits} bits give {codes} ≥ {n}.",
        "ko": "⌈log₂ {n}⌉ = {bits}입니다. {less}비트로는 부호어가 {fewer}개뿐이고, {bits}비트면 {codes}개 ≥ {n}개입니다.",
    },
    "entropy.quiz.h": {
        "en": "What is the entropy H(p) of the distribution above ({n} symbols), in bits, to two decimals?",
        "ko": "위 분포({n}개 기호)의 엔트로피 H(p)는 몇 비트입니까? 소수점 둘째 자리까지 답하세요.",
    },
    "entropy.quiz.h_why": {
        "en": "H(p) = −Σ p·log₂ p = {h} bits; {n} symbols can have at most log₂ {n} = {hmax} bits (all equally likely).",
        "ko": "H(p) = −Σ p·log₂ p = {h}비트입니다. 기호 {n}개의 엔트로피는 모두 같은 확률일 때 최대 log₂ {n} = {hmax}비트입니다.",
    },
}
