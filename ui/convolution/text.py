"""Text of the convolution & pooling page."""

TEXT = {
    "convolution.intro": {
        "en": "A kernel (also called a filter) is a small grid of weights. It visits every position of the image; "
        "at each stop the numbers underneath are multiplied by the weights and added up, and that one sum "
        "becomes a pixel of the feature map. Pick an image and a kernel, change stride, padding and "
        "dilation, then watch the kernel work cell by cell.",
        "ko": "커널 (kernel)은 필터 (filter)라고도 하며, 가중치가 담긴 작은 격자입니다. 커널이 이미지의 모든 "
        "위치를 차례로 방문하면서, 겹친 숫자들을 가중치와 곱해 모두 더하고, 그 합 하나가 특성 맵 (feature "
        "map)의 한 픽셀이 됩니다. 이미지와 커널을 고르고 스트라이드 (stride), 패딩 (padding), "
        "팽창 (dilation)을 바꿔 본 뒤, 커널이 칸마다 계산하는 과정을 따라가 보세요.",
    },
    # sections
    "convolution.section.input": {"en": "1. Input", "ko": "1. 입력 (input)"},
    "convolution.section.kernel": {"en": "2. Kernel", "ko": "2. 커널 (kernel)"},
    "convolution.section.layer": {
        "en": "3. Stride, padding and dilation",
        "ko": "3. 스트라이드 (stride), 패딩 (padding), 팽창 (dilation)",
    },
    "convolution.section.output": {"en": "4. Feature map", "ko": "4. 특성 맵 (feature map)"},
    "convolution.section.steps": {"en": "5. Step by step", "ko": "5. 한 칸씩 따라가기 (step-through)"},
    "convolution.section.pool": {"en": "6. Pooling", "ko": "6. 풀링 (pooling)"},
    "convolution.section.torch": {"en": "7. Check with PyTorch", "ko": "7. PyTorch로 확인하기"},
    # input
    "convolution.input.label": {"en": "What to convolve", "ko": "합성곱 (convolution)을 적용할 대상"},
    "convolution.input.sample": {"en": "Sample image", "ko": "예제 이미지"},
    "convolution.input.upload": {"en": "My image", "ko": "내 이미지 업로드"},
    "convolution.input.grid": {"en": "Tiny number grid", "ko": "작은 숫자 격자"},
    "convolution.sample.label": {"en": "Sample", "ko": "예제"},
    "convolution.sample.shapes": {"en": "Checkerboard and shapes", "ko": "체커보드와 도형"},
    "convolution.sample.gradient": {"en": "Gradient with text", "ko": "글자가 있는 그러데이션"},
    "convolution.sample.landscape": {"en": "Synthetic landscape", "ko": "합성 풍경 사진"},
    "convolution.sample.licence": {
        "en": "Samples are drawn by a small script in this app (assets/samples), released as CC0.",
        "ko": "예제 이미지는 이 앱의 작은 스크립트(assets/samples)로 그린 것이며 CC0로 공개됩니다.",
    },
    "convolution.upload.label": {
        "en": "Upload a picture (PNG, JPEG, WebP, GIF, BMP or TIFF)",
        "ko": "사진 업로드 (PNG, JPEG, WebP, GIF, BMP, TIFF)",
    },
    "convolution.upload.hint": {
        "en": "Choose a picture to start. It is used only in your own session and is never put into the page link.",
        "ko": "시작하려면 사진을 고르세요. 사진은 내 세션 안에서만 쓰이며 페이지 링크에는 절대 담기지 않습니다.",
    },
    "convolution.upload.previous": {
        "en": "Still showing your previous picture, {name}.",
        "ko": "이전에 올린 사진 {name}을(를) 계속 보여 줍니다.",
    },
    "convolution.upload.kept": {
        "en": "Showing your last picture, {name}: this session keeps it while you visit other pages. Upload "
        "another picture to replace it.",
        "ko": "마지막으로 올린 사진 {name}을(를) 보여 줍니다. 다른 페이지에 다녀와도 이 세션이 사진을 간직합니다. "
        "다른 사진을 올리면 바뀝니다.",
    },
    "convolution.upload.forget": {"en": "Forget this picture", "ko": "이 사진 지우기"},
    "convolution.upload.reading": {"en": "Reading the picture…", "ko": "사진을 읽는 중…"},
    "convolution.grid.size": {"en": "Grid size", "ko": "격자 크기"},
    "convolution.grid.help": {
        "en": "Click a cell to change its number. A 5×5 grid with a 3×3 kernel, stride 1 and no padding gives a "
        "3×3 feature map.",
        "ko": "칸을 눌러 숫자를 바꿔 보세요. 5×5 격자에 3×3 커널, 스트라이드 1, 패딩 없이 계산하면 3×3 특성 맵이 나옵니다.",
    },
    "convolution.grid.invalid": {
        "en": "Every cell needs a number between −{limit} and {limit}; the last valid grid is used.",
        "ko": "모든 칸에 −{limit}에서 {limit} 사이의 숫자가 있어야 합니다. 마지막으로 올바르던 격자를 사용합니다.",
    },
    "convolution.grid.reset": {"en": "Reset grid", "ko": "격자 되돌리기"},
    # image errors (core.images.ImageError codes) and notes
    "convolution.image_error.empty": {
        "en": "This file is empty (0 bytes), so there is no picture in it.",
        "ko": "파일이 비어 있어(0바이트) 그림이 들어 있지 않습니다.",
    },
    "convolution.image_error.not_image": {
        "en": "This file is not a picture this page can read. Please upload a PNG, JPEG, WebP, GIF, BMP or TIFF image.",
        "ko": "이 파일은 이 페이지가 읽을 수 있는 그림이 아닙니다. PNG, JPEG, WebP, GIF, BMP, TIFF 이미지를 올려 주세요.",
    },
    "convolution.image_error.too_large": {
        "en": "This picture declares {megapixels:.1f} megapixels, more than the {limit:.0f}-megapixel limit here. "
        "Please make it smaller and try again.",
        "ko": "이 그림은 {megapixels:.1f}메가픽셀이라고 적혀 있어 이곳의 한도인 {limit:.0f}메가픽셀을 넘습니다. "
        "크기를 줄인 뒤 다시 올려 주세요.",
    },
    "convolution.image_error.truncated": {
        "en": "The file stops before the picture ends (an unfinished download or save). Please export it again.",
        "ko": "그림이 끝나기 전에 파일이 끊겨 있습니다(다운로드나 저장이 덜 됨). 다시 내보내 주세요.",
    },
    "convolution.image_error.unsupported": {
        "en": "This picture stores its pixels as '{mode}', which cannot be turned into colours here.",
        "ko": "이 그림은 픽셀을 '{mode}' 방식으로 저장해 여기서 색으로 바꿀 수 없습니다.",
    },
    "convolution.image_error.corrupt": {
        "en": "The picture file is damaged and could not be decoded.",
        "ko": "그림 파일이 손상되어 읽을 수 없습니다.",
    },
    "convolution.note.animated": {
        "en": "This file is animated; only its first frame is used.",
        "ko": "움직이는 그림이라 첫 번째 프레임만 사용합니다.",
    },
    "convolution.note.rotated": {
        "en": "The camera's orientation tag was applied, so the photo is shown upright.",
        "ko": "카메라의 방향 정보(EXIF)를 적용해 사진을 바로 세웠습니다.",
    },
    "convolution.note.high_bit_depth": {
        "en": "This picture has more than 8 bits per pixel ({mode}); values {low:g} to {high:g} were mapped to 0 to 255.",
        "ko": "픽셀당 8비트보다 정밀한 그림({mode})이라 {low:g}~{high:g} 범위의 값을 0~255로 옮겼습니다.",
    },
    "convolution.note.cmyk": {
        "en": "The picture was stored in CMYK (printing colours) and was converted to RGB.",
        "ko": "인쇄용 색 방식(CMYK)으로 저장된 그림이라 RGB로 바꿨습니다.",
    },
    "convolution.note.alpha": {
        "en": "Transparent parts are shown on a white background.",
        "ko": "투명한 부분은 흰 배경 위에 놓고 보여 줍니다.",
    },
    "convolution.note.downscaled": {
        "en": "Your picture is {width}×{height} pixels; to keep the page quick it is worked on at {new_width}×{new_height}.",
        "ko": "올린 그림은 {width}×{height} 픽셀입니다. 페이지가 빠르게 반응하도록 {new_width}×{new_height} 크기로 줄여 "
        "계산합니다.",
    },
    # kernel
    "convolution.kernel.preset": {"en": "Kernel preset", "ko": "커널 (kernel) 프리셋"},
    "convolution.kernel.size": {"en": "Kernel size (k×k)", "ko": "커널 크기 (k×k)"},
    "convolution.kernel.normalise": {"en": "Normalise (weights sum to 1)", "ko": "정규화 (가중치 합 = 1)"},
    "convolution.kernel.normalise_help": {
        "en": "Divides every weight by the sum of all weights, so a flat area keeps its brightness. "
        "Kernels whose weights add up to 0 (edge detectors) are left as they are.",
        "ko": "모든 가중치를 가중치의 합으로 나눠 평평한 영역의 밝기가 유지되게 합니다. 합이 0인 커널(윤곽 검출)은 그대로 둡니다.",
    },
    "convolution.kernel.invalid": {
        "en": "Every kernel cell needs a number between −{limit} and {limit}; the last valid kernel is used.",
        "ko": "커널의 모든 칸에 −{limit}에서 {limit} 사이의 숫자가 있어야 합니다. 마지막으로 올바르던 커널을 사용합니다.",
    },
    "convolution.kernel.sum": {
        "en": "Sum of the weights: {total}. Click a cell to edit a weight.",
        "ko": "가중치의 합: {total}. 칸을 눌러 가중치를 고칠 수 있습니다.",
    },
    "convolution.kernel.normalised": {
        "en": "The weights add up to {total}; each is divided by that, so the kernel used sums to 1.",
        "ko": "가중치의 합이 {total}이므로 각 가중치를 이 값으로 나눠, 실제로 쓰는 커널의 합은 1입니다.",
    },
    "convolution.kernel.zero_sum": {
        "en": "These weights add up to 0, so there is nothing to normalise; the kernel is used as it is.",
        "ko": "가중치의 합이 0이라 정규화할 수 없으므로 커널을 그대로 사용합니다.",
    },
    "convolution.preset.identity": {"en": "Identity", "ko": "항등 (identity)"},
    "convolution.preset.box_blur_3": {"en": "Box blur 3×3", "ko": "박스 블러 3×3 (box blur)"},
    "convolution.preset.box_blur_5": {"en": "Box blur 5×5", "ko": "박스 블러 5×5 (box blur)"},
    "convolution.preset.gaussian_3": {"en": "Gaussian blur 3×3", "ko": "가우시안 블러 3×3 (Gaussian)"},
    "convolution.preset.gaussian_5": {"en": "Gaussian blur 5×5", "ko": "가우시안 블러 5×5 (Gaussian)"},
    "convolution.preset.sharpen": {"en": "Sharpen", "ko": "선명하게 (sharpen)"},
    "convolution.preset.laplacian": {"en": "Laplacian edges", "ko": "라플라시안 윤곽 (Laplacian)"},
    "convolution.preset.sobel_x": {"en": "Sobel x (vertical edges)", "ko": "소벨 x (세로 윤곽, Sobel)"},
    "convolution.preset.sobel_y": {"en": "Sobel y (horizontal edges)", "ko": "소벨 y (가로 윤곽, Sobel)"},
    "convolution.preset.emboss": {"en": "Emboss", "ko": "엠보스 (emboss)"},
    "convolution.preset.outline": {"en": "Outline", "ko": "외곽선 (outline)"},
    "convolution.preset.custom": {"en": "Custom (my own weights)", "ko": "직접 입력 (custom)"},
    "convolution.colour.label": {"en": "Channels", "ko": "채널 (channel)"},
    "convolution.colour.gray": {"en": "Grayscale (1 channel)", "ko": "흑백 (채널 1개)"},
    "convolution.colour.rgb": {"en": "Colour: R, G, B separately", "ko": "컬러: R, G, B 각각"},
    "convolution.colour.help": {
        "en": "In colour mode one 2-D kernel runs over the red, green and blue channels separately (a depthwise "
        "convolution: 3 channels in, 3 out, no mixing). A real convolution layer has C_out × C_in × k × k "
        "weights, and each of its output channels sums over all input channels, which is why a convolution "
        "usually changes the number of channels while pooling always keeps it.",
        "ko": "컬러 모드에서는 2차원 커널 하나가 빨강, 초록, 파랑 채널 (channel)을 각각 따로 지나갑니다 (깊이별 "
        "합성곱, depthwise convolution: 입력 3채널, 출력 3채널, 채널끼리 섞지 않음). 실제 "
        "합성곱 층은 가중치가 C_out × C_in × k × k개이고 출력 채널마다 모든 입력 채널을 더해 "
        "섞습니다. 그래서 합성곱은 보통 채널 수를 바꾸고, 풀링은 채널 수를 항상 그대로 둡니다.",
    },
    # layer
    "convolution.layer.stride": {"en": "Stride", "ko": "스트라이드 (stride)"},
    "convolution.layer.padding": {"en": "Padding", "ko": "패딩 (padding)"},
    "convolution.layer.padding_help": {
        "en": "Cells added around the input. 'same' picks the padding that keeps the size (stride 1 only).",
        "ko": "입력 둘레에 덧붙이는 칸 수입니다. 'same'은 크기가 그대로 유지되는 패딩을 고릅니다(스트라이드 1에서만).",
    },
    "convolution.layer.padding_mode": {"en": "Padding values", "ko": "패딩 값 채우기 (padding mode)"},
    "convolution.layer.dilation": {"en": "Dilation", "ko": "팽창 (dilation)"},
    "convolution.pmode.zeros": {"en": "zeros", "ko": "0으로 (zeros)"},
    "convolution.pmode.reflect": {"en": "reflect (mirror)", "ko": "거울 반사 (reflect)"},
    "convolution.pmode.replicate": {"en": "replicate (repeat edge)", "ko": "가장자리 반복 (replicate)"},
    "convolution.pmode.circular": {"en": "circular (wrap around)", "ko": "반대편에서 이어 붙이기 (circular)"},
    "convolution.shape.result": {
        "en": "Shape (channels × height × width): {before} → {after}",
        "ko": "모양 (채널 × 높이 × 너비): {before} → {after}",
    },
    "convolution.error.same_stride": {
        "en": "Padding 'same' only works with stride 1 (here the stride is {stride}). Choose a number for the padding "
        "or set the stride to 1.",
        "ko": "패딩 'same'은 스트라이드가 1일 때만 쓸 수 있습니다(지금 스트라이드는 {stride}). 패딩을 숫자로 고르거나 "
        "스트라이드를 1로 바꾸세요.",
    },
    "convolution.error.padding_mode": {
        "en": "Unknown padding mode '{mode}'.",
        "ko": "알 수 없는 패딩 방식 '{mode}'입니다.",
    },
    "convolution.error.reflect_too_big": {
        "en": "Mirror padding of {pad} needs an input larger than {pad} in both directions; this one is {size}. "
        "Use less padding or another padding mode.",
        "ko": "거울 반사 패딩 {pad}칸을 쓰려면 입력이 양쪽 방향 모두 {pad}보다 커야 하는데, 지금 입력은 {size}입니다. "
        "패딩을 줄이거나 다른 방식을 고르세요.",
    },
    "convolution.error.circular_too_big": {
        "en": "Wrap-around padding of {pad} cannot be larger than the input ({size}). Use less padding.",
        "ko": "반대편 이어 붙이기 패딩 {pad}칸은 입력 크기({size})보다 클 수 없습니다. 패딩을 줄이세요.",
    },
    "convolution.error.kernel_too_big": {
        "en": "The kernel covers {span} cells (dilation included) but the padded input is only {padded}, so it does "
        "not fit anywhere. Use a smaller kernel or dilation, or more padding.",
        "ko": "커널이 (팽창 포함) {span}칸을 덮는데 패딩한 입력은 {padded}뿐이라 들어갈 자리가 없습니다. 커널이나 팽창을 "
        "줄이거나 패딩을 늘리세요.",
    },
    "convolution.error.generic": {
        "en": "These settings cannot be used: {detail}",
        "ko": "이 설정은 사용할 수 없습니다: {detail}",
    },
    "convolution.error.showing_last": {
        "en": "Below: the last settings that worked.",
        "ko": "아래는 마지막으로 올바르게 동작한 설정의 결과입니다.",
    },
    # output
    "convolution.output.input": {"en": "Input", "ko": "입력 (input)"},
    "convolution.output.feature": {"en": "Feature map", "ko": "특성 맵 (feature map)"},
    "convolution.legend.gray": {"en": "black = 0, white = largest value", "ko": "검정 = 0, 흰색 = 가장 큰 값"},
    "convolution.legend.diverging": {
        "en": "blue = negative, white = 0, red = positive",
        "ko": "파랑 = 음수, 흰색 = 0, 빨강 = 양수",
    },
    "convolution.legend.rgb": {
        "en": "each channel: 0 = dark, largest value = bright",
        "ko": "각 채널: 0 = 어두움, 가장 큰 값 = 밝음",
    },
    "convolution.legend.rgb_signed": {
        "en": "each channel: mid-grey = 0, darker = negative, brighter = positive",
        "ko": "각 채널: 중간 회색 = 0, 어두울수록 음수, 밝을수록 양수",
    },
    "convolution.legend.value": {"en": "value", "ko": "값"},
    "convolution.legend.signed_note": {
        "en": "This kernel has negative weights, so the feature map has negative values too; the colour scale is "
        "symmetric around 0.",
        "ko": "이 커널에는 음수 가중치가 있어 특성 맵에도 음수 값이 생깁니다. 색 척도는 0을 중심으로 대칭입니다.",
    },
    "convolution.hist.title": {"en": "Histogram of feature-map values", "ko": "특성 맵 값의 히스토그램"},
    "convolution.hist.value": {"en": "value", "ko": "값"},
    "convolution.hist.count": {"en": "number of cells", "ko": "칸 수"},
    "convolution.hist.count_log": {"en": "number of cells (log scale)", "ko": "칸 수 (로그 척도)"},
    "convolution.hist.from": {"en": "from", "ko": "시작"},
    "convolution.hist.to": {"en": "to", "ko": "끝"},
    "convolution.hist.negative": {"en": "< 0", "ko": "< 0"},
    "convolution.hist.positive": {"en": "≥ 0", "ko": "≥ 0"},
    "convolution.relu.label": {"en": "Apply ReLU after the convolution", "ko": "합성곱 뒤에 ReLU 적용"},
    "convolution.relu.help": {
        "en": "ReLU keeps positive values and turns negative ones into 0: max(0, x).",
        "ko": "ReLU는 양수는 그대로 두고 음수를 0으로 바꿉니다: max(0, x).",
    },
    "convolution.relu.link": {"en": "More on activations", "ko": "활성화 함수 (activation function) 더 보기"},
    "convolution.relu.zeroed": {
        "en": "ReLU set {share} of the cells to 0.",
        "ko": "ReLU가 전체 칸의 {share}를 0으로 만들었습니다.",
    },
    "convolution.download.png": {"en": "Feature map (PNG)", "ko": "특성 맵 (PNG)"},
    "convolution.download.json": {"en": "Kernel and settings (JSON)", "ko": "커널과 설정 (JSON)"},
    # pooling
    "convolution.pool.intro": {
        "en": "Pooling slides a window over the feature map and keeps one number per window: the largest (max) or "
        "the mean (average). It shrinks height and width, keeps the number of channels and learns nothing.",
        "ko": "풀링 (pooling)은 특성 맵 위로 창을 옮기며 창마다 숫자 하나만 남깁니다: 가장 큰 값(최대 풀링) 또는 평균(평균 풀링). "
        "높이와 너비는 줄지만 채널 수는 그대로이고, 학습할 가중치가 없습니다.",
    },
    "convolution.pool.mode": {"en": "Pooling", "ko": "풀링 (pooling) 방식"},
    "convolution.pool.max": {"en": "max", "ko": "최대 풀링 (max)"},
    "convolution.pool.avg": {"en": "average", "ko": "평균 풀링 (average)"},
    "convolution.pool.kernel": {"en": "Window size", "ko": "창 크기 (kernel size)"},
    "convolution.pool.stride": {"en": "Pooling stride", "ko": "풀링 스트라이드 (stride)"},
    "convolution.pool.shape": {"en": "Shape after pooling", "ko": "풀링 후 모양"},
    "convolution.pool.shape_help": {
        "en": "channels × height × width",
        "ko": "채널 × 높이 × 너비",
    },
    "convolution.pool.channels": {"en": "Channels (unchanged)", "ko": "채널 수 (그대로)"},
    "convolution.pool.weights": {"en": "Learnable weights", "ko": "학습 가능한 가중치"},
    "convolution.pool.weights_help": {
        "en": "Pooling only takes a max or a mean; for comparison, the kernel above has {conv} weights.",
        "ko": "풀링은 최댓값이나 평균만 구합니다. 비교하자면 위의 커널에는 가중치가 {conv}개 있습니다.",
    },
    "convolution.pool.summary": {
        "en": "Before pooling {before} → after pooling {after}.",
        "ko": "풀링 전 {before} → 풀링 후 {after}.",
    },
    "convolution.pool.before": {"en": "Before pooling", "ko": "풀링 전"},
    "convolution.pool.after": {"en": "After pooling", "ko": "풀링 후"},
    "convolution.pool.too_big": {
        "en": "A {k}×{k} pooling window does not fit in a feature map of shape {shape}. Choose a smaller window.",
        "ko": "{k}×{k} 풀링 창은 모양이 {shape}인 특성 맵에 들어가지 않습니다. 더 작은 창을 고르세요.",
    },
    # step-through
    "convolution.steps.grid_intro": {
        "en": "The kernel visits the grid one position at a time. Hatched cells are padding.",
        "ko": "커널이 격자 위를 한 위치씩 옮겨 다닙니다. 빗금 친 칸은 패딩입니다.",
    },
    "convolution.steps.crop_intro": {
        "en": "Choose a small piece of the picture (in the striped frame) to zoom in on; the piece is treated as a "
        "tiny image of its own, with grey levels 0–255. Hatched cells are padding.",
        "ko": "확대해서 볼 작은 조각(줄무늬 틀 안)을 고르세요. 이 조각은 0~255 밝기 값을 가진 작은 이미지 하나로 다룹니다. "
        "빗금 친 칸은 패딩입니다.",
    },
    "convolution.pool.walk_title": {
        "en": "Pooling step by step, on the feature map of section 5's walk-through",
        "ko": "5절 따라가기의 특성 맵 위에서 한 칸씩 풀링하기",
    },
    "convolution.steps.pool_needs_conv": {
        "en": "Pooling steps appear once the convolution fits on this grid.",
        "ko": "합성곱이 이 격자에 들어맞으면 풀링 단계가 나타납니다.",
    },
    "convolution.crop.size": {"en": "Piece size (cells)", "ko": "조각 크기 (칸)"},
    "convolution.crop.row": {"en": "Piece centre: row", "ko": "조각 중심: 행"},
    "convolution.crop.col": {"en": "Piece centre: column", "ko": "조각 중심: 열"},
    "convolution.crop.channel": {"en": "Channel", "ko": "채널 (channel)"},
    "convolution.crop.where": {
        "en": "The piece lies inside the red-and-white striped frame with black edges.",
        "ko": "고른 조각은 검은 테두리가 있는 빨간색·흰색 줄무늬 틀 안에 있습니다.",
    },
    "convolution.step.prev": {"en": "Back", "ko": "이전"},
    "convolution.step.next": {"en": "Next", "ko": "다음"},
    "convolution.step.position": {"en": "Position (of {n})", "ko": "위치 (전체 {n}개)"},
    "convolution.step.input": {
        "en": "**Input with padding** (top {top}, bottom {bottom}, left {left}, right {right})",
        "ko": "**패딩을 붙인 입력** (위 {top}, 아래 {bottom}, 왼쪽 {left}, 오른쪽 {right})",
    },
    "convolution.step.output": {
        "en": "**Output**: filling row {row}, column {col}",
        "ko": "**출력**: {row}행 {col}열을 채우는 중",
    },
    "convolution.step.feature": {
        "en": "**Feature map** (the convolution's output on this grid)",
        "ko": "**특성 맵** (이 격자에 합성곱을 적용한 결과)",
    },
    "convolution.step.window": {"en": "Window under the kernel", "ko": "커널 아래의 창 (window)"},
    "convolution.step.kernel": {"en": "Kernel weights", "ko": "커널 가중치"},
    "convolution.step.products": {"en": "Element-wise products", "ko": "원소별 곱"},
    "convolution.step.sum_terms": {
        "en": "Sum of products: {terms} = **{total}**",
        "ko": "곱의 합: {terms} = **{total}**",
    },
    "convolution.step.sum": {
        "en": "Sum of the {n} products = **{total}**",
        "ko": "곱 {n}개의 합 = **{total}**",
    },
    "convolution.step.max": {
        "en": "max({cells}) = **{value}** (the highlighted cell wins)",
        "ko": "max({cells}) = **{value}** (강조된 칸이 최댓값)",
    },
    "convolution.step.mean": {
        "en": "({cells}) / {n} = **{value}**",
        "ko": "({cells}) / {n} = **{value}**",
    },
    # PyTorch check
    "convolution.torch.button": {"en": "Check with PyTorch", "ko": "PyTorch로 확인"},
    "convolution.torch.help": {
        "en": "Runs torch.nn.functional.conv2d and the pooling function with the same settings and compares them "
        "with this page's NumPy results (the first check takes a few seconds while PyTorch loads).",
        "ko": "같은 설정으로 torch.nn.functional.conv2d와 풀링 함수를 실행해 이 페이지의 NumPy 결과와 비교합니다 "
        "(처음에는 PyTorch를 불러오느라 몇 초 걸립니다).",
    },
    "convolution.torch.running": {"en": "Running PyTorch…", "ko": "PyTorch 실행 중…"},
    "convolution.torch.conv": {
        "en": "conv2d: largest difference between NumPy and PyTorch = {diff} (output {shape}).",
        "ko": "conv2d: NumPy와 PyTorch 결과의 최대 차이 = {diff} (출력 {shape}).",
    },
    "convolution.torch.pool": {
        "en": "{fn}: largest difference = {diff}.",
        "ko": "{fn}: 최대 차이 = {diff}.",
    },
    # "Check yourself" (ui/convolution/quiz.py)
    "convolution.quiz.setting": {
        "en": "Input {h}×{w}, kernel {k}, stride {s}, padding {p}, dilation {d}.",
        "ko": "입력 {h}×{w}, 커널 (kernel) {k}, 스트라이드 (stride) {s}, 패딩 (padding) {p}, 팽창 (dilation) {d}.",
    },
    "convolution.quiz.h": {
        "en": "{setting} How many rows does the feature map have (H_out)?",
        "ko": "{setting} 특성 맵 (feature map)의 행 수 H_out은 얼마입니까?",
    },
    "convolution.quiz.w": {
        "en": "{setting} How many columns does the feature map have (W_out)?",
        "ko": "{setting} 특성 맵 (feature map)의 열 수 W_out은 얼마입니까?",
    },
    "convolution.quiz.size_why": {
        "en": "{axis}_out = ⌊({n} + {pad} − {d}·({k} − 1) − 1) / {s}⌋ + 1 = {out}.",
        "ko": "{axis}_out = ⌊({n} + {pad} − {d}·({k} − 1) − 1) / {s}⌋ + 1 = {out}입니다.",
    },
    "convolution.quiz.pool": {
        "en": "Then the feature map is pooled with a {k}×{k} window and stride {s}. How many rows are left?",
        "ko": "이어서 특성 맵을 {k}×{k} 창과 스트라이드 {s}로 풀링 (pooling)합니다. 몇 행이 남습니까?",
    },
    "convolution.quiz.pool_why": {
        "en": "The feature map has {n} rows; pooling follows the same rule, without padding: "
        "⌊({n} − {k}) / {s}⌋ + 1 = {out}.",
        "ko": "특성 맵은 {n}행이고, 풀링도 패딩 없이 같은 규칙을 따릅니다: ⌊({n} − {k}) / {s}⌋ + 1 = {out}.",
    },
    # chart descriptions: the accessible name of each chart (read by screen readers), with its numbers
    "convolution.about.hist": {
        "en": "Histogram of the feature-map values: bars of negative values in blue, of zero or positive values in "
        "red; the count and the range are in the text under it.",
        "ko": "특성 맵 (feature map) 값의 히스토그램입니다. 음수 값의 막대는 파란색, 영 또는 양수 값은 빨간색이며, "
        "개수와 범위는 그래프 아래 글에 있습니다.",
    },
    "convolution.desc.hist": {
        "en": "Histogram of the {n} feature-map values, from {lo} to {hi}: {neg} below 0, {pos} at 0 or above.",
        "ko": "특성 맵 (feature map) 값 {n}개의 히스토그램으로, {lo}부터 {hi}까지입니다. "
        "0보다 작은 값 {neg}개, 0 이상인 값 {pos}개입니다.",
    },
    # text alternatives of the pictures (ui/common/a11y.py)
    "convolution.alt.map": {
        "en": "{title}: {shape} (channels × height × width), values from {lo} to {hi}",
        "ko": "{title}: {shape} (채널 × 높이 × 너비), 값 {lo}부터 {hi}까지",
    },
    "convolution.alt.crop": {
        "en": "The picture ({h}×{w} pixels) with a red frame around the crop: rows {r0} to {r1}, columns {c0} to {c1}",
        "ko": "자른 부분에 빨간 테두리를 그린 그림 ({h}×{w} 픽셀): {r0}~{r1}행, {c0}~{c1}열",
    },
}
