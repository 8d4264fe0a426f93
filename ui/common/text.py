"""Text of the shared shell: page titles in the menu (``nav.*``) and the sidebar (``shell.*``)."""

TEXT = {
    "nav.home": {"en": "Home", "ko": "홈"},
    "nav.entropy": {"en": "Entropy", "ko": "엔트로피 (entropy)"},
    "nav.activations": {"en": "Activations", "ko": "활성화 함수 (activation functions)"},
    "nav.softmax": {"en": "Softmax", "ko": "소프트맥스 (softmax)"},
    "nav.convolution": {"en": "Convolution & Pooling", "ko": "합성곱·풀링 (conv & pool)"},
    "nav.train": {"en": "Train a CNN", "ko": "CNN 학습하기 (train a CNN)"},
    "shell.sidebar.tagline": {
        "en": "Play with the ideas behind deep learning: entropy, activations, softmax, convolution and training.",
        "ko": "딥러닝의 핵심 개념을 직접 만져 보세요: 엔트로피, 활성화 함수, 소프트맥스, 합성곱, 학습.",
    },
}
