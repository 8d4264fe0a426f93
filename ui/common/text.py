"""Text of the shared shell: page titles in the menu (``nav.*``), the sidebar (``shell.*``), the quiz words (``quiz.*``)."""

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
    # what the uploaders accept (ui/common/uploads.py); Streamlit's own uploader text is English only
    "upload.image_limits": {
        "en": "Accepted: {types}; at most {mb} MB per file and {mp} megapixels ({webp_mp} for WebP).",
        "ko": "받는 형식: {types}. 파일 하나에 최대 {mb}MB, {mp}메가픽셀(WebP는 {webp_mp}메가픽셀)까지 올릴 수 있습니다.",
    },
    "upload.image_shrunk": {
        "en": "Larger pictures are shrunk to {side} pixels on the longest side.",
        "ko": "더 큰 사진은 긴 변이 {side}픽셀이 되도록 줄입니다.",
    },
    "upload.zip_limits": {
        "en": "Accepted: one .zip file of at most {mb} MB, with two to {classes} class folders, at least {min} "
        "pictures in each and at most {total} in all. A class's pictures past the first {per_class} are skipped, "
        "as are pictures over {mp} megapixels ({webp_mp} for WebP). All the pictures together may have at most "
        "{total_mp} megapixels.",
        "ko": "받는 형식: 최대 {mb}MB인 .zip 파일 하나. 클래스 폴더는 2~{classes}개, 폴더마다 사진 {min}장 이상, "
        "모두 합쳐 {total}장 이하여야 합니다. 클래스마다 처음 {per_class}장 뒤의 사진과 "
        "{mp}메가픽셀(WebP는 {webp_mp}메가픽셀)이 넘는 사진은 건너뜁니다. 모든 사진의 픽셀 수를 합쳐 {total_mp}메가픽셀까지 "
        "올릴 수 있습니다.",
    },
    # an upload that got no answer from the worker that reads it (ui/common/uploads.py failure_text)
    "upload.failure.timeout": {
        "en": "Reading this file is taking more than {seconds} seconds: the server is busy. It goes on in the "
        "background; nothing you had before is lost. Try again in a moment (click anywhere on the page).",
        "ko": "이 파일을 읽는 데 {seconds}초가 넘게 걸리고 있습니다. 서버가 바쁩니다. 읽기는 뒤에서 계속되고, "
        "전에 하던 것은 그대로 있습니다. 잠시 뒤 다시 시도해 주세요 (페이지 아무 곳이나 누르면 됩니다).",
    },
    "upload.failure.lost": {
        "en": "The process reading this file stopped before it finished (the file may be too demanding). Nothing you "
        "had before is lost. Please try a smaller file.",
        "ko": "이 파일을 읽던 프로세스가 끝나기 전에 멈췄습니다 (파일이 너무 무거울 수 있습니다). 전에 하던 것은 "
        "그대로 있습니다. 더 작은 파일로 시도해 주세요.",
    },
    "upload.failure.failed": {
        "en": "This file could not be read: the reader stopped with an error. Nothing you had before is lost. "
        "Please try another file.",
        "ko": "이 파일을 읽지 못했습니다. 읽는 중에 오류가 났습니다. 전에 하던 것은 그대로 있습니다. "
        "다른 파일로 시도해 주세요.",
    },
    "upload.failure.busy": {
        "en": "Your previous file is still being read. One file at a time: please wait a few seconds, then upload "
        "this one again.",
        "ko": "앞서 올린 파일을 아직 읽고 있습니다. 한 번에 한 파일씩 읽습니다. 몇 초 기다린 뒤 이 파일을 다시 "
        "올려 주세요.",
    },
    # "Check yourself" (ui/common/quiz.py): the words every page's questions share
    "quiz.title": {"en": "Check yourself", "ko": "스스로 확인하기"},
    "quiz.intro": {
        "en": "Predict first, then press Check. The answers are computed from this page's current settings.",
        "ko": "먼저 예측한 뒤 '확인'을 누르세요. 정답은 이 페이지의 현재 설정으로 계산합니다.",
    },
    "quiz.check": {"en": "Check", "ko": "확인"},
    "quiz.right": {"en": "Right: {answer}.", "ko": "맞습니다: {answer}."},
    "quiz.wrong": {"en": "Not quite. The answer is {answer}.", "ko": "조금 다릅니다. 정답: {answer}."},
    "quiz.choose_first": {
        "en": "Choose an answer first, then press Check.",
        "ko": "먼저 답을 고른 뒤 '확인'을 누르세요.",
    },
    "quiz.type_first": {
        "en": "Type a number first, then press Check.",
        "ko": "먼저 숫자를 입력한 뒤 '확인'을 누르세요.",
    },
}
