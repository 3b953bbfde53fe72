"""Call sites of Python HTTP clients: ``requests.post(url, json=body)``,
``session.get(url)``, ``async with aiohttp.ClientSession() as s: s.get(url)``.

:func:`client_calls` walks a whole module (every function, method, nested block and
expression) of a file that imports one of the Python client libraries of the registry
(:func:`routelink.clients.registry.python_packages`; the builder only calls it then) and
records a :class:`~routelink.facts.CallSite` for each call through a name that may be
such a client: an import of one of those packages, a module-level value, a local, a
``with ... as`` target or a ``self.x`` set in a method, bound to one. Which calls are
requests, and with which method and URL, is the library's and the resolver's business
(:mod:`routelink.clients.python_http`).

What is recorded, in the resolver's terms:

- ``callee``: the name as written (``Ref("requests", ("post",))``); a local or a
  ``self.x`` bound to a call (``s = requests.Session()``) is read through a synthetic
  module value ``<client:func.s#n>`` holding that call, a local bound to a name through
  that name;
- ``args``: the positional arguments as expressions, then one trailing
  :class:`~routelink.facts.Obj` of the keyword arguments when there are any. Function
  parameters are unknown values (a hole: ``{}`` inside a URL, ``{*}`` leading it),
  locals are replaced by what was last assigned to them before the call, in source
  order; module-level names are left to the resolver (constants, imported settings,
  ``os.environ.get("X", "default")``);
- ``function`` is None: a call is evaluated where it is written (requests written in a
  helper whose parameter is the URL are not followed to the helper's callers; their
  URL is unknown and they are outbound).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tree_sitter import Node

from routelink.clients import registry as clients
from routelink.facts import Alt, CallExpr, CallSite, Concat, Dyn, EnvVar, Expr, Obj, Ref

from .nodes import call_parts, ref_of, to_expr, unwrap

if TYPE_CHECKING:  # pragma: no cover
    from .extractor import PyBuilder

MAX_DEPTH = 8
_SCOPES = ("function_definition", "class_definition", "lambda")


@dataclass
class _Env:
    """What names mean where a call is written: ``params`` of the enclosing function,
    ``locals`` (name -> the expression last assigned), ``attrs`` (``self.x`` -> its
    expression, from any method of the enclosing class), ``key`` names the scope for
    synthetic values."""

    key: str = ""
    params: frozenset[str] = frozenset()
    locals: dict[str, Expr] = field(default_factory=dict)
    attrs: dict[str, Expr] = field(default_factory=dict)


def client_calls(b: "PyBuilder", root: Node) -> list[CallSite]:
    """The call sites of a module that may be requests of a Python client library."""
    walker = _Walker(b)
    walker.block(root, _Env())
    return walker.sites


class _Walker:
    def __init__(self, b: "PyBuilder") -> None:
        self.b = b
        self.src = b.src
        self.sites: list[CallSite] = []
        self.packages = clients.python_packages()
        self.method_first = clients.python_method_first()
        self._synthetic: dict[tuple[str, CallExpr], str] = {}

    # ------------------------------------------------------------------ walking

    def block(self, node: Node, env: _Env) -> None:
        """Statements in order, so that a call sees the locals assigned before it."""
        for child in node.named_children:
            self.visit(child, env)

    def visit(self, node: Node, env: _Env) -> None:
        t = node.type
        if t == "function_definition":
            self._function(node, env)
            return
        if t == "class_definition":
            self._class(node, env)
            return
        if t == "decorated_definition":
            for c in node.named_children:
                self.visit(c, env)
            return
        if t == "call":
            self._call(node, env)
        if t == "assignment":
            # the value first: `r = requests.get(url)` is a call; then the binding
            right = node.child_by_field_name("right")
            if right is not None:
                self.visit(right, env)
            self._bind_assignment(node, env)
            return
        if t == "with_item":
            self.block(node, env)
            self._bind_with(node, env)
            return
        for child in node.named_children:
            self.visit(child, env)

    def _function(self, node: Node, env: _Env, method_of: _Env | None = None) -> None:
        name = node.child_by_field_name("name")
        key = (env.key + "." if env.key else "") + (self.src.text(name) if name is not None else "?")
        params = _params(node, self.src)
        attrs: dict[str, Expr] = {}
        if method_of is not None:
            attrs = method_of.attrs
            params = params[1:]  # self
        else:
            attrs = env.attrs  # a function nested in a method sees `self` too
        inner = _Env(key, frozenset(params) | (env.params if method_of is None else frozenset()),
                     dict(env.locals) if method_of is None and env.key else {}, attrs)
        for p in params:
            inner.locals.pop(p, None)
        body = node.child_by_field_name("body")
        if body is not None:
            self.block(body, inner)

    def _class(self, node: Node, env: _Env) -> None:
        name = node.child_by_field_name("name")
        key = (env.key + "." if env.key else "") + (self.src.text(name) if name is not None else "?")
        cls = _Env(key)
        body = node.child_by_field_name("body")
        methods: list[Node] = []
        for st in (body.named_children if body is not None else []):
            defn = st.child_by_field_name("definition") if st.type == "decorated_definition" else st
            if defn is not None and defn.type == "function_definition":
                methods.append(defn)
        # `self.session = requests.Session()` in any method (`__init__` usually)
        for m in methods:
            self._self_attrs(m, cls)
        for st in (body.named_children if body is not None else []):
            defn = st.child_by_field_name("definition") if st.type == "decorated_definition" else st
            if defn is not None and defn.type == "function_definition":
                self._function(defn, cls, method_of=cls)
            else:
                self.visit(st, cls)

    def _self_attrs(self, method: Node, cls: _Env) -> None:
        params = _params(method, self.src)
        if not params:
            return
        me = params[0]
        menv = _Env(cls.key, frozenset(params[1:]))
        stack = [method.child_by_field_name("body")]
        while stack:
            n = stack.pop()
            if n is None or n.type in _SCOPES:
                continue
            if n.type == "assignment":
                left = n.child_by_field_name("left")
                r = ref_of(left, self.src) if left is not None and left.type == "attribute" else None
                if r is not None and r.name == me and len(r.attrs) == 1 and r.attrs[0] not in cls.attrs:
                    value = to_expr(n.child_by_field_name("right"), self.src)
                    if value is not None:
                        cls.attrs[r.attrs[0]] = self.subst(value, menv, 0)
            stack.extend(n.named_children)

    # ------------------------------------------------------------------ bindings

    def _bind_assignment(self, node: Node, env: _Env) -> None:
        if not env.key:
            return  # module level: the builder records values
        left = node.child_by_field_name("left")
        if left is None or left.type != "identifier":
            return
        name = self.src.text(left)
        value = to_expr(node.child_by_field_name("right"), self.src)
        if value is None:
            env.locals.pop(name, None)  # no longer what it was: unknown
        else:
            env.locals[name] = self.subst(value, env, 0)

    def _bind_with(self, item: Node, env: _Env) -> None:
        """``with httpx.Client(base_url=B) as c``: ``c`` is the client (what the context
        manager's ``__enter__`` returns is the client itself for every client library)."""
        value = item.child_by_field_name("value")
        if value is None or value.type != "as_pattern":
            return
        target = value.child_by_field_name("alias")
        target = target.named_children[0] if target is not None and target.named_children else None
        expr_node = value.named_children[0] if value.named_children else None
        if target is None or target.type != "identifier" or expr_node is None:
            return
        expr = to_expr(expr_node, self.src)
        name = self.src.text(target)
        if expr is None:
            env.locals.pop(name, None)
        else:
            env.locals[name] = self.subst(expr, env, 0)

    # ------------------------------------------------------------------ calls

    def _call(self, node: Node, env: _Env) -> None:
        fn, pos, kw = call_parts(node)
        fn = unwrap(fn)
        if fn is None or fn.type not in ("identifier", "attribute"):
            return
        obj = unwrap(fn.child_by_field_name("object")) if fn.type == "attribute" else None
        if obj is not None and obj.type == "call":
            # `aiohttp.ClientSession().get(url)`: a member of what a call makes
            made = to_expr(obj, self.src)
            attr = fn.child_by_field_name("attribute")
            if not isinstance(made, CallExpr) or attr is None:
                return
            made = self.subst(made, env, 0)
            if not isinstance(made, CallExpr):
                return
            callee: Ref | None = Ref(self._synthetic_value(env.key, made), (self.src.text(attr),))
        else:
            written = self.b.ref(fn)
            if written is None:
                return
            callee = self._callee(written, env)
        if callee is None or not self._through_client(callee, 0):
            return
        args: list[Expr] = []
        for a in pos:
            e = to_expr(a, self.src)
            args.append(self.subst(e, env, 0) if e is not None else Dyn("segment"))
        if kw:
            items = []
            for k, v in kw.items():
                e = to_expr(v, self.src)
                items.append((k, self.subst(e, env, 0) if e is not None else Dyn("segment")))
            args.append(Obj(tuple(items)))
        url_node = _url_node(callee, pos, kw, self.method_first)
        method_span, style = None, None
        if fn.type == "attribute" and callee.attrs and callee.attrs[-1] in (
                "get", "post", "put", "patch", "delete", "head", "options"):
            attr = fn.child_by_field_name("attribute")
            method_span, style = (self.src.span(attr), "member") if attr is not None else (None, None)
        elif callee.attrs and callee.attrs[-1] in self.method_first and pos and \
                unwrap(pos[0]) is not None and unwrap(pos[0]).type == "string":
            method_span, style = self.src.span(unwrap(pos[0])), "literal"
        target = url_node if url_node is not None else node
        self.sites.append(CallSite(
            callee=callee, args=tuple(args), span=self.src.span(node),
            url_span=self.src.span(target), raw=self.src.text(target)[:200],
            method_span=method_span, method_style=style))

    def _callee(self, ref: Ref, env: _Env) -> Ref | None:
        """The callee read through locals and ``self.x``; None for a parameter (a client
        passed in is not followed) or a local bound to something else."""
        if ref.name in env.locals:
            bound = env.locals[ref.name]
            return self._through(bound, ref.attrs, env)
        if ref.name in env.params:
            return None
        if ref.name == "self" and ref.attrs and ref.attrs[0] in env.attrs:
            return self._through(env.attrs[ref.attrs[0]], ref.attrs[1:], env)
        return ref

    def _through(self, bound: Expr, attrs: tuple[str, ...], env: _Env) -> Ref | None:
        if isinstance(bound, Ref):
            return Ref(bound.name, bound.attrs + attrs)
        if isinstance(bound, CallExpr) and attrs:
            return Ref(self._synthetic_value(env.key, bound), attrs)
        return None

    def _synthetic_value(self, key: str, call: CallExpr) -> str:
        name = self._synthetic.get((key, call))
        if name is None:
            name = f"<client:{key}#{len(self._synthetic)}>"
            self._synthetic[(key, call)] = name
            self.b.values[name] = call
        return name

    def _through_client(self, ref: Ref, depth: int) -> bool:
        """Whether ``ref`` may be a client library's: an import of one of the packages,
        or a (module-level or synthetic) value made by one."""
        if depth > MAX_DEPTH:
            return False
        imp = self.b.import_by_local.get(ref.name)
        if imp is not None:
            return imp.module.split(".")[0] in self.packages
        value = self.b.values.get(ref.name)
        if isinstance(value, CallExpr):
            return self._through_client(value.callee, depth + 1)
        if isinstance(value, Ref) and value.name != ref.name:
            return self._through_client(value, depth + 1)
        return False

    # ------------------------------------------------------------------ values

    def subst(self, expr: Expr, env: _Env, depth: int, leading: bool = True) -> Expr:
        """``expr`` with the function's parameters made holes (``{*}`` when they lead a
        value, ``{}`` inside it) and its locals replaced by their values."""
        if depth > MAX_DEPTH:
            return Dyn("rest")
        if isinstance(expr, Ref):
            if expr.name in env.locals:
                bound = env.locals[expr.name]
                if not expr.attrs:
                    return bound
                if isinstance(bound, Ref):
                    return Ref(bound.name, bound.attrs + expr.attrs)
                if isinstance(bound, CallExpr):
                    return Ref(self._synthetic_value(env.key, bound), expr.attrs)
                return Dyn("segment")
            if expr.name in env.params:
                return Dyn("rest") if leading else Dyn("segment")
            if expr.name == "self" and expr.attrs and expr.attrs[0] in env.attrs:
                inner = env.attrs[expr.attrs[0]]
                if len(expr.attrs) == 1:
                    return inner
                if isinstance(inner, Ref):
                    return Ref(inner.name, inner.attrs + expr.attrs[1:])
                return Dyn("segment")
            return expr
        if isinstance(expr, Concat):
            return Concat(tuple(self.subst(p, env, depth + 1, leading and i == 0)
                                for i, p in enumerate(expr.parts)))
        if isinstance(expr, Alt):
            return Alt(tuple(self.subst(o, env, depth + 1, leading) for o in expr.options))
        if isinstance(expr, EnvVar):
            return EnvVar(expr.name, self.subst(expr.default, env, depth + 1, leading)
                          if expr.default is not None else None)
        if isinstance(expr, CallExpr):
            return CallExpr(self._callee(expr.callee, env) or expr.callee,
                            tuple(self.subst(a, env, depth + 1) for a in expr.args), expr.new)
        if isinstance(expr, Obj):
            return Obj(tuple((k, self.subst(v, env, depth + 1)) for k, v in expr.items))
        return expr


def _params(fn: Node, src) -> list[str]:
    """Parameter names of a ``def`` in order (``*args``/``**kw`` included by name)."""
    params = fn.child_by_field_name("parameters")
    out: list[str] = []
    for p in (params.named_children if params is not None else []):
        n = p
        if p.type in ("typed_parameter", "default_parameter", "typed_default_parameter"):
            n = p.child_by_field_name("name") or next(
                (c for c in p.named_children if c.type in (
                    "identifier", "list_splat_pattern", "dictionary_splat_pattern")), None)
        if n is not None and n.type in ("list_splat_pattern", "dictionary_splat_pattern"):
            n = next((c for c in n.named_children if c.type == "identifier"), None)
        if n is not None and n.type == "identifier":
            out.append(src.text(n))
    return out


def _url_node(callee: Ref, pos: list[Node], kw: dict[str, Node],
              method_first: frozenset[str]) -> Node | None:
    """The node of the URL argument: the second of ``request(method, url)`` (a member in
    ``method_first``), else the first; or the ``url=`` keyword."""
    index = 1 if callee.attrs and callee.attrs[-1] in method_first else 0
    if len(pos) > index:
        return unwrap(pos[index])
    return unwrap(kw.get("url"))
