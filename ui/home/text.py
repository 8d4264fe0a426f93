"""Text of the home page."""

TEXT = {
    "home.title": {"en": "ML Explorer", "ko": "ML Explorer"},
    "home.intro": {
        "en": "A hands-on companion to the notes on entropy, activations, softmax and CNNs. "
        "Every number on these pages is computed live, and every page is one link of a single chain:",
        "ko": "엔트로피, 활성화 함수, 소프트맥스, CNN 노트를 손으로 직접 확인하는 실습 도구입니다. "
        "모든 숫자는 그 자리에서 계산되며, 각 페이지는 하나의 사슬을 이루는 고리입니다:",
    },
    "home.chain.image": {"en": "image", "ko": "이미지 (image)"},
    "home.chain.conv": {"en": "convolution", "ko": "합성곱 (convolution)"},
    "home.chain.act": {"en": "activation", "ko": "활성화 함수 (activation function)"},
    "home.chain.pool": {"en": "pooling", "ko": "풀링 (pooling)"},
    "home.chain.logits": {"en": "logits", "ko": "로짓 (logits)"},
    "home.chain.softmax": {"en": "softmax", "ko": "소프트맥스 (softmax)"},
    "home.chain.ce": {"en": "cross-entropy", "ko": "크로스 엔트로피 (cross-entropy)"},
    "home.chain.train": {"en": "training", "ko": "학습 (training)"},
    "home.chain.explain": {
        "en": "A convolution slides small kernels (filters) over the image to make feature maps; an activation "
        "function transforms them non-linearly; pooling shrinks them. A final linear layer turns them into "
        "one score (logit) per class, softmax turns the scores into probabilities q, and cross-entropy, −log "
        "q_true, counts the bits needed to encode the true answer with a code built from the prediction. "
        "Training nudges every weight (the kernels and the linear layer) to make that loss smaller.",
        "ko": "합성곱 (convolution)은 작은 커널 (kernel, 필터)을 이미지 위로 움직이며 특성 맵 "
        "(feature map)을 만들고, 활성화 함수 (activation function)가 이를 비선형으로 "
        "바꾸며, 풀링 (pooling)이 크기를 줄입니다. 마지막 선형 층이 클래스마다 점수 (logit)를 하나씩 "
        "내면 소프트맥스 (softmax)가 이를 확률 q로 바꾸고, 크로스 엔트로피 (cross-entropy) "
        "−log q_정답은 예측으로 만든 부호로 정답을 보내는 데 드는 비트 수를 셉니다. 학습 (training)은 "
        "이 손실을 줄이도록 모든 가중치 (커널과 선형 층)를 조금씩 고칩니다.",
    },
    "home.open": {"en": "Open", "ko": "열기"},
    "home.start.title": {"en": "First visit? Start here", "ko": "처음 오셨나요? 여기서 시작하세요"},
    "home.start.intro": {
        "en": "Follow the menu from top to bottom, in the order of the notes; the last page puts everything "
        "before it together.",
        "ko": "메뉴를 위에서 아래로, 노트의 순서대로 따라가세요. 마지막 페이지에서 앞의 내용이 모두 하나로 합쳐집니다.",
    },
    "home.start.step": {"en": "Step {n} · {page}: {why}", "ko": "{n}단계 · {page}: {why}"},
    "home.start.entropy": {
        "en": "bits, and cross-entropy, the loss that training makes smaller",
        "ko": "비트, 그리고 학습이 줄여 나가는 손실인 크로스 엔트로피 (cross-entropy)",
    },
    "home.start.activations": {
        "en": "the non-linear step between layers",
        "ko": "층과 층 사이의 비선형 단계",
    },
    "home.start.softmax": {
        "en": "from scores to probabilities, the loss and its gradient",
        "ko": "점수에서 확률로, 그리고 손실과 기울기 (gradient)",
    },
    "home.start.convolution": {
        "en": "the layers that read a picture",
        "ko": "그림을 읽는 층",
    },
    "home.start.train": {
        "en": "all of it together, trained live",
        "ko": "이 모든 것을 합쳐 실시간으로 학습",
    },
    "home.card.entropy.body": {
        "en": "How many bits does a message need? Build codes for the day of the week and a 40-symbol alphabet, "
        "beat them with Huffman, and see why cross-entropy is the loss of a classifier.",
        "ko": "메시지에는 몇 비트가 필요할까요? 요일과 40개 문자의 부호를 만들고 허프만 부호와 비교하며, "
        "크로스 엔트로피 (cross-entropy)가 왜 분류기의 손실 함수인지 확인합니다.",
    },
    "home.card.activations.body": {
        "en": "Sigmoid, tanh, ReLU, Leaky ReLU, ELU, Maxout and friends: plot them and their derivatives, and "
        "measure how gradients vanish or survive through a deep network.",
        "ko": "시그모이드, tanh, ReLU, Leaky ReLU, ELU, Maxout 등을 그래프와 도함수로 비교하고, 깊은 신경망에서 "
        "기울기 (gradient)가 사라지거나 살아남는 모습을 측정합니다.",
    },
    "home.card.softmax.body": {
        "en": "Drag the logits and the temperature, watch the probabilities, the loss and its gradient move, and "
        "take gradient steps yourself.",
        "ko": "로짓 (logit)과 온도 (temperature)를 움직이며 확률, 손실, 기울기 (gradient)의 "
        "변화를 보고, 경사 하강법 (gradient descent)의 걸음을 직접 내디뎌 봅니다.",
    },
    "home.card.convolution.body": {
        "en": "Apply 3×3 and 5×5 kernels to your own photos, set stride, padding and dilation, step through "
        "every window, then max- or average-pool the result.",
        "ko": "내 사진에 3×3, 5×5 커널 (kernel)을 적용하고 스트라이드 (stride), 패딩 (padding), 팽창 (dilation)을 "
        "바꾸며 창 하나하나를 따라가 본 뒤, 최대 풀링 (max pooling)과 평균 풀링 (average pooling)을 적용합니다.",
    },
    "home.card.train.body": {
        "en": "Train a small CNN live on real handwritten digits, generated shapes or your own images; watch "
        "epochs, batches, filters, feature maps and the confusion matrix.",
        "ko": "실제 손글씨 숫자, 생성한 도형, 또는 내 이미지로 작은 CNN을 실시간 학습시키며 에포크 (epoch), "
        "배치 (batch), 필터 (filter, 커널), 특성 맵 (feature map), 혼동 행렬 "
        "(confusion matrix)을 살펴봅니다.",
    },
    "home.pages": {"en": "The pages", "ko": "페이지 둘러보기"},
}
