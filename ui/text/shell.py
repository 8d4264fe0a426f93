"""Text of the shared shell (sidebar, placeholders, common messages)."""

TEXT = {
    "shell.sidebar.tagline": {
        "en": "Play with the ideas behind deep learning: entropy, activations, softmax, convolution and training.",
        "ko": "딥러닝의 핵심 개념을 직접 만져 보세요: 엔트로피, 활성화 함수, 소프트맥스, 합성곱, 학습.",
    },
    "shell.coming_soon": {
        "en": "Coming soon: this page is being built.",
        "ko": "준비 중입니다: 이 페이지는 곧 열립니다.",
    },
}
