"""What a training run costs: multiply-accumulates (MACs) of the mini-CNN, per image and per run.

A shared server bounds what one run may ask for by this number (``ui/train/state.py``), so it is
counted from the architecture alone, before any model is built. Convolutions and the linear layer are
counted; activations, pooling and the loss (a few per cent on top) are not.

>>> from core.training import CNNConfig
>>> forward_macs(CNNConfig())  # the page's default network on 8×8 digits
84224
"""

from __future__ import annotations

from core.training import CNNConfig, describe


def _layer_macs(cfg: CNNConfig) -> list[int]:
    """MACs per image of each conv layer (in order) and then the linear layer."""
    rows = describe(cfg)
    macs, c_in = [], cfg.input_shape[0]
    for row in rows:
        if row.kind == "conv":
            c_out, h, w = row.shape
            macs.append(c_out * h * w * c_in * cfg.kernel_size**2)  # one k×k×C_in dot product per output value
            c_in = c_out
        elif row.kind == "linear":
            macs.append(rows[-2].shape[0] * cfg.n_classes)
    return macs


def forward_macs(cfg: CNNConfig) -> int:
    """Multiply-accumulates of one image's forward pass."""
    return sum(_layer_macs(cfg))


def training_cost(cfg: CNNConfig, n_train: int, epochs: int, *, n_val: int = 0) -> int:
    """MACs of a whole run: ``epochs`` passes over ``n_train`` images, and a validation pass after each epoch.

    A training image costs its forward pass, then the backward pass: the gradient of every layer's weights
    (as many MACs as its forward) and of its input (the same again, except for the first convolution, whose
    input is the data).

    >>> training_cost(CNNConfig(), 1438, 15, n_val=359)  # the page's default run on digits
    5704892160
    """
    layers = _layer_macs(cfg)
    per_train_image = 3 * sum(layers) - layers[0]
    return int(epochs) * (int(n_train) * per_train_image + int(n_val) * sum(layers))


def max_epochs_within(cfg: CNNConfig, n_train: int, budget: int, *, n_val: int = 0) -> int:
    """The most epochs of this network on this data that cost at most ``budget`` MACs (0: not even one)."""
    return int(budget) // training_cost(cfg, n_train, 1, n_val=n_val)
