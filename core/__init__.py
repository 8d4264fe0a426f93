"""Pure computation for ML Explorer: NumPy/torch/dataclasses in, the same out.

Never imports streamlit or ui. torch is imported at module level only by
``training`` and ``datasets``; the other modules import it lazily, if at all.
"""
