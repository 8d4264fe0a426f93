"""Text of the /train page (live mini-CNN training)."""

TEXT = {
    "train.intro": {
        "en": "Here every idea of the other pages works together. A small CNN — convolution → activation → "
        "pooling, repeated, then one linear layer whose scores go through softmax into a cross-entropy loss "
        "— learns while you watch. Pick the data, shape the network, press Start.",
        "ko": "다른 페이지에서 본 개념이 여기서 한꺼번에 움직입니다. 작은 CNN — 합성곱 (convolution) → "
        "활성화 함수 (activation function) → 풀링 (pooling)을 반복한 뒤, 선형 층의 점수를 "
        "소프트맥스 (softmax)와 크로스 엔트로피 (cross-entropy) 손실로 보내는 구조 — 가 눈앞에서 "
        "학습합니다. 데이터를 고르고, 신경망을 설계한 뒤 시작을 누르세요.",
    },
    "train.vocab": {
        "en": "Vocabulary: an epoch is one full pass over the training images; the batch size is how many images "
        "feed one weight update; an iteration is one such update, so one epoch has ⌈N / batch size⌉ iterations.",
        "ko": "용어: 에포크 (epoch)는 학습 이미지 전체를 한 번 다 보는 것이고, 배치 크기 (batch size)는 가중치를 "
        "한 번 고칠 때 쓰는 이미지 수이며, 반복 (iteration)은 그 한 번의 갱신입니다. 따라서 한 에포크는 "
        "⌈N / 배치 크기⌉번의 반복으로 이루어집니다.",
    },
    "train.vocab.batch": {
        "en": "A batch is a sample of the training set: its gradient is a noisy estimate of the gradient over all "
        "the images you have, and a smaller batch makes each update cheaper but noisier. It does not reduce "
        "how much data the model needs to learn: that depends on the task and the network, not on how the "
        "data is cut into batches. (The course notes suggest otherwise; this is the correction.)",
        "ko": "배치 (batch)는 학습 데이터에서 뽑은 표본입니다. 배치로 구한 기울기 (gradient)는 가진 이미지 "
        "전체에 대한 기울기를 잡음 섞어 추정한 값이며, 배치가 작을수록 갱신 한 번이 싸지지만 잡음이 커집니다. "
        "배치를 작게 나눈다고 모델이 배우는 데 필요한 데이터 양이 줄지는 않습니다: 그것은 문제와 신경망에 달려 "
        "있지, 데이터를 배치로 어떻게 나누는지에 달려 있지 않습니다. (강의 노트에는 작은 배치가 정규분포를 이루면 "
        "데이터가 많이 필요 없다고 적혀 있지만, 그렇지 않습니다.)",
    },
    "train.section.data": {"en": "1. Data", "ko": "1. 데이터 (data)"},
    "train.section.model": {"en": "2. Network and hyperparameters", "ko": "2. 신경망 구조와 하이퍼파라미터"},
    "train.section.run": {"en": "3. Training", "ko": "3. 학습 (training)"},
    "train.section.inside": {"en": "4. Inside the network", "ko": "4. 신경망 들여다보기"},
    # data
    "train.data.label": {"en": "Dataset", "ko": "데이터셋 (dataset)"},
    "train.data.digits": {"en": "Handwritten digits (8×8)", "ko": "손글씨 숫자 (8×8)"},
    "train.data.shapes": {"en": "Generated shapes (28×28)", "ko": "생성한 도형 (28×28)"},
    "train.data.upload": {"en": "My own images (zip)", "ko": "내 이미지 (zip)"},
    "train.data.upload_help": {
        "en": "Put one folder per class in a zip (for example cat/…, dog/…), like Teachable Machine. "
        "The archive is read in memory; hidden files, __MACOSX and non-images are skipped.",
        "ko": "클래스마다 폴더 하나씩 (예: 고양이/…, 강아지/…) 담아 zip으로 묶어 올리세요 (Teachable Machine 방식). "
        "압축 파일은 메모리에서만 읽으며, 숨김 파일, __MACOSX, 이미지가 아닌 파일은 건너뜁니다.",
    },
    "train.data.zip_label": {"en": "Zip file with class folders", "ko": "클래스 폴더가 든 zip 파일"},
    "train.data.zip_size": {"en": "Image size (pixels per side)", "ko": "이미지 크기 (한 변의 픽셀 수)"},
    "train.data.zip_channels": {"en": "Colour", "ko": "색상 채널 (channel)"},
    "train.data.channels_1": {"en": "grey (1 channel)", "ko": "흑백 (채널 1개)"},
    "train.data.channels_3": {"en": "RGB (3 channels)", "ko": "RGB (채널 3개)"},
    "train.data.reading": {"en": "Reading the images in the zip…", "ko": "zip 안의 이미지를 읽는 중…"},
    "train.data.upload_first": {
        "en": "Upload a zip to train on your own images, or choose one of the built-in datasets.",
        "ko": "내 이미지로 학습하려면 zip을 올리거나, 내장 데이터셋 중 하나를 고르세요.",
    },
    "train.data.zip_failed": {
        "en": "This zip could not be read as a dataset. Please check that it is a normal zip with one folder per class.",
        "ko": "이 zip을 데이터셋으로 읽지 못했습니다. 클래스마다 폴더가 하나씩 든 일반 zip인지 확인해 주세요.",
    },
    "train.data.skipped": {
        "en": "{count} file(s) were left out: {reasons}.",
        "ko": "파일 {count}개를 제외했습니다: {reasons}.",
    },
    "train.data.summary": {
        "en": "{n} images in {k} classes: {train} for training, {val} for validation (same class mix in both). "
        "Each image is {c}×{h}×{w} (channels × height × width).",
        "ko": "{k}개 클래스에 이미지 {n}개: 학습용 {train}개, 검증 (validation)용 {val}개 (두 "
        "쪽의 클래스 비율이 같음). 이미지 한 장은 {c}×{h}×{w} (채널 × 높이 × 너비)입니다.",
    },
    "train.data.samples": {"en": "Examples per class", "ko": "클래스별 예시"},
    "train.data.count": {"en": "{count} images", "ko": "이미지 {count}개"},
    "train.shape.circle": {"en": "circle", "ko": "원"},
    "train.shape.square": {"en": "square", "ko": "정사각형"},
    "train.shape.triangle": {"en": "triangle", "ko": "삼각형"},
    "train.shape.cross": {"en": "cross", "ko": "십자"},
    "train.shape.star": {"en": "star", "ko": "별"},
    "train.shape.ring": {"en": "ring", "ko": "고리"},
    "train.data.more_classes": {
        "en": "… and {count} more classes.",
        "ko": "… 그리고 클래스 {count}개가 더 있습니다.",
    },
    # dataset errors (codes of core.datasets.DatasetError)
    "train.ds_error.not_zip": {
        "en": "This file is not a zip archive. Please compress your class folders into a .zip and upload that.",
        "ko": "이 파일은 zip 압축 파일이 아닙니다. 클래스 폴더들을 .zip으로 압축해서 올려 주세요.",
    },
    "train.ds_error.too_large": {
        "en": "The zip is {size} bytes; the limit is {limit} bytes. Please use fewer or smaller images.",
        "ko": "zip 크기가 {size}바이트로, 한도 {limit}바이트를 넘습니다. 이미지 수나 크기를 줄여 주세요.",
    },
    "train.ds_error.corrupt": {
        "en": "The zip is damaged or cut off ({name}). Please create it again.",
        "ko": "zip 파일이 손상되었거나 중간에 잘렸습니다 ({name}). 다시 압축해 주세요.",
    },
    "train.ds_error.encrypted": {
        "en": "'{name}' is password-protected. Please zip the images without a password.",
        "ko": "'{name}'에 암호가 걸려 있습니다. 암호 없이 다시 압축해 주세요.",
    },
    "train.ds_error.unsupported": {
        "en": "'{name}' uses a compression method that cannot be read here. Please use a standard zip tool.",
        "ko": "'{name}' 항목은 여기서 읽을 수 없는 압축 방식을 씁니다. 일반적인 zip 도구로 다시 압축해 주세요.",
    },
    "train.ds_error.too_many_entries": {
        "en": "The zip holds {count} entries; at most {limit} are allowed.",
        "ko": "zip 안의 항목이 {count}개로, 허용되는 최대 {limit}개를 넘습니다.",
    },
    "train.ds_error.uncompressed_too_large": {
        "en": "Unpacked, the files would take {size} bytes; the limit is {limit} bytes.",
        "ko": "압축을 풀면 {size}바이트가 되어 한도 {limit}바이트를 넘습니다.",
    },
    "train.ds_error.bomb": {
        "en": "This zip was refused as a possible zip bomb ({reason}, entry '{name}'). Nothing was unpacked.",
        "ko": "이 zip은 압축 폭탄 (zip bomb)일 수 있어 거부했습니다 ({reason}, 항목 '{name}'). 아무것도 풀지 않았습니다.",
    },
    "train.ds_error.bomb_ratio": {
        "en": "one file expands far more than images normally do",
        "ko": "파일 하나가 보통 이미지보다 지나치게 크게 풀림",
    },
    "train.ds_error.bomb_overlap": {
        "en": "several entries share the same compressed data",
        "ko": "여러 항목이 같은 압축 데이터를 공유함",
    },
    "train.ds_error.bomb_read_limit": {
        "en": "more data came out than allowed",
        "ko": "허용량보다 많은 데이터가 풀려 나옴",
    },
    "train.ds_error.too_many_pixels": {
        "en": "The pictures in this zip have {megapixels} megapixels together; at most {limit:g} are allowed. The model "
        "sees at most 64×64 pixels of each: shrink the pictures (e.g. to 1000 pixels on the longest side) or use "
        "fewer.",
        "ko": "이 zip의 사진들은 모두 합쳐 {megapixels}메가픽셀로, 허용되는 최대 {limit:g}메가픽셀을 넘습니다. 모델은 "
        "사진마다 최대 64×64 픽셀만 봅니다. 사진을 줄이거나 (예: 긴 변 1000픽셀) 사진 수를 줄여 주세요.",
    },
    "train.ds_error.too_many_images": {
        "en": "The zip holds {count} usable images; at most {limit} are allowed. Please use fewer images.",
        "ko": "쓸 수 있는 이미지가 {count}개로, 허용되는 최대 {limit}개를 넘습니다. 이미지 수를 줄여 주세요.",
    },
    "train.data.skip.hidden": {"en": "hidden or __MACOSX", "ko": "숨김 파일·__MACOSX"},
    "train.data.skip.non_image": {"en": "not an image", "ko": "이미지 아님"},
    "train.data.skip.no_folder": {"en": "outside a class folder", "ko": "클래스 폴더 밖"},
    "train.data.skip.unsafe_path": {"en": "unsafe path", "ko": "안전하지 않은 경로"},
    "train.data.skip.unreadable": {"en": "unreadable", "ko": "읽을 수 없음"},
    "train.data.skip.too_big": {"en": "too large", "ko": "너무 큼"},
    "train.data.skip.class_limit": {"en": "over the per-class limit", "ko": "클래스당 한도 초과"},
    "train.ds_error.empty": {
        "en": "No usable image was found ({skipped} file(s) skipped). Use PNG or JPEG files inside class folders.",
        "ko": "쓸 수 있는 이미지가 없습니다 (건너뛴 파일 {skipped}개). 클래스 폴더 안에 PNG나 JPEG 파일을 넣어 주세요.",
    },
    "train.ds_error.no_class_folders": {
        "en": "Found {count} image(s), but none inside a class folder. Each class needs its own folder.",
        "ko": "이미지 {count}개를 찾았지만 클래스 폴더 안에 든 것이 없습니다. 클래스마다 폴더가 하나씩 필요합니다.",
    },
    "train.ds_error.too_few_classes": {
        "en": "Only {count} class folder(s) found ({classes}); a classifier needs at least {minimum}.",
        "ko": "클래스 폴더가 {count}개뿐입니다 ({classes}). 분류기에는 최소 {minimum}개가 필요합니다.",
    },
    "train.ds_error.too_many_classes": {
        "en": "The zip has {count} class folders; at most {limit} are allowed.",
        "ko": "클래스 폴더가 {count}개로, 허용되는 최대 {limit}개를 넘습니다.",
    },
    "train.ds_error.too_few_images": {
        "en": "Class '{class_name}' has only {count} image(s); each class needs at least {minimum} "
        "(some for training, some for validation).",
        "ko": "클래스 '{class_name}'에는 이미지가 {count}개뿐입니다. 학습용과 검증용으로 나누려면 클래스마다 "
        "최소 {minimum}개가 필요합니다.",
    },
    # architecture
    "train.arch.title": {"en": "Architecture", "ko": "신경망 구조 (architecture)"},
    "train.arch.blocks": {
        "en": "Conv blocks (conv → activation → pool)",
        "ko": "합성곱 블록 수 (합성곱 → 활성화 → 풀링)",
    },
    "train.arch.channels": {"en": "Channels of block {block}", "ko": "블록 {block}의 채널 (channel) 수"},
    "train.arch.kernel": {"en": "Kernel size", "ko": "커널 (kernel, 필터) 크기"},
    "train.arch.padding": {"en": "Padding", "ko": "패딩 (padding)"},
    "train.arch.activation": {"en": "Activation", "ko": "활성화 함수 (activation function)"},
    "train.arch.pooling": {"en": "Pooling (2×2, stride 2)", "ko": "풀링 (pooling, 2×2, 스트라이드 2)"},
    "train.arch.pool_max": {"en": "max", "ko": "최대 풀링 (max)"},
    "train.arch.pool_avg": {"en": "average", "ko": "평균 풀링 (average)"},
    "train.arch.col_layer": {"en": "layer", "ko": "층 (layer)"},
    "train.arch.col_kind": {"en": "kind", "ko": "종류"},
    "train.arch.col_shape": {"en": "output shape", "ko": "출력 모양 (shape)"},
    "train.arch.col_params": {"en": "parameters", "ko": "파라미터 수"},
    "train.arch.total": {
        "en": "{params} learnable parameters in total. Pooling layers have none and keep the number of channels; "
        "N is the batch size.",
        "ko": "학습되는 파라미터는 모두 {params}개입니다. 풀링 층은 파라미터가 없고 채널 수를 바꾸지 않습니다. "
        "N은 배치 크기입니다.",
    },
    "train.arch.no_pool": {
        "en": "Without pooling, the same convolutions would keep their {h}×{w} maps, the linear layer would get "
        "{features:,} inputs instead of {pooled:,}, and the network would need {without:,} parameters "
        "instead of {params:,}. Pooling has no weights of its own; by shrinking the maps it cuts the "
        "parameters of the layers after it.",
        "ko": "풀링이 없으면 같은 합성곱 층들의 맵이 {h}×{w} 크기를 유지해, 선형 층의 입력이 {pooled:,}개가 "
        "아니라 {features:,}개가 되고, 신경망에 필요한 파라미터도 {params:,}개가 아니라 "
        "{without:,}개가 됩니다. 풀링 자체에는 가중치가 없지만, 맵을 줄여서 그 뒤 층들의 파라미터를 "
        "줄입니다.",
    },
    "train.arch.too_small": {
        "en": "With these settings a feature map shrinks to nothing before the last block ({h}×{w} input). "
        "Use fewer blocks, a smaller kernel or more padding.",
        "ko": "이 설정에서는 마지막 블록 전에 특성 맵 (feature map)이 사라집니다 (입력 {h}×{w}). 블록 수를 줄이거나, "
        "커널을 작게 하거나, 패딩을 늘려 보세요.",
    },
    "train.kind.input": {"en": "input image", "ko": "입력 이미지"},
    "train.kind.conv": {"en": "convolution", "ko": "합성곱 (convolution)"},
    "train.kind.activation": {"en": "activation", "ko": "활성화 함수 (activation function)"},
    "train.kind.pool": {"en": "pooling", "ko": "풀링 (pooling)"},
    "train.kind.flatten": {"en": "flatten", "ko": "펼치기 (flatten)"},
    "train.kind.linear": {"en": "linear → logits", "ko": "선형 층 → 로짓 (logits)"},
    # hyperparameters
    "train.hyper.title": {"en": "Hyperparameters", "ko": "하이퍼파라미터 (hyperparameters)"},
    "train.hyper.epochs": {"en": "Epochs", "ko": "에포크 (epoch) 수"},
    "train.hyper.batch": {"en": "Batch size", "ko": "배치 크기 (batch size)"},
    "train.hyper.iters": {
        "en": "⌈{n} / {batch}⌉ = {iters} iterations per epoch, {total} in the whole run.",
        "ko": "에포크당 반복 (iteration) ⌈{n} / {batch}⌉ = {iters}번, 전체 {total}번.",
    },
    "train.hyper.lr": {"en": "Learning rate (log scale)", "ko": "학습률 (learning rate, 로그 눈금)"},
    "train.hyper.optimizer": {"en": "Optimizer", "ko": "최적화 방법 (optimizer)"},
    "train.hyper.seed": {"en": "Seed", "ko": "시드 (seed)"},
    "train.hyper.pace": {"en": "Pace", "ko": "진행 속도"},
    "train.hyper.lr_high": {
        "en": "A learning rate of {lr} is very large: each update may jump far past the minimum. Try it and watch!",
        "ko": "학습률 (learning rate) {lr}: 매우 큰 값입니다. 갱신 한 번에 최솟값을 훌쩍 지나칠 수 있습니다. 직접 해 보고 지켜보세요!",
    },
    "train.opt.sgd": {"en": "SGD", "ko": "SGD (확률적 경사 하강법, stochastic gradient descent)"},
    "train.opt.momentum": {"en": "SGD + momentum", "ko": "SGD + 모멘텀 (momentum)"},
    "train.opt.adam": {"en": "Adam", "ko": "Adam"},
    "train.pace.slow": {"en": "slow (1 batch per tick)", "ko": "느리게 (틱마다 배치 1개)"},
    "train.pace.medium": {"en": "medium (5 batches per tick)", "ko": "보통 (틱마다 배치 5개)"},
    "train.pace.fast": {"en": "fast", "ko": "빠르게"},
    # run controls
    "train.run.start": {"en": "Start", "ko": "시작"},
    "train.run.pause": {"en": "Pause", "ko": "일시정지"},
    "train.run.resume": {"en": "Resume", "ko": "계속"},
    "train.run.step": {"en": "Step one batch", "ko": "배치 하나만"},
    "train.run.reset": {"en": "Reset", "ko": "초기화"},
    "train.run.idle": {
        "en": "No run yet. Start trains the network epoch by epoch; Step one batch makes a single update.",
        "ko": "아직 학습하지 않았습니다. 시작을 누르면 에포크 단위로 학습하고, '배치 하나만'은 갱신을 한 번만 합니다.",
    },
    "train.run.stale": {
        "en": "The settings above changed after this run began; the run keeps its own. Start or Step one batch begins a new run with them.",
        "ko": "이 학습이 시작된 뒤 위의 설정이 바뀌었습니다. 진행 중인 학습은 원래 설정을 유지하며, '시작'이나 '배치 하나만'을 "
        "누르면 새 설정으로 새 학습을 시작합니다.",
    },
    "train.run.stale_running": {
        "en": "The settings above changed after this run began; the run keeps its own. Pause it, then Start or "
        "Step one batch begins a new run with them.",
        "ko": "이 학습이 시작된 뒤 위의 설정이 바뀌었습니다. 진행 중인 학습은 원래 설정을 유지하며, 일시정지한 뒤 "
        "'시작'이나 '배치 하나만'을 누르면 새 설정으로 새 학습을 시작합니다.",
    },
    "train.run.start_running": {
        "en": "A run is going. Pause it first: Start then begins a new run (the current one is kept in Compare runs).",
        "ko": "학습이 진행 중입니다. 먼저 일시정지하세요. 그다음 '시작'을 누르면 새 학습을 시작합니다 (지금 학습은 "
        "'학습 비교'에 남습니다).",
    },
    "train.run.waiting": {
        "en": "Waiting for a free training slot: {ahead} ahead of you. This server trains {slots} runs at a time, "
        "first come, first served, so that every student's run moves.",
        "ko": "학습 자리가 비기를 기다리는 중입니다: 앞에 {ahead}개가 기다리고 있습니다. 모든 학생의 학습이 "
        "진행되도록 이 서버는 한 번에 {slots}개씩 온 순서대로 학습을 계산합니다.",
    },
    "train.run.cap_tab": {
        "en": "This tab already has a run training or waiting for a place, and a tab trains one run at a time, so "
        "that the server's training processes go round the whole class. Pause it first, then start again.",
        "ko": "이 탭에는 이미 학습 중이거나 자리를 기다리는 학습이 있습니다. 서버의 학습 프로세스를 반 전체가 "
        "나눠 쓰도록 탭마다 한 번에 하나만 학습합니다. 먼저 일시정지한 뒤 다시 시작하세요.",
    },
    "train.run.cap_browser": {
        "en": "Runs training or waiting in other tabs of this browser: {count}, the most one browser may have at "
        "once ({cap}), so that the server's training processes go round the whole class. Pause one of them first, "
        "then press Start or Resume here.",
        "ko": "이 브라우저의 다른 탭에서 학습 중이거나 자리를 기다리는 학습: {count}개로, 서버의 학습 프로세스를 "
        "반 전체가 나눠 쓰도록 한 브라우저에 허용되는 최대 개수 ({cap}개)입니다. 그중 하나를 먼저 일시정지한 뒤 "
        "여기서 '시작'이나 '계속'을 누르세요.",
    },
    "train.run.worker_lost": {
        "en": "The training process of this server stopped (it may have run out of memory), and the run came back "
        "as it was when it started or resumed. Press Start or Resume to try again.",
        "ko": "이 서버의 학습 프로세스가 멈췄습니다 (메모리가 부족했을 수 있습니다). 학습은 시작하거나 계속했을 때의 "
        "상태로 돌아왔습니다. '시작'이나 '계속'을 눌러 다시 해 보세요.",
    },
    "train.run.worker_failed": {
        "en": "Training stopped with an error in the training process; the run came back as it was when it started "
        "or resumed.",
        "ko": "학습 프로세스에서 오류가 나서 학습이 멈췄습니다. 학습은 시작하거나 계속했을 때의 상태로 돌아왔습니다.",
    },
    "train.run.worker_timeout": {
        "en": "The training process did not answer in time (the server is very busy). Try again in a moment.",
        "ko": "학습 프로세스가 제때 응답하지 않았습니다 (서버가 매우 바쁩니다). 잠시 후 다시 해 보세요.",
    },
    "train.budget.note": {
        "en": "This run takes about {cost} billion multiply-adds (the arithmetic of its convolutions and linear "
        "layer); on this shared server one run may take at most {budget} billion.",
        "ko": "이 학습에는 곱셈-덧셈 (multiply-add, 합성곱과 선형 층의 연산)이 약 {cost}×10⁹번 필요합니다. 이 공용 "
        "서버에서 학습 한 번에 쓸 수 있는 양은 최대 {budget}×10⁹번입니다.",
    },
    "train.budget.over_epochs": {
        "en": "This run would take about {cost} billion multiply-adds, more than the {budget} billion one run may "
        "take on this shared server. With this network and data at most {epochs} epochs fit: lower the epochs, or "
        "make the network smaller (fewer blocks or channels, a smaller kernel).",
        "ko": "이 학습에는 곱셈-덧셈 (multiply-add)이 약 {cost}×10⁹번 필요해, 이 공용 서버에서 학습 한 번에 쓸 수 "
        "있는 최대 {budget}×10⁹번을 넘습니다. 이 신경망과 데이터로는 최대 {epochs} 에포크 (epoch)까지 "
        "가능합니다. 에포크를 줄이거나 신경망을 작게 (블록이나 채널 수를 줄이거나 커널을 작게) 하세요.",
    },
    "train.budget.over_model": {
        "en": "This run would take about {cost} billion multiply-adds, more than the {budget} billion one run may "
        "take on this shared server, and not even one epoch fits. Make the network smaller (fewer blocks or "
        "channels, a smaller kernel) or the images smaller (the image size of your zip).",
        "ko": "이 학습에는 곱셈-덧셈 (multiply-add)이 약 {cost}×10⁹번 필요해, 이 공용 서버에서 학습 한 번에 쓸 수 "
        "있는 최대 {budget}×10⁹번을 넘으며 한 에포크 (epoch)조차 들어가지 않습니다. 신경망을 작게 (블록이나 "
        "채널 수를 줄이거나 커널을 작게) 하거나 이미지를 작게 (zip의 이미지 크기) 하세요.",
    },
    "train.run.cannot_start": {
        "en": "The network does not fit this dataset. Please change the architecture.",
        "ko": "이 신경망은 이 데이터셋에 맞지 않습니다. 구조를 바꿔 주세요.",
    },
    "train.run.paused": {
        "en": "Paused. Resume continues where it stopped.",
        "ko": "일시정지됨. '계속'을 누르면 이어서 학습합니다.",
    },
    "train.run.done": {
        "en": "Finished {epochs} epochs: {acc} of the validation images are classified correctly.",
        "ko": "{epochs} 에포크 완료: 검증 정확도 (validation accuracy) {acc} (검증 이미지 중 올바르게 분류한 비율).",
    },
    "train.run.diverged": {
        "en": "Training diverged at iteration {iteration}: the loss became {loss}. With a learning rate of {lr} each "
        "update overshoots so far that the weights blow up instead of settling into a minimum. Try a learning rate "
        "of {smaller} or less (for {opt}, {good} usually works), then press Start again.",
        "ko": "반복 (iteration) {iteration}에서 학습이 발산했습니다 (손실 = {loss}). 학습률 {lr}에서는 "
        "갱신할 때마다 최솟값을 너무 멀리 지나쳐 가중치가 수렴하지 않고 폭주합니다. 학습률을 {smaller} 이하로 "
        "낮춘 뒤 (보통 {opt}에는 {good} 정도가 잘 맞습니다) 다시 시작해 보세요.",
    },
    "train.run.stalled": {
        "en": "Validation accuracy is only {acc}, about what guessing gives ({chance}). The network did not learn: "
        "with learning rate {lr} the steps may be far too small, or too large. With ReLU-family activations, "
        "too large a step can leave units that output 0 for every input and so never learn again (dying "
        "ReLU). For {opt}, {good} usually works.",
        "ko": "검증 정확도가 {acc}로, 무작위로 고르는 수준 ({chance})입니다. 신경망이 배우지 못했습니다: "
        "학습률 {lr}이(가) 너무 작거나 너무 클 수 있습니다. ReLU 계열 활성화 함수에서는 너무 큰 걸음 "
        "때문에 어떤 입력에도 0만 내는 뉴런이 생겨 다시는 학습하지 못하기도 합니다 (죽은 ReLU, dying "
        "ReLU). {opt}에는 보통 {good} 정도가 잘 맞습니다.",
    },
    # live view
    "train.live.epoch": {"en": "Epoch", "ko": "에포크 (epoch)"},
    "train.live.iteration": {"en": "Iteration in epoch", "ko": "에포크 안의 반복"},
    "train.live.iteration_help": {
        "en": "Batches done in the current epoch, out of ⌈N / batch size⌉.",
        "ko": "현재 에포크에서 끝낸 배치 수 (전체 ⌈N / 배치 크기⌉ 중).",
    },
    "train.live.total_iters": {"en": "Iterations so far", "ko": "지금까지의 반복 (iteration)"},
    "train.live.speed": {"en": "Samples / s", "ko": "초당 샘플 수"},
    "train.live.val_acc": {"en": "Validation accuracy", "ko": "검증 정확도 (validation accuracy)"},
    "train.live.progress": {"en": "{pct} done {eta}", "ko": "{pct} 완료 {eta}"},
    "train.live.eta": {"en": "· about {seconds} s left", "ko": "· 남은 시간 약 {seconds}초"},
    "train.live.loss_title": {"en": "Loss per iteration", "ko": "반복마다의 손실 (loss)"},
    "train.live.acc_title": {"en": "Accuracy per epoch", "ko": "에포크마다의 정확도"},
    "train.live.iter_axis": {"en": "iteration", "ko": "반복 (iteration)"},
    "train.live.loss_axis": {"en": "cross-entropy loss", "ko": "크로스 엔트로피 손실"},
    "train.live.epoch_axis": {"en": "epoch", "ko": "에포크 (epoch)"},
    "train.live.acc_axis": {"en": "accuracy", "ko": "정확도"},
    "train.live.part": {"en": "data", "ko": "데이터"},
    "train.live.train": {"en": "training", "ko": "학습용"},
    "train.live.val": {"en": "validation", "ko": "검증용"},
    "train.live.no_loss": {
        "en": "The loss curve appears after the first batch.",
        "ko": "첫 배치 뒤에 손실 곡선이 나타납니다.",
    },
    "train.live.no_epoch": {
        "en": "Accuracies appear after the first full epoch.",
        "ko": "첫 에포크가 끝나면 정확도가 나타납니다.",
    },
    "train.status.ready": {"en": "stopped early", "ko": "중간에 멈춤"},
    "train.status.done": {"en": "finished", "ko": "완료"},
    "train.status.diverged": {"en": "diverged", "ko": "발산"},
    # inside
    "train.inside.while_running": {
        "en": "Pause the run to look inside the network: these views are drawn only while no run is going, so "
        "that drawing them never slows the training of this page (or of other students on the same server).",
        "ko": "신경망 내부를 보려면 학습을 일시정지하세요. 이 그림들은 학습이 진행되지 않을 때만 그립니다. 그리는 "
        "동안 이 페이지의 학습이나 같은 서버를 쓰는 다른 학생의 학습이 느려지지 않게 하기 위해서입니다.",
    },
    "train.tab.filters": {"en": "Filters", "ko": "필터 (filter, 커널)"},
    "train.tab.maps": {"en": "Feature maps", "ko": "특성 맵 (feature map)"},
    "train.tab.confusion": {"en": "Confusion matrix", "ko": "혼동 행렬 (confusion matrix)"},
    "train.tab.softmax": {"en": "Softmax", "ko": "소프트맥스 (softmax)"},
    "train.tab.try": {"en": "Try it", "ko": "직접 해 보기"},
    "train.tab.compare": {"en": "Compare runs", "ko": "학습 비교"},
    "train.tab.export": {"en": "Export", "ko": "내보내기"},
    "train.inside.filters_help": {
        "en": "The {n} kernels (filters) of the first convolution, each {c}×{k}×{k}. They start random and, as "
        "training goes on, often start to resemble small edge and blob detectors.",
        "ko": "첫 합성곱 층의 커널 (필터) {n}개, 각각 {c}×{k}×{k}입니다. 무작위로 시작하며, 학습이 진행되면 작은 윤곽·얼룩 검출기와 비슷해지는 경우가 많습니다.",
    },
    "train.inside.colors": {
        "en": "Colours: blue negative, white zero, red positive weight (scale ±{vmax}).",
        "ko": "색: 파랑은 음수, 흰색은 0, 빨강은 양수 가중치 (범위 ±{vmax}).",
    },
    "train.inside.pick": {"en": "Validation image number", "ko": "검증 이미지 번호"},
    "train.inside.input": {"en": "input", "ko": "입력"},
    "train.inside.layer": {"en": "**{name}** — {c} channels of {h}×{w}", "ko": "**{name}** — {h}×{w} 채널 {c}개"},
    "train.inside.maps_help": {
        "en": "At most {n} channels per layer. A map with no negative values is drawn in grey (black 0, white "
        "largest), as after ReLU and the pooling that follows it; a map with negative values is drawn "
        "blue/white/red (negative/0/positive), as after a convolution, or after tanh or ELU, whose outputs "
        "(and their pooled maxima or means) can be negative.",
        "ko": "층마다 채널을 최대 {n}개까지 보여 줍니다. 음수가 없는 맵은 회색조 (검정 0, 흰색 최댓값)로 그립니다 "
        "(ReLU와 그 뒤의 풀링 출력 등). 음수가 있는 맵은 파랑/흰색/빨강 (음수/0/양수)으로 그립니다 "
        "(합성곱 출력, 또는 출력이 음수일 수 있는 tanh·ELU와 그 뒤의 풀링 출력 등).",
    },
    "train.inside.true": {"en": "true class", "ko": "정답 클래스"},
    "train.inside.pred": {"en": "predicted class", "ko": "예측 클래스"},
    "train.inside.count": {"en": "images", "ko": "이미지 수"},
    "train.inside.cm_help": {
        "en": "Rows: the true class; columns: the model's guess. The diagonal holds the correct answers ({acc}).",
        "ko": "행은 정답 클래스, 열은 모델의 예측입니다. 대각선이 맞힌 경우입니다 ({acc}).",
    },
    "train.inside.cell_true": {"en": "Cell: true class", "ko": "칸 선택: 정답 클래스"},
    "train.inside.cell_pred": {"en": "Cell: predicted class", "ko": "칸 선택: 예측 클래스"},
    "train.inside.cell_misses": {
        "en": "{count} validation image(s) of class **{true}** were taken for **{pred}**:",
        "ko": "정답 클래스 **{true}**, 예측 **{pred}**: 잘못 분류된 검증 이미지 {count}개",
    },
    "train.inside.no_mistakes": {
        "en": "The model makes no mistakes on the validation images: every cell off the diagonal is empty.",
        "ko": "모델이 검증 이미지에서 하나도 틀리지 않았습니다. 대각선 밖의 칸은 모두 비어 있습니다.",
    },
    "train.inside.cell_hits": {
        "en": "{count} validation image(s) of class **{true}** were recognised correctly:",
        "ko": "정답 클래스 **{true}**: 올바르게 맞힌 검증 이미지 {count}개",
    },
    "train.inside.class": {"en": "class", "ko": "클래스"},
    "train.inside.prob": {"en": "probability", "ko": "확률"},
    "train.inside.truth": {"en": "true class: {name}", "ko": "정답 클래스: {name}"},
    "train.inside.softmax_wrong": {
        "en": "The model gets this image wrong: it answers {guess}, the true class is {true}. Over all validation "
        "images it is right {acc} of the time; the Confusion matrix tab shows its mistakes.",
        "ko": "모델이 이 이미지를 틀렸습니다. 답은 {guess}이지만 정답 클래스는 {true}입니다. 검증 이미지 전체에서는 "
        "{acc}를 맞히며, 틀린 경우는 혼동 행렬 (confusion matrix) 탭에서 볼 수 있습니다.",
    },
    "train.inside.softmax_help": {
        "en": "Softmax turns the last layer's logits into these probabilities. Top guess: {guess} ({p}); "
        "the cross-entropy loss of this image is −ln p(true class) = {loss}.",
        "ko": "소프트맥스 (softmax)가 마지막 층의 로짓 (logits)을 이 확률로 바꿉니다. 가장 높은 예측: {guess} ({p}); "
        "이 이미지의 크로스 엔트로피 (cross-entropy) 손실은 −ln p(정답 클래스) = {loss}입니다.",
    },
    "train.inside.link_softmax": {"en": "How softmax works", "ko": "소프트맥스의 원리"},
    "train.inside.link_conv": {"en": "How convolution and pooling work", "ko": "합성곱과 풀링의 원리"},
    # try it
    "train.try.help": {
        "en": "Upload a picture: it is turned into the same kind of input as the training images, then classified.",
        "ko": "그림을 올리면 학습 이미지와 같은 형태의 입력으로 바꾼 뒤 분류합니다.",
    },
    "train.try.label": {"en": "Your image", "ko": "내 이미지"},
    "train.try.reading": {"en": "Reading your image…", "ko": "이미지를 읽는 중…"},
    "train.try.original": {"en": "your upload", "ko": "올린 이미지"},
    "train.try.seen": {"en": "what the model sees ({h}×{w})", "ko": "모델이 보는 입력 ({h}×{w})"},
    "train.try.topk": {"en": "Top {k} classes:", "ko": "확률이 높은 클래스 {k}개:"},
    "train.try.domain": {
        "en": "The model can only answer with one of its {k} classes, so it names one even for a picture unlike "
        "anything it was trained on. A high probability is then no certainty: it only says which of its {k} "
        "answers fits least badly.",
        "ko": "모델은 배운 {k}개 클래스 중 하나로만 답할 수 있어서, 학습 데이터와 전혀 다른 그림에도 그중 하나를 "
        "고릅니다. 이때 확률이 높다고 확실하다는 뜻은 아닙니다. {k}개 답 가운데 덜 틀린 쪽이 어디인지 말할 뿐입니다.",
    },
    "train.try.failed": {
        "en": "This image could not be used. Please try a PNG or JPEG file.",
        "ko": "이 이미지는 사용할 수 없습니다. PNG나 JPEG 파일로 다시 시도해 주세요.",
    },
    "train.try.error.empty": {"en": "The file is empty.", "ko": "파일이 비어 있습니다."},
    "train.try.error.not_image": {
        "en": "This file is not a picture that can be read. Please use PNG, JPEG, WebP, GIF, BMP or TIFF.",
        "ko": "읽을 수 있는 그림 파일이 아닙니다. PNG, JPEG, WebP, GIF, BMP, TIFF를 사용해 주세요.",
    },
    "train.try.error.too_large": {
        "en": "The picture has too many pixels. Please shrink it before uploading.",
        "ko": "그림의 픽셀 수가 너무 많습니다. 크기를 줄인 뒤 올려 주세요.",
    },
    "train.try.error.truncated": {
        "en": "The file ends too early (incomplete download or save). Please export it again.",
        "ko": "파일이 중간에 끊겨 있습니다 (다운로드나 저장이 덜 됨). 다시 저장해 주세요.",
    },
    "train.try.error.unsupported": {
        "en": "This picture's pixel format cannot be converted to colours here.",
        "ko": "이 그림의 픽셀 형식은 여기서 색으로 바꿀 수 없습니다.",
    },
    "train.try.error.corrupt": {
        "en": "The picture is damaged and could not be decoded.",
        "ko": "그림 파일이 손상되어 읽을 수 없습니다.",
    },
    # compare and export
    "train.compare.label": {
        "en": "run {number}: {opt}, lr {lr}, {loss}",
        "ko": "학습 {number}: {opt}, 학습률 {lr}, {loss}",
    },
    # the loss choice (why cross-entropy)
    "train.hyper.loss": {"en": "Loss", "ko": "손실 함수 (loss function)"},
    "train.hyper.loss_help": {
        "en": "Cross-entropy: −ln p of the true class. MSE: the mean squared difference between the softmax "
        "probabilities and the one-hot answer. The Softmax page shows why cross-entropy learns faster from mistakes.",
        "ko": "크로스 엔트로피: 정답 클래스의 −ln p입니다. MSE: 소프트맥스 확률과 원-핫 (one-hot) 정답 사이 차이의 "
        "제곱 평균입니다. 크로스 엔트로피가 왜 실수에서 더 빨리 배우는지는 소프트맥스 페이지에서 볼 수 있습니다.",
    },
    "train.loss_axis.cross_entropy": {"en": "cross-entropy loss", "ko": "크로스 엔트로피 손실"},
    "train.loss_axis.mse": {"en": "MSE loss", "ko": "MSE 손실"},
    "train.loss_axis.mixed": {
        "en": "loss (each run's own, see its label)",
        "ko": "손실 (학습마다 자기 손실 함수, 이름 참고)",
    },
    "train.loss.cross_entropy": {"en": "cross-entropy", "ko": "크로스 엔트로피 (cross-entropy)"},
    "train.loss.mse": {"en": "MSE on the softmax", "ko": "소프트맥스의 평균 제곱 오차 (MSE)"},
    "train.lab.mse_stalled": {
        "en": "This run used MSE on the softmax: its gradients are tiny wherever the network is confidently wrong, "
        "so plain SGD barely moves the weights. Try the same settings with cross-entropy (see “Why "
        "cross-entropy?” below).",
        "ko": "이 학습은 소프트맥스의 MSE를 썼습니다. 신경망이 확신에 찬 오답을 내는 곳마다 기울기가 아주 작아서 기본 "
        "SGD로는 가중치가 거의 움직이지 않습니다. 같은 설정을 크로스 엔트로피로 해 보세요 (아래 '왜 크로스 "
        "엔트로피인가?' 참고).",
    },
    "train.lab.loss_title": {
        "en": "Why cross-entropy? Train the same network with each loss",
        "ko": "왜 크로스 엔트로피인가? 같은 신경망을 두 손실로 학습하기",
    },
    "train.lab.loss_intro": {
        "en": "Cross-entropy (−ln p of the true class) pushes a confidently wrong prediction hard; the mean squared "
        "error (MSE) between the softmax probabilities and the one-hot answer hardly pushes it, because its "
        "gradient passes through the saturated softmax. The button below trains the network above twice, once "
        "with each loss: same data, batch size, seed and starting weights, plain SGD. Both runs appear under "
        "Compare runs.",
        "ko": "크로스 엔트로피 (정답 클래스의 −ln p)는 확신에 찬 오답을 세게 밀어 고칩니다. 소프트맥스 확률과 원-핫 "
        "정답 사이의 평균 제곱 오차 (MSE)는 기울기가 포화된 소프트맥스를 거치기 때문에 거의 밀지 못합니다. 아래 "
        "버튼은 위의 신경망을 두 번, 손실마다 한 번씩 학습합니다. 데이터, 배치 크기, 시드, 시작 가중치는 같고 "
        "최적화 방법은 기본 SGD입니다. 두 학습 모두 '학습 비교'에 나타납니다.",
    },
    "train.lab.loss_measured": {
        "en": "Measured here (default network, digits, batch 32, seed 0, 3 epochs): with SGD at learning rate 0.1, "
        "cross-entropy reaches {ce} validation accuracy and MSE {mse}; with Adam (learning rate {adam_lr}) "
        "{adam_ce} and {adam_mse}.",
        "ko": "여기서 측정한 값 (기본 신경망, 숫자 데이터, 배치 32, 시드 0, 3 에포크): 학습률 0.1의 SGD로는 크로스 "
        "엔트로피가 검증 정확도 {ce}, MSE가 {mse}에 이릅니다. Adam (학습률 {adam_lr})으로는 {adam_ce}와 "
        "{adam_mse}입니다.",
    },
    "train.lab.loss_adam": {
        "en": "Why does the gap disappear with Adam? Adam divides each weight's step by the running size of that "
        "weight's recent gradients, so small but consistent gradients still move the weights by about the "
        "learning rate. Plain SGD steps by learning rate × gradient, and MSE's gradients are small exactly where "
        "the network is wrong.",
        "ko": "Adam에서는 왜 차이가 사라질까요? Adam은 각 가중치의 걸음을 그 가중치의 최근 기울기 크기의 이동 평균으로 "
        "나누므로, 작지만 꾸준한 기울기도 가중치를 학습률 정도만큼 움직입니다. 기본 SGD는 학습률 × 기울기만큼 "
        "움직이는데, MSE의 기울기는 바로 신경망이 틀린 곳에서 작습니다.",
    },
    "train.lab.loss_button": {
        "en": "Train both: cross-entropy, then MSE (SGD, lr {lr}, {epochs} epochs)",
        "ko": "둘 다 학습: 크로스 엔트로피, 그다음 MSE (SGD, 학습률 {lr}, {epochs} 에포크)",
    },
    "train.lab.loss_link": {
        "en": "Why cross-entropy, on the Softmax page",
        "ko": "소프트맥스 페이지의 '왜 크로스 엔트로피인가'",
    },
    "train.lab.loss_running": {
        "en": "The experiment is running: cross-entropy first, then MSE. The result appears here when both have "
        "finished.",
        "ko": "실험이 진행 중입니다. 크로스 엔트로피를 먼저, 그다음 MSE를 학습합니다. 둘 다 끝나면 결과가 여기에 "
        "나타납니다.",
    },
    "train.lab.loss_result": {
        "en": "Result after {epochs} epochs: run {a} (cross-entropy) reached {ce} validation accuracy, run {b} "
        "(MSE) {mse}. Compare their curves under Compare runs.",
        "ko": "{epochs} 에포크 뒤 결과: 학습 {a} (크로스 엔트로피)는 검증 정확도 {ce}, 학습 {b} (MSE)는 {mse}에 "
        "이르렀습니다. '학습 비교'에서 두 곡선을 비교해 보세요.",
    },
    # the live vocabulary line and the batch-size lab (why mini-batches)
    "train.lab.vocab_line": {
        "en": "Iteration {i} of {n} in epoch {epoch} = {i} batches of {batch} images: {seen} of the {total} "
        "training images seen in this epoch.",
        "ko": "에포크 {epoch}의 반복 {i}/{n} = 이미지 {batch}개짜리 배치 {i}개: 이번 에포크에서 학습 이미지 "
        "{total}개 중 {seen}개를 보았습니다.",
    },
    "train.lab.vocab_line_last": {
        "en": "Iteration {i} of {n} in epoch {epoch} = {full} batches of {batch} images and a last batch of "
        "{rest}: all {total} training images seen in this epoch.",
        "ko": "에포크 {epoch}의 반복 {i}/{n} = 이미지 {batch}개짜리 배치 {full}개와 마지막 배치 {rest}개: 이번 "
        "에포크에서 학습 이미지 {total}개를 모두 보았습니다.",
    },
    "train.lab.failed": {
        "en": "The lab could not finish: the training process stopped or failed. Press the button to try again.",
        "ko": "실험을 끝내지 못했습니다: 학습 프로세스가 멈췄거나 오류가 났습니다. 버튼을 눌러 다시 해 보세요.",
    },
    "train.lab.batch_title": {
        "en": "Why mini-batches? The batch-size lab",
        "ko": "왜 미니배치 (mini-batch)인가? 배치 크기 실험",
    },
    "train.lab.batch_intro": {
        "en": "One epoch of the network above with batches of 1, 8, 32 and 128 images, and with the whole training "
        "set as one batch: same seed and starting weights, plain SGD at learning rate {lr}, the loss chosen "
        "above. For each: how many updates (iterations) it makes, how long the epoch takes, how many images per "
        "second it trains, and the validation accuracy after the epoch.",
        "ko": "위의 신경망을 배치 크기 1, 8, 32, 128, 그리고 학습 데이터 전체를 한 배치로 하여 한 에포크씩 "
        "학습합니다. 시드와 시작 가중치는 같고, 학습률 {lr}의 기본 SGD와 위에서 고른 손실 함수를 씁니다. 각각 "
        "업데이트 (반복) 횟수, 한 에포크에 걸린 시간, 초당 학습한 이미지 수, 에포크 뒤 검증 정확도를 잽니다.",
    },
    "train.lab.batch_button": {"en": "Run the batch-size lab (a few seconds)", "ko": "배치 크기 실험 실행 (몇 초)"},
    "train.lab.batch_running": {
        "en": "Training one epoch at each batch size…",
        "ko": "배치 크기마다 한 에포크씩 학습하는 중…",
    },
    "train.lab.subsampled": {
        "en": "To keep the lab to a few seconds on a shared server, it trained on the first {n} of the {total} "
        "training images; the validation accuracy uses all {val} validation images.",
        "ko": "공유 서버에서 몇 초 안에 끝나도록 학습 이미지 {total}개 중 처음 {n}개로만 학습했습니다. 검증 "
        "정확도는 검증 이미지 {val}개 전부로 잽니다.",
    },
    "train.lab.all_images": {
        "en": "Trained on all {n} training images; validation accuracy on all {val} validation images.",
        "ko": "학습 이미지 {n}개 전부로 학습했고, 검증 정확도는 검증 이미지 {val}개 전부로 잽니다.",
    },
    "train.lab.full_batch": {"en": "whole set ({n})", "ko": "전체 ({n})"},
    "train.lab.col_batch": {"en": "batch size", "ko": "배치 크기"},
    "train.lab.col_iters": {"en": "iterations (updates)", "ko": "반복 (업데이트) 횟수"},
    "train.lab.col_seconds": {"en": "training time (s)", "ko": "학습 시간 (초)"},
    "train.lab.col_speed": {"en": "images / s", "ko": "이미지 / 초"},
    "train.lab.col_acc": {"en": "validation accuracy", "ko": "검증 정확도"},
    "train.lab.axis_update": {"en": "update (iteration, log scale)", "ko": "업데이트 (반복, 로그 눈금)"},
    "train.lab.curves_title": {
        "en": "Training loss at every update, one curve per batch size",
        "ko": "업데이트마다의 학습 손실 (배치 크기마다 곡선 하나)",
    },
    "train.lab.curves_desc": {
        "en": "Line chart of the training loss at every update (both axes on a log scale). Updates per batch size: "
        "{listing}.",
        "ko": "업데이트마다의 학습 손실을 나타낸 선 차트입니다 (두 축 모두 로그 눈금). 배치 크기별 업데이트 수: "
        "{listing}.",
    },
    "train.lab.curves_note": {
        "en": "Each curve has one point per update. With a batch of 1 each loss is that of a single image, so the "
        "curve jumps from image to image; a larger batch averages the loss over more images, so its curve is "
        "smoother but has fewer points.",
        "ko": "각 곡선에는 업데이트마다 점이 하나 있습니다. 배치가 1이면 각 손실이 이미지 한 장의 손실이라 곡선이 "
        "이미지마다 크게 오르내립니다. 배치가 크면 더 많은 이미지의 손실을 평균하므로 곡선이 매끄럽지만 점은 "
        "적습니다.",
    },
    "train.lab.speed_lesson": {
        "en": "**Time.** With batch size {b1} the network trained {s1} images per second, with batch size {bf} {sf} "
        "({ratio} times as many). Every "
        "update has a cost that does not grow with the batch: Python runs the step, each layer's computation is "
        "launched, the optimizer changes every weight. A batch shares that cost among its images, and inside a "
        "batch the arithmetic for all images runs as one vectorised operation (one large matrix product instead "
        "of many small ones).",
        "ko": "**시간.** 배치 크기 {b1}로는 초당 이미지 {s1}개, 배치 크기 {bf}로는 {sf}개를 학습했습니다 ({ratio}배). "
        "업데이트마다 "
        "배치 크기와 상관없는 비용이 듭니다. 파이썬이 한 단계를 실행하고, 층마다 계산을 시작하고, 최적화기가 "
        "모든 가중치를 바꿉니다. 배치는 이 비용을 이미지들이 나눠 내게 하며, 배치 안에서는 모든 이미지의 계산이 "
        "하나의 벡터화된 연산 (vectorised operation)으로 돌아갑니다 (작은 행렬 곱 여러 번 대신 큰 행렬 곱 한 번).",
    },
    "train.lab.full_lesson": {
        "en": "**Progress per epoch.** The whole set as one batch ({n} images) pays a full pass over the data for "
        "{itf} update per epoch: its gradient is the exact average over these images, but the weights move only "
        "once, by learning rate × gradient, and the network ends the epoch at {accf} validation accuracy (chance: "
        "{chance}). Batch 1 made {it1} updates in the same epoch and reached {acc1}. Mini-batches sit in between: "
        "many updates per epoch, each at a good speed per image.",
        "ko": "**에포크당 진척.** 전체를 한 배치로 쓰면 ({n}개 이미지) 데이터 전체를 한 번 훑는 비용으로 에포크마다 "
        "업데이트를 {itf}번만 합니다. 기울기는 이 이미지들에 대한 정확한 평균이지만, 가중치는 학습률 × 기울기만큼 "
        "한 번만 움직이고, 신경망은 검증 정확도 {accf}로 에포크를 마칩니다 (찍어서 맞힐 확률: {chance}). 배치 1은 "
        "같은 에포크에 {it1}번 업데이트하여 {acc1}에 이르렀습니다. 미니배치는 그 중간입니다. 에포크마다 업데이트를 "
        "많이 하면서도 이미지당 속도가 좋습니다.",
    },
    "train.compare.run": {"en": "run", "ko": "학습"},
    "train.compare.data": {"en": "data", "ko": "데이터"},
    "train.compare.arch": {"en": "architecture", "ko": "구조"},
    "train.compare.epochs": {"en": "epochs done", "ko": "끝낸 에포크"},
    "train.compare.status": {"en": "status", "ko": "상태"},
    "train.compare.empty": {
        "en": "Runs you train appear here, so you can overlay their loss curves.",
        "ko": "학습한 결과가 여기에 쌓여 손실 곡선을 겹쳐 비교할 수 있습니다.",
    },
    "train.compare.help": {
        "en": "The last {n} runs of this session are kept; change one setting at a time to see its effect.",
        "ko": "이 세션의 최근 학습 {n}개를 보관합니다. 설정을 하나씩만 바꿔 가며 효과를 비교해 보세요.",
    },
    "train.export.help": {
        "en": "Weights as a PyTorch state_dict (load with torch.load and model.load_state_dict), the settings as "
        "JSON, and the loss and accuracies as CSV.",
        "ko": "가중치는 PyTorch state_dict로 (torch.load와 model.load_state_dict로 불러옴), 설정은 JSON으로, "
        "손실과 정확도는 CSV로 내려받습니다.",
    },
    "train.export.weights": {"en": "Weights (.pt)", "ko": "가중치 (.pt)"},
    "train.export.config": {"en": "Settings (JSON)", "ko": "설정 (JSON)"},
    "train.export.metrics": {"en": "Metrics (CSV)", "ko": "지표 (CSV)"},
    # "Check yourself" (ui/train/quiz.py)
    "train.quiz.iters": {
        "en": "The training set has N = {n} images and the batch size is B = {b}. How many iterations (weight "
        "updates) does one epoch have?",
        "ko": "훈련 데이터는 N = {n}장이고 배치 크기는 B = {b}입니다. 한 에포크 (epoch)는 몇 번의 반복 (iteration, "
        "가중치 갱신)으로 이루어집니까?",
    },
    "train.quiz.iters_why": {
        "en": "⌈N / B⌉ = ⌈{n} / {b}⌉ = {iters}: every image is used once per epoch, and a last, smaller batch "
        "still counts as one iteration.",
        "ko": "⌈N / B⌉ = ⌈{n} / {b}⌉ = {iters}입니다. 에포크마다 모든 이미지를 한 번씩 쓰며, 마지막의 더 작은 "
        "배치도 한 번의 반복으로 셉니다.",
    },
    "train.quiz.last": {
        "en": "With N = {n} and B = {b}, how many images are in the last batch of an epoch?",
        "ko": "N = {n}, B = {b}일 때 한 에포크의 마지막 배치에는 이미지가 몇 장 있습니까?",
    },
    "train.quiz.last_why": {
        "en": "{full} full batches take {full} × {b} images; the last of the {iters} iterations gets the remaining "
        "{n} − {full} × {b} = {last}.",
        "ko": "꽉 찬 배치 {full}개가 {full} × {b}장을 쓰고, {iters}번째 반복은 남은 {n} − {full} × {b} = {last}장을 "
        "받습니다.",
    },
    "train.quiz.total": {
        "en": "How many iterations does the whole run of {e} epochs have?",
        "ko": "{e} 에포크 전체 학습은 몇 번의 반복으로 이루어집니까?",
    },
    "train.quiz.total_why": {
        "en": "{e} epochs × {iters} iterations per epoch = {total}.",
        "ko": "{e} 에포크 × 에포크당 {iters}번 = {total}번입니다.",
    },
    # chart descriptions: the accessible name of each chart (read by screen readers), with its numbers
    # each chart's accessible name: a fixed sentence (part of the chart's spec, so no numbers that change)
    "train.about.loss": {
        "en": "Line chart of the training loss per iteration; its numbers are in the text under it.",
        "ko": "반복 (iteration)마다의 학습 손실 꺾은선 그래프입니다. 수치는 그래프 아래 글에 있습니다.",
    },
    "train.about.acc": {
        "en": "Line chart of the accuracy per epoch, training (solid line, circles) and validation (dashed line, "
        "squares); its numbers are in the text under it.",
        "ko": "에포크 (epoch)마다의 정확도 꺾은선 그래프입니다. 학습용은 실선과 원, 검증용은 점선과 네모이며, 수치는 "
        "그래프 아래 글에 있습니다.",
    },
    "train.about.cm": {
        "en": "Confusion matrix, rows the true class, columns the predicted class; the correct counts are in the "
        "text under it.",
        "ko": "혼동 행렬 (confusion matrix)입니다. 행은 정답 클래스, 열은 예측 클래스이며, 맞힌 수는 그래프 아래 글에 "
        "있습니다.",
    },
    "train.about.probs": {
        "en": "Horizontal bars of the predicted probability of each class, the true class outlined when known; the "
        "probabilities are in the text under it.",
        "ko": "클래스마다 예측 확률을 그린 가로 막대그래프이며, 정답을 알면 그 클래스는 테두리로 표시합니다. 확률은 "
        "그래프 아래 글에 있습니다.",
    },
    "train.about.compare_loss": {
        "en": "Loss curves of the last runs, one line each; each run's last loss is in the text under it.",
        "ko": "최근 학습들의 손실 곡선으로, 학습마다 한 선입니다. 각 학습의 마지막 손실은 그래프 아래 글에 있습니다.",
    },
    "train.about.compare_acc": {
        "en": "Validation accuracy per epoch of the last runs, one line each; each run's last value is in the text "
        "under it.",
        "ko": "최근 학습들의 에포크마다 검증 정확도로, 학습마다 한 선입니다. 각 학습의 마지막 값은 그래프 아래 글에 "
        "있습니다.",
    },
    # the numbers of each chart, as text under it
    "train.desc.loss": {
        "en": "Loss over {n} iterations: {first} at the start, {last} now.",
        "ko": "반복 (iteration) {n}번 동안의 손실: 처음 {first}, 지금 {last}입니다.",
    },
    "train.desc.acc": {
        "en": "Line chart of the accuracy per epoch over {n} epochs, training (solid line, circles) and validation "
        "(dashed line, squares): after the last epoch {train} on the training data, {val} on the validation data.",
        "ko": "에포크 (epoch) {n}번 동안 에포크마다의 정확도 꺾은선 그래프입니다. 학습용은 실선과 원, 검증용은 점선과 "
        "네모입니다. 마지막 에포크 뒤 학습용 {train}, 검증용 {val}입니다.",
    },
    "train.desc.cm": {
        "en": "Confusion matrix of {n} classes, rows the true class, columns the predicted class; correct per class "
        "(diagonal / all): {items}. {correct} of {total} validation images are correct.",
        "ko": "클래스 {n}개의 혼동 행렬 (confusion matrix)입니다. 행은 정답 클래스, 열은 예측 클래스입니다. 클래스별로 "
        "맞힌 수 (대각선 / 전체): {items}. 검증 이미지 {total}장 중 {correct}장을 맞혔습니다.",
    },
    "train.desc.probs": {
        "en": "Horizontal bars of the predicted probabilities of {n} classes: {items}.",
        "ko": "클래스 {n}개의 예측 확률 가로 막대그래프입니다: {items}.",
    },
    "train.desc.probs_true": {
        "en": "Horizontal bars of the predicted probabilities of {n} classes: {items}. The true class {true} is "
        "outlined.",
        "ko": "클래스 {n}개의 예측 확률 가로 막대그래프입니다: {items}. 정답 클래스 {true}는 테두리로 표시합니다.",
    },
    "train.desc.compare_loss": {
        "en": "Loss curves of the last {n} runs, one line each; the last loss of each: {items}.",
        "ko": "최근 학습 {n}개의 손실 곡선으로, 학습마다 한 선입니다. 각 학습의 마지막 손실: {items}.",
    },
    "train.desc.compare_acc": {
        "en": "Validation accuracy per epoch of the last {n} runs; after the last epoch: {items}.",
        "ko": "최근 학습 {n}개의 에포크마다 검증 정확도입니다. 마지막 에포크 뒤: {items}.",
    },
    # text alternatives of the pictures (ui/common/a11y.py) and the numbers behind them
    "train.alt.samples": {
        "en": "{n} training images of class {name}, {h}×{w} pixels each",
        "ko": "클래스 {name}의 학습 이미지 {n}장, 각각 {h}×{w} 픽셀",
    },
    "train.alt.filter": {
        "en": "Filter {i}: {c}×{k}×{k} weights from {lo} to {hi}",
        "ko": "필터 {i}: {c}×{k}×{k} 가중치, {lo}부터 {hi}까지",
    },
    "train.alt.map": {
        "en": "Feature map {i} of layer {layer}: {h}×{w}, values from {lo} to {hi}",
        "ko": "{layer} 층의 특성 맵 {i}: {h}×{w}, 값 {lo}부터 {hi}까지",
    },
    "train.alt.image": {
        "en": "Validation image #{idx} of class {name}, {c}×{h}×{w}",
        "ko": "클래스 {name}의 검증 이미지 #{idx}, {c}×{h}×{w}",
    },
    "train.alt.example": {
        "en": "Validation image #{idx}: class {true}, given {p} for {pred}",
        "ko": "검증 이미지 #{idx}: 정답 {true}, {pred}일 확률 {p}",
    },
    "train.alt.upload": {"en": "Your picture, {h}×{w} pixels", "ko": "올린 그림, {h}×{w} 픽셀"},
    "train.alt.seen": {
        "en": "Your picture as the network sees it: {c}×{h}×{w}",
        "ko": "신경망이 보는 그림: {c}×{h}×{w}",
    },
    "train.table.filters": {"en": "The filters' weights as numbers", "ko": "필터 가중치를 숫자로 보기"},
    "train.table.maps": {"en": "The feature maps' values as numbers", "ko": "특성 맵 값을 숫자로 보기"},
    "train.table.confusion": {"en": "The confusion matrix as a table", "ko": "혼동 행렬을 표로 보기"},
    "train.table.filter": {"en": "filter", "ko": "필터"},
    "train.table.layer": {"en": "layer", "ko": "층"},
    "train.table.map": {"en": "map", "ko": "맵"},
    "train.table.min": {"en": "smallest", "ko": "최솟값"},
    "train.table.mean": {"en": "mean", "ko": "평균"},
    "train.table.max": {"en": "largest", "ko": "최댓값"},
    "train.table.corner": {"en": "true ╲ predicted", "ko": "정답 ╲ 예측"},
}
