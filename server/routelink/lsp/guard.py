"""The wrapper every request and notification handler wears.

Architecture Invariant: a handler never lets an exception reach pygls. It is logged
and the request is answered with the handler's empty result; the server keeps serving.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from typing import Any, Callable

log = logging.getLogger(__name__)


def safe(default: Any = None) -> Callable:
    """Decorator: log an exception in a handler (sync or async) and answer ``default``
    instead (called when it is callable, so ``safe(list)`` answers a fresh ``[]``)."""

    def wrap(fn: Callable) -> Callable:
        if asyncio.iscoroutinefunction(fn):
            @functools.wraps(fn)
            async def async_wrapper(*args, **kwargs):
                try:
                    return await fn(*args, **kwargs)
                except Exception:  # noqa: BLE001
                    log.exception("error in %s", fn.__name__)
                    return default() if callable(default) else default
            return async_wrapper

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except Exception:  # noqa: BLE001
                log.exception("error in %s", fn.__name__)
                return default() if callable(default) else default
        return wrapper

    return wrap
