"""Check yourself on the convolution page: the feature map's and the pooled map's size for the current settings."""

from __future__ import annotations

from core.layer import ConvError, check_layer, output_hw
from ui.common import quiz
from ui.common.i18n import t
from ui.convolution.params import Layer, Pool


def quiz_section(shape: tuple[int, ...], kernel_shape: tuple[int, int], layer: Layer, pool: Pool) -> None:
    """Predict H_out (and W_out for a non-square input), then the pooled height; core answers."""
    (h, w), (kh, kw) = shape[-2:], kernel_shape
    (top, bottom, left, right), (h_out, w_out) = check_layer((h, w), kernel_shape, **layer.kwargs())
    setting = t("convolution.quiz.setting", h=h, w=w, k=f"{kh}×{kw}", s=layer.stride, p=layer.padding, d=layer.dilation)
    with quiz.section():
        axes = [("H", h, kh, (top, bottom), h_out), ("W", w, kw, (left, right), w_out)]
        for axis, n, k, pads, out in axes[: 1 if (h, kh) == (w, kw) else 2]:  # W only when it differs from H
            prompt = t(f"convolution.quiz.{axis.lower()}", setting=setting)
            why = _why(axis, n, k, pads, layer, out)
            quiz.question(f"cv_{axis.lower()}", prompt, number=True, answer=out, why=why)
        try:
            pooled_h = output_hw((h_out, w_out), (pool.kernel_size, pool.kernel_size), stride=pool.stride)[0]
        except ConvError:  # the window does not fit: the page says so, and there is nothing to predict
            return
        quiz.question(
            "cv_pool",
            t("convolution.quiz.pool", k=pool.kernel_size, s=pool.stride),
            number=True,
            answer=pooled_h,
            why=t("convolution.quiz.pool_why", n=h_out, k=pool.kernel_size, s=pool.stride, out=pooled_h),
        )


def _why(axis: str, n: int, k: int, pads: tuple[int, int], layer: Layer, out: int) -> str:
    """The output-size formula for one axis with this input's numbers filled in."""
    s, d = layer.stride, layer.dilation
    return t("convolution.quiz.size_why", axis=axis, n=n, pad=f"{pads[0]} + {pads[1]}", d=d, k=k, s=s, out=out)
