"""The one error shape of core: a rule was broken, ``code`` says which, ``params`` carry the values.

Core owns its rules and says what is wrong; ui only translates ``(code, params)`` into Korean or
English. ``str(err)`` is an English sentence for logs and tests. Every error is a ``ValueError``
(scikit-learn's convention for bad arguments), so callers that do not care can catch that.
"""

from __future__ import annotations


class CoreError(ValueError):
    """An input breaks a rule of core.

    Parameters
    ----------
    code : str
        Stable machine-readable name of the broken rule (each subclass lists its codes).
    message : str
        English explanation, for logs and tests.
    **params
        The values involved, for a translated message.
    """

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params

    def __reduce__(self):  # keep code and params through pickling (caches, worker processes)
        return _rebuild, (type(self), self.code, str(self), self.params)


def _rebuild(cls: type[CoreError], code: str, message: str, params: dict) -> CoreError:
    error = CoreError.__new__(cls)
    CoreError.__init__(error, code, message, **params)
    return error
