"""Where the package's own messages go: print() by default, or a logger given to register_logger.

Messages written by the C++ core itself (verbosity >= 1) go to the process's stderr.
"""

from __future__ import annotations

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


def log_info(msg: str) -> None:
    getattr(_LOGGER, _INFO_METHOD)(str(msg))


def log_warning(msg: str) -> None:
    getattr(_LOGGER, _WARNING_METHOD)(str(msg))
