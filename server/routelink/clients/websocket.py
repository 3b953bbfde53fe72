"""WebSocket connections: the browser's ``new WebSocket(url)``, the ``websocket``
package's ``W3CWebSocket`` and ``reconnecting-websocket``. Each is a ``WS`` request to
its first argument.
"""

from __future__ import annotations

from routelink.clients.base import ClientLibrary


class WebSocketClient(ClientLibrary):
    name = "websocket"
    packages = ("websocket", "reconnecting-websocket")
    import_names = frozenset({"w3cwebsocket", "default", "*"})
    globals = ("WebSocket", "W3CWebSocket", "ReconnectingWebSocket")
    constructors = ("WebSocket", "W3CWebSocket", "ReconnectingWebSocket")
    callable = False
    keywords = (rb"WebSocket|wss?:",)

    def from_import(self, module, name):
        if module == "websocket":
            return name == "w3cwebsocket"
        return module in self.packages and name in ("default", "*")

    def requests(self, ev, client, member, args, ctx, is_new):
        if not is_new or member is not None or not args:
            return []
        return [ev.request(self.name, "WS", s) for s in ev.strings(args[0], ctx)]


CLIENT = WebSocketClient()
