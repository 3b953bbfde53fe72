"""socket.io-client (4): ``io(url, opts)`` and friends are ``WS`` requests to the server's
engine.io path.

Follows socket.io-client 4 / engine.io-client 6:

- The client is ``io`` of ``socket.io-client`` (default, ``{ io }``, ``{ connect }`` or
  namespace import, ``require``), ``io.connect(...)``, ``new Manager(url, opts)``, and the
  free ``io`` of the ``/socket.io/socket.io.js`` script the server hosts.
- ``io()``, ``io(url)``, ``io(url, opts)``, ``io(opts)``: the URL gives the origin and the
  *namespace* (``io('http://localhost:3000/chat')``, ``io('/admin')``); the namespace is
  not part of the HTTP path. Requests go to ``opts.path`` (default ``/socket.io``) with a
  trailing slash (``addTrailingSlash``, default true): a ``WS`` request to ``/socket.io/``.
  Template convention shared with the socket.io servers (see
  ``routelink.frameworks.socketio``): server routes are ``WS <path>`` with trailing-slash
  policy ``ignore``, so ``/socket.io/`` reaches a route listed as ``/socket.io``.
- The origin: an inline absolute URL to another host is an external service (not
  checked); a URL from a constant, an env var or any value routelink cannot read is taken
  to be the app's own backend (the path is known whatever the origin).
"""

from __future__ import annotations

import re

from routelink.clients.base import ClientLibrary

DEFAULT_PATH = "/socket.io"
_ORIGIN = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//[^/?#]*")


class SocketIOClient(ClientLibrary):
    name = "socketio"
    packages = ("socket.io-client",)
    import_names = frozenset({"default", "*", "io", "connect", "Manager"})
    globals = ("io",)
    constructors = ("Manager",)
    request_members = frozenset({"connect", "io"})
    callable = True
    keywords = (rb"socket\.io|\bio\s*\(|\bio\.connect\s*\(",)

    def requests(self, ev, client, member, args, ctx, is_new):
        if member not in (None, "connect", "io"):
            return []
        url_expr = options_expr = None
        if args:
            if ev.object_value(ev.eval(args[0], ctx)) is not None:
                options_expr = args[0]  # io({ path })
            else:
                url_expr = args[0]
                options_expr = args[1] if len(args) > 1 else None
        paths = [ev.literal((DEFAULT_PATH,))]
        options = ev.object_value(ev.eval(options_expr, ctx)) if options_expr is not None else None
        if options is not None and options.obj.get("path") is not None:
            paths = ev.strings(options.obj.get("path"), options.ctx) or paths
        origins = [_origin(s) for s in ev.strings(url_expr, ctx)] if url_expr is not None else [()]
        out = []
        for origin in dict.fromkeys(origins):
            for path in paths:
                out.append(ev.request(self.name, "WS", ev.literal(origin + _with_slash(path.pieces))))
        return out


def _origin(url) -> tuple:
    """The part of a URL to keep before the engine.io path: an inline literal
    ``scheme://host`` (so an external host is recognised), else nothing (a relative
    namespace, or an origin from a constant, an env var or an unknown value: the app's own
    backend)."""
    if url.named or not url.pieces or not isinstance(url.pieces[0], str):
        return ()
    m = _ORIGIN.match(url.pieces[0])
    if m is None or (m.end() == len(url.pieces[0]) and len(url.pieces) > 1):
        return ()  # `http://${host}`: the host is not known
    return (m.group(0),)


def _with_slash(pieces: tuple) -> tuple:
    """The path with one trailing slash (engine.io-client appends it)."""
    if pieces and isinstance(pieces[-1], str):
        return (*pieces[:-1], pieces[-1].rstrip("/") + "/")
    return (*pieces, "/")


CLIENT = SocketIOClient()
