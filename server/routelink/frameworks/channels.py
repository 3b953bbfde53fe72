"""Django Channels: ``ProtocolTypeRouter``/``URLRouter`` WebSocket routes to consumers.

Follows Channels 4: WebSocket patterns (``path``/``re_path``) are tried in order, the
first path match wins (``dispatch = "path"``, ``ordering = "app"``); a WebSocket
handshake is never redirected (policy ``strict``). Routes have method ``WS``.
"""

from __future__ import annotations

from routelink.frameworks.base import PathTemplate, PyFramework
from routelink.frameworks.django import convert_django_path


class Channels(PyFramework):
    name = "channels"
    packages = ("channels",)
    keywords = (rb"channels|URLRouter|ProtocolTypeRouter|websocket",)
    trailing_slash = "strict"
    dispatch = "path"
    ordering = "app"

    def convert_path(self, raw: str, syntax: str = "") -> list[PathTemplate]:
        return [(t, None) for t, _ in convert_django_path(raw, syntax)]


FRAMEWORK = Channels()
