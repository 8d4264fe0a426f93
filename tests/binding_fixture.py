"""A module-level setting, as pages declare them: one object shared by every session of the process."""

from ui.common.binding import Setting

NAMES = Setting("b_names", ["a", "b"])
LEVEL = Setting("b_level", 2, options=(1, 2, 3))
