"""Where messages go: the package's own to print() by default and the C++ core's to stderr;
both to a logger given to register_logger (the core's through a C callback, as LightGBM's
register_logger does).
"""

from __future__ import annotations

import ctypes
from typing import Any

__all__ = ["register_logger"]


class _PrintLogger:
    @staticmethod
    def info(msg: str) -> None:
        print(msg, flush=True)

    @staticmethod
    def warning(msg: str) -> None:
        import warnings
        warnings.warn(msg, stacklevel=3)


_LOGGER: Any = _PrintLogger()
_INFO_METHOD = "info"
_WARNING_METHOD = "warning"


def register_logger(logger: Any, info_method_name: str = "info",
                    warning_method_name: str = "warning") -> None:
    """Routes qgbm's messages (evaluation logs, warnings) to `logger` (e.g. a logging.Logger)."""
    for name in (info_method_name, warning_method_name):
        if not callable(getattr(logger, name, None)):
            raise TypeError(f"logger must have a callable '{name}' method")
    global _LOGGER, _INFO_METHOD, _WARNING_METHOD
    _LOGGER, _INFO_METHOD, _WARNING_METHOD = logger, info_method_name, warning_method_name
    from ._lib import LIB, check_call  # the library is loaded here, not at import
    check_call(LIB.QGBM_RegisterLogCallback(_CORE_CALLBACK))


# The core's messages (level 0 warning, 1 info, 2 debug), called on the thread that logs; ctypes
# takes the GIL for the call. Kept at module level so that it outlives every registration.
_CALLBACK_TYPE = ctypes.CFUNCTYPE(None, ctypes.c_int, ctypes.c_char_p)


def _from_core(level: int, message: bytes) -> None:
    text = message.decode("utf-8", "replace")
    try:
        (log_warning if level == 0 else log_info)(text)
    except Exception:  # an exception must not unwind into C++
        pass


_CORE_CALLBACK = _CALLBACK_TYPE(_from_core)


def log_info(msg: str) -> None:
    getattr(_LOGGER, _INFO_METHOD)(str(msg))


def log_warning(msg: str) -> None:
    getattr(_LOGGER, _WARNING_METHOD)(str(msg))
