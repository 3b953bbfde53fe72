"""socket.io servers (4): each server is a ``WS`` endpoint at its ``path``.

Follows socket.io 4 / engine.io 6:

- A server is ``new Server(httpServer, opts)``, ``new Server(port, opts)``,
  ``new Server(opts)`` (``Server`` imported from ``socket.io``, or ``x.Server`` of the
  module), ``require('socket.io')(httpServer, opts)``, ``socketIO(httpServer, opts)`` for
  any name bound to the module, and the 2.x ``socketIO.listen(httpServer, opts)``;
  anywhere in a module (module level, inside a function or a class method).
- It answers at ``opts.path`` (default ``/socket.io``). engine.io strips a trailing slash
  from the option and matches every request whose path starts with ``path + '/'``; the
  client (``socket.io-client``, see ``routelink.clients.socketio``) sends its requests to
  ``path + '/'`` (``addTrailingSlash``, default true). **Template convention**, shared
  with every framework that declares socket.io endpoints (NestJS gateways included): one
  ``WS`` route whose path is the ``path`` option, default ``/socket.io/``, with
  trailing-slash policy ``ignore`` (so it is listed as ``/socket.io``); a client call is a
  ``WS`` request to ``<path>/`` (``/socket.io/``). Namespaces (``io.of('/chat')``,
  ``io('/chat')``) are not part of the HTTP path and give no route of their own.
- The server attaches to the HTTP server, not to a router: it is an app (a root) served
  at its path whatever prefixes the HTTP framework uses.
"""

from __future__ import annotations

from routelink.facts import Lit
from routelink.frameworks.base import JsFramework

PACKAGE = "socket.io"
DEFAULT_PATH = "/socket.io/"


class SocketIO(JsFramework):
    """socket.io servers as WS endpoints (see the module docstring)."""

    name = "socketio"
    packages = (PACKAGE,)
    keywords = (rb"socket\.io",)
    trailing_slash = "ignore"
    dispatch = "method"
    ordering = "router"
    router_noun = "server"

    def on_new(self, b, node, scope):
        """``new Server(httpServer, { path })``."""
        ctor = b.unwrap(node.child_by_field_name("constructor"))
        if ctor is None or not self._is_server_class(b, ctor):
            return False
        self._server(b, node, scope)
        return True

    def on_call(self, b, call, scope):
        """``require('socket.io')(server, opts)``, ``socketIO(server, opts)``,
        ``socketIO.listen(server, opts)``."""
        fn = b.unwrap(call.child_by_field_name("function"))
        if fn is None:
            return False
        if fn.type == "member_expression":
            prop = fn.child_by_field_name("property")
            if prop is None or b.text(prop) not in ("listen", "attach"):
                return False
            fn = b.unwrap(fn.child_by_field_name("object"))
        if fn is None or not self._is_module(b, fn):
            return False
        self._server(b, call, scope)
        return True

    @staticmethod
    def _import_of(b, node):
        if node.type != "identifier":
            return None
        name = b.text(node)
        return next((i for i in b.imports if i.local == name), None)

    def _is_module(self, b, node) -> bool:
        """``require('socket.io')`` or a name bound to the module (default or ``*``)."""
        if b.is_require(node):
            return b.require_module(node) == PACKAGE
        imp = self._import_of(b, node)
        return imp is not None and imp.module == PACKAGE and imp.name in ("default", "*")

    def _is_server_class(self, b, node) -> bool:
        """``Server`` imported from socket.io, or ``x.Server`` of the module."""
        imp = self._import_of(b, node)
        if imp is not None:
            return imp.module == PACKAGE and imp.name in ("Server", "default", "*")
        if node.type == "member_expression":
            prop = node.child_by_field_name("property")
            obj = b.unwrap(node.child_by_field_name("object"))
            return prop is not None and b.text(prop) == "Server" and obj is not None and \
                self._is_module(b, obj)
        return False

    def _server(self, b, node, scope) -> None:
        """One server: a root router with one WS route at its path."""
        args = b.args(node)
        path = Lit(DEFAULT_PATH)
        for a in args:
            a = options_object(b, a)
            if a is not None:
                value = b.object_property(a, "path")
                if value is not None:
                    paths = b.path_exprs(value, scope)
                    path = paths[0] if paths else b.expr(value, scope)
        span = b.span(node)
        key = f"<socket.io {span.line + 1}:{span.column + 1}>"
        b.add_router(key, self.name, node, is_app=True, label=_binding_name(b, node) or "socket.io server")
        b.add_route(key, "WS", path, node, [], self.name, self.trailing_slash)
        for a in args:
            b.walk(a, scope)


def options_object(b, node):
    """An options argument as an object literal: written inline, or a constant of the
    module (``const ioOptions = { path: '/socket' }``); else None."""
    node = b.unwrap(node)
    if node is not None and node.type == "identifier":
        node = b.unwrap(b.value_nodes.get(b.text(node)))
    return node if node is not None and node.type == "object" else None


def _binding_name(b, node) -> str | None:
    """The name a creation is bound to: ``const io = ...``, ``this.io = ...``."""
    parent = node.parent
    while parent is not None and parent.type in ("parenthesized_expression", "as_expression",
                                                 "await_expression"):
        parent = parent.parent
    if parent is None:
        return None
    if parent.type == "variable_declarator":
        name = parent.child_by_field_name("name")
        return b.text(name) if name is not None else None
    if parent.type == "assignment_expression":
        left = parent.child_by_field_name("left")
        return b.text(left) if left is not None else None
    return None


FRAMEWORK = SocketIO()
