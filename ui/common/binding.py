"""One declaration per page setting: the URL seed, the widget, its translated labels and the URL write-back.

A page declares its settings once, at module level::

    EPOCHS = Setting("train_epochs", 15, valid=lambda v: 1 <= v <= 50)
    OPTIMIZER = Setting("train_opt", "adam", options=("sgd", "momentum", "adam"), labels="train.opt.")

and draws each with one line, in any container::

    epochs = EPOCHS.widget(col.slider, t("train.hyper.epochs"), 1, 50)
    opt = OPTIMIZER.widget(st.radio, t("train.hyper.optimizer"), horizontal=True)

``widget`` does every step a setting needs, in the order Streamlit needs them:

1. seed ``st.session_state[key]`` once per session from ``?key=`` (junk or out-of-range values in a
   hand-edited link fall back to the default: a link can never crash a page);
2. for translated choices, set the value again after a language switch (Streamlit keeps a choice
   widget's value as its *label*; the old language's label would match no option) and pass
   ``format_func`` showing ``t(labels + str(option))``;
3. draw the widget with ``key`` and ``persist_state="session"`` (Streamlit otherwise drops the state of
   widgets that a run does not draw, e.g. while the student is on another page);
4. write the value back to the URL, so a reload or a shared link opens the same state.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from ui.common.i18n import option_labels, relabel_choices
from ui.common.urlstate import publish, seed


@dataclass(frozen=True)
class Setting:
    """A page setting: session key (= URL parameter), default, how to read it from a URL, its labels."""

    key: str
    default: Any
    options: Sequence | None = None  # a choice widget's options (also what a URL value may be)
    labels: str | None = None  # i18n prefix: option o is shown as t(labels + str(o))
    parse: Callable[[str], Any] | None = None  # URL text -> value (default: the default's type)
    valid: Callable[[Any], bool] | None = None  # is a parsed URL value acceptable? (default: in options)
    url: bool = True  # travel in the URL?

    def accepts(self, value: Any) -> bool:
        """Would this value be taken from a URL?"""
        if self.valid is not None:
            return bool(self.valid(value))
        return self.options is None or value in self.options

    def seed(self) -> None:
        """Set the session's value from the URL (or the default) unless the session already has one."""
        if self.key in st.session_state:
            return
        default = _fresh(self.default)  # a session must never edit the default every other one shares
        if self.url:
            seed(self.key, default, parse=self.parse, valid=self.accepts)
        else:
            st.session_state[self.key] = default

    @property
    def value(self) -> Any:
        """The session's current value (seeded on first use)."""
        self.seed()
        return st.session_state[self.key]

    def widget(self, draw: Callable[..., Any], label: str, *args: Any, **kwargs: Any) -> Any:
        """Draw this setting with ``draw`` (e.g. ``st.radio`` or ``col.slider``) and return its value."""
        self.seed()
        if self.options is not None and not args:
            kwargs.setdefault("options", self.options)
        if self.labels is not None:
            relabel_choices(self.key)
            kwargs.setdefault("format_func", option_labels(self.labels, self.options))
        value = draw(label, *args, key=self.key, persist_state="session", **kwargs)
        self.publish()
        return value

    def publish(self) -> None:
        """Write the session's value to the URL (a no-op for settings that stay out of it)."""
        if self.url and self.key in st.session_state:
            publish(**{self.key: st.session_state[self.key]})


def _fresh(value: Any) -> Any:
    """A session's own copy of a mutable default (a read-only mapping becomes a plain dict)."""
    if isinstance(value, Mapping):
        return {k: _fresh(v) for k, v in value.items()}
    if isinstance(value, (list, set)):
        return copy.deepcopy(value)
    return value
