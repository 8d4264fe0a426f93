"""Pure computation for ML Explorer: NumPy/torch/dataclasses in, the same out.

Never imports streamlit or ui. torch is imported at module level only by ``training``;
the other modules import it lazily, if at all. Errors share one shape: ``errors.CoreError``.
"""
