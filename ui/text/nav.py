"""Page titles in the menu."""

TEXT = {
    "nav.home": {"en": "Home", "ko": "홈"},
    "nav.entropy": {"en": "Entropy", "ko": "엔트로피 (entropy)"},
    "nav.activations": {"en": "Activations", "ko": "활성화 함수 (activations)"},
    "nav.softmax": {"en": "Softmax", "ko": "소프트맥스 (softmax)"},
    "nav.convolution": {"en": "Convolution & Pooling", "ko": "합성곱·풀링 (conv & pool)"},
    "nav.train": {"en": "Train a CNN", "ko": "CNN 학습하기 (train a CNN)"},
}
