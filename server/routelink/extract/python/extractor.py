"""The Python extractor: one pass over a module's statements -> :class:`FileFacts`.

The module's top-level statements are visited once, in order (compound statements such
as ``if settings.DEBUG:`` and ``try:`` are entered: they run at module level). The body
of each module-level function is visited once afterwards, as a scope of its own: that
is where app factories (``def create_app(): app = Flask(...); app.register_blueprint(bp)``)
build their apps. Expressions are only looked at where a route, router, mount, class or
setting can be declared; no subtree is walked twice.

Framework rules live in the mixins: :mod:`.web` (FastAPI/Starlette, Flask and its
REST extensions, django-ninja) and :mod:`.django` (URLconfs, DRF routers, Channels).

Conventions shared with :mod:`routelink.resolve.views` and the resolver:

- Router keys: a module-level variable's name; ``"<func>.<name>"`` for a router created
  inside module-level function ``func``; ``"<func>#<i>"`` for the ``i``-th parameter of
  ``func`` used as a router (``def register_blueprints(app): app.register_blueprint(bp)``),
  mounted wherever ``func(router)`` is called (here, or in a module importing ``func``).
- A route/mount on an imported router (``from app import app`` then ``@app.route``) uses
  the imported local name as its router key; the resolver follows the import.
- Orders advance by :data:`ORDER_STEP` per registration so that a view expansion
  (DRF ViewSet routes) can fill in sub-orders.
- Module-level functions are recorded as ``Function("<view:NAME>", params, span)``; a
  function view's method restriction (``@require_http_methods``, ``@api_view``...) is the
  value ``"<view:NAME>"`` -> ``Lit("GET,POST")``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tree_sitter import Node

from routelink.facts import (
    CallExpr,
    ClassInfo,
    Dyn,
    Expr,
    FileFacts,
    Function,
    Import,
    Lit,
    Mount,
    Ref,
    Route,
    Router,
    ViewRoutes,
)
from routelink.extract.ignores import collect_ignores
from routelink.syntax import SourceText, parse

from .django import DjangoMixin
from .frameworks import FRAMEWORK, VIEW_METHOD_DECORATORS
from .nodes import (
    COMPOUND,
    call_parts,
    dotted,
    literal_string,
    nested_blocks,
    ref_of,
    statements,
    string_list,
    to_expr,
    unwrap,
)
from .web import WebMixin

#: registration orders within a router advance by this much
ORDER_STEP = 1000
MAX_BLOCK_DEPTH = 6

#: method names that register something when called as a statement on a router
CALL_METHODS = frozenset({
    "include_router", "mount", "add_api_route", "add_route", "add_api_websocket_route",
    "add_websocket_route", "register_blueprint", "add_url_rule", "register",
    "add_resource", "add_namespace", "add_router",
})
#: method names that declare a route when used as a decorator on a router
DECORATOR_METHODS = frozenset({
    "get", "post", "put", "patch", "delete", "options", "head", "trace", "route",
    "api_route", "websocket", "websocket_route", "resource", "api_operation",
})
_TYPING_NAMES = frozenset({"Optional", "List", "Dict", "Any", "Union", "Tuple", "Set",
                           "Iterator", "Iterable", "Generator", "AsyncIterator", "Callable",
                           "Type", "None", "Response", "JSONResponse", "HttpResponse"})


@dataclass
class Scope:
    """Where a statement runs: the module (``func`` None) or a module-level function.

    ``routers`` maps local names to router keys; ``params`` parameter names to
    (index, node); ``locals`` local names to their assigned expression node.
    """

    func: str | None = None
    routers: dict[str, str] = field(default_factory=dict)
    params: dict[str, tuple[int, Node]] = field(default_factory=dict)
    locals: dict[str, Node] = field(default_factory=dict)


class PyExtractor(WebMixin, DjangoMixin):
    """Builds one file's facts. Use :func:`routelink.extract.python.extract_python`."""

    def __init__(self, data: bytes) -> None:
        self.src = SourceText(data)
        self.imports: list[Import] = []
        self._import_keys: set[tuple[str, str, str]] = set()
        self.import_by_local: dict[str, Import] = {}
        self.qual: dict[str, str] = {}  # local name -> qualified dotted name
        self.tops: set[str] = set()  # top-level packages imported
        self.module_imports: set[str] = set()  # dotted modules of `import a.b.c`
        self.values: dict[str, Expr] = {}
        self.value_nodes: dict[str, Node] = {}
        self.classes: list[ClassInfo] = []
        self.functions: list[Function] = []
        self.func_nodes: dict[str, Node] = {}
        self.routers: dict[str, Router] = {}
        self.kinds: dict[str, str] = {}  # router key or alias name -> kind
        self.opts: dict[str, dict[str, str]] = {}
        self.module_routers: dict[str, str] = {}
        self.routes: list[Route] = []
        self.view_routes: list[ViewRoutes] = []
        self.mounts: list[Mount] = []
        self.order: dict[str, int] = {}
        self.settings: list[tuple[str, str]] = []
        self.ignores: dict[int, tuple[str, ...]] = {}
        self.pending_calls: list[tuple[str, Node, int | str, Node]] = []
        self.proxies: dict[str, dict[int, str]] = {}
        self.param_names: dict[str, list[str]] = {}
        self.deferred: list[tuple[Node, str]] = []
        self._anon = 0

    # ------------------------------------------------------------------ driver

    def run(self) -> FileFacts:
        """Extract everything; never raises on malformed code."""
        tree = parse(self.src.data, "python")
        root = tree.root_node
        module = Scope()
        self._block(root, module, 0)
        for node, name in self.deferred:
            self._function_body(node, name)
        self._resolve_pending()
        self._comments(root)
        return FileFacts(
            language="python",
            imports=tuple(self.imports),
            values=tuple(self.values.items()),
            classes=tuple(self.classes),
            functions=tuple(self.functions),
            routers=tuple(self.routers.values()),
            routes=tuple(self.routes),
            view_routes=tuple(self.view_routes),
            mounts=tuple(self.mounts),
            ignores=tuple(sorted(self.ignores.items())),
            settings=tuple(self.settings),
        )

    def _comments(self, root: Node) -> None:
        """``# routelink-ignore[: code, ...]`` comments -> ``ignores``
        (see :mod:`routelink.extract.ignores`)."""
        self.ignores.update(collect_ignores(root, self.src.data))

    # ------------------------------------------------------------------ statements

    def _block(self, block: Node, scope: Scope, depth: int) -> None:
        for st in statements(block):
            self._stmt(st, scope, depth)

    def _stmt(self, st: Node, scope: Scope, depth: int) -> None:
        t = st.type
        if t in ("import_statement", "import_from_statement"):
            self._import(st)
        elif t == "expression_statement":
            for e in st.named_children:
                if e.type == "assignment":
                    self._assign(e, scope)
                elif e.type == "augmented_assignment":
                    self._augassign(e, scope)
                elif e.type == "call":
                    self._call_stmt(e, scope)
        elif t == "decorated_definition":
            defn = st.child_by_field_name("definition")
            decorators = [c for c in st.named_children if c.type == "decorator"]
            if defn is not None and defn.type == "function_definition":
                self._def(defn, decorators, scope)
            elif defn is not None and defn.type == "class_definition":
                self._class(defn, decorators, scope)
        elif t == "function_definition":
            self._def(st, [], scope)
        elif t == "class_definition":
            self._class(st, [], scope)
        elif t in COMPOUND and depth < MAX_BLOCK_DEPTH:
            for b in nested_blocks(st):
                self._block(b, scope, depth + 1)

    # ------------------------------------------------------------------ imports

    def _add_import(self, local: str, module: str, name: str) -> None:
        key = (local, module, name)
        if key in self._import_keys:
            return
        self._import_keys.add(key)
        imp = Import(local, module, name)
        self.imports.append(imp)
        if not local.startswith("<"):
            self.import_by_local[local] = imp

    def _import(self, st: Node) -> None:
        """``import a.b as c`` / ``from .x import y as z`` -> :class:`Import` facts.

        ``import a.b`` binds ``a`` (Import("a", "a", "*")) and remembers ``a.b`` so that
        a later ``a.b.x`` is read as ``x`` of module ``a.b``.
        """
        if st.type == "import_statement":
            for n in st.children_by_field_name("name"):
                if n.type == "aliased_import":
                    mod = dotted(n.child_by_field_name("name"), self.src)
                    alias = n.child_by_field_name("alias")
                    if mod and alias is not None:
                        local = self.src.text(alias)
                        self._add_import(local, mod, "*")
                        self.qual[local] = mod
                        self.tops.add(mod.split(".")[0])
                elif n.type == "dotted_name":
                    mod = self.src.text(n)
                    top = mod.split(".")[0]
                    self._add_import(top, top, "*")
                    self.qual[top] = top
                    self.tops.add(top)
                    if "." in mod:
                        self.module_imports.add(mod)
            return
        mod_node = st.child_by_field_name("module_name")
        if mod_node is None:
            return
        module = self.src.text(mod_node).replace(" ", "")
        if not module.startswith("."):
            self.tops.add(module.split(".")[0])
        if any(c.type == "wildcard_import" for c in st.named_children):
            # names come from the module at resolution time (routelink.resolve.evaluate)
            self._add_import(f"<star:{module}>", module, "*")
            return
        for n in st.children_by_field_name("name"):
            if n.type == "aliased_import":
                name = dotted(n.child_by_field_name("name"), self.src)
                alias = n.child_by_field_name("alias")
                local = self.src.text(alias) if alias is not None else name
            else:
                name = dotted(n, self.src)
                local = name
            if not name or not local:
                continue
            self._add_import(local, module, name)
            self.qual[local] = (module + "." + name) if not module.endswith(".") else module + name

    def qualify(self, node: Node | None) -> tuple[str | None, bool]:
        """(qualified dotted name of ``node``, whether its head came from an import)."""
        d = dotted(node, self.src)
        if d is None:
            return None, False
        head, _, rest = d.partition(".")
        if head in self.qual:
            q = self.qual[head]
            return (q + "." + rest if rest else q), True
        return d, False

    def ref(self, node: Node | None) -> Ref | None:
        """A :class:`Ref` for a name as written, reading ``a.b.x`` through ``import a.b``."""
        r = ref_of(node, self.src)
        if r is None or not r.attrs or not self.module_imports:
            return r
        parts = (r.name, *r.attrs)
        for k in range(len(parts) - 1, 1, -1):
            mod = ".".join(parts[:k])
            if mod in self.module_imports:
                local = f"<module:{mod}>"
                self._add_import(local, mod, "*")
                return Ref(local, tuple(parts[k:]))
        return r

    # ------------------------------------------------------------------ values

    def _assign(self, node: Node, scope: Scope) -> None:
        left = node.child_by_field_name("left")
        right = unwrap(node.child_by_field_name("right"))
        if left is None or right is None:
            return
        if left.type == "attribute":
            # app.url_map.strict_slashes = False: Werkzeug then matches both slash forms
            d = dotted(left, self.src) or ""
            if d.endswith("url_map.strict_slashes") and right.type == "false":
                self.settings.append(("FLASK_STRICT_SLASHES", "False"))
            return
        if left.type != "identifier":
            return
        name = self.src.text(left)
        if scope.func is None and name in ("ROOT_URLCONF", "APPEND_SLASH"):
            value = literal_string(right, self.src)
            if value is None and right.type in ("true", "false"):
                value = self.src.text(right)
            if value is not None:
                self.settings.append((name, value))
        if self._assign_router(name, right, node, scope):
            return
        if scope.func is None:
            expr = to_expr(right, self.src)
            if expr is not None:
                self.values[name] = expr
            self.value_nodes[name] = right
        else:
            scope.locals[name] = right

    def _augassign(self, node: Node, scope: Scope) -> None:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        op = node.child_by_field_name("operator")
        if left is None or right is None or left.type != "identifier" or op is None:
            return
        if self.src.text(op) != "+=":
            return
        self._extend_patterns(self.src.text(left), right, node, scope)

    def static_string(self, node: Node | None, scope: Scope | None, depth: int = 0) -> str | None:
        """A string expression's value using only this file's constants, else None."""
        node = unwrap(node)
        if node is None or depth > 8:
            return None
        v = literal_string(node, self.src)
        if v is not None:
            return v
        t = node.type
        if t == "identifier":
            name = self.src.text(node)
            if scope is not None and name in scope.locals:
                return self.static_string(scope.locals[name], None, depth + 1)
            target = self.value_nodes.get(name)
            return self.static_string(target, None, depth + 1) if target is not None else None
        if t == "binary_operator":
            op = node.child_by_field_name("operator")
            if op is not None and self.src.text(op) == "+":
                a = self.static_string(node.child_by_field_name("left"), scope, depth + 1)
                b = self.static_string(node.child_by_field_name("right"), scope, depth + 1)
                if a is not None and b is not None:
                    return a + b
            return None
        if t == "string":
            # f-string whose interpolations are constants of this file
            out: list[str] = []
            for c in node.children:
                if c.type == "string_content":
                    out.append(self.src.text(c))
                elif c.type == "interpolation":
                    v = self.static_string(c.child_by_field_name("expression"), scope, depth + 1)
                    if v is None:
                        return None
                    out.append(v)
            return "".join(out)
        if t == "concatenated_string":
            parts = [self.static_string(c, scope, depth + 1) for c in node.named_children]
            return None if any(p is None for p in parts) else "".join(parts)  # type: ignore[arg-type]
        return None

    def path_expr(self, node: Node | None, scope: Scope) -> Expr | None:
        """A route path or prefix argument as an expression, None when absent.

        A value this file alone determines is a :class:`Lit`; anything else (a constant
        imported from a paths module, ``settings.API_V1_STR``) is kept as an expression
        for the resolver; what cannot be expressed at all is an unknown piece, so the
        route is reported as unresolved rather than lost.
        """
        node = unwrap(node)
        if node is None:
            return None
        value = self.static_string(node, scope)
        if value is not None:
            return Lit(value)
        expr = self.expr_in(node, scope)
        return expr if expr is not None else Dyn("rest")

    def expr_in(self, node: Node | None, scope: Scope) -> Expr | None:
        """An expression for ``node`` that the resolver can evaluate in this file.

        Function-local names are replaced by what they were assigned; a local bound to a
        call (``settings = get_settings()``) becomes a synthetic module value
        ``"<local:func.name>"`` so that ``settings.API_PREFIX`` stays a reference.
        """
        node = unwrap(node)
        expr = to_expr(node, self.src)
        if expr is None or scope.func is None:
            return expr
        return self._substitute(expr, scope, 0)

    def _substitute(self, expr: Expr, scope: Scope, depth: int) -> Expr:
        from routelink.facts import Alt, Concat, EnvVar

        if depth > 6:
            return expr
        if isinstance(expr, Ref):
            node = scope.locals.get(expr.name)
            if node is None:
                return expr
            inner = to_expr(node, self.src)
            if inner is None:
                return expr
            if isinstance(inner, Ref):
                return Ref(inner.name, inner.attrs + expr.attrs)
            if not expr.attrs:
                return self._substitute(inner, Scope(), depth + 1)
            key = f"<local:{scope.func}.{expr.name}>"
            self.values[key] = inner
            return Ref(key, expr.attrs)
        if isinstance(expr, Concat):
            return Concat(tuple(self._substitute(p, scope, depth + 1) for p in expr.parts))
        if isinstance(expr, Alt):
            return Alt(tuple(self._substitute(p, scope, depth + 1) for p in expr.options))
        if isinstance(expr, EnvVar):
            return expr
        return expr

    # ------------------------------------------------------------------ functions

    def _def(self, node: Node, decorators: list[Node], scope: Scope) -> None:
        name_node = node.child_by_field_name("name")
        if name_node is None:
            return
        name = self.src.text(name_node)
        params = _param_nodes(node, self.src)
        if scope.func is None:
            self.func_nodes[name] = node
            self.functions.append(Function(f"<view:{name}>", tuple(p for p, _ in params),
                                           self.src.span(node)))
            methods = self._view_methods(decorators)
            if methods:
                self.values[f"<view:{name}>"] = Lit(",".join(methods[0]) + methods[1])
            ret = node.child_by_field_name("return_type")
            self._factory_return(name, ret)
            self.deferred.append((node, name))
        # registration order: the decorator nearest the def runs first
        for dec in reversed(decorators):
            self._route_decorator(dec, node, name, scope)

    def _factory_return(self, name: str, ret: Node | None) -> None:
        """``def get_settings() -> Settings:``: evaluate a call of it as ``Settings()``."""
        if ret is None or name in self.values:
            return
        inner = ret.named_children[0] if ret.named_children else None
        r = ref_of(inner, self.src) if inner is not None else None
        if r is None:
            return
        last = (r.attrs[-1] if r.attrs else r.name)
        if last[:1].isupper() and last not in _TYPING_NAMES:
            self.values[name] = r

    def _function_body(self, node: Node, name: str) -> None:
        scope = Scope(func=name)
        params = _param_nodes(node, self.src)
        self.param_names[name] = [p for p, _ in params]
        for i, (p, pnode) in enumerate(params):
            scope.params[p] = (i, pnode)
        body = node.child_by_field_name("body")
        if body is not None:
            self._block(body, scope, 0)

    def _view_methods(self, decorators: list[Node]) -> tuple[list[str], str] | None:
        """(methods, ``";drf"`` for DRF ``@api_view`` else ``""``) a Django/DRF function
        view accepts, from its decorators (else None).

        ``@require_http_methods(["GET", "POST"])``, ``@require_GET``, ``@require_POST``,
        ``@require_safe`` (django.views.decorators.http) and DRF ``@api_view([...])``
        (``["GET"]`` when called without methods).
        """
        for dec in decorators:
            e = _decorator_expr(dec)
            if e is None:
                continue
            if e.type == "call":
                fn, pos, kw = call_parts(e)
                d = dotted(fn, self.src) or ""
                last = d.rsplit(".", 1)[-1]
                if last == "require_http_methods":
                    ms = string_list(pos[0] if pos else kw.get("request_method_list"), self.src)
                    if ms:
                        return [m.upper() for m in ms], ""
                elif last == "api_view":
                    a = pos[0] if pos else kw.get("http_method_names")
                    ms = string_list(a, self.src) if a is not None else ["GET"]
                    if ms is not None:
                        return [m.upper() for m in ms] or ["GET"], ";drf"
                elif last in VIEW_METHOD_DECORATORS:
                    return list(VIEW_METHOD_DECORATORS[last]), ""
            else:
                d = dotted(e, self.src) or ""
                last = d.rsplit(".", 1)[-1]
                if last in VIEW_METHOD_DECORATORS:
                    return list(VIEW_METHOD_DECORATORS[last]), ""
                if last == "api_view":
                    return ["GET"], ";drf"
        return None

    # ------------------------------------------------------------------ classes

    def _class(self, node: Node, decorators: list[Node], scope: Scope) -> None:
        name_node = node.child_by_field_name("name")
        if name_node is None:
            return
        name = self.src.text(name_node)
        bases: list[Expr] = []
        sup = node.child_by_field_name("superclasses")
        if sup is not None:
            for b in sup.named_children:
                if b.type == "subscript":
                    b = b.child_by_field_name("value")
                if b is None or b.type not in ("identifier", "attribute"):
                    continue
                r = self.ref(b)
                if r is not None:
                    bases.append(r)
        methods: list[tuple[str, object]] = []
        decorated: list[tuple[str, tuple[tuple[str, str], ...]]] = []
        attrs: list[tuple[str, Expr]] = []
        fields: list[tuple[str, Expr]] = []
        body = node.child_by_field_name("body")
        for st in statements(body):
            defn = st
            decs: list[Node] = []
            if st.type == "decorated_definition":
                defn = st.child_by_field_name("definition")
                decs = [c for c in st.named_children if c.type == "decorator"]
            if defn is not None and defn.type == "function_definition":
                mname_node = defn.child_by_field_name("name")
                if mname_node is None:
                    continue
                mname = self.src.text(mname_node)
                methods.append((mname, self.src.span(defn)))
                facts = self._action_facts(decs)
                if facts is not None:
                    decorated.append((mname, facts))
                # class-based route handlers (fastapi-utils @cbv): @router.get on a method
                for dec in reversed(decs):
                    self._route_decorator(dec, defn, f"{name}.{mname}", scope)
                if mname == "__init__":
                    fields.extend(self._init_fields(defn))
            elif st.type == "expression_statement":
                for e in st.named_children:
                    if e.type != "assignment":
                        continue
                    left = e.child_by_field_name("left")
                    right = e.child_by_field_name("right")
                    if left is None or left.type != "identifier" or right is None:
                        continue
                    expr = to_expr(right, self.src)
                    if expr is None:
                        continue
                    aname = self.src.text(left)
                    attrs.append((aname, expr))
                    if isinstance(expr, Lit) or e.child_by_field_name("type") is not None:
                        fields.append((aname, expr))
        if scope.func is None:
            self.classes.append(ClassInfo(
                name=name, span=self.src.span(node), bases=tuple(bases),
                methods=tuple(methods),  # type: ignore[arg-type]
                fields=tuple(fields), decorated=tuple(decorated), attrs=tuple(attrs)))
        for dec in reversed(decorators):
            self._route_decorator(dec, node, name, scope, is_class=True)

    def _init_fields(self, defn: Node) -> list[tuple[str, Expr]]:
        out: list[tuple[str, Expr]] = []
        for st in statements(defn.child_by_field_name("body")):
            if st.type != "expression_statement":
                continue
            for e in st.named_children:
                if e.type != "assignment":
                    continue
                r = ref_of(e.child_by_field_name("left"), self.src)
                if r is None or r.name != "self" or len(r.attrs) != 1:
                    continue
                expr = to_expr(e.child_by_field_name("right"), self.src)
                if expr is not None:
                    out.append((r.attrs[0], expr))
        return out

    def _action_facts(self, decorators: list[Node]) -> tuple[tuple[str, str], ...] | None:
        """DRF ``@action(detail=..., methods=[...], url_path=...)`` (and the legacy
        ``@detail_route``/``@list_route``, and ``@<action>.mapping.<verb>``) -> facts.

        Shape: ``(("detail", "True"), ("methods", "GET,POST"), ("url_path", "x"))`` or
        ``(("mapping", "<action>"), ("methods", "DELETE"))``.
        """
        for dec in decorators:
            e = _decorator_expr(dec)
            if e is None:
                continue
            if e.type == "call":
                fn, pos, kw = call_parts(e)
            else:
                fn, pos, kw = e, [], {}
            d = dotted(fn, self.src) or ""
            parts = d.split(".")
            last = parts[-1]
            if len(parts) == 3 and parts[1] == "mapping" and last in (
                    "get", "post", "put", "patch", "delete", "head", "options", "trace"):
                return (("mapping", parts[0]), ("methods", last.upper()))
            if last not in ("action", "detail_route", "list_route"):
                continue
            if last == "action":
                detail_node = kw.get("detail")
                detail = self.src.text(detail_node) if detail_node is not None else "False"
            else:
                detail = "True" if last == "detail_route" else "False"
            ms = string_list(kw.get("methods"), self.src) or ["get"]
            out = [("detail", "True" if detail == "True" else "False"),
                   ("methods", ",".join(m.upper() for m in ms))]
            url_path = literal_string(kw.get("url_path"), self.src)
            if url_path is not None:
                out.append(("url_path", url_path))
            return tuple(out)
        return None

    # ------------------------------------------------------------------ routers

    def next_order(self, key: str) -> int:
        """The next registration order on router ``key``."""
        o = self.order.get(key, 0)
        self.order[key] = o + ORDER_STEP
        return o

    def new_router(self, name: str, kind: str, span_node: Node, scope: Scope, *,
                   is_app: bool = False, prefix: Expr | None = None,
                   root_candidate: bool = False, label: str | None = None,
                   syntax: str = "") -> str:
        """Register a router bound to ``name`` in ``scope``; returns its key."""
        key = name if scope.func is None else f"{scope.func}.{name}"
        if name.startswith("<"):
            key = name
        if key in self.routers:
            return key
        self.routers[key] = Router(key=key, framework=FRAMEWORK.get(kind, kind.split("-")[0]),
                                   span=self.src.span(span_node), is_app=is_app, prefix=prefix,
                                   root_candidate=root_candidate, label=label or name,
                                   syntax=syntax)
        self.kinds[key] = kind
        if scope.func is None:
            self.module_routers[name] = key
        else:
            scope.routers[name] = key
        return key

    def anon_router(self, kind: str, span_node: Node, label: str) -> str:
        """A router with no name of its own (``include([...])``, ``Mount(routes=[...])``)."""
        self._anon += 1
        key = f"<{label}:{self._anon}>"
        self.routers[key] = Router(key=key, framework=FRAMEWORK.get(kind, kind), span=self.src.span(span_node),
                                   label=label)
        self.kinds[key] = kind
        return key

    def router_of(self, node: Node | None, scope: Scope, method: str | None = None
                  ) -> tuple[str, str] | None:
        """(key, kind) of the router an identifier names in ``scope``, or None.

        Looks at local routers, module routers, then (when ``method`` says what it is
        used for) the function's parameters (a proxy router), imported names and
        module-level names bound to an unknown value (an app built by a factory).
        """
        node = unwrap(node)
        if node is None or node.type != "identifier":
            return None
        name = self.src.text(node)
        key = scope.routers.get(name) or self.module_routers.get(name)
        if key is not None:
            return key, self.kinds[key]
        if method is None:
            return None
        if scope.func is not None and name in scope.params and name not in scope.locals:
            return self._proxy(scope, name, method)
        if name in self.import_by_local:
            kind = self.kinds.get(name) or self.guess_kind(method)
            self.kinds.setdefault(name, kind)
            return name, self.kinds[name]
        if scope.func is None and name in self.value_nodes:
            value = self.value_nodes[name]
            if value.type == "call":
                kind = self.guess_kind(method)
                key = self.new_router(name, _late_kind(kind), value, scope, root_candidate=True)
                return key, self.kinds[key]
        return None

    def _proxy(self, scope: Scope, name: str, method: str) -> tuple[str, str]:
        index, pnode = scope.params[name]
        key = f"{scope.func}#{index}"
        if key not in self.routers:
            kind = _late_kind(self.guess_kind(method))
            self.routers[key] = Router(key=key, framework=FRAMEWORK.get(kind, "flask"),
                                       span=self.src.span(pnode),
                                       label=f"{name} (parameter of {scope.func})")
            self.kinds[key] = kind
            self.proxies.setdefault(scope.func or "", {})[index] = key
        return key, self.kinds[key]

    def guess_kind(self, method: str) -> str:
        """The router kind a router used with ``method`` most likely is."""
        if method in ("include_router", "add_api_route", "api_route", "add_api_websocket_route",
                      "websocket_route", "add_route", "add_websocket_route", "mount"):
            return "fastapi-router"
        if method in ("register_blueprint", "add_url_rule"):
            return "flask-bp"
        if method == "register":
            return "drf-router"
        if method in ("add_resource", "add_namespace", "resource"):
            return "restful-api"
        if method in ("add_router", "api_operation"):
            return "ninja"
        if self.tops & {"fastapi", "starlette"}:
            return "fastapi-router"
        if "ninja" in self.tops:
            return "ninja"
        if self.tops & {"flask", "quart", "apiflask", "flask_smorest"}:
            return "flask-bp"
        return "flask-bp" if method == "route" else "fastapi-router"

    def router_ref(self, node: Node | None, scope: Scope) -> Ref | None:
        """A reference to the router ``node`` names, resolvable in this file."""
        node = unwrap(node)
        if node is None:
            return None
        if node.type == "identifier":
            name = self.src.text(node)
            key = scope.routers.get(name)
            if key is not None:
                return Ref(key)
            if name in scope.locals:
                inner = unwrap(scope.locals[name])
                if inner is not None and inner.type in ("identifier", "attribute"):
                    return self.ref(inner)
                return None
        if node.type in ("identifier", "attribute"):
            return self.ref(node)
        return None

    # ------------------------------------------------------------------ calls

    def _call_stmt(self, call: Node, scope: Scope) -> None:
        fn, pos, kw = call_parts(call)
        if fn is not None and fn.type == "attribute":
            obj = fn.child_by_field_name("object")
            attr = fn.child_by_field_name("attribute")
            method = self.src.text(attr) if attr is not None else ""
            if method == "init_app":
                target = pos[0] if pos else kw.get("app")
                parent = self.router_of(target, scope)
                child = self.router_ref(obj, scope)
                if parent is not None and child is not None:
                    self.mounts.append(Mount(parent=parent[0], prefix=None, child=child,
                                             span=self.src.span(call),
                                             order=self.next_order(parent[0])))
                return
            if method in ("append", "extend", "insert") and obj is not None and obj.type == "identifier":
                name = self.src.text(obj)
                if self._is_patterns(name, scope):
                    items = pos[1:] if method == "insert" else pos
                    for a in items:
                        if method == "extend":
                            self._extend_patterns(name, a, call, scope)
                        else:
                            self._patterns_element(self._patterns_key(name, scope), a, scope, False)
                    return
            if method in CALL_METHODS:
                r = self.router_of(obj, scope, method)
                if r is not None:
                    self.router_method(r[0], r[1], method, call, pos, kw, scope, call)
                    return
        # f(app): a function that registers things on its parameter
        for i, a in enumerate(pos):
            r = self.router_of(a, scope)
            if r is not None and fn is not None:
                self.pending_calls.append((r[0], fn, i, call))
        for k, a in kw.items():
            r = self.router_of(a, scope)
            if r is not None and fn is not None:
                self.pending_calls.append((r[0], fn, k, call))

    def _resolve_pending(self) -> None:
        """Mount each proxy router (``def f(app)``) where ``f(router)`` is called."""
        for parent, fn, index, call in self.pending_calls:
            d = dotted(fn, self.src)
            if d is None:
                continue
            head, _, rest = d.partition(".")
            child: Ref | None = None
            if not rest and head in self.func_nodes:
                if isinstance(index, str):
                    names = self.param_names.get(head, [])
                    if index not in names:
                        continue
                    index = names.index(index)
                key = self.proxies.get(head, {}).get(index)
                if key is None:
                    continue
                child = Ref(key)
            elif isinstance(index, int):
                imp = self.import_by_local.get(head)
                if imp is None:
                    continue
                if not rest and imp.name != "*":
                    local = f"<proxy:{head}#{index}>"
                    self._add_import(local, imp.module, f"{imp.name}#{index}")
                    child = Ref(local)
                elif rest:
                    r = self.ref(fn)
                    if r is None or not r.attrs:
                        continue
                    child = Ref(r.name, r.attrs[:-1] + (f"{r.attrs[-1]}#{index}",))
            if child is None:
                continue
            self.mounts.append(Mount(parent=parent, prefix=None, child=child,
                                     span=self.src.span(call), order=self.next_order(parent)))

    # ------------------------------------------------------------------ decorators

    def _route_decorator(self, dec: Node, target: Node, name: str, scope: Scope,
                         is_class: bool = False) -> None:
        e = _decorator_expr(dec)
        if e is None or e.type != "call":
            return
        fn, pos, kw = call_parts(e)
        if fn is None or fn.type != "attribute":
            return
        attr = fn.child_by_field_name("attribute")
        method = self.src.text(attr) if attr is not None else ""
        if method not in DECORATOR_METHODS:
            return
        r = self.router_of(fn.child_by_field_name("object"), scope, method)
        if r is None:
            return
        self.router_method(r[0], r[1], method, e, pos, kw, scope, dec, target=target,
                           handler=name, is_class=is_class)


def _decorator_expr(dec: Node) -> Node | None:
    for c in dec.named_children:
        if c.type != "comment":
            return unwrap(c)
    return None


def _late_kind(kind: str) -> str:
    """An unknown router used like an app/blueprint: keep it a mountable kind."""
    return kind


def _param_nodes(fn: Node, src: SourceText) -> list[tuple[str, Node]]:
    params = fn.child_by_field_name("parameters")
    out: list[tuple[str, Node]] = []
    if params is None:
        return out
    for p in params.named_children:
        if p.type == "identifier":
            out.append((src.text(p), p))
        elif p.type in ("typed_parameter", "default_parameter", "typed_default_parameter"):
            n = p.child_by_field_name("name")
            if n is None:
                n = next((c for c in p.named_children if c.type == "identifier"), None)
            if n is not None and n.type == "identifier":
                out.append((src.text(n), p))
    return out


__all__ = ["PyExtractor", "ORDER_STEP", "CallExpr"]
