"""Django URLconfs, DRF router inclusion and Channels routing.

Rules followed (Django 5 URL dispatcher, DRF 3.15, Channels 4):

- A module's ``urlpatterns`` (built by ``=``, ``+=``, ``+``, ``.append``/``.extend``,
  ``format_suffix_patterns``/``i18n_patterns``, also inside ``if settings.DEBUG:``) is a
  router with key ``"urlpatterns"``, framework ``django``, ``root_candidate=True``
  (the resolver makes it a root when nothing includes it, or when the settings'
  ``ROOT_URLCONF`` names it). Any other module-level list of ``path()`` entries is a
  router under its own name (it is mounted where it is included).
- ``path(route, view)`` (converters ``<int:pk>`` -> ``{pk}``, ``<path:p>`` -> ``{p*}``),
  ``re_path(regex, view)`` and the old ``url(regex, view)`` (named groups -> ``{name}``,
  an optional trailing ``/?`` -> both forms accepted). Paths are stored with a leading
  ``/``: ``"users/<int:pk>/"`` -> ``"/users/{pk}/"``.
- Views: ``include("app.urls")`` / ``include(("app.urls", "ns"))`` / ``include(module)``
  / ``include(router.urls)`` / ``include([...])`` / ``router.urls`` / ``api.urls`` ->
  mounts; ``View.as_view()`` -> ``django-view`` view routes (``as_view({"get":
  "list"})`` passes the ViewSet's actions); a function -> ``django-function`` view
  routes (methods from its decorators, else ``ANY``); wrappers such as
  ``csrf_exempt(view)`` / ``cache_page(60)(view)`` are looked through.
- Django matches in order and takes the first match (``order``); trailing slash
  ``append-get`` (``APPEND_SLASH``: only GET/HEAD are redirected to the slash form),
  ``ignore`` for a regex ending ``/?$``.
- Channels: ``ProtocolTypeRouter({"websocket": <middleware>(URLRouter(patterns))})`` is
  an app whose WebSocket patterns are mounted; ``websocket_urlpatterns`` and any list
  given to ``URLRouter`` hold ``path``/``re_path`` entries whose consumers
  (``Consumer.as_asgi()``) are routes with method ``WS`` (never redirected).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tree_sitter import Node

from routelink.facts import Expr, Import, Mount, Ref, Route, ViewRoutes

from .frameworks import DJANGO_PATTERN_FUNCS
from .nodes import arg, call_parts, dotted, literal_string, unwrap

if TYPE_CHECKING:  # pragma: no cover
    from .extractor import PyExtractor as _Base
else:
    _Base = object

_PATTERN_WRAPPERS = frozenset({"format_suffix_patterns", "i18n_patterns"})
_INCLUDE_LIKE = frozenset({"include", "URLRouter"})


def _name_node(stmt: Node) -> Node:
    """The assigned name of ``urlpatterns = [...]`` (the router's declaration span: a
    one-line range rather than the whole list)."""
    if stmt.type in ("assignment", "augmented_assignment"):
        left = stmt.child_by_field_name("left")
        if left is not None:
            return left
    if stmt.type == "call":
        fn = stmt.child_by_field_name("function")
        obj = fn.child_by_field_name("object") if fn is not None and fn.type == "attribute" else None
        if obj is not None:
            return obj
    return stmt


class DjangoMixin(_Base):
    """URLconf lists, includes, DRF ``router.urls`` and Channels routing."""

    # ------------------------------------------------------------------ pattern lists

    def _is_pattern_call(self, node: Node | None) -> bool:
        node = unwrap(node)
        if node is None or node.type != "call":
            return False
        fn, _, _ = call_parts(node)
        d = dotted(fn, self.src) or ""
        return d.rsplit(".", 1)[-1] in DJANGO_PATTERN_FUNCS

    def _looks_like_patterns(self, name: str, right: Node) -> bool:
        if name == "urlpatterns" or name.endswith("urlpatterns"):
            return True
        right = unwrap(right)
        if right is None:
            return False
        if right.type == "list":
            return any(self._is_pattern_call(c) for c in right.named_children)
        if right.type == "call":
            fn, pos, _ = call_parts(right)
            d = dotted(fn, self.src) or ""
            if d.rsplit(".", 1)[-1] in _PATTERN_WRAPPERS:
                return True
        if right.type == "binary_operator" and "pattern" in name.lower():
            return True
        return False

    def _is_patterns(self, name: str, scope) -> bool:
        key = scope.routers.get(name) or self.module_routers.get(name)
        return key is not None and self.kinds.get(key) in ("django", "channels")

    def _patterns_key(self, name: str, scope) -> str:
        return scope.routers.get(name) or self.module_routers[name]

    def _is_ws_name(self, name: str) -> bool:
        lower = name.lower()
        return "websocket" in lower or lower.startswith("ws_") or "_ws_" in lower

    def _assign_patterns(self, name: str, right: Node, stmt: Node, scope) -> bool:
        """``urlpatterns = [...]`` (and friends): register the list as a router."""
        if not self._looks_like_patterns(name, right):
            return False
        ws = self._is_ws_name(name)
        key = scope.routers.get(name) or self.module_routers.get(name)
        if key is None:
            key = self.new_router(name, "channels" if ws else "django", _name_node(stmt), scope,
                                  root_candidate=(name == "urlpatterns") or ws)
        self.patterns_expr(key, right, scope, ws, self_name=name)
        return True

    def _extend_patterns(self, name: str, right: Node, stmt: Node, scope) -> None:
        """``urlpatterns += [...]`` / ``urlpatterns.extend(...)``."""
        if not self._is_patterns(name, scope):
            if name != "urlpatterns" and not self._looks_like_patterns(name, right):
                return
            ws = self._is_ws_name(name)
            self.new_router(name, "channels" if ws else "django", _name_node(stmt), scope,
                            root_candidate=(name == "urlpatterns") or ws)
        key = self._patterns_key(name, scope)
        self.patterns_expr(key, right, scope, self.kinds.get(key) == "channels", self_name=name)

    def patterns_expr(self, key: str, node: Node | None, scope, ws: bool,
                      self_name: str | None = None, depth: int = 0) -> None:
        """Add the patterns an expression evaluates to (a list, a sum, a wrapper call,
        ``router.urls``, another list) to router ``key``, in order."""
        node = unwrap(node)
        if node is None or depth > 8:
            return
        t = node.type
        if t in ("list", "tuple"):
            for el in node.named_children:
                if el.type != "comment":
                    self._patterns_element(key, el, scope, ws, depth + 1)
        elif t == "binary_operator":
            self.patterns_expr(key, node.child_by_field_name("left"), scope, ws, self_name, depth + 1)
            self.patterns_expr(key, node.child_by_field_name("right"), scope, ws, self_name, depth + 1)
        elif t == "call":
            fn, pos, kw = call_parts(node)
            d = dotted(fn, self.src) or ""
            last = d.rsplit(".", 1)[-1]
            if last in _PATTERN_WRAPPERS:
                for a in pos[:1] if last == "format_suffix_patterns" else pos:
                    a = unwrap(a)
                    if a is not None and a.type in ("list", "tuple", "binary_operator", "identifier"):
                        self.patterns_expr(key, a, scope, ws, self_name, depth + 1)
                    else:
                        self._patterns_element(key, a, scope, ws, depth + 1)
            elif last == "URLRouter":
                self.patterns_expr(key, pos[0] if pos else kw.get("routes"), scope, True,
                                   self_name, depth + 1)
            elif last in DJANGO_PATTERN_FUNCS:
                self._patterns_element(key, node, scope, ws, depth + 1)
        elif t in ("identifier", "attribute"):
            if t == "identifier" and self.src.text(node) == self_name:
                return
            child = self._include_target(node, scope)
            if child is not None:
                self._add_mount(key, None, child, node)

    def _patterns_element(self, key: str, el: Node | None, scope, ws: bool, depth: int = 0) -> None:
        el = unwrap(el)
        if el is None:
            return
        if el.type == "list_splat":
            inner = next((c for c in el.named_children if c.type != "comment"), None)
            self.patterns_expr(key, inner, scope, ws, depth=depth + 1)
            return
        if el.type != "call":
            return
        fn, pos, kw = call_parts(el)
        d = dotted(fn, self.src) or ""
        last = d.rsplit(".", 1)[-1]
        if last in DJANGO_PATTERN_FUNCS:
            self._pattern_call(key, el, DJANGO_PATTERN_FUNCS[last], pos, kw, scope, ws)
        elif last in _PATTERN_WRAPPERS or last == "URLRouter":
            self.patterns_expr(key, el, scope, ws, depth=depth + 1)

    def _pattern_call(self, key: str, call: Node, form: str, pos, kw, scope, ws: bool) -> None:
        path = self.path_expr(arg(pos, kw, 0, "route", "regex"), scope)
        if path is None:
            return
        view = unwrap(arg(pos, kw, 1, "view"))
        self._pattern_view(key, path, form, view, call, scope, ws, 0)

    def _pattern_view(self, key: str, path: Expr, syntax: str, view: Node | None,
                      call: Node, scope, ws: bool, depth: int) -> None:
        """``syntax`` is ``"path"`` (``path()``) or ``"regex"`` (``re_path()``/``url()``)."""
        if view is None or depth > 4:
            return
        policy = "strict" if ws else "append-get"
        fw = "channels" if ws else "django"
        t = view.type
        if t == "call":
            vfn, vpos, vkw = call_parts(view)
            d = dotted(vfn, self.src) or ""
            last = d.rsplit(".", 1)[-1]
            if last in _INCLUDE_LIKE:
                self._include(key, path, syntax, view, vpos, vkw, call, scope, ws or last == "URLRouter")
                return
            if last == "as_view" and vfn is not None and vfn.type == "attribute":
                cls = self.ref(vfn.child_by_field_name("object"))
                if cls is None:
                    return
                if ws:
                    self._ws_route(key, path, syntax, call, d[: -len(".as_view")])
                    return
                options = []
                actions = unwrap(vpos[0]) if vpos else unwrap(vkw.get("actions"))
                if actions is not None and actions.type == "dictionary":
                    pairs = []
                    for p in actions.named_children:
                        if p.type != "pair":
                            continue
                        k = literal_string(p.child_by_field_name("key"), self.src)
                        v = literal_string(p.child_by_field_name("value"), self.src)
                        if k and v:
                            pairs.append(f"{k.lower()}={v}")
                    options.append(("actions", ",".join(pairs)))
                hm = vkw.get("http_method_names")
                if hm is not None:
                    ms = self._methods(hm, [])
                    options.append(("http_method_names", ",".join(m.lower() for m in ms)))
                self.view_routes.append(ViewRoutes(
                    router=key, kind="django-view", path=path, view=cls,
                    span=self.src.span(call), framework=fw, order=self.next_order(key),
                    trailing_slash=policy, options=tuple(options), syntax=syntax))
                return
            if last == "as_asgi":
                self._ws_route(key, path, syntax, call, d[: -len(".as_asgi")])
                return
            # wrappers: csrf_exempt(view), login_required(View.as_view()), cache_page(60)(view)
            inner = vpos[0] if len(vpos) == 1 else None
            if inner is not None and unwrap(inner).type in ("identifier", "attribute", "call"):
                self._pattern_view(key, path, syntax, unwrap(inner), call, scope, ws, depth + 1)
                return
            self._django_route(key, "WS" if ws else "ANY", path, syntax, call, d or None, policy, fw)
            return
        if t in ("identifier", "attribute"):
            d = dotted(view, self.src) or ""
            if d.endswith(".urls"):
                child = self._include_target(view, scope)
                if child is not None:
                    self._add_mount(key, path, child, call, syntax)
                return
            if ws:
                self._ws_route(key, path, syntax, call, d)
                return
            r = self.ref(view)
            if r is None:
                return
            self.view_routes.append(ViewRoutes(
                router=key, kind="django-function", path=path, view=r,
                span=self.src.span(call), framework=fw, order=self.next_order(key),
                trailing_slash=policy, syntax=syntax))
            return
        if t in ("list", "tuple"):
            # path("x/", ([...], "app_name")) is include()'s tuple form
            self._include(key, path, syntax, view, [view], {}, call, scope, ws)
            return
        if t == "lambda":
            self._django_route(key, "WS" if ws else "ANY", path, syntax, call, None, policy, fw)

    def _django_route(self, key: str, method: str, path: Expr, syntax: str, call: Node,
                      handler: str | None, policy: str, fw: str) -> None:
        self.routes.append(Route(router=key, method=method, path=path, span=self.src.span(call),
                                 framework=fw, order=self.next_order(key), handler=handler,
                                 trailing_slash=policy, syntax=syntax))

    def _ws_route(self, key: str, path: Expr, syntax: str, call: Node, handler: str | None) -> None:
        """A Channels consumer route; ``handler`` is the consumer's class name."""
        handler = handler.rsplit(".", 1)[-1] if handler else None
        handler_node = None
        if handler and handler in {c.name for c in self.classes}:
            for c in self.classes:
                if c.name == handler:
                    handler_node = c.span
        self.routes.append(Route(router=key, method="WS", path=path, span=self.src.span(call),
                                 framework="channels", order=self.next_order(key),
                                 handler=handler or None, handler_span=handler_node,
                                 trailing_slash="strict", syntax=syntax))

    # ------------------------------------------------------------------ include

    def _include(self, key: str, path: Expr | None, syntax: str, inc: Node, pos, kw, call: Node,
                 scope, ws: bool) -> None:
        target = unwrap(arg(pos, kw, 0, "arg", "routes"))
        if target is not None and target.type == "tuple":
            first = next((c for c in target.named_children if c.type != "comment"), None)
            target = unwrap(first)
        if target is None:
            return
        if target.type in ("list", "binary_operator"):
            child_key = self.anon_router("channels" if ws else "django", target, "include")
            self.patterns_expr(child_key, target, scope, ws)
            self._add_mount(key, path, Ref(child_key), call, syntax)
            return
        module = literal_string(target, self.src)
        if module is not None:
            local = f"<include:{module}>"
            self._add_import(local, module, "*")
            self._add_mount(key, path, Ref(local, ("urlpatterns",)), call, syntax)
            return
        if target.type == "call":
            # include(URLRouter(...)) / nested wrappers: patterns inline
            child_key = self.anon_router("channels" if ws else "django", target, "include")
            self.patterns_expr(child_key, target, scope, ws)
            self._add_mount(key, path, Ref(child_key), call, syntax)
            return
        child = self._include_target(target, scope)
        if child is not None:
            self._add_mount(key, path, child, call, syntax)

    def _include_target(self, node: Node, scope) -> Ref | None:
        """What ``include(x)`` / ``x.urls`` mounts: a router, a patterns list or a module's
        ``urlpatterns``."""
        d = dotted(node, self.src)
        if d is None:
            return None
        if d.endswith(".urls") and "." in d:
            # router.urls / api.urls (a DRF router, a ninja API) or pkg.urls (a module)
            base = d[: -len(".urls")]
            key = scope.routers.get(base) or self.module_routers.get(base)
            if key is not None:
                return Ref(key)
            last = base.rsplit(".", 1)[-1].lower()
            if "router" in last or "api" in last or last == "site":
                return self.ref_from_dotted(base)
            return self.ref_from_dotted(d + ".urlpatterns")
        if "." not in d:
            key = scope.routers.get(d) or self.module_routers.get(d)
            if key is not None:
                return Ref(key)
            imp = self.import_by_local.get(d)
            if imp is not None and "pattern" not in d.lower() and "pattern" not in imp.name.lower():
                return Ref(d, ("urlpatterns",))
            return Ref(d)
        if "pattern" in d.rsplit(".", 1)[-1].lower():
            return self.ref_from_dotted(d)
        r = self.ref_from_dotted(d)
        return Ref(r.name, r.attrs + ("urlpatterns",)) if r is not None else None

    def ref_from_dotted(self, d: str) -> Ref | None:
        parts = d.split(".")
        r = Ref(parts[0], tuple(parts[1:]))
        if self.module_imports and r.attrs:
            full = (r.name, *r.attrs)
            for k in range(len(full) - 1, 1, -1):
                mod = ".".join(full[:k])
                if mod in self.module_imports:
                    local = f"<module:{mod}>"
                    self._add_import(local, mod, "*")
                    return Ref(local, tuple(full[k:]))
        return r

    def _add_mount(self, key: str, prefix: Expr | None, child: Ref, span_node: Node,
                   syntax: str = "") -> None:
        router = self.routers.get(key)
        self.mounts.append(Mount(parent=key, prefix=prefix, child=child,
                                 span=self.src.span(span_node), order=self.next_order(key),
                                 framework=router.framework if router is not None else "",
                                 syntax=syntax))

    # ------------------------------------------------------------------ Channels

    def _protocol_router(self, name: str, call: Node, pos, kw, scope) -> None:
        """``ProtocolTypeRouter({"http": ..., "websocket": Middleware(URLRouter(...))})``."""
        key = self.new_router(name, "channels", call, scope, is_app=True)
        mapping = unwrap(pos[0] if pos else kw.get("application_mapping"))
        if mapping is None or mapping.type != "dictionary":
            return
        for pair in mapping.named_children:
            if pair.type != "pair":
                continue
            if literal_string(pair.child_by_field_name("key"), self.src) != "websocket":
                continue
            value = unwrap(pair.child_by_field_name("value"))
            for _ in range(6):
                if value is None or value.type != "call":
                    break
                fn, vpos, vkw = call_parts(value)
                d = dotted(fn, self.src) or ""
                if d.rsplit(".", 1)[-1] == "URLRouter":
                    self._include(key, None, "", value, vpos, vkw, value, scope, True)
                    value = None
                    break
                value = unwrap(vpos[0]) if vpos else None
            if value is not None and value.type in ("identifier", "attribute"):
                child = self.router_ref(value, scope)
                if child is not None:
                    self._add_mount(key, None, child, value)


__all__ = ["DjangoMixin", "Import"]
