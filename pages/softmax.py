"""softmax page — built by its own issue; until then a short note."""

from ui.shell import coming_soon, page_start

page_start()
coming_soon("softmax")
