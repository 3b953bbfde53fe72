"""The Python builder: one pass over a module's statements -> :class:`FileFacts`.

The builder knows the language, not the frameworks. It records the module's structure
(imports, module-level values, functions, classes with their methods, attributes and
decorators), keeps the router bookkeeping (routers, routes, view routes and mounts, with
registration orders) and hands each node that can declare something to the hooks of the
Python frameworks of the registry (:class:`routelink.frameworks.base.PyFramework`,
:func:`routelink.frameworks.registry.for_language`):

- an assignment whose value constructs a router (a framework's
  :meth:`~PyFramework.constructor_kind`) -> that framework's
  :meth:`~PyFramework.construct_router`; any other assignment ->
  :meth:`~PyFramework.on_assign` (settings, URL pattern lists), ``x += ...`` ->
  :meth:`~PyFramework.on_augmented_assign`;
- a call statement -> :meth:`~PyFramework.on_call`, then, for ``router.m(...)`` with
  ``m`` in some framework's ``router_methods``, the owning framework's
  :meth:`~PyFramework.router_call`;
- a decorator ``@router.m(...)`` on a function, a class or a method ->
  :meth:`~PyFramework.router_decorator`; a module-level function's decorators ->
  :meth:`~PyFramework.function_view_methods`; a method's decorators ->
  :meth:`~PyFramework.method_decorator_facts`.

The module's top-level statements are visited once, in order (compound statements such
as ``if settings.DEBUG:`` and ``try:`` are entered: they run at module level). The body
of each module-level function is visited once afterwards, as a scope of its own: that
is where app factories build their apps. Expressions are only looked at where a route,
router, mount, class or setting can be declared; no subtree is walked twice.

Conventions shared with the framework modules and the resolver:

- Router keys: a module-level variable's name; ``"<func>.<name>"`` for a router created
  inside module-level function ``func``; ``"<func>#<i>"`` for the ``i``-th parameter of
  ``func`` used as a router (``def register(app): app.add(child)``), mounted wherever
  ``func(router)`` is called (here, or in a module importing ``func``).
- A route/mount on an imported router (``from app import app`` then ``@app.get(...)``)
  uses the imported local name as its router key; the resolver follows the import.
- Orders advance by :data:`ORDER_STEP` per registration so that a view expansion can fill
  in sub-orders (:data:`routelink.resolve.classes.SUB_STEP`).
- Module-level functions are recorded as ``Function("<view:NAME>", params, span)``; a
  function view's method restriction is the value ``"<view:NAME>"`` ->
  ``Lit("GET,POST;<framework>")`` (:func:`routelink.resolve.classes.find_function`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from tree_sitter import Node

from routelink.extract.ignores import ignore_comments
from routelink.facts import (
    Alt,
    Arg,
    CallExpr,
    ClassInfo,
    Concat,
    Dyn,
    EnvVar,
    Expr,
    FileFacts,
    Function,
    Import,
    Listen,
    Lit,
    Mount,
    Obj,
    Ref,
    Route,
    Router,
    Span,
    ViewRoutes,
)
from routelink.clients import registry as clients
from routelink.frameworks import registry
from routelink.frameworks.base import PyFramework
from routelink.syntax import SourceText, parse

from .calls import client_calls
from .nodes import (
    COMPOUND,
    call_parts,
    decorator_expr,
    dotted,
    literal_string,
    nested_blocks,
    ref_of,
    statements,
    string_list,
    to_expr,
    unwrap,
)

#: registration orders within a router advance by this much
ORDER_STEP = 1000
MAX_BLOCK_DEPTH = 6
LANGUAGE = "python"

#: return annotations that do not make a function a factory of settings objects: typing
#: names, and responses (``-> JSONResponse``: a view)
_TYPING_NAMES = frozenset({"Optional", "List", "Dict", "Any", "Union", "Tuple", "Set",
                           "Iterator", "Iterable", "Generator", "AsyncIterator", "Callable",
                           "Type", "None"})


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


class RouterHandle(NamedTuple):
    """A router as the builder knows it: its key in the facts, the framework that owns it
    and its kind, a string private to that framework (``"app"``, ``"blueprint"``...)."""

    key: str
    framework: PyFramework
    kind: str


class PyBuilder:
    """Builds one file's facts. Use :func:`routelink.extract.python.extract_python`.

    Framework hooks read the module through ``src`` (the text and spans), ``values`` /
    ``value_nodes`` (module-level bindings), ``func_nodes`` (module-level ``def``s),
    ``classes``, ``import_by_local`` and ``tops`` (top-level packages imported); they
    record facts with the methods below. ``opts`` holds per-router options a framework
    keeps between calls (``opts[key]["policy"]`` overrides the trailing-slash policy of
    the router's routes).
    """

    def __init__(self, data: bytes, path: str = "") -> None:
        self.src = SourceText(data)
        #: the module's path (absolute, ``/`` separators), for file-based routing
        self.path = path
        #: the Python frameworks of the registry, in registry order
        self.frameworks: tuple[PyFramework, ...] = tuple(
            fw for fw in registry.for_language(LANGUAGE) if isinstance(fw, PyFramework))
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
        #: module-level function -> the router it builds and returns (``return router``)
        self.returns: dict[str, Expr] = {}
        self.func_nodes: dict[str, Node] = {}
        self.routers: dict[str, Router] = {}
        self.kinds: dict[str, tuple[PyFramework, str]] = {}  # router key or imported name
        self.opts: dict[str, dict[str, str]] = {}
        self.module_routers: dict[str, str] = {}
        self.routes: list[Route] = []
        self.view_routes: list[ViewRoutes] = []
        self.mounts: list[Mount] = []
        self.order: dict[str, int] = {}
        self.settings: list[tuple[str, str]] = []
        self.listens: list[Listen] = []
        self.ignores: dict[int, tuple[str, ...]] = {}
        self.pending_calls: list[tuple[str, Node, int | str, Node]] = []
        self.proxies: dict[str, dict[int, str]] = {}
        self.param_names: dict[str, list[str]] = {}
        self.deferred: list[tuple[Node, str]] = []
        self._anon = 0
        self._methods = self.table("router_methods")
        self._decorators = self.table("router_decorators")

    # ------------------------------------------------------------------ driver

    def run(self) -> FileFacts:
        """Extract everything; never raises on malformed code."""
        tree = parse(self.src.data, LANGUAGE)
        root = tree.root_node
        module = Scope()
        self._block(root, module, 0)
        for node, name in self.deferred:
            self._function_body(node, name)
        self._resolve_pending()
        calls = ()
        if self.tops & clients.python_packages():
            calls = tuple(client_calls(self, root))
        if self.path:
            for fw in self.frameworks:
                fw.on_file(self, self.path)
        found = ignore_comments(root, self.src.data, self.src.span, self.src.span_of)
        self.ignores.update((c.line, c.codes) for c in found)
        return FileFacts(
            language=LANGUAGE,
            imports=tuple(self.imports),
            values=tuple(self.values.items()),
            classes=tuple(self.classes),
            functions=tuple(self.functions),
            returns=tuple(self.returns.items()),
            routers=tuple(self.routers.values()),
            routes=tuple(self.routes),
            view_routes=tuple(self.view_routes),
            mounts=tuple(self.mounts),
            ignores=tuple(sorted(self.ignores.items())),
            ignore_comments=tuple(found),
            settings=tuple(self.settings),
            listens=tuple(self.listens),
            calls=calls,
        )

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
        elif t == "return_statement" and scope.func is not None:
            value = unwrap(next(iter(st.named_children), None))
            if value is not None and value.type == "identifier" and \
                    self.src.text(value) in scope.routers:
                # `def create_router(deps): router = APIRouter(); ...; return router`
                self.returns.setdefault(scope.func, Ref(scope.routers[self.src.text(value)]))
        elif t == "class_definition":
            self._class(st, [], scope)
        elif t in COMPOUND and depth < MAX_BLOCK_DEPTH:
            for b in nested_blocks(st):
                self._block(b, scope, depth + 1)

    # ------------------------------------------------------------------ imports

    def add_import(self, local: str, module: str, name: str) -> None:
        """Record ``Import(local, module, name)`` once. A synthetic ``local`` written
        ``<...>`` (``<include:app.urls>``) names a module the resolver must load without
        binding a name of the file."""
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
                        self.add_import(local, mod, "*")
                        self.qual[local] = mod
                        self.tops.add(mod.split(".")[0])
                elif n.type == "dotted_name":
                    mod = self.src.text(n)
                    top = mod.split(".")[0]
                    self.add_import(top, top, "*")
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
            self.add_import(f"<star:{module}>", module, "*")
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
            self.add_import(local, module, name)
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
        if r is None:
            return None
        return self._through_module_imports(r)

    def ref_from_dotted(self, d: str) -> Ref:
        """A :class:`Ref` for the dotted name ``d``, read through ``import a.b`` as
        :meth:`ref` does."""
        parts = d.split(".")
        return self._through_module_imports(Ref(parts[0], tuple(parts[1:])))

    def _through_module_imports(self, r: Ref) -> Ref:
        if not r.attrs or not self.module_imports:
            return r
        parts = (r.name, *r.attrs)
        for k in range(len(parts) - 1, 1, -1):
            mod = ".".join(parts[:k])
            if mod in self.module_imports:
                local = f"<module:{mod}>"
                self.add_import(local, mod, "*")
                return Ref(local, tuple(parts[k:]))
        return r

    # ------------------------------------------------------------------ values

    def _assign(self, node: Node, scope: Scope) -> None:
        left = node.child_by_field_name("left")
        right = unwrap(node.child_by_field_name("right"))
        if left is None or right is None:
            return
        if left.type == "attribute":
            for fw in self.frameworks:
                fw.on_assign(self, left, right, node, scope)
            return
        if left.type != "identifier":
            return
        name = self.src.text(left)
        if self._construct(name, right, scope):
            return
        # a conditional value is only read for router constructors
        # (``Router() if settings.DEBUG else OtherRouter()``)
        if right.type != "conditional_expression":
            for fw in self.frameworks:
                if fw.on_assign(self, left, right, node, scope):
                    return
        if scope.func is None:
            expr = to_expr(right, self.src)
            if expr is not None:
                self.values[name] = expr
            self.value_nodes[name] = right
        else:
            scope.locals[name] = right

    def _construct(self, name: str, right: Node, scope: Scope) -> bool:
        """``name = <router constructor>(...)``: the constructing framework registers the
        router; True if handled. A conditional takes the first branch that constructs a
        router."""
        if right.type == "conditional_expression":
            candidates = right.named_children[:1] + right.named_children[2:3]
        elif right.type == "call":
            candidates = [right]
        else:
            return False
        for call in candidates:
            call = unwrap(call)
            if call is None or call.type != "call":
                continue
            fn, pos, kw = call_parts(call)
            qualified, imported = self.qualify(fn)
            if not qualified:
                continue
            for fw in self.frameworks:
                kind = fw.constructor_kind(qualified, imported)
                if kind is not None:
                    fw.construct_router(self, name, kind, qualified, call, pos, kw, scope)
                    return True
        return False

    def _augassign(self, node: Node, scope: Scope) -> None:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        op = node.child_by_field_name("operator")
        if left is None or right is None or left.type != "identifier" or op is None:
            return
        if self.src.text(op) != "+=":
            return
        name = self.src.text(left)
        for fw in self.frameworks:
            if fw.on_augmented_assign(self, name, right, node, scope):
                return

    def add_listen(self, router: str, port: "Expr | None", node: Node, framework: str,
                   default: int | None = None) -> None:
        """Record that the app ``router`` (a router key or a name of this module; '' when
        unknown) listens on ``port`` (an expression, None for the server's ``default``),
        written at ``node`` (:class:`~routelink.facts.Listen`)."""
        self.listens.append(Listen(router, port, self.src.span(node), framework, default))

    def setting(self, name: str, value: str) -> None:
        """Record a module-level framework setting for the resolver
        (:attr:`FileFacts.settings`; read by ``explicit_roots`` and ``adjust_policy``)."""
        self.settings.append((name, value))

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
            fstring = any(c.type == "string_start" and "f" in self.src.text(c).lower()
                          for c in node.children)
            for c in node.children:
                if c.type == "string_content":
                    text = self.src.text(c)
                    out.append(text.replace("{{", "{").replace("}}", "}") if fstring else text)
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
            restriction = self._view_methods(decorators)
            if restriction is not None:
                methods, fw = restriction
                self.values[f"<view:{name}>"] = Lit(",".join(methods) + ";" + fw.name)
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
        if last[:1].isupper() and last not in _TYPING_NAMES and not last.endswith("Response"):
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

    def _view_methods(self, decorators: list[Node]) -> tuple[list[str], PyFramework] | None:
        """(methods, framework) of the first decorator that restricts a function view's
        methods (:meth:`PyFramework.function_view_methods`), else None."""
        for dec in decorators:
            e = decorator_expr(dec)
            if e is None:
                continue
            for fw in self.frameworks:
                methods = fw.function_view_methods(self, e)
                if methods is not None:
                    return methods, fw
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
        methods: list[tuple[str, Span]] = []
        decorated: list[tuple[str, tuple[tuple[str, str], ...]]] = []
        attrs: list[tuple[str, Expr]] = []
        fields: list[tuple[str, Expr]] = []
        ctor_params: tuple[str, ...] = ()
        init_super: CallExpr | None = None
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
                facts = self._method_facts(decs)
                if facts is not None:
                    decorated.append((mname, facts))
                # class-based route handlers (a method decorated with a router's route
                # decorator): the handler is Class.method
                for dec in reversed(decs):
                    self._route_decorator(dec, defn, f"{name}.{mname}", scope)
                if mname == "__init__":
                    fields.extend(self._init_fields(defn))
                    ctor_params, init_super = self._init_super(defn)
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
                methods=tuple(methods), fields=tuple(fields), decorated=tuple(decorated),
                attrs=tuple(attrs), ctor_params=ctor_params, init_super=init_super))
        for dec in reversed(decorators):
            self._route_decorator(dec, node, name, scope, is_class=True)
        for fw in self.frameworks:
            fw.on_class(self, node, name, decorators, scope)

    def _method_facts(self, decorators: list[Node]) -> tuple[tuple[str, str], ...] | None:
        if not decorators:
            return None
        for fw in self.frameworks:
            facts = fw.method_decorator_facts(self, decorators)
            if facts is not None:
                return facts
        return None

    def _init_super(self, defn: Node) -> tuple[tuple[str, ...], CallExpr | None]:
        """(``__init__``'s parameters after ``self``, what it passes on to
        ``super().__init__(...)`` / ``Base.__init__(self, ...)``), in the shapes of
        :attr:`ClassInfo.ctor_params` and :attr:`ClassInfo.init_super`."""
        params: list[str] = []
        defaults: dict[str, Expr | None] = {}
        plist = defn.child_by_field_name("parameters")
        for p in (plist.named_children if plist is not None else []):
            node, default = p, None
            if p.type in ("default_parameter", "typed_default_parameter"):
                node = p.child_by_field_name("name")
                default = to_expr(p.child_by_field_name("value"), self.src)
            elif p.type == "typed_parameter":
                node = next((c for c in p.named_children if c.type in (
                    "identifier", "list_splat_pattern", "dictionary_splat_pattern")), None)
            if node is None:
                continue
            if node.type == "identifier":
                name = self.src.text(node)
            elif node.type in ("list_splat_pattern", "dictionary_splat_pattern"):
                inner = next((c for c in node.named_children if c.type == "identifier"), None)
                if inner is None:
                    continue
                name = ("*" if node.type == "list_splat_pattern" else "**") + self.src.text(inner)
            else:
                continue
            params.append(name)
            defaults[name] = default
        params = params[1:]  # self
        index = {p: i for i, p in enumerate(params)}

        def param(name: str) -> Arg | None:
            i = index.get(name)
            return Arg(i, defaults.get(name)) if i is not None else None

        def value(node: Node | None) -> Expr:
            e = to_expr(node, self.src)
            if isinstance(e, Ref) and not e.attrs and param(e.name) is not None:
                return param(e.name)  # type: ignore[return-value]
            if isinstance(e, Concat):
                return Concat(tuple(param(p.name) or p if isinstance(p, Ref) and not p.attrs else p
                                    for p in e.parts))
            return e if e is not None else Dyn("rest")

        for st in statements(defn.child_by_field_name("body")):
            call = st.named_children[0] if st.type == "expression_statement" and st.named_children else None
            if call is None or call.type != "call":
                continue
            fn = call.child_by_field_name("function")
            if fn is None or fn.type != "attribute" or self.src.text(fn.child_by_field_name("attribute")) != "__init__":
                continue
            obj = unwrap(fn.child_by_field_name("object"))
            explicit = obj is not None and obj.type in ("identifier", "attribute")  # Base.__init__(self, ...)
            if not explicit and not (obj is not None and obj.type == "call" and
                                     self.src.text(obj.child_by_field_name("function")) == "super"):
                continue
            pos: list[Expr] = []
            kw: list[tuple[str, Expr]] = []
            spreads: list[Expr] = []
            args = call.child_by_field_name("arguments")
            for a in (args.named_children if args is not None else []):
                if a.type == "keyword_argument":
                    k = a.child_by_field_name("name")
                    if k is not None:
                        kw.append((self.src.text(k), value(a.child_by_field_name("value"))))
                elif a.type in ("list_splat", "dictionary_splat"):
                    inner = next((c for c in a.named_children if c.type == "identifier"), None)
                    star = "*" if a.type == "list_splat" else "**"
                    i = index.get(star + self.src.text(inner)) if inner is not None else None
                    if i is None:
                        continue
                    (pos if star == "*" else spreads).append(Arg(i, attrs=(star,)))
                elif a.type != "comment":
                    pos.append(value(a))
            if explicit and pos:
                pos = pos[1:]  # self
            return tuple(params), CallExpr(Ref("super"), (*pos, Obj(tuple(kw), tuple(spreads))))
        return tuple(params), None

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

    # ------------------------------------------------------------------ routers

    def next_order(self, key: str) -> int:
        """The next registration order on router ``key``."""
        o = self.order.get(key, 0)
        self.order[key] = o + ORDER_STEP
        return o

    def new_router(self, framework: PyFramework, kind: str, name: str, span_node: Node,
                   scope: Scope, *, is_app: bool = False, prefix: Expr | None = None,
                   root_candidate: bool = False, label: str | None = None,
                   syntax: str = "") -> str:
        """Register a router of ``framework`` bound to ``name`` in ``scope`` (its
        declaration at ``span_node``); returns its key. ``prefix`` is its own prefix as
        written, in ``framework``'s path ``syntax``; see :class:`routelink.facts.Router`
        for ``is_app`` and ``root_candidate``. A name already bound to a router keeps it."""
        key = name if scope.func is None else f"{scope.func}.{name}"
        if name.startswith("<"):
            key = name
        if key in self.routers:
            return key
        self.routers[key] = Router(key=key, framework=framework.name,
                                   span=self.src.span(span_node), is_app=is_app, prefix=prefix,
                                   root_candidate=root_candidate, label=label or name,
                                   syntax=syntax)
        self.kinds[key] = (framework, kind)
        if scope.func is None:
            self.module_routers[name] = key
        else:
            scope.routers[name] = key
        return key

    def anon_router(self, framework: PyFramework, kind: str, span_node: Node, label: str) -> str:
        """A router with no name of its own (an inline list of routes mounted somewhere);
        its key is ``"<label:n>"``."""
        self._anon += 1
        key = f"<{label}:{self._anon}>"
        self.routers[key] = Router(key=key, framework=framework.name,
                                   span=self.src.span(span_node), label=label)
        self.kinds[key] = (framework, kind)
        return key

    def handle(self, key: str) -> RouterHandle | None:
        """The router (or imported router name) ``key`` with its framework and kind."""
        owner = self.kinds.get(key)
        return RouterHandle(key, *owner) if owner is not None else None

    def local_router(self, name: str, scope: Scope) -> RouterHandle | None:
        """The router a name is bound to in ``scope`` or at module level, else None."""
        key = scope.routers.get(name) or self.module_routers.get(name)
        return self.handle(key) if key is not None else None

    def router_of(self, node: Node | None, scope: Scope, method: str | None = None
                  ) -> RouterHandle | None:
        """The router an identifier names in ``scope``, or None.

        Looks at local routers, module routers, then (when ``method`` says what it is
        used for) the function's parameters (a proxy router), imported names and
        module-level names bound to an unknown call (an app built by a factory), whose
        framework and kind are guessed from ``method`` (:meth:`guess`).
        """
        node = unwrap(node)
        if node is None or node.type != "identifier":
            return None
        name = self.src.text(node)
        found = self.local_router(name, scope)
        if found is not None:
            return found
        if method is None:
            return None
        if scope.func is not None and name in scope.params and name not in scope.locals:
            return self._proxy(scope, name, method)
        if name in self.import_by_local:
            if name not in self.kinds:
                guess = self.guess(method)
                if guess is None:
                    return None
                self.kinds[name] = guess
            return self.handle(name)
        if scope.func is None and name in self.value_nodes:
            value = self.value_nodes[name]
            guess = self.guess(method) if value.type == "call" else None
            if guess is not None:
                key = self.new_router(guess[0], guess[1], name, value, scope, root_candidate=True)
                return self.handle(key)
        return None

    def _proxy(self, scope: Scope, name: str, method: str) -> RouterHandle | None:
        index, pnode = scope.params[name]
        key = f"{scope.func}#{index}"
        if key not in self.routers:
            guess = self.guess(method)
            if guess is None:
                return None
            fw, kind = guess
            self.routers[key] = Router(key=key, framework=fw.name, span=self.src.span(pnode),
                                       label=f"{name} (parameter of {scope.func})")
            self.kinds[key] = (fw, kind)
            self.proxies.setdefault(scope.func or "", {})[index] = key
        return self.handle(key)

    def guess(self, method: str) -> tuple[PyFramework, str] | None:
        """(framework, kind) a router used with ``method`` most likely is: the best rank
        of :meth:`PyFramework.guess_router`, then registry order; None when no framework
        routes with ``method``."""
        best: tuple[int, int, PyFramework, str] | None = None
        imports = frozenset(self.tops)
        for i, fw in enumerate(self.frameworks):
            guess = fw.guess_router(method, imports)
            if guess is not None and (best is None or (guess[0], i) < best[:2]):
                best = (guess[0], i, fw, guess[1])
        return (best[2], best[3]) if best is not None else None

    def router_call(self, node: Node | None) -> CallExpr | None:
        """``create_items_router(db)``, ``routes.build_router()`` given where a router is
        expected: the call, whose result the resolver takes for the router the function
        returns, if it returns one (``Mount.call_result``); None for anything else."""
        node = unwrap(node)
        if node is None or node.type != "call":
            return None
        fn = node.child_by_field_name("function")
        ref = self.ref(fn) if fn is not None and fn.type in ("identifier", "attribute") else None
        return CallExpr(ref, ()) if ref is not None else None

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

    # ------------------------------------------------------------------ facts

    def framework_of(self, key: str) -> PyFramework | None:
        """The framework that owns router ``key``."""
        owner = self.kinds.get(key)
        return owner[0] if owner is not None else None

    def _policy(self, key: str, framework: PyFramework | None, policy: str | None) -> str:
        if policy:
            return policy
        override = self.opts.get(key, {}).get("policy")
        if override:
            return override
        return framework.trailing_slash if framework is not None else "ignore"

    def route(self, key: str, method: str, path: Expr, span_node: Node, *,
              handler: str | None = None, target: Node | None = None,
              handler_span: Span | None = None, policy: str | None = None, syntax: str = "",
              framework: PyFramework | None = None) -> None:
        """Record a route of router ``key``: ``method`` (``"WS"`` for a WebSocket, never
        redirected) at ``path`` as written in ``syntax``, declared at ``span_node``,
        handled by ``handler`` defined at ``target`` (or ``handler_span``).

        ``framework`` defaults to the router's; the trailing-slash ``policy`` to the
        router's option, then the framework's default.
        """
        fw = framework or self.framework_of(key)
        pol = "strict" if method == "WS" else self._policy(key, fw, policy)
        if handler_span is None and target is not None:
            handler_span = self.src.span(target)
        self.routes.append(Route(
            router=key, method=method, path=path, span=self.src.span(span_node),
            framework=fw.name if fw is not None else "", order=self.next_order(key),
            handler=handler, handler_span=handler_span, trailing_slash=pol, syntax=syntax))

    def view_route(self, key: str, kind: str, path: Expr, view: Expr, span_node: Node, *,
                   options: tuple[tuple[str, str], ...] = (), policy: str | None = None,
                   syntax: str = "", framework: PyFramework | None = None) -> None:
        """Record routes of router ``key`` whose methods come from the class or function
        ``view`` (:class:`routelink.facts.ViewRoutes`), expanded at resolution time by the
        framework whose ``view_kinds`` lists ``kind``."""
        fw = framework or self.framework_of(key)
        self.view_routes.append(ViewRoutes(
            router=key, kind=kind, path=path, view=view, span=self.src.span(span_node),
            framework=fw.name if fw is not None else "", order=self.next_order(key),
            trailing_slash=self._policy(key, fw, policy), options=options, syntax=syntax))

    def mount(self, parent: str, prefix: Expr | None, child: Expr, span_node: Node, *,
              replaces: bool = False, syntax: str = "") -> None:
        """Record that router ``parent`` serves ``child`` under ``prefix`` (as written,
        in the parent framework's ``syntax``); ``replaces`` when the mount-time prefix
        replaces the child's own (:class:`routelink.facts.Mount`). A ``child`` that is a
        call (:meth:`router_call`) mounts the router the called function returns."""
        fw = self.framework_of(parent)
        self.mounts.append(Mount(parent=parent, prefix=prefix, child=child,
                                 span=self.src.span(span_node), order=self.next_order(parent),
                                 replaces_prefix=replaces, framework=fw.name if fw else "",
                                 syntax=syntax, call_result=isinstance(child, CallExpr)))

    # ------------------------------------------------------------------ argument helpers

    def table(self, attribute: str) -> dict[str, tuple[PyFramework, object]]:
        """The union of one name table of the Python frameworks
        (:func:`routelink.frameworks.registry.table`): name -> (framework, value)."""
        return registry.table(LANGUAGE, attribute)  # type: ignore[return-value]

    def methods(self, node: Node | None, default: list[str]) -> list[str]:
        """Upper-case HTTP methods of a ``methods=[...]`` argument, ``default`` when it
        is absent or not a literal list."""
        ms = string_list(node, self.src) if node is not None else None
        if not ms:
            return default
        return [m.upper() for m in ms]

    def handler_of(self, node: Node | None) -> tuple[str | None, Node | None]:
        """(dotted name, ``def`` node when it is a module-level function of this file)
        of an endpoint / view function argument."""
        node = unwrap(node)
        if node is None:
            return None, None
        d = dotted(node, self.src)
        if d is None:
            return None, None
        return d, self.func_nodes.get(d)

    # ------------------------------------------------------------------ calls

    def _call_stmt(self, call: Node, scope: Scope) -> None:
        fn, pos, kw = call_parts(call)
        for fw in self.frameworks:
            if fw.on_call(self, call, fn, pos, kw, scope):
                return
        if fn is not None and fn.type == "attribute":
            attr = fn.child_by_field_name("attribute")
            method = self.src.text(attr) if attr is not None else ""
            if method in self._methods:
                r = self.router_of(fn.child_by_field_name("object"), scope, method)
                if r is not None:
                    r.framework.router_call(self, r, method, call, pos, kw, scope)
                    return
        # f(app): a function that registers things on its parameter
        for i, a in enumerate(pos):
            r = self.router_of(a, scope)
            if r is not None and fn is not None:
                self.pending_calls.append((r.key, fn, i, call))
        for k, a in kw.items():
            r = self.router_of(a, scope)
            if r is not None and fn is not None:
                self.pending_calls.append((r.key, fn, k, call))

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
                    self.add_import(local, imp.module, f"{imp.name}#{index}")
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
        e = decorator_expr(dec)
        if e is not None and e.type == "call":
            fn, pos, kw = call_parts(e)
            if fn is not None and fn.type == "attribute":
                attr = fn.child_by_field_name("attribute")
                method = self.src.text(attr) if attr is not None else ""
                if method in self._decorators:
                    r = self.router_of(fn.child_by_field_name("object"), scope, method)
                    if r is not None:
                        r.framework.router_decorator(self, r, method, e, pos, kw, scope, dec,
                                                     target, name, is_class)
                        return
        for fw in self.frameworks:
            if fw.on_decorator(self, dec, target, name, scope, is_class):
                return


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


__all__ = ["PyBuilder", "RouterHandle", "Scope", "ORDER_STEP"]
