"""Facts from JavaScript and TypeScript: module structure, client call sites, and,
through the frameworks' hooks, routers, routes and mounts.

One pass over the tree-sitter syntax tree of a JS/TS/JSX/TSX file (or the ``<script>``
blocks of a Vue/Svelte component) by :class:`JsBuilder` produces:

- module structure: ``import``/``require`` bindings, ``export``/``module.exports``
  entries, module-level values (URLs, base URLs, ``axios.create(...)``), classes (fields
  set in the constructor, also in its branches), functions and what they return, locals
  anywhere in a function body;
- client call sites: calls through a client library's free names and members (from
  :mod:`routelink.clients.registry`), any call whose callee is a module-level or
  imported name, ``this.x`` in a class, a member of a parameter a client may be passed
  as. Whether such a call is a request (an axios instance, a wrapper function) is
  decided by the resolver, which sees every file;
- router bookkeeping for the JavaScript frameworks of :mod:`routelink.frameworks`: which
  names are routers, and the hooks that say what creates one and what a call on one
  declares (Express's rules are in :mod:`routelink.frameworks.express`).
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
import urllib.parse
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from tree_sitter import Node, Tree

from routelink.facts import (
    Alt,
    Arg,
    Assignment,
    CallExpr,
    CallSite,
    ClassInfo,
    Concat,
    Dyn,
    EnvVar,
    Export,
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
from routelink.extract.ignores import ignore_comments
from routelink.frameworks import registry
from routelink.syntax import SourceText, named_children, parse

_QUERY_HINT = re.compile(r"(?i)(query|^qs$|querystring|search|params|stringify|filters?)")
_HTTP_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "JSONP"})
_SUBST_WRAPPERS = {"encodeURIComponent", "escape"}
#: calls whose result is, for a URL, their one argument (``encodeURI`` leaves ``/``, ``?``
#: and ``&`` as they are)
_SAME_VALUE_CALLS = frozenset({"encodeURI", "String", "URL"})
#: nodes that start a function (a call's branches are looked for up to one)
_FUNCTION_NODES = frozenset({
    "arrow_function", "function_expression", "function", "function_declaration",
    "generator_function", "generator_function_declaration", "method_definition", "program",
})
#: string methods that cut a string at its end when they start at 0
_HEAD_METHODS = frozenset({"slice", "substring", "substr"})
#: string methods whose result is, for a URL, the same value
_KEEP_VALUE_METHODS = frozenset({"trim", "trimEnd", "trimStart", "toString", "valueOf"})


def _is_scheme_regex(node: Node, src: SourceText) -> bool:
    """``/^http/``, ``/^https?/``: a ``replace`` that only changes the URL's scheme."""
    node = _unwrap(node)
    if node is None or node.type != "regex":
        return False
    pattern = node.child_by_field_name("pattern")
    text = src.text(pattern) if pattern is not None else ""
    return text.lstrip("^").startswith("http") and len(text) <= 12


def unquote_js_string(node: Node, src: SourceText) -> str:
    """The value of a JS ``string`` node (escape sequences decoded best-effort)."""
    parts = []
    for c in node.named_children:
        if c.type == "string_fragment":
            parts.append(src.text(c))
        elif c.type == "escape_sequence":
            t = src.text(c)
            parts.append({"\\n": "\n", "\\t": "\t"}.get(t, t[1:]))
    return "".join(parts)


@dataclass
class Scope:
    """Name bindings of one function body (params and local consts).

    ``node`` is the function's syntax node (for plug-ins that look at how a parameter is
    used in the body).
    """

    bindings: dict[str, Expr] = field(default_factory=dict)
    #: local name -> router key, for routers created in or passed to this function
    routers: dict[str, str] = field(default_factory=dict)
    parent: Scope | None = None
    #: key of the Function fact this scope's parameters belong to (named functions)
    function: str | None = None
    #: class name when inside a class method (``this`` refers to its instance)
    class_name: str | None = None
    node: Node | None = None
    #: a block that may not run (an ``if`` branch, a loop body, a ``catch``)
    branch: bool = False
    #: where ``return`` expressions of the enclosing function are collected (None in a
    #: nested function: its returns are not the outer function's)
    returns: list | None = None
    #: (value node, scope) of each ``return``, beside ``returns`` (inline functions)
    return_nodes: list | None = None
    #: in a constructor: the ``this.x`` fields assigned so far
    fields: dict | None = None
    #: local name -> its value's node (for loops over a local list)
    nodes: dict | None = None
    #: locals a destructuring parameter binds: local -> (parameter index, member)
    #: (``function setupAuth({ server })``: ``server`` -> ``(0, "server")``); only a
    #: router is looked up here (see :meth:`JsBuilder.router_target`), their values stay
    #: unknown
    param_members: dict | None = None
    #: names of the functions declared in this function that it returns (``return {
    #: get, post }``, ``return get``): each is a function of its own, ``<function>.<name>``
    #: (see :meth:`JsBuilder._exposed_function`)
    exposed: frozenset = frozenset()
    #: local helper functions with no parameters declared here: name -> (what a call of
    #: it gives, the function its parameters are of) (see :meth:`JsBuilder._helper`)
    thunks: dict | None = None

    def thunk(self, name: str) -> tuple[Expr, str | None] | None:
        """What ``name()`` gives when ``name`` is a local helper with no parameters."""
        scope: Scope | None = self
        while scope is not None:
            if name in scope.bindings:
                return scope.thunks.get(name) if scope.thunks else None
            scope = scope.parent
        return None

    def lookup_node(self, name: str) -> Node | None:
        """The node a local name was declared with, in this scope or an enclosing one."""
        scope: Scope | None = self
        while scope is not None:
            if name in scope.bindings:
                return scope.nodes.get(name) if scope.nodes else None
            scope = scope.parent
        return None

    def router(self, name: str) -> str | None:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.bindings and name not in scope.routers:
                return None  # shadowed by a plain local
            if name in scope.routers:
                return scope.routers[name]
            scope = scope.parent
        return None

    def lookup(self, name: str) -> Expr | None:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.bindings:
                return scope.bindings[name]
            scope = scope.parent
        return None


class ElementAttribute(NamedTuple):
    """One attribute written on an element, as a client library's ``element`` hook gets
    it (``ClientLibrary.element``): ``name`` as the framework reads it (``href`` for
    ``href``, Vue ``:href`` / ``v-bind:href``; JSX ``onSubmit``); in Vue/Svelte markup a
    directive or event handler (``@submit.prevent``, ``on:submit|preventDefault``) keeps
    its written name and has no ``value``. ``value`` is the expression (a literal for a
    plain string), ``span`` covers the attribute and ``value_span`` its value (with its
    quotes), both positions in the original file; ``raw`` is the value's text."""

    name: str
    value: "Expr | None"
    span: Span
    value_span: Span
    raw: str


#: the parameter index a component's props have during extraction: a call site that
#: belongs to the component gets them as parameter 0, any other as unknown values
#: (:meth:`JsBuilder.site_function`); no fact ever holds it
PROPS = -1


@dataclass
class ComponentMode:
    """A single-file component (Vue SFC, Svelte component) extracted as a function.

    The component is the function ``key`` (``"<default>"``, the module's default export)
    whose parameter 0 is its props object. While the file is walked, expressions that
    read a prop are ``Arg(PROPS, attrs=(prop,))``: ``props.url`` after ``const props =
    defineProps(...)``, ``url`` after ``const { url } = defineProps(...)`` or Svelte's
    ``export let url``, ``this.url`` in a Vue Options API component that declares
    ``props``. A call site whose URL reads a prop belongs to the component
    (``CallSite.function == key``, the prop as ``Arg(0, attrs=("url",))``), wherever it is
    written in the script (top level, ``onMounted(...)``, a local function); the
    component then is a wrapper and every usage of it (``<DataTable url="/x" />`` in
    another component's template) a call site of it with one argument, an ``Obj`` of
    the props written there. The framework's rules (what declares props) live in
    :mod:`routelink.extract.components`, which fills this in through ``declare``.
    """

    kind: str
    span: Span
    key: str = "<default>"
    #: module-level names bound to the props (``Arg(PROPS)``) or to one of them
    bindings: dict[str, Expr] = field(default_factory=dict)
    #: default values of props (Vue ``withDefaults``, an options ``default:``)
    defaults: dict[str, Expr] = field(default_factory=dict)
    #: declared prop names, in order (a Vue template reads them by bare name)
    props: list[str] = field(default_factory=list)
    #: Vue Options API: ``this.<prop>`` reads the prop
    this_props: bool = False
    #: start bytes of functions whose first parameter is the props (``setup(props)``)
    props_params: set[int] = field(default_factory=set)
    #: called with (builder, module statements) after module names are known and before
    #: the module is walked, to fill in the fields above
    declare: object = None
    #: a React class component: ``this.<this_member>.<x>`` (``this.props.url``) is prop x
    this_member: str | None = None

    def prop(self, name: str, attrs: tuple[str, ...] = ()) -> Arg:
        """The expression reading prop ``name`` (and a member path of it). An empty
        string default (``url: { type: String, default: '' }``) is a placeholder for a
        value the user of the component gives: no default."""
        default = self.defaults.get(name) if not attrs else None
        return Arg(PROPS, default if default != Lit("") else None, (name, *attrs))


class JsBuilder:
    """Builds one JS/TS file's facts: module structure, client call sites, and through
    the registered frameworks' hooks (:class:`routelink.frameworks.base.JsFramework`)
    routers, routes and mounts. Use :func:`extract_javascript`.
    """

    def __init__(self, src: SourceText, language: str, path: str = "") -> None:
        self.src = src
        self.language = language
        #: the file's path (absolute, ``/`` separators), for file-based routing
        self.path = path
        self.frameworks = registry.for_language(language)
        self._uses_cache: dict = {}
        #: the scope of the call a framework is asked to claim a router for (see
        #: :meth:`certainly_data`)
        self._claim_scope: Scope | None = None
        self._claim_base: str | None = None
        self._router_calls: dict[tuple[int, int, int], bool] = {}
        self._calls_seen: set = set()
        #: (local name, bound call) -> synthetic value key (see _local_callee)
        self._local_values: dict[tuple[str, Expr], str] = {}
        #: (start, end) bytes of inline functions a client library walked already
        self._inline_done: set[tuple[int, int]] = set()
        #: :meth:`_ref_of` by (source, start byte, end byte, kind) of the node: a callee is
        #: read by the walk, the router and request checks and every framework's and
        #: library's hook (the source too: a component's template expressions are parsed
        #: apart, at offsets of their own)
        self._refs: dict[tuple[object, int, int, int], Ref | None] = {}
        #: keys of the functions declared in a function that close over its parameters
        #: (``Function.closure``: a returned ``get(url)``, a local ``load(id)``)
        self._closures: set[str] = set()
        #: function key -> (start, end) byte of its node, for the named functions walked
        self._function_nodes: dict[str, tuple[int, int]] = {}
        #: class name -> {field: router key} of routers held in fields
        self._held_routers: dict[str, dict[str, str]] = {}
        self._scopes_seen: dict[int, object] = {}
        self.imports: list[Import] = []
        #: (imports indexed, first import of each local name): see :meth:`import_of`
        self._import_index: tuple[int, dict[str, Import]] = (0, {})
        self.exports: list[Export] = []
        self.values: dict[str, Expr] = {}
        self.value_nodes: dict[str, Node] = {}
        self.classes: list[ClassInfo] = []
        #: class name -> the arguments its constructor passes to ``super(...)``
        self._super_args: dict[str, tuple[Expr, ...]] = {}
        self.functions: dict[str, Function] = {}
        self.assignments: list[Assignment] = []
        self.routers: dict[str, Router] = {}
        self.routes: list[Route] = []
        self.mounts: list[Mount] = []
        self.view_routes: list[ViewRoutes] = []
        self.calls: list[CallSite] = []
        self.symbols: dict[str, Span] = {}
        #: function key -> what it returns (the alternatives of its ``return``s)
        self.returns: dict[str, Expr] = {}
        self.ignores: dict[int, tuple[str, ...]] = {}
        self.ignore_comments: list = []
        self.errors: list[str] = []
        #: framework settings this file declares (see :meth:`setting`)
        self.settings: dict[str, str] = {}
        self.listens: list[Listen] = []
        self.module_names: set[str] = set()
        self.import_modules: dict[str, str] = {}
        #: local names bound by type-only imports (``import type { X }``, ``import { type X }``)
        self.type_imports: set[str] = set()
        self.local_functions: dict[str, Node] = {}
        self.router_order: dict[str, int] = {}
        self._state: dict[str, dict] = {}
        self._anon = 0
        #: set for a single-file component (Vue, Svelte): the file is also a function
        #: whose parameter 0 is its props (see :class:`ComponentMode`)
        self.component: ComponentMode | None = None
        #: JSX elements walked so far (a function that renders one is a component)
        self._jsx_seen = 0

    # ------------------------------------------------------------------ driver

    def run(self, root: Node) -> FileFacts:
        """Walk the module and return its facts."""
        self.walk_module(root)
        return self.build()

    def walk_module(self, root: Node) -> None:
        """Walk the module (:meth:`build` then makes the facts; a component extractor
        adds its template's usages in between)."""
        self.root_node = root
        self.__dict__["_targets_src"] = self.src
        self.__dict__.pop("_targets", None)
        stmts = named_children(root)
        # pass 1: names bound at module level (so later passes know what is local)
        for st in stmts:
            self._collect_module_names(st)
        if self.component is not None and self.component.declare is not None:
            self.component.declare(self, stmts)
        # pass 2: everything else, in source order
        for st in stmts:
            self._statement(st, None)
        if self.path:
            for fw in self.frameworks:
                fw.on_file(self, self.path)
        for lib in clients.file_hooks():
            lib.on_file(self, root)
        self._comments(root)

    def build(self) -> FileFacts:
        """The facts of what was walked."""
        if self.component is not None:
            self._finish_component()
        return FileFacts(
            language=self.language,
            imports=tuple(self.imports),
            exports=tuple(self.exports),
            values=tuple(self.values.items()),
            classes=tuple(self.classes),
            functions=tuple(self.functions.values()),
            assignments=tuple(self.assignments),
            routers=tuple(self.routers.values()),
            routes=tuple(self.routes),
            mounts=tuple(self.mounts),
            view_routes=tuple(self.view_routes),
            calls=tuple(self.calls),
            ignores=tuple(sorted(self.ignores.items())),
            ignore_comments=tuple(sorted(self.ignore_comments, key=lambda c: (c.span.line, c.span.column))),
            errors=tuple(self.errors),
            symbols=tuple(self.symbols.items()),
            returns=tuple(self.returns.items()),
            settings=tuple(self.settings.items()),
            listens=tuple(self.listens),
        )

    def _finish_component(self) -> None:
        """A component with a request that reads a prop is the function ``key``, its
        default export; no fact keeps the extraction-time props index."""
        comp = self.component
        if any(c.function == comp.key for c in self.calls):
            self.functions[comp.key] = Function(comp.key, ("props",), comp.span, component=True)
            self.exports = [e for e in self.exports if e.name != "default"]
            self.exports.append(Export("default", Ref(comp.key)))
        self.values = {k: _rebind(v, False) for k, v in self.values.items()}
        self.exports = [Export(e.name, _rebind(e.value, False)) for e in self.exports]
        self.assignments = [dataclasses.replace(a, value=_rebind(a.value, False))
                            for a in self.assignments]
        self.classes = [dataclasses.replace(c, fields=tuple((n, _rebind(v, False)) for n, v in c.fields))
                        for c in self.classes]

    def site_function(self, args: tuple[Expr, ...], scope: Scope | None, force: bool = False,
                      own: "str | None | bool" = False) -> tuple[str | None, tuple[Expr, ...]]:
        """(the key of the function a call site with ``args`` belongs to, the args as
        recorded): the enclosing function when its parameters flow into the arguments
        (see :class:`~routelink.facts.CallSite`), else None. In a component
        (:class:`ComponentMode`) a call whose URL (first argument) reads a prop belongs
        to the component, wherever it is written: its props become parameter 0 and the
        enclosing function's own parameters unknown values. ``force``: the call belongs
        to the enclosing function whatever its arguments (a method of a class, a call
        through a client parameter). ``own``: the enclosing function, when not
        ``scope``'s (see :meth:`closure_owner`)."""
        if own is False:
            own, args, _ = self.closure_owner(args, scope)
        comp = self.component
        if comp is not None:
            own_used = own is not None and any(_has_arg(a) for a in args)
            if any(_has_arg(a, props=True) for a in args[:1]) or (
                    not own_used and any(_has_arg(a, props=True) for a in args)):
                return comp.key, tuple(_rebind(a, True) for a in args)
            args = tuple(_rebind(a, False) for a in args)
        if own is not None and (force or any(_has_arg(a) for a in args)):
            return own, args
        return None, args

    def closure_owner(self, args: tuple[Expr, ...], scope: Scope | None, callee: Ref | None = None
                      ) -> tuple[str | None, tuple[Expr, ...], Ref | None]:
        """(the function a call site with ``args`` through ``callee`` is made by, the args
        and the callee in its terms). In a function that closes over an enclosing one's
        parameters (``_closures``), a call whose URL (first argument) does not start
        with one of its own parameters but reads the enclosing function's (``const load =
        (id) => api.get(`${base}/items/${id}`)`` in a component with prop ``base``) is
        the enclosing function's, like its other requests: its own parameters are then
        unknown values and a callee that is one of them (None) is no request of it."""
        own = scope.function if scope is not None else None
        while own in self._closures and args and not _leads_own(args[0]) and (
                any(_reads_outer(a) for a in args) or _callee_outer(callee) > 0):
            own = own.rsplit(".", 1)[0]
            args = tuple(_unclose(a) for a in args)
            if callee is not None and callee.name.startswith("#arg"):
                index, _, outer = callee.name[4:].partition("^")
                depth = int(outer or 0) - 1
                callee = None if depth < 0 else Ref(
                    f"#arg{index}" + (f"^{depth}" if depth else ""), callee.attrs)
        return own, args, callee

    def add_usage(self, callee: Ref, props: Obj, name_span: Span, name: str,
                  attributes: list[tuple[str, Span, Span, str]], scope: Scope | None) -> None:
        """Record a usage of component ``callee`` (``<DataTable url="/x" />`` in JSX or a
        Vue/Svelte template) as a call site of it with one argument, the ``props``
        written there: when the component is a wrapper (its request's URL reads a prop),
        the usage is the request. ``attributes`` are (prop, attribute span, value span,
        value text) of the props written, in the order of ``props.items``; the call is
        reported on the attribute its URL comes from (resolution knows which; until
        then the one :func:`url_attribute` guesses), or on the tag name ``name_span``."""
        function, args = self.site_function((props,), scope)
        i = url_attribute(list(props.items))
        if i is None:
            span = url_span = name_span
            raw = name
        else:
            _, span, url_span, raw = attributes[i]
        self.calls.append(CallSite(
            callee=callee, args=args, span=span, url_span=url_span, raw=raw[:200],
            function=function, attributes=(("", name_span, name_span, name), *(
                (k, a, v, r[:200]) for k, a, v, r in attributes))))

    def _comments(self, root: Node) -> None:
        found = ignore_comments(root, self.src.data, self.src.span, self.src.span_of)
        self.ignore_comments.extend(found)
        self.ignores.update((c.line, c.codes) for c in found)

    def _collect_module_names(self, st: Node) -> None:
        if st.type == "export_statement":
            decl = st.child_by_field_name("declaration")
            if decl is not None:
                self._collect_module_names(decl)
            return
        if st.type in ("lexical_declaration", "variable_declaration"):
            for d in st.named_children:
                if d.type == "variable_declarator":
                    name = d.child_by_field_name("name")
                    if name is not None:
                        for ident in _pattern_names(name, self.src):
                            self.module_names.add(ident)
        elif st.type in ("function_declaration", "generator_function_declaration",
                         "class_declaration", "abstract_class_declaration", "enum_declaration"):
            name = st.child_by_field_name("name")
            if name is not None:
                self.module_names.add(self.src.text(name))
                if st.type.endswith("function_declaration"):
                    self.local_functions[self.src.text(name)] = st

    # ------------------------------------------------------------------ statements

    def _statement(self, st: Node, scope: Scope | None) -> None:
        t = st.type
        if t == "import_statement":
            self._import(st)
        elif t == "export_statement":
            self._export(st, scope)
        elif t in ("lexical_declaration", "variable_declaration"):
            for d in st.named_children:
                if d.type == "variable_declarator":
                    self._declarator(d, scope, exported=False)
        elif t in ("function_declaration", "generator_function_declaration"):
            name = st.child_by_field_name("name")
            if name is not None and scope is None:
                self._function(self.src.text(name), st, None)
            else:
                self._walk(st, scope)
        elif t in ("class_declaration", "abstract_class_declaration"):
            self._class(st)
        elif t == "enum_declaration" and scope is None:
            self._enum(st)
        elif t == "expression_statement":
            expr = named_children(st)
            if expr:
                self._expression_statement(expr[0], scope)
        else:
            self._walk(st, scope)

    def _import(self, st: Node) -> None:
        source = st.child_by_field_name("source")
        if source is None:
            # TS `import x = require('y')`
            req = next((c for c in st.named_children if c.type == "import_require_clause"), None)
            if req is not None:
                ident = next((c for c in req.named_children if c.type == "identifier"), None)
                s = next((c for c in req.named_children if c.type == "string"), None)
                if ident is not None and s is not None:
                    self._add_import(self.src.text(ident), unquote_js_string(s, self.src), "*")
            return
        module = unquote_js_string(source, self.src)
        clause = next((c for c in st.named_children if c.type == "import_clause"), None)
        if clause is None:
            return
        types = any(c.type == "type" for c in st.children)  # import type { X } from 'y'
        for c in clause.named_children:
            if c.type == "identifier":
                self._add_import(self.src.text(c), module, "default", types)
            elif c.type == "namespace_import":
                ident = next((x for x in c.named_children if x.type == "identifier"), None)
                if ident is not None:
                    self._add_import(self.src.text(ident), module, "*", types)
            elif c.type == "named_imports":
                for spec in c.named_children:
                    names = _specifier_names(spec, "import_specifier", self.src)
                    if names is not None:
                        self._add_import(names[1], module, names[0],
                                         types or any(x.type == "type" for x in spec.children))

    def _add_import(self, local: str, module: str, name: str, type_only: bool = False) -> None:
        self.imports.append(Import(local, module, name))
        self.module_names.add(local)
        self.import_modules[local] = module
        if type_only:
            self.type_imports.add(local)

    def _export(self, st: Node, scope: Scope | None) -> None:
        decl = st.child_by_field_name("declaration")
        value = st.child_by_field_name("value")
        source = st.child_by_field_name("source")
        is_default = any(c.type == "default" for c in st.children)
        if decl is not None:
            if decl.type in ("lexical_declaration", "variable_declaration"):
                for d in decl.named_children:
                    if d.type == "variable_declarator":
                        self._declarator(d, scope, exported=True)
            elif decl.type in ("function_declaration", "generator_function_declaration",
                               "class_declaration", "abstract_class_declaration", "enum_declaration"):
                name_node = decl.child_by_field_name("name")
                if decl.type == "enum_declaration":
                    self._enum(decl)
                elif decl.type.endswith("class_declaration"):
                    self._class(decl)
                elif name_node is not None:
                    self._function(self.src.text(name_node), decl, None)
                if name_node is not None:
                    name = self.src.text(name_node)
                    self.exports.append(Export("default" if is_default else name, Ref(name)))
            return
        if value is not None:
            # export default <expr>
            value = self._unwrap_function(value)
            if value.type in ("function_expression", "arrow_function", "function"):
                self._function("default", value, None)
                self.exports.append(Export("default", Ref("default")))
                return
            if value.type == "class":
                self._class(value, name="default")
                self.exports.append(Export("default", Ref("default")))
                return
            if value.type == "identifier":
                self.exports.append(Export("default", Ref(self.src.text(value))))
                return
            self._export_value("default", _unwrap(value))
            return
        clause = next((c for c in st.named_children if c.type == "export_clause"), None)
        if clause is not None:
            module = unquote_js_string(source, self.src) if source is not None else None
            for spec in clause.named_children:
                names = _specifier_names(spec, "export_specifier", self.src)
                if names is None:
                    continue
                local, exported = names
                if module is not None:
                    synthetic = f"<reexport:{module}:{local}>"
                    self.imports.append(Import(synthetic, module, local))
                    self.exports.append(Export(exported, Ref(synthetic)))
                else:
                    self.exports.append(Export(exported, Ref(local)))
        elif source is not None:
            # export * from './x'
            module = unquote_js_string(source, self.src)
            synthetic = f"<reexport:{module}:*>"
            self.imports.append(Import(synthetic, module, "*"))
            self.exports.append(Export("*", Ref(synthetic)))

    def _enum(self, node: Node) -> None:
        """A TypeScript ``enum`` as an object value: ``enum Routes { USERS = 'users' }``
        is ``{ USERS: 'users' }`` (a member without initializer counts from the
        previous number, from 0), so ``Routes.USERS`` resolves like a constant."""
        name = node.child_by_field_name("name")
        body = node.child_by_field_name("body")
        if name is None or body is None:
            return
        items: list[tuple[str, Expr]] = []
        counter = 0
        for m in body.named_children:
            key = m.child_by_field_name("name") if m.type == "enum_assignment" else m
            if key is None or key.type not in ("property_identifier", "string"):
                continue
            value = m.child_by_field_name("value") if m.type == "enum_assignment" else None
            if value is None:
                items.append((_prop_name(key, self.src), Lit(str(counter))))
                counter += 1
                continue
            if value.type == "number" and self.src.text(value).isdigit():
                counter = int(self.src.text(value)) + 1
            items.append((_prop_name(key, self.src), self.expr(value, None)))
        self.values[self.src.text(name)] = Obj(tuple(items))

    def _bind_anonymous(self, node: Node, key: str, scope: Scope | None) -> str:
        """Bind an expression with no name of its own (``export default Router()...``)."""
        self.values[key] = self._value_of(node, key, scope)
        self.value_nodes[key] = node
        self._maybe_router(key, node, scope)
        return key

    def _declarator(self, d: Node, scope: Scope | None, exported: bool) -> None:
        name_node = d.child_by_field_name("name")
        value = d.child_by_field_name("value")
        if name_node is None:
            return
        if value is not None:
            value = self._unwrap_function(value)
        # const { a, b: c } = require('./x')
        if name_node.type == "object_pattern":
            if value is not None and _is_require(value):
                module = _require_module(value, self.src)
                if module is not None:
                    for key, local in _object_pattern_pairs(name_node, self.src):
                        self._add_import(local, module, key)
            elif value is not None:
                # const { apiURL } = keys.app  ->  apiURL is keys.app.apiURL
                source = self.expr(value, scope) if scope is None else None
                if isinstance(source, Ref):
                    for key, local in _object_pattern_pairs(name_node, self.src):
                        self.values[local] = Ref(source.name, source.attrs + (key,))
                elif isinstance(source, CallExpr) and not source.new:
                    # `const { post } = useApi()` (a `<script setup>`): members of what
                    # the call returns
                    for key, local in _object_pattern_pairs(name_node, self.src):
                        self.values[local] = Ref(self._local_value(local, source), (key,))
                self._walk(value, scope)
            return
        if name_node.type != "identifier":
            if value is not None:
                self._walk(value, scope)
            return
        name = self.src.text(name_node)
        if exported:
            self.exports.append(Export(name, Ref(name)))
        if value is None:
            return
        if scope is not None:
            return
        if _is_require(value):
            module = _require_module(value, self.src)
            if module is not None:
                self._add_import(name, module, "*")
            return
        if value.type == "member_expression" and _is_require(value.child_by_field_name("object")):
            # const router = require('./x').router
            module = _require_module(value.child_by_field_name("object"), self.src)
            prop = value.child_by_field_name("property")
            if module is not None and prop is not None:
                self._add_import(name, module, self.src.text(prop))
            return
        if value.type in ("arrow_function", "function_expression", "function"):
            self._function(name, value, None)
            return
        if value.type == "class":
            self._class(value, name=name)
            return
        if value.type == "object":
            self._object_methods(name, value)
        if value.type == "call_expression" and any(
                _unwrap(a).type in ("arrow_function", "function_expression", "function")
                for a in _args(value)):
            self.symbols.setdefault(name, self.src.span(d))  # asyncHandler(async (req, res) => ...)
        self.values[name] = self._value_of(value, name, scope)
        self.value_nodes[name] = value
        if self.component is not None and _has_arg(self.values[name], props=True):
            # `const endpoint = props.url`: a name bound to a prop of the component
            self.component.bindings.setdefault(name, self.values[name])
        self._maybe_router(name, value, scope)

    def _value_of(self, node: Node, name: str, scope: Scope | None) -> Expr:
        expr = self.expr(node, scope)
        # calls inside the value (e.g. `const api = axios.create({...})` is a value, but
        # `const data = fetch('/x')` has a call in it). Methods of a module-level object
        # literal are walked as functions by _object_methods, not here.
        if node.type == "object":
            for c in node.named_children:
                if c.type == "method_definition" or _is_function_pair(c):
                    continue
                self._walk(c, scope)
        else:
            self._walk(node, scope)
        return expr

    def _object_methods(self, owner: str, obj: Node) -> None:
        """Methods of a module-level object literal become functions ``owner.method``."""
        for c in obj.named_children:
            if c.type == "method_definition":
                key = c.child_by_field_name("name")
                if key is not None:
                    self._function(f"{owner}.{_prop_name(key, self.src)}", c, None,
                                   walk_only_body=True)
            elif c.type == "pair":
                key = c.child_by_field_name("key")
                val = c.child_by_field_name("value")
                if key is not None and val is not None and _unwrap(val).type in (
                        "arrow_function", "function_expression", "function"):
                    self._function(f"{owner}.{_prop_name(key, self.src)}", _unwrap(val), None,
                                   walk_only_body=True)

    def _expression_statement(self, e: Node, scope: Scope | None) -> None:
        e = _unwrap(e)
        if e.type == "assignment_expression" and scope is None:
            left = e.child_by_field_name("left")
            right = e.child_by_field_name("right")
            if left is not None and right is not None:
                target = self._ref_of(left)
                right_u = _unwrap(right)
                if target is not None and target.name in ("module", "exports"):
                    self._commonjs_export(target, right_u)
                    return
                if target is not None and target.attrs:
                    self.assignments.append(
                        Assignment(target, self.expr(right_u, scope), self.src.span(e)))
                for lib in clients.assignment_hooks():
                    if lib.on_assignment(self, e, scope):
                        break
                self._walk(right, scope)
                return
        if e.type == "call_expression":
            if self._router_call(e, scope):
                return
        self._walk(e, scope)

    def _commonjs_export(self, target: Ref, right: Node) -> None:
        # module.exports = X  |  module.exports.a = X  |  exports.a = X
        attrs = target.attrs if target.name == "exports" else target.attrs[1:]
        if target.name == "module" and (not target.attrs or target.attrs[0] != "exports"):
            return
        if not attrs:
            if right.type == "object":
                for c in right.named_children:
                    if c.type == "shorthand_property_identifier":
                        n = self.src.text(c)
                        self.exports.append(Export(n, Ref(n)))
                    elif c.type == "pair":
                        k = c.child_by_field_name("key")
                        v = c.child_by_field_name("value")
                        if k is not None and v is not None:
                            key = _prop_name(k, self.src)
                            self._export_value(key, _unwrap(v))
                    elif c.type == "method_definition":
                        k = c.child_by_field_name("name")
                        if k is not None:
                            key = _prop_name(k, self.src)
                            self._function(key, c, None, walk_only_body=True)
                            self.exports.append(Export(key, Ref(key)))
                return
            self._export_value("default", right)
            self.exports.append(Export("*", Ref("<module.exports>")))
            self.values.setdefault("<module.exports>", Ref(self._export_target("default")))
            return
        self._export_value(attrs[0], right)

    def _export_target(self, name: str) -> str:
        for e in reversed(self.exports):
            if e.name == name and isinstance(e.value, Ref):
                return e.value.name
        return name

    def _export_value(self, name: str, node: Node) -> None:
        node = self._unwrap_function(node)
        if node.type == "identifier":
            self.exports.append(Export(name, Ref(self.src.text(node))))
            return
        if node.type in ("arrow_function", "function_expression", "function"):
            key = name if name != "default" else "<default>"
            self._function(key, node, None)
            self.exports.append(Export(name, Ref(key)))
            return
        key = f"<export:{name}>" if name != "default" else "<default>"
        if node.type == "object":
            self._object_methods(key, node)
        self._bind_anonymous(node, key, None)
        self.exports.append(Export(name, Ref(key)))

    # ------------------------------------------------------------------ functions

    def _function(self, key: str, node: Node, scope: Scope | None,
                  walk_only_body: bool = False, class_name: str | None = None) -> None:
        if scope is None:
            self.symbols.setdefault(key, self.src.span(node))
        params = node.child_by_field_name("parameters")
        single = node.child_by_field_name("parameter")
        names: list[str] = []
        fscope = Scope(parent=scope, function=key, class_name=class_name, node=node, returns=[])
        self._function_nodes.setdefault(key, (node.start_byte, node.end_byte))
        if params is not None:
            for i, p in enumerate(c for c in params.named_children if c.type != "comment"):
                pname, default = _param_name_default(p, self.src)
                names.append(pname or _rest_name(p, self.src) or f"<{i}>")
                if pname:
                    dexpr = self.expr(default, None) if default is not None else None
                    fscope.bindings[pname] = Arg(i, dexpr)
                elif _rest_name(p, self.src):
                    fscope.bindings[_rest_name(p, self.src)] = Arg(i, None, (REST,))
                elif _array_pattern(p) is not None:
                    fscope.bindings.update(_array_bindings(_array_pattern(p), i, self.src))
                else:
                    # a destructured parameter (a component's props `function DataTable({
                    # url, page = 1 })`, an options object `post({ entity, jsonData })`):
                    # each name reads a member of the argument
                    for member, local, dnode in _destructured(p, self.src):
                        dexpr = self.expr(dnode, None) if dnode is not None else None
                        if dexpr == Lit(""):
                            dexpr = None  # a placeholder (`{ url = '' }`): no default
                        fscope.bindings[local] = _marker_ref(member) or Arg(
                            i, dexpr, (member,) if member else ())
                    # a router passed as a member of an object argument
                    # (`setupGoogle({ server })` calling `function setupGoogle({ server })`)
                    for member, local, _ in _destructured(p, self.src):
                        if member:
                            if fscope.param_members is None:
                                fscope.param_members = {}
                            fscope.param_members[local] = (i, member)
        elif single is not None:
            names.append(self.src.text(single))
            fscope.bindings[self.src.text(single)] = Arg(0)
        self._props_parameter(node, fscope)
        before = len(self.calls)
        jsx_before = self._jsx_seen
        body = node.child_by_field_name("body")
        if body is not None and class_name is None and body.type == "statement_block":
            fscope.exposed = _returned_names(body, self.src)
        if body is not None:
            if body.type == "statement_block":
                self._block(body, fscope)
            else:
                self._walk(body, fscope)  # arrow with expression body
                fscope.returns.append(self.expr(body, fscope))
        if any(c.function == key for c in self.calls[before:]):
            # a React function component: named like one, renders JSX or takes props
            # (`function UserList({ url })`, `(props) => ...`)
            component = key.rsplit(".", 1)[-1][:1].isupper() and (
                self._jsx_seen > jsx_before or (names[:1] and names[0] in ("<0>", "props")))
            self.functions[key] = Function(key, tuple(names), self.src.span(node),
                                           component=bool(component))
        returns = [r for r in fscope.returns if not isinstance(r, Dyn)]
        if returns:
            self.returns[key] = returns[0] if len(returns) == 1 else Alt(tuple(returns))

    def _props_parameter(self, node: Node, scope: Scope) -> None:
        """A component function whose first parameter is the props (Vue ``setup(props)``,
        see :attr:`ComponentMode.props_params`): bind it (or its members) to the props."""
        comp = self.component
        if comp is None or node.start_byte not in comp.props_params:
            return
        params = node.child_by_field_name("parameters")
        first = next((c for c in params.named_children if c.type != "comment"), None) \
            if params is not None else None
        if first is None:
            return
        pname, _ = _param_name_default(first, self.src)
        if pname:
            scope.bindings[pname] = Arg(PROPS)
            return
        for key, local, dnode in _destructured(first, self.src):
            if key:
                scope.bindings[local] = comp.prop(key)
                if dnode is not None:
                    comp.defaults.setdefault(key, self.expr(dnode, None))

    def _block(self, block: Node, scope: Scope) -> None:
        """The statements of a function body or of a block inside it, in order.

        Locals are bound as they are declared, in nested blocks too (``try``, ``if``,
        loops, ``switch``; block-scoped), and re-bound by later assignments: a plain
        assignment replaces the value, ``+=`` appends to it, and an assignment in a
        branch that may not run (``if``, a loop, a ``catch``) makes the value one of
        the two. ``return`` expressions are collected for the function's return value.
        """
        for st in named_children(block):
            self._statement_in_function(st, scope)

    def _statement_in_function(self, st: Node, scope: Scope) -> None:
        t = st.type
        if t in ("lexical_declaration", "variable_declaration"):
            for d in st.named_children:
                if d.type == "variable_declarator":
                    self._local_declarator(d, scope)
        elif t in ("function_declaration", "generator_function_declaration"):
            name = st.child_by_field_name("name")
            if not (name is not None and (self._exposed_function(self.src.text(name), st, scope)
                                          or self._local_function(self.src.text(name), st, scope))):
                self._helper(name, st, scope, self._nested_function(st, scope))
        elif t == "statement_block":
            self._block(st, self._child_scope(scope, branch=False))
        elif t == "if_statement":
            self._walk(st.child_by_field_name("condition"), scope)
            for part in (st.child_by_field_name("consequence"), st.child_by_field_name("alternative")):
                if part is None:
                    continue
                if part.type == "else_clause":
                    part = next((c for c in named_children(part)), None)
                    if part is None:
                        continue
                self._branch(part, scope)
        elif t == "try_statement":
            body = st.child_by_field_name("body")
            if body is not None:
                self._block(body, self._child_scope(scope, branch=False))
            for part in (st.child_by_field_name("handler"), st.child_by_field_name("finalizer")):
                if part is None:
                    continue
                inner = self._child_scope(scope, branch=True)
                param = part.child_by_field_name("parameter")
                if param is not None:
                    for ident in _pattern_names(param, self.src):
                        inner.bindings[ident] = Dyn("segment")
                body = part.child_by_field_name("body")
                if body is not None:
                    self._block(body, inner)
        elif t == "for_in_statement" and self._unroll_for(st, scope):
            pass
        elif t in ("for_statement", "for_in_statement", "while_statement", "do_statement"):
            inner = self._child_scope(scope, branch=True)
            for field_name in ("initializer", "condition", "increment", "right", "value"):
                part = st.child_by_field_name(field_name)
                if part is not None and part.type in ("lexical_declaration", "variable_declaration"):
                    self._statement_in_function(part, inner)
                elif part is not None:
                    self._walk(part, inner)
            left = st.child_by_field_name("left")
            if left is not None:
                for ident in _pattern_names(left, self.src) or [self.src.text(left)]:
                    inner.bindings[ident] = Dyn("segment")
            body = st.child_by_field_name("body")
            if body is not None:
                self._branch(body, inner)
        elif t == "switch_statement":
            self._walk(st.child_by_field_name("value"), scope)
            body = st.child_by_field_name("body")
            for case in named_children(body) if body is not None else []:
                inner = self._child_scope(scope, branch=True)
                for c in named_children(case):
                    if c.type.endswith("statement") or c.type.endswith("declaration"):
                        self._statement_in_function(c, inner)
                    else:
                        self._walk(c, inner)
        elif t == "expression_statement" and self._local_assignment(st, scope):
            pass
        elif t == "return_statement":
            value = next(iter(named_children(st)), None)
            if value is not None:
                methods = self._returned_methods(value, scope) if scope.returns is not None else ()
                self._walk(value, scope)
                if scope.returns is not None:
                    returned = self._returned(value, scope)
                    if methods and isinstance(returned, Obj):
                        returned = dataclasses.replace(returned, items=returned.items + methods)
                    scope.returns.append(returned)
                    if scope.return_nodes is not None:
                        scope.return_nodes.append((value, scope))
        else:
            self._walk(st, scope)

    def _branch(self, node: Node, scope: Scope) -> None:
        """A statement that may not run (an ``if`` branch, a loop body)."""
        inner = self._child_scope(scope, branch=True)
        if node.type == "statement_block":
            self._block(node, inner)
        else:
            self._statement_in_function(node, inner)

    @staticmethod
    def _child_scope(scope: Scope, branch: bool) -> Scope:
        return Scope(parent=scope, function=scope.function, class_name=scope.class_name,
                     node=scope.node, branch=branch, returns=scope.returns,
                     return_nodes=scope.return_nodes)

    def _field_assignment(self, left: Node, right: Node, scope: Scope) -> bool:
        """``this.x = value`` in a constructor (any block of it)."""
        ref = self._ref_of(left)
        if ref is None or ref.name != "this" or len(ref.attrs) != 1:
            return False
        owner, crossed_branch = scope, scope.branch
        while owner is not None and owner.fields is None:
            owner = owner.parent
            crossed_branch |= owner.branch if owner is not None else False
        if owner is None:
            return False
        self._walk(right, scope)
        value = self.expr(_unwrap(right), scope)
        name = ref.attrs[0]
        old = owner.fields.get(name)
        owner.fields[name] = Alt((old, value)) if old is not None and crossed_branch else value
        return True

    def _local_declarator(self, d: Node, scope: Scope) -> None:
        name = d.child_by_field_name("name")
        value = d.child_by_field_name("value")
        if name is not None and name.type == "identifier" and value is not None and (
                self._exposed_function(self.src.text(name), _unwrap(value), scope)
                or self._local_function(self.src.text(name), value, scope)):
            return
        fn = _unwrap(value)
        if name is not None and name.type == "identifier" and fn is not None and \
                fn.type in ("arrow_function", "function_expression", "function") and \
                (fn.start_byte, fn.end_byte) not in self._inline_done:
            # `const getEndpoint = () => { switch (tab) { ... return '/api/posts/all' } }`:
            # walked as the walk would, and kept as a helper when it takes no parameters
            self._inline_done.add((fn.start_byte, fn.end_byte))
            returns = self._nested_function(fn, scope)
            self._helper(name, fn, scope, returns)
        elif value is not None:
            self._walk(value, scope)
        if name is None:
            return
        if name.type != "identifier":
            for ident in _pattern_names(name, self.src):
                scope.bindings[ident] = Dyn("segment")
            source = self.expr(_unwrap(value), scope) if value is not None else None
            for member, local, _ in _destructured(name, self.src):
                marker = _marker_ref(member)
                if marker is not None:
                    # `const { $axios } = useContext()`: a library's default client
                    scope.bindings[local] = marker
                elif member is None and source is not None and not isinstance(source, Dyn):
                    # `const { isReturnResult = true, ...rest } = config`: the rest is the
                    # object itself (its other members are the same: `{ url, ...rest }`)
                    scope.bindings[local] = source
                elif isinstance(source, Arg) and source.default is None:
                    # `const { url, page } = props` / `= this.props`: members
                    scope.bindings[local] = self._extend_arg(source, (member,))
                elif member is not None and isinstance(source, CallExpr) and not source.new \
                        and not any(_reads_unknown(a) for a in source.args):
                    # `const { get, del } = useApi()`: members of what the call returns
                    # (evaluated at module level: only when its arguments need nothing of
                    # the function, unlike `const { url } = await prepare(options)`)
                    scope.bindings[local] = Ref(self._local_value(local, source), (member,))
            return
        local = self.src.text(name)
        scope.bindings[local] = self.expr(_unwrap(value), scope) if value is not None else Dyn("none")
        alias = self._ref_of(value) if value is not None else None
        for i, attr in enumerate(alias.attrs if alias is not None else ()):
            if _marker_ref(attr) is not None:
                # `const ax = ctx.$axios`: a library's default client
                scope.bindings[local] = Ref(MARKER_HOLDER, alias.attrs[i:])
                break
        if value is not None:
            if scope.nodes is None:
                scope.nodes = {}
            scope.nodes[local] = _unwrap(value)
        if value is not None and self.creates_router(_unwrap(value)):
            # a router created inside a function: a module-level one (`function main()`,
            # `bootstrap()`), or one with no name (`app.prepare().then(() => {...})`, an
            # IIFE `(async () => {...})()`, a callback): key `<function>.<local>`, or
            # `<line N>.<local>` (1-based line of the declaration) outside a named one
            key = (f"{scope.function}.{local}" if scope.function is not None
                   else f"<line {d.start_point[0] + 1}>.{local}")
            known = self.routers.get(key)
            if known is not None and known.span != self.src.span(_unwrap(value)):
                key = f"{key}@{d.start_point[0] + 1}"  # another router of the same name
            scope.routers[local] = key
            self._maybe_router(key, _unwrap(value), scope)
            if key in self.routers:
                self.routers[key] = dataclasses.replace(self.routers[key], label=local)

    def _local_assignment(self, st: Node, scope: Scope) -> bool:
        """``url = '/x'`` / ``url += '?q'`` to a local of the function: re-bind it.
        True when handled (the right-hand side is walked too)."""
        e = _unwrap(next(iter(named_children(st)), None))
        if e is None or e.type not in ("assignment_expression", "augmented_assignment_expression"):
            return False
        left = e.child_by_field_name("left")
        right = e.child_by_field_name("right")
        if left is None or right is None:
            return False
        if left.type == "member_expression" and e.type == "assignment_expression":
            return self._field_assignment(left, right, scope)
        if left.type != "identifier":
            return False
        name = self.src.text(left)
        owner, crossed_branch = scope, False
        while owner is not None and name not in owner.bindings:
            crossed_branch |= owner.branch
            owner = owner.parent
        if owner is None or isinstance(owner.bindings[name], Arg):
            return False
        self._walk(right, scope)
        value = self.expr(_unwrap(right), scope)
        old = owner.bindings[name]
        if e.type == "augmented_assignment_expression":
            op = e.child_by_field_name("operator")
            if op is None or self.src.text(op) != "+=":
                value = Dyn("segment")
            else:
                value = Concat((*(old.parts if isinstance(old, Concat) else (old,)),
                                *(value.parts if isinstance(value, Concat) else (value,))))
        owner.bindings[name] = Alt((old, value)) if crossed_branch or scope.branch else value
        return True

    def _exposed_function(self, name: str, node: Node | None, scope: Scope) -> bool:
        """A function declared in a function that returns it (a Vue composable's or a
        React hook's ``function get(path) { return fetch(path) }`` ... ``return { get }``):
        recorded as function ``<outer>.<name>`` whose parameters are its arguments, so a
        request it makes is a wrapper's, reported where the returned function is called
        (``const { get } = useApi(); get('/api/voices')``). False (nothing done) for any
        other function or name."""
        if node is None or name not in scope.exposed or scope.function is None or \
                node.type not in ("function_declaration", "generator_function_declaration",
                                  "arrow_function", "function_expression", "function"):
            return False
        key = f"{scope.function}.{name}"
        scope.bindings[name] = Ref(key)
        self.inline_function(node, scope, key=key, closure=True)
        return True

    def _local_function(self, name: str, node: Node | None, scope: Scope) -> bool:
        """A function with parameters declared in a named function that is no class
        method (``const getStatsData = ({ entity }) => request.summary({ entity })`` in a
        component): function ``<outer>.<name>`` whose own parameters are bound where it
        is called, closing over the enclosing function's (see :meth:`closure_owner`).
        False (nothing done) for any other function."""
        node = _unwrap(node)
        if node is None or scope.function is None or scope.class_name is not None or \
                node.type not in _FUNCTION_NODES or node.type == "method_definition":
            return False
        params = node.child_by_field_name("parameters")
        if node.child_by_field_name("parameter") is None and (
                params is None or not any(c.type != "comment" for c in params.named_children)):
            return False  # a helper with no parameters is inlined (`_helper`)
        key = f"{scope.function}.{name}"
        if key in self.functions or key in self._closures:
            return False  # another declaration of the same name: walked as before
        scope.bindings[name] = Ref(key)
        self.inline_function(node, scope, key=key, closure=True)
        return True

    def _returned_methods(self, value: Node, scope: Scope) -> tuple[tuple[str, Expr], ...]:
        """The methods of an object literal a named function returns (``return { async
        get(url) { ... } }``, ``{ post: (url, data) => ... }``): each is function
        ``<outer>.<name>`` closing over the enclosing function's parameters, and the
        member's value is a reference to it."""
        value = _unwrap(value)
        if value is None or value.type != "object" or scope.function is None or \
                scope.class_name is not None or scope.node is None or \
                self._function_nodes.get(scope.function) != (scope.node.start_byte, scope.node.end_byte):
            return ()  # not the return of the named function (of a callback in it)
        out = []
        for c in named_children(value):
            fn, name = None, None
            if c.type == "method_definition":
                fn, name = c, c.child_by_field_name("name")
            elif _is_function_pair(c):
                fn, name = _unwrap(c.child_by_field_name("value")), c.child_by_field_name("key")
            if fn is None or name is None or (fn.start_byte, fn.end_byte) in self._inline_done:
                continue
            key = f"{scope.function}.{_prop_name(name, self.src)}"
            if key in self.functions or key in self._closures:
                continue
            self.inline_function(fn, scope, key=key, closure=True)
            out.append((_prop_name(name, self.src), Ref(key)))
        return tuple(out)

    def _helper(self, name: Node | None, node: Node, scope: Scope, returns: list[Expr]) -> None:
        """Record a local helper with no parameters (``function pick() { if (a) return
        '/api/x'; return '/api/y' }``, ``const url = () => `${base}/items```) as a thunk
        of ``scope``: a call of it is what it returns (see ``Scope.thunks``)."""
        params = node.child_by_field_name("parameters")
        if name is None or node.child_by_field_name("parameter") is not None or (
                params is not None and any(c.type != "comment" for c in params.named_children)):
            return
        returns = [r for r in returns if not isinstance(r, Dyn)]
        if not returns:
            return
        if scope.thunks is None:
            scope.thunks = {}
        value = returns[0] if len(returns) == 1 else Alt(tuple(returns[:8]))
        scope.thunks[self.src.text(name)] = (value, scope.function)
        scope.bindings.setdefault(self.src.text(name), Dyn("segment"))  # a declaration

    def _nested_function(self, node: Node, scope: Scope | None,
                         routers: dict[int, str] | None = None) -> list[Expr]:
        """A function inside a function: its own params are unknown values (the
        parameters at the indices of ``routers`` are those routers). Returns what its
        ``return``s (or expression body) give, in the terms of the enclosing function."""
        inner = Scope(parent=scope, function=scope.function if scope else None,
                       class_name=scope.class_name if scope else None, node=node, returns=[])
        params = node.child_by_field_name("parameters")
        single = node.child_by_field_name("parameter")
        if params is not None:
            for i, p in enumerate(c for c in params.named_children if c.type != "comment"):
                pname, _ = _param_name_default(p, self.src)
                if pname:
                    inner.bindings[pname] = Dyn("segment")
                    if routers and i in routers:
                        inner.routers[pname] = routers[i]
                else:
                    for ident in _pattern_names(p, self.src):
                        inner.bindings[ident] = Dyn("segment")
        elif single is not None:
            inner.bindings[self.src.text(single)] = Dyn("segment")
            if routers and 0 in routers:
                inner.routers[self.src.text(single)] = routers[0]
        self._props_parameter(node, inner)
        body = node.child_by_field_name("body")
        if body is None:
            return []
        if body.type == "statement_block":
            self._block(body, inner)
        else:
            self._walk(body, inner)
            inner.returns.append(self.expr(body, inner))
        return inner.returns

    def _class(self, node: Node, name: str | None = None) -> None:
        name_node = node.child_by_field_name("name")
        cname = name or (self.src.text(name_node) if name_node is not None else "<class>")
        self._class_routers(cname, node)
        bases: list[Expr] = []
        methods: list[tuple[str, Span]] = []
        fields: list[tuple[str, Expr]] = []
        ctor_params: list[str] = []
        for c in node.named_children:
            if c.type == "class_heritage":
                for h in c.named_children:
                    target = h.named_children[0] if h.type == "extends_clause" and h.named_children else h
                    ref = self._ref_of(target)
                    if ref is not None:
                        bases.append(ref)
        # a React class component: `this.props.url` is its prop (the class is the
        # component function, see ComponentMode)
        saved = self.component
        react = saved is None and any(
            (b.attrs[-1] if b.attrs else b.name) in _REACT_COMPONENT_BASES for b in bases)
        if react:
            self.component = ComponentMode("react", self.src.span(node), key=cname,
                                           this_member="props")
        assignments = len(self.assignments)
        try:
            self._class_body(node, cname, methods, fields, ctor_params)
        finally:
            self.component = saved
        if react:
            fields = [(n, _rebind(v, False)) for n, v in fields]
            self.assignments[assignments:] = [dataclasses.replace(a, value=_rebind(a.value, False))
                                              for a in self.assignments[assignments:]]
            if any(c.function == cname for c in self.calls):
                self.functions[cname] = Function(cname, ("props",), self.src.span(node),
                                                 component=True)
        self.classes.append(ClassInfo(
            name=cname, span=self.src.span(node), bases=tuple(bases),
            methods=tuple(methods), fields=tuple(fields), ctor_params=tuple(ctor_params),
            super_args=self._super_args.pop(cname, None) if bases else None))
        decorators = self.decorators_of(node)
        for fw in self.frameworks:
            fw.on_class(self, node, cname, decorators)

    def _class_body(self, node: Node, cname: str, methods: list, fields: list,
                    ctor_params: list) -> None:
        body = node.child_by_field_name("body")
        if body is not None:
            for m in body.named_children:
                if m.type == "method_definition":
                    mname_node = m.child_by_field_name("name")
                    if mname_node is None:
                        continue
                    mname = _prop_name(mname_node, self.src)
                    methods.append((mname, self.src.span(m)))
                    if mname == "constructor":
                        fields.extend(self._constructor_fields(m, ctor_params, cname))
                    else:
                        self._function(f"{cname}.{mname}", m, None, class_name=cname)
                elif m.type in ("public_field_definition", "field_definition"):
                    prop = m.child_by_field_name("name") or m.child_by_field_name("property")
                    val = m.child_by_field_name("value")
                    if prop is None:
                        continue
                    pname = _prop_name(prop, self.src)
                    if val is not None:
                        v = _unwrap(val)
                        if v.type in ("arrow_function", "function_expression"):
                            self._function(f"{cname}.{pname}", v, None, class_name=cname)
                            methods.append((pname, self.src.span(m)))
                        else:
                            fields.append((pname, self.expr(v, None)))
                            self._walk(v, None)

    def _class_routers(self, cname: str, node: Node) -> None:
        """Routers a class holds in fields, known before its methods are read:
        ``router = Router()`` / ``this.router = express.Router()`` (a router of the class,
        key ``"<Class>.<field>"``), and ``constructor(private router: Router)`` /
        ``this.router = router`` (the constructor's parameter ``i``: key ``"<Class>#<i>"``,
        mounted where ``new Class(router)`` is written)."""
        held: dict[str, str] = {}
        body = node.child_by_field_name("body")
        for m in named_children(body) if body is not None else []:
            if m.type in ("public_field_definition", "field_definition"):
                prop = m.child_by_field_name("name") or m.child_by_field_name("property")
                value = _unwrap(m.child_by_field_name("value"))
                if prop is not None and value is not None and self.creates_router(value):
                    field = _prop_name(prop, self.src)
                    key = f"{cname}.{field}"
                    self._maybe_router(key, value, None)
                    if key in self.routers:
                        self.routers[key] = dataclasses.replace(self.routers[key], owner=cname,
                                                                label=f"{cname}.{field}")
                        held[field] = key
            elif m.type == "method_definition" and _prop_name(m.child_by_field_name("name"), self.src) == "constructor":
                params = m.child_by_field_name("parameters")
                names = {}
                for i, p in enumerate(c for c in (params.named_children if params else []) if c.type != "comment"):
                    pname, _ = _param_name_default(p, self.src)
                    if pname:
                        names[pname] = i
                        if any(c.type in ("accessibility_modifier", "readonly") for c in p.children):
                            held.setdefault(pname, f"{cname}#{i}")
                stack = [m.child_by_field_name("body")]
                while stack:
                    n = stack.pop()
                    if n is None or n.type in ("arrow_function", "function_expression", "class"):
                        continue
                    if n.type == "assignment_expression":
                        left, right = n.child_by_field_name("left"), _unwrap(n.child_by_field_name("right"))
                        ref = self._ref_of(left) if left is not None else None
                        if ref is not None and ref.name == "this" and len(ref.attrs) == 1 and right is not None:
                            field = ref.attrs[0]
                            if right.type == "identifier" and self.src.text(right) in names:
                                held.setdefault(field, f"{cname}#{names[self.src.text(right)]}")
                            elif self.creates_router(right):
                                key = f"{cname}.{field}"
                                self._maybe_router(key, right, None)
                                if key in self.routers:
                                    self.routers[key] = dataclasses.replace(
                                        self.routers[key], owner=cname, label=f"{cname}.{field}")
                                    held[field] = key
                    stack.extend(n.named_children)
        if held:
            self._held_routers[cname] = held

    def _held_router(self, base: Node, scope: Scope | None, method: str, call: Node) -> str | None:
        """The router ``this.<field>`` names in a method of a class holding one."""
        ref = self._ref_of(base)
        if ref is None or ref.name != "this" or len(ref.attrs) != 1 or scope is None \
                or scope.class_name is None:
            return None
        key = self._held_routers.get(scope.class_name, {}).get(ref.attrs[0])
        if key is None:
            return None
        if key not in self.routers:
            # a constructor parameter used as a router: a router of whoever is passed in
            name = f"this.{ref.attrs[0]}"
            fw = self._claimant(method, call, None, name)
            if fw is None:
                return None
            self.add_router(key, fw.name, base, label=f"{name} of {scope.class_name}",
                            tentative=not fw.claims_parameter_router(self, method, call, None,
                                                                     name, strong=True))
            self.routers[key] = dataclasses.replace(self.routers[key], owner=scope.class_name)
        return key

    @staticmethod
    def decorators_of(node: Node) -> list[Node]:
        """The decorator nodes of a class, method or field (``@Controller('cats')``),
        including those written before ``export`` of an exported class."""
        out = [c for c in node.children if c.type == "decorator"]
        parent = node.parent
        if parent is not None and parent.type == "export_statement":
            out = [c for c in parent.children if c.type == "decorator"] + out
        if node.type in ("method_definition", "public_field_definition", "field_definition"):
            # TS puts a member's decorators before it as siblings in the class body
            # (comments may sit between them)
            prev = node.prev_named_sibling
            while prev is not None and prev.type in ("decorator", "comment"):
                if prev.type == "decorator":
                    out.insert(0, prev)
                prev = prev.prev_named_sibling
        return out

    def _constructor_fields(self, m: Node, ctor_params: list[str],
                            class_name: str | None = None) -> list[tuple[str, Expr]]:
        """``this.x = expr`` assignments of a constructor (also in its branches: a field
        set in both branches of an ``if`` is one of the two values) and TS parameter
        properties (``constructor(private baseURL = '/api')``). Constructor parameters
        are ``Arg`` values, bound where the class is instantiated."""
        scope = Scope(function=None, class_name=class_name, node=m, fields={})
        params = m.child_by_field_name("parameters")
        if params is not None:
            for i, p in enumerate(c for c in params.named_children if c.type != "comment"):
                pname, default = _param_name_default(p, self.src)
                ctor_params.append(pname or f"<{i}>")
                if pname:
                    dexpr = self.expr(default, None) if default is not None else None
                    scope.bindings[pname] = Arg(i, dexpr)
                    if p.type in ("required_parameter", "optional_parameter") and any(
                            c.type == "accessibility_modifier" or c.type == "readonly"
                            for c in p.children):
                        scope.fields[pname] = Arg(i, dexpr)
        body = m.child_by_field_name("body")
        if body is not None:
            self._block(body, scope)
            for st in named_children(body):
                call = _unwrap(named_children(st)[0]) if st.type == "expression_statement" and \
                    named_children(st) else None
                fn = call.child_by_field_name("function") if call is not None and \
                    call.type == "call_expression" else None
                if fn is not None and fn.type == "super" and class_name is not None:
                    self._super_args[class_name] = tuple(self.expr(a, scope) for a in _args(call))
                    break
        return list(scope.fields.items())

    # ------------------------------------------------------------------ routers (builder API)
    #
    # Framework modules (routelink.frameworks) declare what creates a router and what a
    # call on one declares; the builder tracks which names are routers (module-level,
    # function locals, function parameters, imported names) and records the facts.

    def _maybe_router(self, key: str, value: Node, scope: Scope | None) -> None:
        """Register ``key`` as a router if some framework says ``value`` creates one
        (possibly chained: ``Router().use(a).use(b)``)."""
        for fw in self.frameworks:
            created = fw.router_creation(self, value)
            if created is None:
                continue
            is_app, chain = created
            self.add_router(key, fw.name, value, is_app=is_app,
                            label=key if not key.startswith("<") else "default export")
            if chain:
                fw.router_chain(self, key, chain, scope)
            return

    def creates_router(self, node: Node) -> bool:
        """True when some framework says ``node`` creates an app or router."""
        return any(fw.router_creation(self, node) is not None for fw in self.frameworks)

    def add_router(self, key: str, framework: str, node: Node, *, is_app: bool = False,
                   label: str | None = None, prefix: Expr | None = None,
                   tentative: bool = False, owner: str = "", root_candidate: bool = False,
                   syntax: str = "") -> None:
        """Record router ``key`` (declared at ``node``) of ``framework``.

        ``owner`` is the class whose ``this`` its routes' paths read; ``root_candidate``:
        a root when nothing mounts it, unless the framework names explicit roots
        (:meth:`~routelink.frameworks.base.Framework.explicit_roots`); ``syntax``: the
        framework's path syntax of ``prefix`` (``Router.syntax``)."""
        self.routers[key] = Router(key=key, framework=framework, span=self.src.span(node),
                                   is_app=is_app, label=label or key, prefix=prefix,
                                   tentative=tentative, owner=owner, root_candidate=root_candidate,
                                   syntax=syntax)

    def next_order(self, key: str) -> int:
        """The next registration order on router ``key`` (routes and mounts share it)."""
        order = self.router_order.get(key, 0)
        self.router_order[key] = order + 1
        return order

    def router_target(self, obj: Node, scope: Scope | None, method: str | None = None,
                      call: Node | None = None) -> str | None:
        """The router key ``obj`` names: a module-level router, a router local to the
        enclosing function, a parameter of a module-level function used as a router
        (``module.exports = (app) => { app.use('/api', router) }``: key
        ``"<function>#<index>"``, mounted where the function is called with a router) or a
        member of one (``function setup({ server })``, ``const { server } = opts``: key
        ``"<function>#<index>.server"``), or
        an imported name (key = the local name; the resolver follows the import). For the
        last two, ``method`` (the first method called on it) and ``call`` let a framework
        claim it; None when none does."""
        obj = _unwrap(obj)
        if obj is None or obj.type != "identifier":
            return None
        name = self.src.text(obj)
        if scope is not None:
            key = scope.router(name)
            if key is not None:
                return key
            bound = scope.lookup(name)
            if method is not None:
                slot = None
                if isinstance(bound, Arg) and len(bound.attrs) <= 1:
                    # `(app) => app.use(...)`, or `const { server } = opts`
                    owner = self._param_owner(scope, name)
                    slot = ".".join((str(bound.index), *bound.attrs))
                elif bound is None:
                    # `function setupAuth({ server }) { server.get(...) }`
                    owner, slot = self._param_member(scope, name)
                if slot is not None and owner is not None:
                    key = self._parameter_router(owner, slot, name, method, call, obj)
                    if key is not None:
                        owner.routers[name] = key
                    return key
            if bound is not None:
                return None
        if name in self.routers:
            return name
        if method is not None and name in self.import_modules and \
                _is_workspace_specifier(self.import_modules[name]):
            # a router imported from another module: the resolver follows the import and
            # keeps these routes only if it is one (else the call is a client request)
            fw = self._claimant(method, call, None, name)
            return name if fw is not None else None
        return None

    def _parameter_router(self, owner: Scope, slot: str, name: str, method: str,
                          call: Node | None, node: Node) -> str | None:
        """The router key ``"<function>#<slot>"`` of a parameter of the module-level
        function of scope ``owner`` used as a router: ``slot`` is the parameter's index,
        then ``.member`` when the router is a member of it (``function setup({ server })``,
        ``opts.server``: ``"0.server"``); it is mounted where the function is called with
        a router there (:meth:`router_passed`). Recorded when some framework claims it
        (tentative without strong evidence); None when none does."""
        key = f"{owner.function}#{slot}"
        if key not in self.routers:
            fw = self._claimant(method, call, owner, name)
            if fw is None:
                return None
            self.add_router(key, fw.name, node, label=f"{name} (parameter of {owner.function})",
                            tentative=not fw.claims_parameter_router(self, method, call, owner, name, strong=True))
        return key

    @staticmethod
    def _param_member(scope: Scope, name: str) -> tuple[Scope | None, str | None]:
        """(owner scope, slot ``"<index>.<member>"``) when ``name`` is bound by a
        destructuring parameter of a module-level function (and not shadowed)."""
        s: Scope | None = scope
        while s is not None:
            if name in s.bindings:
                return None, None
            if s.param_members and name in s.param_members:
                if s.function is None or s.parent is not None:
                    return None, None
                index, member = s.param_members[name]
                return s, f"{index}.{member}"
            s = s.parent
        return None, None

    def _member_router(self, base: Node, scope: Scope | None, method: str, call: Node) -> str | None:
        """``opts.server.get(...)`` with ``opts`` a parameter of a module-level function:
        the router passed as member ``server`` of it (key ``"<function>#<i>.server"``)."""
        if scope is None:
            return None
        ref = self._ref_of(base)
        if ref is None or ref.name == "this" or len(ref.attrs) != 1:
            return None
        key = scope.router(self.src.text(base))
        if key is not None:
            return key
        bound = scope.lookup(ref.name)
        if not isinstance(bound, Arg) or bound.attrs:
            return None
        owner = self._param_owner(scope, ref.name)
        if owner is None:
            return None
        text = self.src.text(base)
        key = self._parameter_router(owner, f"{bound.index}.{ref.attrs[0]}", text, method, call, base)
        if key is not None:
            owner.routers[text] = key
        return key

    def _claimant(self, method: str, call: Node | None, owner: "Scope | None", name: str):
        for fw in self.frameworks:
            if fw.claims_parameter_router(self, method, call, owner, name, strong=False):
                return fw
        return None

    @staticmethod
    def _param_owner(scope: Scope, name: str) -> Scope | None:
        s: Scope | None = scope
        while s is not None:
            if name in s.bindings:
                return s if isinstance(s.bindings[name], Arg) and s.function is not None and \
                    s.parent is None else None
            s = s.parent
        return None

    def uses_as_router(self, owner: Scope, name: str, methods: frozenset[str]) -> bool:
        """Whether the function of scope ``owner`` calls ``name.<m>(...)`` for some ``m``
        in ``methods`` (``app.use(...)``: evidence that the parameter is a router)."""
        node = owner.node
        if node is None:
            return False
        cache_key = (node.start_byte, name, methods)
        hit = self._uses_cache.get(cache_key)
        if hit is None:
            hit = False
            stack = [node]
            while stack and not hit:
                n = stack.pop()
                if n.type == "call_expression":
                    fn = _unwrap(n.child_by_field_name("function"))
                    if fn is not None and fn.type == "member_expression":
                        obj = fn.child_by_field_name("object")
                        prop = fn.child_by_field_name("property")
                        if obj is not None and prop is not None and obj.type == "identifier" and \
                                self.src.text(obj) == name and self.src.text(prop) in methods:
                            hit = True
                stack.extend(n.named_children)
            self._uses_cache[cache_key] = hit
        return hit

    def _router_call(self, call: Node, scope: Scope | None) -> bool:
        """``router.get(...)``, ``router.route(...).get(...)``, ``app.use(...)`` at any
        depth, dispatched to the router's framework. True when handled (no client call).
        Each call node is dispatched once (a statement is offered here, then walked)."""
        # per scope: a loop unrolled per element visits the same call in new scopes (the
        # dict keeps each scope alive, so its id is never reused)
        key = (call.start_byte, call.end_byte, id(scope))
        self._scopes_seen[id(scope)] = scope
        done = self._router_calls.get(key)
        if done is not None:
            return done
        self._router_calls[key] = False
        self._router_calls[key] = result = self._router_call_once(call, scope)
        return result

    def _router_call_once(self, call: Node, scope: Scope | None) -> bool:
        base, chain = _call_chain(call)
        if base is None or not chain:
            return False
        self._claim_scope = scope
        self._claim_base = self.src.text(base) if base.type == "identifier" else None
        if base.type == "member_expression":
            key = (self._held_router(base, scope, chain[0][0], chain[0][1])
                   or self._member_router(base, scope, chain[0][0], chain[0][1]))
        elif base.type == "identifier":
            key = self.router_target(base, scope, chain[0][0], chain[0][1])
        else:
            return False
        if key is None:
            return False
        router = self.routers.get(key)
        if router is not None:
            fw = registry.get(router.framework)
        else:
            fw = self._claimant(chain[0][0], chain[0][1], None, key)
        if fw is None or not fw.router_chain(self, key, chain, scope):
            return False
        # an imported name or a tentative parameter may be a client after all: the
        # call is also recorded as a call site (the resolver decides)
        return router is not None and not router.tentative

    def add_route(self, key: str, method: str, path: Expr, call: Node, handlers: list[Node],
                  framework: str, trailing_slash: str, syntax: str = "",
                  passthrough: bool = False, *,
                  handler: tuple[str, Node] | None = None,
                  extra: tuple[tuple[str, Expr], ...] = ()) -> None:
        """Record a route on router ``key`` declared by ``call``; the handler is the last
        of ``handlers`` (a name, a wrapped name ``asyncHandler(ctrl.list)``, or inline),
        or ``handler`` = (name, node) when the framework knows it (a decorated method:
        ``("CatsController.findOne", method_node)``). ``extra`` is kept in
        :attr:`routelink.facts.Route.extra`."""
        if handler is not None:
            name, span = handler[0], self.src.span(handler[1])
        else:
            name, span = self.handler_of(handlers)
        self.routes.append(Route(
            router=key, method=method, path=path, span=self.src.span(call),
            framework=framework, order=self.next_order(key), handler=name,
            handler_span=span, trailing_slash=trailing_slash, branch=self._branch_of(call),
            syntax=syntax, passthrough=passthrough, extra=extra))

    def add_view_route(self, key: str, kind: str, path: Expr, view: Expr, node: Node,
                       framework: str, trailing_slash: str, syntax: str = "") -> None:
        """Record routes of router ``key`` whose method is only known once ``view`` (an
        expression: a route definition imported from another module) is evaluated; the
        framework whose ``view_kinds`` lists ``kind`` expands them at resolution time
        (:class:`routelink.facts.ViewRoutes`, ``Framework.expand_view``)."""
        self.view_routes.append(ViewRoutes(
            router=key, kind=kind, path=path, view=view, span=self.src.span(node),
            framework=framework, order=self.next_order(key), trailing_slash=trailing_slash,
            syntax=syntax))

    def _branch_of(self, node: Node) -> tuple[tuple[int, int], ...]:
        """:func:`_branch_of` without walking up the tree (each ``parent`` step costs
        tree-sitter a walk down from the root, so a method chain 5,000 calls long took
        seconds): the file's ``if`` statements are found once by a query, and those
        whose range holds ``node`` are its enclosing ones, outermost first."""
        ifs = self.__dict__.get("_ifs")
        if ifs is None:
            from tree_sitter import QueryCursor

            found = QueryCursor(_if_query(self.language)).captures(self.root_node).get("if", [])
            ifs = []
            for n in sorted(found, key=lambda n: (n.start_byte, -n.end_byte)):
                alt = n.child_by_field_name("alternative")
                ifs.append((n.start_byte, n.end_byte,
                            alt.start_byte if alt is not None else -1,
                            alt.end_byte if alt is not None else -1))
            self.__dict__["_ifs"] = ifs
        start, end = node.start_byte, node.end_byte
        out = []
        for s0, e0, a0, a1 in ifs:
            if s0 > start:
                break
            if end <= e0 and (s0, e0) != (start, end):
                out.append((s0, 1 if a0 <= start < a1 else 0))
        return tuple(out)

    def handler_of(self, handlers: list[Node]) -> tuple[str | None, Span | None]:
        """(name, span) of a route's handler: the last of its handler arguments."""
        node = _unwrap(handlers[-1]) if handlers else None
        if node is None:
            return None, None
        if node.type in ("identifier", "member_expression"):
            name = self.src.text(node)
            local = self.local_functions.get(name)
            return name, self.src.span(local) if local is not None else self.src.span(node)
        if node.type == "call_expression":
            inner = _args(node)  # asyncHandler(controller.list)
            if inner and _unwrap(inner[-1]).type in ("identifier", "member_expression"):
                return self.src.text(_unwrap(inner[-1])), self.src.span(node)
            return None, self.src.span(node)
        return None, self.src.span(node)

    def add_mount(self, parent: str, prefix: Expr | None, child: Expr, call: Node,
                  framework: str, *, prefix_or_child: bool = False, syntax: str = "",
                  call_result: bool = False) -> None:
        """Record that router ``parent`` serves ``child`` under ``prefix`` (see
        :class:`~routelink.facts.Mount` for the flags)."""
        self.mounts.append(Mount(parent=parent, prefix=prefix, child=child,
                                 span=self.src.span(call), order=self.next_order(parent),
                                 framework=framework, syntax=syntax,
                                 prefix_or_child=prefix_or_child, call_result=call_result))

    def mounted_call(self, child: Node, scope: Scope | None) -> Expr | None:
        """``createUserRouter(db)``, ``routes.build(deps)``, ``require('./users')(db)``
        given to a mount: the call, whose result the resolver takes for a router when
        the called function returns one (``Mount.call_result``); None for anything else
        (a router created inline, a name, an inline function)."""
        child = _unwrap(child)
        if child is None or child.type != "call_expression" or self.creates_router(child):
            return None
        fn = _unwrap(child.child_by_field_name("function"))
        if fn is None or fn.type not in ("identifier", "member_expression", "call_expression"):
            return None
        if fn.type == "call_expression" and not _is_require(fn):
            return None
        value = self.expr(child, scope)
        return value if isinstance(value, CallExpr) else None

    def path_exprs(self, node: Node | None, scope: Scope | None) -> list[Expr] | None:
        """A route path argument as expressions (one per element of an array), or None
        when it is no path (a regular expression, a function, an object)."""
        node = _unwrap(node)
        if node is None:
            return None
        if node.type == "array":
            out: list[Expr] = []
            for c in named_children(node):
                got = self.path_exprs(c, scope)
                if got is None:
                    return None
                out.extend(got)
            return out
        if node.type in ("regex", "arrow_function", "function_expression", "function", "object",
                         "number", "true", "false", "null", "undefined"):
            return None
        if node.type == "identifier" and (self.router_target(node, scope) is not None
                                          or self.src.text(node) in self.local_functions):
            return None
        return [self.expr(node, scope)]

    def prefix_kind(self, node: Node | None, scope: Scope | None) -> str:
        """What the first argument of ``use(x, ...)`` is: ``"prefix"`` (a string
        expression), ``"maybe"`` (a name whose value only the resolver can tell: an
        imported constant or an imported middleware), or ``"none"``."""
        node = _unwrap(node)
        if node is None:
            return "none"
        if node.type in ("string", "template_string", "binary_expression", "array"):
            return "prefix" if self.path_exprs(node, scope) is not None else "none"
        if node.type not in ("identifier", "member_expression"):
            return "none"
        if node.type == "identifier" and self.router_target(node, scope) is not None:
            return "none"
        value = self.expr(node, scope)
        if isinstance(value, (Lit, Concat, EnvVar)):
            return "prefix"
        if isinstance(value, Ref) and value.name in self.values:
            local = self.values[value.name]
            if isinstance(local, (Lit, Concat, EnvVar, Alt)):
                return "prefix"
            if isinstance(local, Ref):
                return "maybe"
            if isinstance(local, Obj) and value.attrs:
                return "maybe"  # a config object: `app.use(config.apiPrefix, router)`
            return "none"
        if isinstance(value, Ref) and (value.name in self.import_modules):
            return "maybe"
        return "none"

    def router_passed(self, call: Node, scope: Scope | None) -> None:
        """``registerRoutes(app)`` / ``require('./routes/users')(app)``: the function's
        parameter router (``"<function>#<i>"``) is mounted on ``app`` with no prefix; a
        router passed as a member of an object argument (``setupGoogle({ server })``,
        ``setup({ app: server })``) mounts the router of that member of the parameter
        (``"<function>#<i>.<member>"``: a destructuring parameter, ``opts.server``,
        ``const { server } = opts``)."""
        fn = call.child_by_field_name("function") or call.child_by_field_name("constructor")
        if fn is None:
            return
        fn = _unwrap(fn)
        callee = self._ref_of(fn) if fn.type in ("identifier", "member_expression", "call_expression") else None
        if callee is None or callee.name in self.routers:
            return
        for index, arg in enumerate(_args(call)):
            arg = _unwrap(arg)
            if arg is not None and arg.type == "object":
                # `setupGoogle({ server })`, `setup({ app: server, port })`: a router as a
                # member of the argument (slot `#<index>.<member>`)
                for c in arg.named_children:
                    if c.type == "shorthand_property_identifier":
                        member, value = self.src.text(c), c
                    elif c.type == "pair" and c.child_by_field_name("key") is not None:
                        member, value = _prop_name(c.child_by_field_name("key"), self.src), \
                            _unwrap(c.child_by_field_name("value"))
                    else:
                        continue
                    if value is None or value.type not in ("identifier", "shorthand_property_identifier"):
                        continue
                    parent = self._router_named(self.src.text(value), scope)
                    if parent is not None:
                        self._mount_passed(parent, callee, f"#{index}.{member}", call)
                continue
            parent = self.router_target(arg, scope)
            if parent is None:
                continue
            self._mount_passed(parent, callee, f"#{index}", call)

    def _mount_passed(self, parent: str, callee: Ref, slot: str, call: Node) -> None:
        router = self.routers.get(parent)
        self.add_mount(parent, None, Ref(callee.name, callee.attrs + (slot,)), call,
                       router.framework if router is not None else "")

    def _router_named(self, name: str, scope: Scope | None) -> str | None:
        """The router key a bare name denotes where it is written (no claim is made)."""
        if scope is not None:
            key = scope.router(name)
            if key is not None:
                return key
            if scope.lookup(name) is not None:
                return None
        return name if name in self.routers else None

    def mount_child(self, child: Node, scope: Scope | None) -> Expr | None:
        """The expression naming a router mounted by ``use(prefix, child)``: a router
        local to the function, a name, ``require('./x')``, ``require('./x').router``, or a
        router created inline (``express.Router().get(...)``); None for anything else
        (an inline middleware)."""
        child = _unwrap(child)
        if child is None:
            return None
        if scope is not None and child.type == "identifier":
            local = self.router_target(child, scope)
            if local is not None:
                return Ref(local)
            bound = scope.lookup(self.src.text(child))
            if isinstance(bound, Ref):
                return bound  # a loop variable bound to one router of a list
            if bound is not None:
                return None
        if child.type == "identifier":
            return Ref(self.src.text(child))
        if child.type == "member_expression" and scope is not None:
            base = self._ref_of(child)
            if base is not None and base.name != "this" and isinstance(scope.lookup(base.name), (Obj, Ref)):
                # `route.route` with `route` a loop variable bound to one element of a
                # list of `{ path, route }` objects (or to a name): the router it names
                value = self.expr(child, scope)
                return value if isinstance(value, Ref) else None
        if child.type == "member_expression":
            obj = child.child_by_field_name("object")
            prop = child.child_by_field_name("property")
            if obj is not None and _is_require(obj) and prop is not None:
                module = _require_module(obj, self.src)
                if module is None:
                    return None
                local = f"<require:{module}>"
                self._add_import(local, module, "*")
                return Ref(local, (self.src.text(prop),))
            return self._ref_of(child)
        if _is_require(child):
            module = _require_module(child, self.src)
            if module is None:
                return None
            local = f"<require:{module}>"
            self._add_import(local, module, "*")
            return Ref(local)
        if child.type == "call_expression" and self.creates_router(child):
            self._anon += 1
            key = f"<router:{self._anon}>"
            self._bind_anonymous(child, key, None)
            return Ref(key)
        return None

    def _returned(self, value: Node, scope: Scope) -> Expr:
        """What ``return value`` gives: a router built in the function (``const router =
        express.Router(); ...; return router``) is that router (its key, which the
        evaluator knows as a router), anything else its expression."""
        node = _unwrap(value)
        if node is not None and node.type == "identifier":
            key = scope.router(self.src.text(node))
            if key is not None and "#" not in key:
                return Ref(key)
        return self.expr(value, scope)

    def setting(self, name: str, value: str) -> None:
        """Record a framework setting of this file (:attr:`FileFacts.settings`): a config
        file's option a framework reads at resolution (Next.js ``next.config.js``). The
        first value of a name wins; a file with settings is part of the route graph, so
        editing it rebuilds the routes."""
        self.settings.setdefault(name, value)

    # ------------------------------------------------------------------ helpers for plug-ins

    text = property(lambda self: self.src.text)
    span = property(lambda self: self.src.span)
    unwrap = staticmethod(lambda node: _unwrap(node))
    args = staticmethod(lambda call: _args(call))
    call_chain = staticmethod(lambda node: _call_chain(node))
    is_require = staticmethod(lambda node: _is_require(node))

    def require_module(self, node: Node) -> str | None:
        """The module of ``require('x')``, or None."""
        return _require_module(node, self.src)

    def object_property(self, obj: Node, key: str) -> Node | None:
        """The value node of ``key`` in an object literal node, or None."""
        return _object_property(obj, key, self.src)

    def import_module(self, local: str) -> str | None:
        """The module a local name is imported from, or None."""
        return self.import_modules.get(local)

    def module_of(self, node: Node | None, members: tuple[str, ...] = ("default",)) -> str | None:
        """The package an expression comes from: an imported name, a ``require('x')``
        call, or one of ``members`` of either (``fastify.default``, ``require('koa-router')
        .Router``), at any depth; None otherwise."""
        node = _unwrap(node)
        if node is None:
            return None
        if node.type == "identifier":
            return self.import_module(self.src.text(node))
        if _is_require(node):
            return _require_module(node, self.src)
        if node.type == "member_expression":
            prop = node.child_by_field_name("property")
            if prop is not None and self.src.text(prop) in members:
                return self.module_of(node.child_by_field_name("object"), members)
        return None

    def ref_of(self, node: Node) -> Ref | None:
        """``a.b.c`` / ``this.x`` / ``a?.b`` as a :class:`~routelink.facts.Ref`, else None."""
        return self._ref_of(node)

    def import_of(self, local: str) -> Import | None:
        """The import that binds ``local`` (module and exported name), or None; the
        first one when several do. ``imports`` only grows: the index of it is extended
        with what was appended since the last lookup."""
        seen, index = self._import_index
        if seen != len(self.imports):
            for i in self.imports[seen:]:
                index.setdefault(i.local, i)
            self._import_index = (len(self.imports), index)
        return index.get(local)

    def is_free(self, name: str, scope: Scope | None) -> bool:
        """True when ``name`` is bound nowhere in this file (no local, parameter,
        module-level name or import): a browser global such as ``window``."""
        return name not in self.module_names and (scope is None or scope.lookup(name) is None)

    def add_request_site(self, callee: Ref, args: tuple[Expr, ...], span: Span, url_span: Span,
                         raw: str, scope: Scope | None, method_span: Span | None = None,
                         method_style: str | None = None) -> None:
        """Record a call site a client library recognised itself (an element's
        ``href``, an assignment to ``location.href``): ``callee`` is what the evaluator
        looks up (a name the library declares in ``globals``), ``args`` the expressions
        its ``requests`` hook reads. Like any call site, one whose URL reads a parameter
        of the enclosing function (or a prop of the component) belongs to it, so the
        function is a wrapper whose call sites (or usages) are the requests. The same
        site recorded twice (a loop body read once per element) is kept once."""
        function, args = self.site_function(args, scope)
        key = (span, callee, args, function)
        if key in self._calls_seen:
            return
        self._calls_seen.add(key)
        self.calls.append(CallSite(
            callee=callee, args=args, span=span, url_span=url_span, raw=raw[:200],
            function=function, method_span=method_span, method_style=method_style))

    def _element_component(self, local: str, attrs: tuple[str, ...] = ()) -> bool:
        """Whether a JSX component tag is one a client library reads as an element
        (``ClientLibrary.element_imports``); a member tag (``<Nav.Link>`` with ``Nav``
        imported from ``react-bootstrap``) is the imported name and its members joined
        with ``.`` (``("react-bootstrap", "Nav.Link")``)."""
        imp = self.import_of(local) if clients.element_imports() else None
        return imp is not None and (imp.module, ".".join((imp.name, *attrs))) in clients.element_imports()

    def element(self, tag: str, attributes: tuple[ElementAttribute, ...], name_span: Span,
                scope: Scope | None) -> None:
        """An element written in JSX or in Vue/Svelte markup, for the client libraries
        that read elements (``ClientLibrary.element``)."""
        for lib in clients.element_hooks():
            lib.element(self, tag, attributes, name_span, scope)

    def imported_callee(self, fn: Node | None, scope: Scope | None,
                        modules) -> tuple[str, str] | None:
        """(module, exported name) of a callee that is a name imported from one of
        ``modules`` and not shadowed by a local or parameter (``useSWR`` of ``swr``,
        ``useChat`` of ``ai/react``); None for anything else."""
        if fn is None or fn.type != "identifier":
            return None
        local = self.src.text(fn)
        imp = self.import_of(local)
        if imp is None or imp.module not in modules or (
                scope is not None and scope.lookup(local) is not None):
            return None
        return imp.module, imp.name

    def imported_names(self, module: str, name: str) -> set[str]:
        """Local names bound to export ``name`` of ``module``."""
        return {i.local for i in self.imports if i.module == module and i.name == name}

    def imports_any(self, packages: tuple[str, ...], types: bool = True) -> bool:
        """True when the file imports one of ``packages``; with ``types=False`` a
        type-only import (``import type { FastifyRequest } from 'fastify'``) does not
        count: it is no evidence that the file uses the package at run time."""
        return any(i.module in packages and (types or i.local not in self.type_imports)
                   for i in self.imports)

    def value_imports(self) -> list[Import]:
        """The imports that bind values (every import but type-only ones)."""
        return [i for i in self.imports if i.local not in self.type_imports]

    def path_like(self, node: Node | None, scope: Scope | None) -> bool | None:
        """Whether a call's argument can be a route path, as evidence for a framework
        claiming a name it calls a route method on (``this.reflector.get(IS_PUBLIC_KEY,
        ...)`` is no route). True for a string or template whose text starts with
        ``/``, ``*`` or ``(`` or is empty (also through a name bound in this file, or an
        array holding one); False when it certainly is no path: any other string
        (``'isPublic'``, ``'users:all'``), a number, a regular expression the
        frameworks do not route, a function, an object; None when it cannot be told
        here (a parameter, a member, an imported constant, a call)."""
        exprs = self.path_exprs(node, scope)
        if exprs is None:
            return False if _unwrap(node) is not None else None
        answers = [self._path_like_expr(e, 0) for e in exprs]
        if any(a is True for a in answers):
            return True
        if answers and all(a is False for a in answers):
            return False
        return None

    def certainly_data(self, node: Node | None) -> bool:
        """Whether a route method's argument certainly is a value sent with a request,
        not a handler: evidence against a framework claiming a name on weak evidence
        (``api.post('/users', body)`` of an imported ``api`` or of a parameter is a
        client request). True for a literal (object, string, template, number,
        boolean, null), an operator expression, ``new X()``, and a name, or a member of
        one, bound in the enclosing functions of the claimed call to a parameter (of
        another function than the one whose parameter is claimed), a literal, an object
        or a string expression. False for a function, a call, an array and any other
        name (a module-level or imported function, ``controller.list``)."""
        node = _unwrap(node)
        if node is None:
            return False
        t = node.type
        if t in ("object", "string", "template_string", "number", "true", "false", "null",
                 "binary_expression", "unary_expression", "new_expression", "regex"):
            return True
        if t == "member_expression":
            root = node
            while root is not None and root.type == "member_expression":
                root = _unwrap(root.child_by_field_name("object"))
            if root is None or root.type != "identifier":
                return False
            node = root
        elif t != "identifier":
            return False
        name = self.src.text(node)
        params = _declaring_parameters(node, name, self.src)
        if params is not None:
            # `async (user) => api.post('/login', user)`: a parameter of an enclosing
            # function, unless the claimed router is a parameter of the same function
            return self._claim_base not in params
        s: Scope | None = self._claim_scope
        while s is not None:
            if name in s.bindings:
                bound = s.bindings[name]
                if isinstance(bound, Arg):
                    # `(app, handler) => app.get('/x', handler)`: a parameter of the
                    # function whose parameter is the router may be a handler
                    return self._claim_base not in s.bindings
                return isinstance(bound, (Lit, Obj, Concat, EnvVar))
            s = s.parent
        # a module-level constant: `const DEFAULTS = { role: 'user' }`
        return name not in self.functions and isinstance(self.values.get(name), (Lit, Obj, Concat, EnvVar))

    def _path_like_expr(self, e: Expr, depth: int) -> bool | None:
        if depth > 8:
            return None
        if isinstance(e, Lit):
            return e.value == "" or e.value[0] in "/*("
        if isinstance(e, Concat):
            for part in e.parts:
                if isinstance(part, Lit) and part.value == "":
                    continue
                return self._path_like_expr(part, depth + 1) if isinstance(part, (Lit, Ref)) else None
            return True
        if isinstance(e, Alt):
            answers = [self._path_like_expr(o, depth + 1) for o in e.options]
            if any(a is True for a in answers):
                return True
            return False if answers and all(a is False for a in answers) else None
        if isinstance(e, Ref) and not e.attrs and e.name in self.values and \
                e.name not in self.import_modules:
            return self._path_like_expr(self.values[e.name], depth + 1)
        return None

    def declared_type(self, owner: Scope | None, name: str, call: Node | None) -> str:
        """The type annotation written for a name a framework is asked to claim (see
        :meth:`~routelink.frameworks.base.JsFramework.claims_parameter_router`), as text
        ('' when none): a parameter of the function of scope ``owner`` (``app:
        FastifyInstance``; for an arrow function, the annotation of the variable it is
        assigned to: ``const plugin: FastifyPluginAsync = async (app) => ...``), or, for
        ``this.<field>``, the field's declaration or constructor parameter in the class
        enclosing ``call`` (``constructor(private readonly reflector: Reflector)``)."""
        if name.startswith("this."):
            field = name[5:]
            node = call
            while node is not None and node.type not in ("class_declaration", "class",
                                                          "abstract_class_declaration"):
                node = node.parent
            body = node.child_by_field_name("body") if node is not None else None
            for m in named_children(body) if body is not None else []:
                if m.type in ("public_field_definition", "field_definition"):
                    prop = m.child_by_field_name("name") or m.child_by_field_name("property")
                    if prop is not None and _prop_name(prop, self.src) == field:
                        return _annotation_text(m, self.src)
                elif m.type == "method_definition" and \
                        _prop_name(m.child_by_field_name("name"), self.src) == "constructor":
                    params = m.child_by_field_name("parameters")
                    for p in named_children(params) if params is not None else []:
                        if _param_name_default(p, self.src)[0] == field:
                            return _annotation_text(p, self.src)
            return ""
        fn = owner.node if owner is not None else None
        params = fn.child_by_field_name("parameters") if fn is not None else None
        for p in named_children(params) if params is not None else []:
            if _param_name_default(p, self.src)[0] == name:
                text = _annotation_text(p, self.src)
                if text:
                    return text
                parent = fn.parent
                if parent is not None and parent.type == "variable_declarator":
                    return _annotation_text(parent, self.src)
        return ""

    def typed_from(self, owner: Scope | None, name: str, call: Node | None,
                   packages: tuple[str, ...]) -> bool:
        """Whether the declared type of a parameter or held field (:meth:`declared_type`)
        names a type imported from one of ``packages`` (a type-only import counts here:
        the annotation is the evidence)."""
        text = self.declared_type(owner, name, call)
        if not text:
            return False
        locals_ = {i.local for i in self.imports if i.module in packages}
        return any(w in locals_ for w in re.findall(r"[A-Za-z_$][\w$]*", text))

    def walk(self, node: Node | None, scope: Scope | None) -> None:
        """Visit a subtree for client calls, nested functions and routers."""
        self._walk(node, scope)

    def walk_function(self, node: Node, scope: Scope | None, routers: dict[int, str]) -> None:
        """Visit an inline function (``app.register(async (api) => { api.get(...) })``)
        whose parameters at the indices of ``routers`` are those router keys; its other
        parameters are unknown values."""
        self._nested_function(node, scope, routers)

    def add_assignment(self, target: Ref, value: Expr, node: Node) -> None:
        """Record an assignment of ``value`` to member path ``target`` as if written
        (``<SWRConfig value={{ fetcher }}>`` sets ``SWRConfig.value.fetcher``; a
        client library's default base URL, an interceptor): a client library's
        ``base_assignments`` read it."""
        self.assignments.append(Assignment(target, value, self.src.span(node)))

    def inline_function(self, node: Node, scope: Scope | None, key: str | None = None,
                        value=None, closure: bool = False) -> list[tuple[Node, Expr]]:
        """Walk an inline function (a callback argument, a function-valued property) and
        return what it returns: (value node, expression) per ``return`` (or its
        expression body); ``value(node, scope)``, if given, makes the expression of a
        returned node instead of :meth:`expr` (a key written as an array). The
        function is not walked again by the extractor.

        With ``key`` it is recorded like a module-level function of that key (no ``.`` in
        it: a plain function): its parameters are the arguments it is called with
        (``Arg``), so a request whose URL starts with one makes it a wrapper, whose
        requests routelink evaluates where a client library calls it (SWR's fetcher,
        called with the key: ``Ref(key)``), never where they are written. Parameters of
        the enclosing functions are unknown values inside it, or, with ``closure``, the
        enclosing function's (``Arg.outer``: ``Function.closure``, bound where the
        enclosing function is called). Without ``key`` its own parameters are unknown
        values (a query function: ``(id) => `posts/${id}```)."""
        node = _unwrap(node)
        self._inline_done.add((node.start_byte, node.end_byte))
        outer = Scope(parent=scope, function=scope.function if scope else None,
                      class_name=scope.class_name if scope else None,
                      node=scope.node if scope else None)
        if key is not None:
            outer.function = outer.class_name = None
            s = scope
            while s is not None:
                for name, bound in s.bindings.items():
                    if name in outer.bindings or not (_has_arg(bound) or _has_arg(bound, True)):
                        continue
                    outer.bindings[name] = _enclose(bound) if closure else Dyn("segment")
                s = s.parent
        if closure and key is not None:
            self._closures.add(key)
        inner = Scope(parent=outer, function=key if key is not None else outer.function,
                      class_name=outer.class_name, node=node, returns=[], return_nodes=[])
        if closure and key is not None:
            self._function_nodes.setdefault(key, (node.start_byte, node.end_byte))
            body = node.child_by_field_name("body")
            if body is not None and body.type == "statement_block":
                inner.exposed = _returned_names(body, self.src)
        names: list[str] = []
        params = node.child_by_field_name("parameters")
        single = node.child_by_field_name("parameter")
        plist = [c for c in params.named_children if c.type != "comment"] if params is not None \
            else ([single] if single is not None else [])
        for i, p in enumerate(plist):
            pname, default = _param_name_default(p, self.src)
            names.append(pname or _rest_name(p, self.src) or f"<{i}>")
            if pname and key is not None:
                inner.bindings[pname] = Arg(i, self.expr(default, None) if default is not None else None)
            elif key is not None and _rest_name(p, self.src):
                inner.bindings[_rest_name(p, self.src)] = Arg(i, None, (REST,))
            elif key is not None and _array_pattern(p) is not None:
                inner.bindings.update(_array_bindings(_array_pattern(p), i, self.src))
            elif key is not None and closure and not pname:
                # a destructured parameter (`({ entity }) => ...`): members of the argument
                for member, local, dnode in _destructured(p, self.src):
                    dexpr = self.expr(dnode, None) if dnode is not None else None
                    inner.bindings[local] = _marker_ref(member) or Arg(
                        i, None if dexpr == Lit("") else dexpr, (member,) if member else ())
            elif pname:
                inner.bindings[pname] = Dyn("segment")
            else:
                for ident in _pattern_names(p, self.src):
                    inner.bindings[ident] = Dyn("segment")
        body = node.child_by_field_name("body")
        if body is not None and body.type == "statement_block":
            self._block(body, inner)
        elif body is not None:
            self._walk(body, inner)
            inner.returns.append(self.expr(body, inner))
            inner.return_nodes.append((_unwrap(body), inner))
        if key is not None:
            # recorded even when no request reads a parameter: its span tells which
            # call sites are its own
            self.functions[key] = Function(key, tuple(names), self.src.span(node), closure=closure)
            returns = [r for r in inner.returns if not isinstance(r, Dyn)]
            if returns:
                self.returns[key] = returns[0] if len(returns) == 1 else Alt(tuple(returns))
        if value is not None:
            return [(n, value(n, sc)) for n, sc in inner.return_nodes]
        return [(n, e) for (n, _), e in zip(inner.return_nodes, inner.returns)]

    @staticmethod
    def is_function(node: Node | None) -> bool:
        """True for an inline function node (arrow, function expression)."""
        node = _unwrap(node)
        return node is not None and node.type in ("arrow_function", "function_expression", "function")

    @staticmethod
    def call_site(call: Node) -> Node:
        """Where to report a route a call declares: the method name when the call
        continues a chain or starts on another line (``router\n  .get(...)\n  .post(...)``:
        the ``get``, the ``post``), else the call."""
        fn = _unwrap(call.child_by_field_name("function"))
        if fn is not None and fn.type == "member_expression":
            obj = _unwrap(fn.child_by_field_name("object"))
            prop = fn.child_by_field_name("property")
            if obj is not None and prop is not None and (
                    obj.type in ("call_expression", "new_expression")
                    or prop.start_point[0] != call.start_point[0]):
                return prop
        return call

    def update_router(self, key: str, **changes) -> None:
        """Change fields of router ``key`` already recorded (``prefix``, ``is_app``,
        ``label``): a prefix set after creation (koa-router ``router.prefix('/x')``)."""
        if key in self.routers:
            self.routers[key] = dataclasses.replace(self.routers[key], **changes)

    def update_class(self, name: str, **changes) -> None:
        """Change fields of class ``name`` already recorded (``fields``: what a client
        library's dependency injection gives a field, see ``ClientLibrary.on_file``)."""
        for i, c in enumerate(self.classes):
            if c.name == name:
                self.classes[i] = dataclasses.replace(c, **changes)

    def add_value(self, name: str, value: Expr) -> None:
        """Record a module-level value under ``name`` (a synthetic name such as
        ``<url-prefix:apiInterceptor>`` that no code can write, read back at resolution
        by the plug-in that recorded it through the file's facts)."""
        self.values[name] = value

    def add_import(self, local: str, module: str, name: str) -> None:
        """Bind ``local`` to export ``name`` of ``module`` (a synthetic name for a module
        a call loads: ``import('./routes/users.js')``)."""
        self._add_import(local, module, name)

    def add_listen(self, router: str, port: Expr | None, node: Node, framework: str,
                   default: int | None = None) -> None:
        """Record that the app ``router`` (a router key of this file or a name it binds;
        '' when unknown) listens on ``port`` (an expression, None for the server's
        ``default``), written at ``node`` (:class:`~routelink.facts.Listen`)."""
        self.listens.append(Listen(router, port, self.src.span(node), framework, default))

    def add_setting(self, name: str, value: str) -> None:
        """Record a workspace setting (:attr:`FileFacts.settings`; read by a framework's
        ``adjust_policy`` and ``explicit_roots``), e.g. an app option that changes the
        trailing-slash policy of every route. The same as :meth:`setting`."""
        self.setting(name, value)

    def state(self, owner: str) -> dict:
        """A dict private to ``owner`` (a framework's name) for the file being built:
        what one hook learns for a later one (a router's constructor options)."""
        return self._state.setdefault(owner, {})

    def _unwrap_function(self, node: Node) -> Node:
        """``fp(async (app) => {...})``: the function a framework says a call returns
        as it is (see ``JsFramework.unwrap_function``), else ``node`` itself."""
        node = _unwrap(node)
        for _ in range(3):
            if node is None or node.type != "call_expression":
                return node
            for fw in self.frameworks:
                inner = fw.unwrap_function(self, node)
                if inner is not None:
                    node = _unwrap(inner)
                    break
            else:
                return node
        return node

    # ------------------------------------------------------------------ generic walk

    def _walk(self, node: Node | None, scope: Scope | None) -> None:
        """Visit ``node``'s subtree, recording call sites and nested functions.

        Visits only the nodes the walk acts on (:data:`_WALK_KINDS`), found once per
        file by a compiled tree-sitter query (:meth:`_walk_targets`), in the order a
        pre-order walk of the subtree meets them; a node whose subtree is handled
        elsewhere (a nested function, a class, a router call, a type annotation...)
        hides the targets inside it. A tree other than the file's (a component's
        template expression, parsed apart) is walked node by node (:meth:`_walk_tree`)."""
        if node is None:
            return
        targets = self._walk_targets()
        if targets is None:
            self._walk_tree(node, scope)
            return
        nodes, starts = targets
        start, end = node.start_byte, node.end_byte
        i = bisect_left(starts, start)
        count = len(nodes)
        hidden = -1  # targets starting before this byte are inside a skipped subtree
        call_hooks, new_hooks = _hooks(self.frameworks)
        while i < count:
            n = nodes[i]
            s = starts[i]
            i += 1
            if s >= end and not s == end == start:
                break
            if s < hidden:
                continue
            n_end = n.end_byte
            if n_end > end:
                continue  # an ancestor of ``node`` that starts where it does
            if self._visit(n, scope, call_hooks, new_hooks):
                hidden = n_end

    def _visit(self, n: Node, scope: Scope | None, call_hooks: tuple, new_hooks: tuple) -> bool:
        """Act on one node of :meth:`_walk`; True when its subtree is not to be visited
        (handled here or elsewhere, or inert)."""
        t = n.type
        if t in _INERT:
            return True
        if t == "call_expression":
            if self._unroll_each(n, scope):
                return True
            if self._router_call(n, scope):
                return True  # routes/mounts inside if-blocks, functions...; args walked there
            if any(fw.on_call(self, n, scope) for fw in call_hooks):
                return True
            self.router_passed(n, scope)
            self._call(n, scope)
            return False  # then the callee object and the arguments (nested calls, callbacks)
        if t == "for_in_statement":
            return self._unroll_for(n, scope)
        if t == "new_expression":
            self._new(n, scope)
            if any(fw.on_new(self, n, scope) for fw in new_hooks):
                return True
            self.router_passed(n, scope)
            return False
        if t in ("jsx_self_closing_element", "jsx_opening_element"):
            self._jsx_usage(n, scope)
            for lib in clients.jsx_hooks():
                lib.on_jsx(self, n, scope)
            return False
        if t in _FUNCTION_KINDS:
            if (n.start_byte, n.end_byte) not in self._inline_done:
                self._nested_function(n, scope)
            return True
        if t == "assignment_expression":
            self._defaults_assignment(n, scope)
            for lib in clients.assignment_hooks():
                if lib.on_assignment(self, n, scope):
                    break
            return False
        return t in ("class_declaration", "class")

    def _walk_targets(self) -> tuple[list[Node], list[int]] | None:
        """The nodes of :data:`_WALK_KINDS` in the file's tree, in pre-order, and their
        start bytes (for bisection); one query per file, run at the first walk. None
        while the builder reads another source than the file's (its nodes belong to
        another tree)."""
        got = self.__dict__.get("_targets")
        if got is None:
            root = getattr(self, "root_node", None)
            if root is None or self.__dict__.get("_targets_src") is not self.src:
                return None
            from tree_sitter import QueryCursor

            found = QueryCursor(_walk_query(self.language)).captures(root).get("n", [])
            # pre-order: by start, an outer node before an inner one that starts at the
            # same byte (the cursor's order is not: 18,346 of 19,790 real files differ)
            found.sort(key=_preorder_key)
            got = (found, [n.start_byte for n in found])
            self.__dict__["_targets"] = got
        elif self.__dict__.get("_targets_src") is not self.src:
            return None
        return got

    def _walk_tree(self, node: Node, scope: Scope | None) -> None:
        """:meth:`_walk` over a tree that is not the file's: every named node."""
        stack = [node]
        call_hooks, new_hooks = _hooks(self.frameworks)
        while stack:
            n = stack.pop()
            if not self._visit(n, scope, call_hooks, new_hooks):
                stack.extend(reversed(n.named_children))

    def _jsx_usage(self, node: Node, scope: Scope | None) -> None:
        """``<DataTable url="/api/companies/" page={n} {...rest} />``: a call site of the
        component ``DataTable`` (a function of this or another module) with one
        argument, the object of its props (see :meth:`add_usage`). An HTML element a
        client library reads (``<a href>``, ``<form action>``) and a component it reads
        (``<Link>`` of ``next/link``) also go to :meth:`element`."""
        self._jsx_seen += 1
        name = node.child_by_field_name("name")
        if name is None or name.type not in ("identifier", "member_expression"):
            return
        ref = self._ref_of(name)
        if ref is None:
            return
        component = (ref.attrs[-1] if ref.attrs else ref.name)[:1].isupper()
        hooks = (not ref.attrs and ref.name in clients.element_tags()) if not component \
            else self._element_component(ref.name, ref.attrs)
        if not component and not hooks:
            return  # an HTML element (`<div>`), not a component
        usage = component and self._may_request(ref, scope)
        if not usage and not hooks:
            return
        items: list[tuple[str, Expr]] = []
        spreads: list[Expr] = []
        written: list[tuple[str, Span, Span, str]] = []
        for attr in node.named_children:
            if attr.type == "jsx_attribute":
                parts = attr.named_children
                if not parts:
                    continue
                key = self.src.text(parts[0])
                if key in ("key", "ref"):
                    continue  # React's own, not props
                value = parts[1] if len(parts) > 1 else None
                if value is None:
                    expr, vnode = Lit("true"), parts[0]
                elif value.type == "jsx_expression":
                    inner = named_children(value)
                    if not inner:
                        continue
                    expr, vnode = self.expr(inner[0], scope), inner[0]
                elif value.type == "string":
                    expr, vnode = Lit(unquote_js_string(value, self.src)), value
                else:
                    expr, vnode = Dyn("segment"), value
                items.append((key, expr))
                written.append((key, self.src.span(attr), self.src.span(vnode), self.src.text(vnode)))
            elif attr.type == "jsx_expression":
                inner = named_children(attr)
                if inner and inner[0].type == "spread_element":
                    spread = named_children(inner[0])
                    if spread:
                        spreads.append(self.expr(spread[0], scope))
        if hooks:
            self.element(self.src.text(name), tuple(
                ElementAttribute(k, e, a, v, raw) for (k, e), (_, a, v, raw) in zip(items, written)),
                self.src.span(name), scope)
        if usage:
            self.add_usage(ref, Obj(tuple(items), tuple(spreads)), self.src.span(name),
                           self.src.text(name), written, scope)

    # ------------------------------------------------------------------ loops over literals

    def _elements(self, node: Node | None, scope: Scope | None) -> list[tuple] | None:
        """The elements of a list a loop goes over, when written in this file: an array
        literal, or ``Object.entries/keys/values`` of an object literal, directly or
        through a constant. Each element is a tuple of parts (nodes or expressions): one
        part, or ``(key, value)`` for ``Object.entries``. None when unknown or longer
        than 16."""
        node = _unwrap(node)
        if node is None:
            return None
        if node.type == "identifier":
            name = self.src.text(node)
            target = (scope.lookup_node(name) if scope is not None else None) or self.value_nodes.get(name)
            return self._elements(target, None) if target is not None and target is not node else None
        if node.type == "array":
            items = named_children(node)
            return [(item,) for item in items] if len(items) <= 16 else None
        if node.type == "call_expression":
            fn = self.src.text(node.child_by_field_name("function") or node)
            args = _args(node)
            if fn not in ("Object.entries", "Object.keys", "Object.values") or not args:
                return None
            obj = _unwrap(args[0])
            if obj is not None and obj.type == "identifier":
                obj = _unwrap(self.value_nodes.get(self.src.text(obj)))
            if obj is None or obj.type != "object":
                return None
            pairs: list[tuple[Expr, Node]] = []
            for c in obj.named_children:
                if c.type == "pair" and c.child_by_field_name("key") is not None:
                    pairs.append((Lit(_prop_name(c.child_by_field_name("key"), self.src)),
                                  c.child_by_field_name("value")))
                elif c.type == "shorthand_property_identifier":
                    pairs.append((Lit(self.src.text(c)), c))
            if len(pairs) > 16:
                return None
            if fn == "Object.keys":
                return [(k,) for k, _ in pairs]
            if fn == "Object.values":
                return [(v,) for _, v in pairs]
            return pairs
        return None

    def _bind_element(self, pattern: Node, parts: tuple, scope: Scope) -> None:
        """Bind a loop variable pattern to one element's parts (see :meth:`_elements`)."""
        pattern = _unwrap(pattern)
        if pattern is not None and pattern.type in ("required_parameter", "optional_parameter"):
            pattern = pattern.child_by_field_name("pattern")
        if pattern is None:
            return
        if pattern.type == "identifier":
            scope.bindings[self.src.text(pattern)] = (
                self._part_expr(parts[0], scope) if len(parts) == 1 else Dyn("segment"))
        elif pattern.type == "array_pattern":
            if len(parts) == 1 and isinstance(parts[0], Node) and _unwrap(parts[0]).type == "array":
                parts = tuple(named_children(_unwrap(parts[0])))  # `[['/users', users], ...]`
            for target, part in zip(named_children(pattern), parts):
                if target.type == "identifier":
                    scope.bindings[self.src.text(target)] = self._part_expr(part, scope)
        elif pattern.type == "object_pattern" and len(parts) == 1 and isinstance(parts[0], Node):
            obj = _unwrap(parts[0])
            for key, local in _object_pattern_pairs(pattern, self.src):
                value = _object_property(obj, key, self.src) if obj is not None and obj.type == "object" else None
                scope.bindings[local] = self._part_expr(value, scope) if value is not None else Dyn("segment")

    def _part_expr(self, part, scope: Scope) -> Expr:
        """One part of a list element as a loop variable's value. A module written inline
        (``require('./users')``, ``import('./users')``, ``require('./x').router``), alone or
        as a member of an object element (``{ path: '/auth', route: require('./auth') }``),
        is the module itself, as when it is bound to a name first, so a router it exports
        is what ``app.use(r.path, r.route)`` mounts."""
        if not isinstance(part, Node):
            return part
        module = self._inline_module(part)
        if module is not None:
            return module
        node = _unwrap(part)
        value = self.expr(part, scope)
        if node is not None and node.type == "object" and isinstance(value, Obj):
            modules = {}
            for c in node.named_children:
                key, v = c.child_by_field_name("key"), c.child_by_field_name("value")
                if c.type == "pair" and key is not None and v is not None:
                    m = self._inline_module(v)
                    if m is not None:
                        modules[_prop_name(key, self.src)] = m
            if modules:
                value = Obj(tuple((k, modules.get(k, v)) for k, v in value.items),
                            value.spreads, value.spread_at)
        return value

    def _inline_module(self, node: Node | None) -> Ref | None:
        """``require('./x')`` / ``import('./x')`` (``await``ed or not), optionally read
        further (``require('./x').router``, ``(await import('./x')).default``), as a
        reference to the module (an import of it is recorded); None for anything else."""
        attrs: list[str] = []
        node = _unwrap(node)
        while node is not None and node.type == "member_expression":
            prop = node.child_by_field_name("property")
            if prop is None:
                return None
            attrs.append(self.src.text(prop))
            node = _unwrap(node.child_by_field_name("object"))
        if node is None or node.type != "call_expression":
            return None
        fn = node.child_by_field_name("function")
        args = _args(node)
        if fn is None or not (fn.type == "import" or _is_require(node)) or not args or \
                args[0].type != "string":
            return None
        module = unquote_js_string(args[0], self.src)
        local = f"<require:{module}>"
        if local not in self.import_modules:
            self._add_import(local, module, "*")
        return Ref(local, tuple(reversed(attrs)))

    def _unroll_each(self, call: Node, scope: Scope | None) -> bool:
        """``[users, posts].forEach((r) => app.use('/api', r))`` (also ``map``): the
        callback's body once per element, its parameter bound to it."""
        fn = _unwrap(call.child_by_field_name("function"))
        if fn is None or fn.type != "member_expression":
            return False
        prop = fn.child_by_field_name("property")
        if prop is None or self.src.text(prop) not in ("forEach", "map"):
            return False
        args = _args(call)
        callback = _unwrap(args[0]) if args else None
        if callback is None or callback.type not in ("arrow_function", "function_expression", "function"):
            return False
        elements = self._elements(fn.child_by_field_name("object"), scope)
        if not elements:
            return False
        params = callback.child_by_field_name("parameters")
        first = (named_children(params)[:1] if params is not None
                 else [callback.child_by_field_name("parameter")])
        for element in elements:
            inner = Scope(parent=scope, function=scope.function if scope else None,
                          class_name=scope.class_name if scope else None,
                          node=scope.node if scope else None, branch=True)
            if first and first[0] is not None:
                self._bind_element(first[0], element, inner)
            body = callback.child_by_field_name("body")
            if body is not None and body.type == "statement_block":
                self._block(body, inner)
            elif body is not None:
                self._walk(body, inner)
        return True

    def _unroll_for(self, node: Node, scope: Scope | None) -> bool:
        """``for (const [prefix, router] of Object.entries(routes)) app.use(prefix, router)``:
        the body once per element of a list written in this file."""
        if node.child_by_field_name("operator") is not None and \
                self.src.text(node.child_by_field_name("operator")) != "of":
            return False
        elements = self._elements(node.child_by_field_name("right"), scope)
        left = node.child_by_field_name("left")
        body = node.child_by_field_name("body")
        if not elements or left is None or body is None:
            return False
        for element in elements:
            inner = Scope(parent=scope, function=scope.function if scope else None,
                          class_name=scope.class_name if scope else None,
                          node=scope.node if scope else None, branch=True)
            self._bind_element(left, element, inner)
            if body.type == "statement_block":
                self._block(body, inner)
            else:
                self._statement_in_function(body, inner)
        return True

    def _defaults_assignment(self, node: Node, scope: Scope | None) -> None:
        """A client library's default base URL set anywhere (``axios.defaults.baseURL =
        X``, often inside an ``init()`` function; see ``ClientLibrary.base_assignments``)."""
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if left is None or right is None:
            return
        target = self._ref_of(left)
        if target is None or not any(target.attrs[-len(sfx):] == sfx
                                     for sfx in clients.base_assignment_suffixes()):
            return
        self.assignments.append(Assignment(target, self.expr(_unwrap(right), scope), self.src.span(node)))

    def _call(self, call: Node, scope: Scope | None) -> None:
        fn = call.child_by_field_name("function")
        if fn is None:
            return
        fn = _unwrap(fn)
        if fn.type == "import":
            return
        ref = self._ref_of(fn)
        args_nodes = _args(call)
        for lib in clients.call_hooks():
            if lib.on_call(self, call, fn, args_nodes, scope):
                return
        if ref is None:
            # a callee with no name (`(options.client ?? client).post({ url })`, generated
            # SDKs): a client library may recognise the call's shape
            for lib in clients.callee_hooks():
                ref = lib.callee(self, fn, args_nodes)
                if ref is not None:
                    break
            if ref is None:
                return
        elif not self._may_request(ref, scope):
            return
        args = self._call_args(args_nodes, scope)
        first = _unwrap(args_nodes[0]) if args_nodes else call
        if len(args_nodes) >= 2 and self._method_literal(args_nodes[0]):
            first = _unwrap(args_nodes[1])  # `http.request('POST', url)`: the URL is second
        param_callee = self._param_callee(ref, scope)
        if param_callee is not None:
            if not args or not _looks_like_url(args[0]):
                return  # `ctx.get('Authorization')`: a parameter's method, not a request
            ref = param_callee  # `client.post('/refresh')` with `client` a parameter
        elif scope is not None and ref.name != "this":
            ref = self._local_callee(ref, scope) or ref
        own, args, callee = self.closure_owner(args, scope, ref)
        if callee is None:
            return  # through a parameter of a function whose request is its enclosing one's
        ref = callee
        function, args = self.site_function(args, scope, force=scope is not None and (
            param_callee is not None or scope.class_name is not None
            # a call of a local function that closes over this one's parameters
            or (ref.name in self._closures and not ref.attrs)), own=own)
        method_span, method_style = self._method_position(fn, ref, args_nodes)
        seen_key = (call.start_byte, ref, args, function)
        if seen_key in self._calls_seen:
            return  # the same call again (a loop body read once per element)
        self._calls_seen.add(seen_key)
        self.calls.append(CallSite(
            callee=ref, args=args, span=self.src.span(call),
            url_span=self.src.span(first), raw=self.src.text(first)[:200],
            function=function, method_span=method_span, method_style=method_style,
            arg_texts=self._arg_texts(args_nodes[:3]),
            guards=self._guards(call, scope, function) if function is not None else ()))

    def _guards(self, call: Node, scope: Scope | None, function: str
                ) -> tuple[tuple[Expr, str, bool], ...]:
        """The branches of the enclosing function a call sits in whose condition compares
        a value read from a parameter with a string (see
        :attr:`~routelink.facts.CallSite.guards`): ``cond ? call : x``, ``if (cond)
        call; else x`` with ``cond`` one of ``a === 'x'``, ``a == 'x'``, ``a !== 'x'``,
        ``a != 'x'``."""
        out: list[tuple[Expr, str, bool]] = []
        child, node = call, call.parent
        while node is not None and node.type not in _FUNCTION_NODES:
            if node.type in ("ternary_expression", "if_statement"):
                branch = None
                for name, taken in (("consequence", True), ("alternative", False)):
                    part = node.child_by_field_name(name)
                    if part is not None and part.start_byte <= child.start_byte < part.end_byte:
                        branch = taken
                if branch is not None:
                    guard = self._comparison(node.child_by_field_name("condition"), scope)
                    if guard is not None:
                        value, text, equal = guard
                        if self.component is not None:
                            value = _rebind(value, function == self.component.key)
                        out.append((value, text, equal == branch))
            child, node = node, node.parent
        return tuple(out)

    def _comparison(self, cond: Node | None, scope: Scope | None) -> tuple[Expr, str, bool] | None:
        """(value, string, equal) of a condition ``value === 'string'`` (either side,
        ``==``; ``!==`` and ``!=`` give equal False) when the value reads a parameter."""
        cond = _unwrap(cond)
        if cond is None or cond.type != "binary_expression":
            return None
        op = cond.child_by_field_name("operator")
        op = self.src.text(op) if op is not None else ""
        if op not in ("===", "==", "!==", "!="):
            return None
        left = _unwrap(cond.child_by_field_name("left"))
        right = _unwrap(cond.child_by_field_name("right"))
        if left is None or right is None:
            return None
        if left.type == "string":
            left, right = right, left
        if right.type != "string" or left.type == "string":
            return None
        value = self.expr(left, scope)
        if not (_has_arg(value) or _has_arg(value, props=True)):
            return None
        return value, unquote_js_string(right, self.src), op in ("===", "==")

    def _arg_texts(self, args: list[Node]) -> tuple[tuple[int, str, Span, str], ...]:
        """Where each argument after the first and each member of an object-literal
        argument is written (see :attr:`~routelink.facts.CallSite.arg_texts`)."""
        out: list[tuple[int, str, Span, str]] = []
        for i, a in enumerate(args):
            a = _unwrap(a)
            if i:
                out.append((i, "", self.src.span(a), self.src.text(a)[:200]))
            if a.type != "object":
                continue
            for c in a.named_children:
                if c.type == "pair" and not _is_function_pair(c):
                    k, v = c.child_by_field_name("key"), c.child_by_field_name("value")
                    if k is not None and v is not None:
                        v = _unwrap(v)
                        out.append((i, _prop_name(k, self.src), self.src.span(v),
                                    self.src.text(v)[:200]))
                elif c.type == "shorthand_property_identifier":
                    out.append((i, self.src.text(c), self.src.span(c), self.src.text(c)))
        return tuple(out)

    def _call_args(self, nodes: list[Node], scope: Scope | None) -> tuple[Expr, ...]:
        """The first three arguments of a call; ``...args`` of a rest parameter (``(...args)
        => fetch(...args)``) stands for the function's arguments from its index on."""
        out: list[Expr] = []
        for a in nodes:
            if len(out) >= 3:
                break
            if a.type == "spread_element":
                inner = named_children(a)
                e = self.expr(inner[0], scope) if inner else Dyn("rest")
                if isinstance(e, Arg) and e.attrs == (REST,):
                    out.extend(Arg(e.index + j, outer=e.outer) for j in range(3 - len(out)))
                    break
            out.append(self.expr(a, scope))
        return tuple(out)

    def _method_position(self, fn: Node, ref: Ref, args: list[Node]) -> tuple[Span | None, str | None]:
        """Where the call's HTTP method is written (see CallSite.method_span)."""
        if fn.type == "member_expression" and ref.attrs and ref.attrs[-1].lower() in (
                "get", "post", "put", "patch", "delete", "head", "options"):
            prop = fn.child_by_field_name("property")
            if prop is not None:
                return self.src.span(prop), "member"
        if len(args) >= 2 and self._method_literal(args[0]):
            return self.src.span(_unwrap(args[0])), "literal"
        for a in args[:3]:
            a = _unwrap(a)
            if a.type != "object":
                continue
            m = _object_property(a, "method", self.src)
            if m is not None and _unwrap(m).type == "string":
                return self.src.span(_unwrap(m)), "literal"
        if len(args) == 1 and not ref.attrs and ref.name in clients.request_names():
            # nothing written: a client whose options come second may insert them here
            end = self.src.span(args[0])
            return Span(end.end_line, end.end_column, end.end_line, end.end_column), "insert"
        return None, None

    def _method_literal(self, node: Node) -> bool:
        """A string literal that is an HTTP method (``'GET'``, ``'post'``): the first
        argument of ``request(method, url)``."""
        node = _unwrap(node)
        return node is not None and node.type == "string" and \
            unquote_js_string(node, self.src).upper() in _HTTP_METHODS

    def _new(self, node: Node, scope: Scope | None) -> None:
        ctor = node.child_by_field_name("constructor")
        if ctor is None:
            return
        callee = Ref(self.src.text(ctor))
        if callee.name not in clients.constructors():
            # `new tus.Upload(file, opts)` with `import * as tus from 'tus-js-client'`
            ref = self._ref_of(ctor)
            if ref is None or len(ref.attrs) != 1 or ref.attrs[0] not in clients.constructors() \
                    or ref.name not in self.import_modules:
                return
            callee = ref
        args_node = node.child_by_field_name("arguments")
        args_nodes = [a for a in args_node.named_children if a.type != "comment"] if args_node else []
        args = tuple(self.expr(a, scope) for a in args_nodes[:2])
        first = _unwrap(args_nodes[0]) if args_nodes else node
        function, args = self.site_function(args, scope)
        self.calls.append(CallSite(
            callee=callee, args=args, span=self.src.span(node),
            url_span=self.src.span(first), raw=self.src.text(first)[:200],
            function=function, is_new=True))

    def _local_callee(self, ref: Ref, scope: Scope) -> Ref | None:
        """A callee that is a local of the enclosing function, read through its value:
        ``const api = axios.create({...}); api.get('/x')``, ``const $fetch =
        useRequestFetch()``, ``const http = this.http``. A local bound to a call gets a
        synthetic module value ``<local:name#n>`` holding that call (evaluated without the
        function's arguments); one bound to a name is that name. None for other locals."""
        bound = scope.lookup(ref.name)
        if isinstance(bound, Ref):
            return Ref(bound.name, bound.attrs + ref.attrs)
        if isinstance(bound, CallExpr):
            return Ref(self._local_value(ref.name, bound), ref.attrs)
        return None

    def _env_keyed(self, node: Node, scope: Scope | None, depth: int) -> Ref | None:
        """``EnvConfig[import.meta.env.MODE]`` (or ``EnvConfig[env]`` with a module-level
        ``const env = import.meta.env.MODE``): the member named by the env var's value,
        as the attribute ``<env:NAME=default>`` the evaluator replaces by the value
        (``[env]`` > ``.env`` > the default); else None."""
        if node.type != "subscript_expression":
            return None
        idx = _unwrap(node.child_by_field_name("index"))
        obj = node.child_by_field_name("object")
        if idx is None or obj is None or idx.type == "string":
            return None
        key = self.expr(idx, scope, depth + 1)
        if isinstance(key, Ref) and not key.attrs and (scope is None or scope.lookup(key.name) is None):
            key = self.values.get(key.name, key)
        if not isinstance(key, EnvVar):
            return None
        base = self.expr(obj, scope, depth + 1)
        if not isinstance(base, Ref):
            return None
        default = key.default.value if isinstance(key.default, Lit) else ""
        return Ref(base.name, base.attrs + (f"<env:{key.name}={default}>",))

    def _chain_ref(self, fn: Node | None, scope: Scope | None, depth: int) -> Ref | None:
        """``wretch(base).addon(Q).url('/x')``: a member that returns a new client
        (``ClientLibrary.chain_members``) called on the value of another call, as that
        member of a synthetic module value ``<local:<chain>#n>`` holding the inner call
        (evaluated without the function's arguments, like a local's value); else None."""
        if fn is None or fn.type != "member_expression":
            return None
        prop = fn.child_by_field_name("property")
        obj = _unwrap(fn.child_by_field_name("object"))
        if prop is None or obj is None or obj.type != "call_expression" or \
                self.src.text(prop) not in clients.chain_members():
            return None
        inner = self.expr(obj, scope, depth + 1)
        if not isinstance(inner, CallExpr):
            return None
        return Ref(self._local_value("<chain>", inner), (self.src.text(prop),))

    def request_callee(self, ref: Ref, scope: Scope | None) -> Ref | None:
        """What a call through ``ref`` is recorded as, for a client library that records
        a call itself (``ClientLibrary.on_call``) with the callee the extractor would
        give it: a local read through its value, a member of a client parameter as
        ``#arg<i>``; None when no call through ``ref`` may be a request."""
        if not self._may_request(ref, scope):
            return None
        param = self._param_callee(ref, scope)
        if param is not None:
            return param
        if scope is not None and ref.name != "this":
            return self._local_callee(ref, scope) or ref
        return ref

    def _local_value(self, name: str, call: CallExpr) -> str:
        """The key of the synthetic module value ``<local:name#n>`` holding ``call``, the
        value of local ``name`` (evaluated without the function's arguments)."""
        key = self._local_values.get((name, call))
        if key is None:
            key = f"<local:{name}#{len(self._local_values)}>"
            self._local_values[(name, call)] = key
            self.values[key] = call
        return key

    def _param_callee(self, ref: Ref, scope: Scope | None) -> Ref | None:
        """``Ref("#arg<i>", attrs)`` when the callee is a member of parameter ``i`` of the
        enclosing function (a client instance passed as an argument), else None."""
        if scope is None or len(ref.attrs) != 1 or ref.name == "this":
            return None  # `client.post(...)`; not `fastify.db.users.get(...)`
        key = scope.router(ref.name)
        if key is not None and key in self.routers and not self.routers[key].tentative:
            return None  # a router parameter (a plugin's `fastify`), not a client
        bound = scope.lookup(ref.name)
        if isinstance(bound, Arg) and not bound.attrs:
            return Ref(f"#arg{bound.index}" + (f"^{bound.outer}" if bound.outer else ""), ref.attrs)
        return None

    def _may_request(self, ref: Ref, scope: Scope | None) -> bool:
        """Whether a call through ``ref`` may be a request, so its call site is recorded:
        a client library's free name, a member naming a library's default client
        (``this.$axios``), ``this.x`` in a class, a module-level or imported name (not of a
        package that never makes requests). The resolver decides."""
        name = ref.name
        if name in clients.request_names() and (scope is None or scope.lookup(name) is None):
            return True
        if name in clients.global_objects() and ref.attrs[:1] and ref.attrs[0] in clients.request_names():
            return True
        markers = clients.member_markers()
        if name == "this":
            # `this.download(url)` of a single-file component may call a function the app
            # makes a global property of every component (see ``AppInstance``)
            return bool(ref.attrs) and (
                ref.attrs[0] in markers
                or (scope is not None and scope.class_name is not None)
                or self.component is not None
                or len(ref.attrs) >= 2)
        if any(a in markers for a in ref.attrs):
            return True
        if name in self.routers:
            return False
        if scope is not None and scope.lookup(name) is not None:
            # a local bound to a client, or a parameter a client may be passed as
            # (`refreshToken(client) { client.post('/refresh') }`)
            bound = scope.lookup(name)
            if isinstance(bound, Arg):
                key = scope.router(name)
                return len(ref.attrs) == 1 and ref.attrs[0] in clients.member_names() \
                    and (key is None or key not in self.routers or self.routers[key].tentative)
            return isinstance(bound, (Ref, CallExpr))
        if name in self.import_modules:
            return not clients.is_non_http_module(self.import_modules[name])
        # a free name may be auto-imported (Nuxt's `composables/`: `api('/todos')`)
        return name in self.module_names or not ref.attrs

    # ------------------------------------------------------------------ expressions

    def _ref_of(self, node: Node) -> Ref | None:
        """``a.b.c`` / ``this.x`` / ``a?.b`` -> Ref, else None (remembered per node: a
        pure function of the node, its ``require`` import recorded the first time)."""
        key = (self.src, node.start_byte, node.end_byte, node.kind_id)
        try:
            return self._refs[key]
        except KeyError:
            pass
        ref = self._refs[key] = self._ref_of_node(node)
        return ref

    def _ref_of_node(self, node: Node) -> Ref | None:
        node = _unwrap(node)
        attrs: list[str] = []
        while node.type in ("member_expression", "subscript_expression"):
            if node.type == "member_expression":
                prop = node.child_by_field_name("property")
                if prop is None:
                    return None
                attrs.append(self.src.text(prop))
            else:
                idx = node.child_by_field_name("index")
                if idx is None or idx.type != "string":
                    return None
                attrs.append(unquote_js_string(idx, self.src))
            node = _unwrap(node.child_by_field_name("object"))
            if node is None:
                return None
        if node.type in ("identifier", "this", "super"):
            return Ref(self.src.text(node), tuple(reversed(attrs)))
        if node.type == "call_expression" and _is_require(node):
            module = _require_module(node, self.src)
            if module is None:
                return None
            local = f"<require:{module}>"
            if local not in self.import_modules:
                self._add_import(local, module, "*")
            return Ref(local, tuple(reversed(attrs)))
        return None

    def _call_member(self, node: Node, scope: Scope | None) -> Ref | None:
        """``useRuntimeConfig().public.apiBase``, ``getConfig().baseUrl``: a member of the
        value a call with no arguments of a module-level, imported or free name returns,
        as a member of the synthetic module value ``<call:NAME>`` (that call); None for
        anything else (a local's call: its value is not the module's)."""
        attrs: list[str] = []
        while node.type == "member_expression":
            prop = node.child_by_field_name("property")
            if prop is None:
                return None
            attrs.append(self.src.text(prop))
            node = _unwrap(node.child_by_field_name("object"))
            if node is None:
                return None
        if node.type != "call_expression" or _is_require(node):
            return None
        fn = _unwrap(node.child_by_field_name("function"))
        if fn is None or fn.type != "identifier" or self.args(node):
            return None
        name = self.src.text(fn)
        if scope is not None and scope.lookup(name) is not None:
            return None
        local = f"<call:{name}>"
        if local not in self.values:
            self.values[local] = CallExpr(Ref(name), ())
            self.module_names.add(local)
        return Ref(local, tuple(reversed(attrs)))

    def _extend_arg(self, bound: Arg, attrs: tuple[str, ...]) -> Arg:
        """``bound.attrs...`` read further: ``props.url`` of a component's props."""
        if bound.index == PROPS and not bound.attrs and attrs and self.component is not None:
            return self.component.prop(attrs[0], attrs[1:])
        return dataclasses.replace(bound, default=None, attrs=bound.attrs + attrs)

    def _component_member(self, ref: Ref) -> Expr | None:
        """A member path that reads a prop of the component: ``this.url`` (Vue Options
        API), ``props.url``, ``url.x`` for a name bound to a prop; else None."""
        comp = self.component
        if ref.name == "this":
            if comp.this_props and ref.attrs and ref.attrs[0] in comp.props:
                return comp.prop(ref.attrs[0], ref.attrs[1:])
            if comp.this_member and ref.attrs[:1] == (comp.this_member,):
                return comp.prop(ref.attrs[1], ref.attrs[2:]) if len(ref.attrs) > 1 else Arg(PROPS)
            return None
        bound = comp.bindings.get(ref.name)
        if bound is None:
            return None
        if isinstance(bound, Arg):
            return self._extend_arg(bound, ref.attrs)
        return Dyn("segment")

    def expr(self, node: Node | None, scope: Scope | None, depth: int = 0) -> Expr:
        """Convert an expression node to the facts expression tree."""
        if node is None or depth > 20:
            return Dyn("rest")
        node = _unwrap(node)
        t = node.type
        if t == "string":
            return Lit(unquote_js_string(node, self.src))
        if t == "template_string":
            parts: list[Expr] = []
            for c in node.named_children:
                if c.type == "string_fragment":
                    parts.append(Lit(self.src.text(c)))
                elif c.type == "escape_sequence":
                    parts.append(Lit(self.src.text(c)[1:]))
                elif c.type == "template_substitution":
                    inner = named_children(c)
                    if not inner:
                        continue
                    e = self.expr(inner[0], scope, depth + 1)
                    if isinstance(e, (Dyn, CallExpr)) and _QUERY_HINT.search(
                            self.src.text(inner[0]).split("(")[0].split(".")[-1]):
                        e = Dyn("query")
                    parts.append(e)
            return Concat(tuple(parts)) if len(parts) != 1 else parts[0]
        if t == "number":
            return Lit(self.src.text(node))
        if t in ("identifier", "shorthand_property_identifier"):
            name = self.src.text(node)
            if name == "undefined":
                return Dyn("none")
            if scope is not None:
                bound = scope.lookup(name)
                if bound is not None:
                    return bound
            if self.component is not None and name in self.component.bindings:
                return self.component.bindings[name]
            if name in self.module_names:
                return Ref(name)
            return Dyn("segment")
        if t in ("member_expression", "subscript_expression"):
            text = self.src.text(node)
            env = re.fullmatch(r"(process\.env|import\.meta\.env)\.(\w+)", text.replace("?.", "."))
            if env:
                dev = _VITE_DEV_ENV.get(env.group(2)) if env.group(1) != "process.env" else None
                return EnvVar(env.group(2), Lit(dev) if dev is not None else None)
            keyed = self._env_keyed(node, scope, depth)
            if keyed is not None:
                return keyed
            own = _page_location(node, self.src, scope)
            if own is not None:
                return own
            url = self._url_object(node, scope)
            if url is not None:
                return self.expr(url, scope, depth + 1)
            called = self._call_member(node, scope)
            if called is not None:
                return called
            ref = self._ref_of(node)
            if ref is None:
                return Dyn("segment")
            if scope is not None and ref.name != "this":
                bound = scope.lookup(ref.name)
                if bound is not None:
                    if isinstance(bound, Ref):
                        return Ref(bound.name, bound.attrs + ref.attrs)
                    if isinstance(bound, Obj) and len(ref.attrs) == 1:
                        v = bound.get(ref.attrs[0])
                        return v if v is not None else Dyn("segment")
                    if isinstance(bound, Arg):
                        return self._extend_arg(bound, ref.attrs)
                    return Dyn("segment")
            if self.component is not None:
                got = self._component_member(ref)
                if got is not None:
                    return got
            if ref.name not in self.module_names and ref.name != "this":
                return Dyn("segment")
            return ref
        if t == "binary_expression":
            op = self.src.text(node.child_by_field_name("operator"))
            left = self.expr(node.child_by_field_name("left"), scope, depth + 1)
            right = self.expr(node.child_by_field_name("right"), scope, depth + 1)
            if op == "+":
                parts = []
                for side in (left, right):
                    parts.extend(side.parts if isinstance(side, Concat) else (side,))
                return Concat(tuple(parts))
            if op in ("||", "??"):
                if isinstance(left, EnvVar):
                    return EnvVar(left.name, right)
                return Alt((left, right))
            if op == "&&":
                # `opts.qs && `?${qs(opts.qs)}``: the right side, or a falsy value that is
                # no part of a URL
                return Alt((right, Dyn("none")))
            return Dyn("segment")
        if t == "ternary_expression":
            sides = [node.child_by_field_name("consequence"), node.child_by_field_name("alternative")]
            # `valid ? id : null`: a null is no URL nor part of one, the other side is
            kept = [n for n in sides if _unwrap(n) is None or _unwrap(n).type != "null"]
            if len(kept) == 1:
                return self.expr(kept[0], scope, depth + 1)
            return Alt((self.expr(sides[0], scope, depth + 1), self.expr(sides[1], scope, depth + 1)))
        if t == "object":
            items: list[tuple[str, Expr]] = []
            spreads: list[Expr] = []
            spread_at: list[int] = []
            for c in node.named_children:
                if c.type == "pair":
                    k = c.child_by_field_name("key")
                    v = c.child_by_field_name("value")
                    if k is not None and v is not None and not _is_function_pair(c):
                        items.append((_prop_name(k, self.src), self.expr(v, scope, depth + 1)))
                elif c.type == "shorthand_property_identifier":
                    n = self.src.text(c)
                    items.append((n, self.expr(c, scope, depth + 1) if scope else Ref(n)))
                elif c.type == "spread_element":
                    inner = named_children(c)
                    if inner:
                        spreads.append(self.expr(inner[0], scope, depth + 1))
                        spread_at.append(len(items))
            # where spreads are written matters only when one follows an item
            return Obj(tuple(items), tuple(spreads),
                       tuple(spread_at) if any(spread_at) else ())
        if t in ("call_expression", "new_expression"):
            fn = node.child_by_field_name("function") or node.child_by_field_name("constructor")
            if fn is None:
                return Dyn("segment")
            fn_text = self.src.text(fn)
            args_nodes = _args(node)
            if fn_text in _SAME_VALUE_CALLS and len(args_nodes) == 1:
                # `encodeURI(url)`, `String(url)`, `new URL(url)`: the same URL
                return self.expr(args_nodes[0], scope, depth + 1)
            if fn_text in _SUBST_WRAPPERS:
                # `encodeURIComponent(id)`: one segment; a literal keeps its (encoded) text
                arg = _unwrap(args_nodes[0]) if len(args_nodes) == 1 else None
                if arg is not None and arg.type == "string":
                    return Lit(urllib.parse.quote(unquote_js_string(arg, self.src), safe="!'()*-._~"))
                return Dyn("segment")
            if fn_text == "Object.assign" and args_nodes:
                # `Object.assign({ method: 'POST' }, opts, { headers })`: later sources win
                return Obj((), tuple(self.expr(a, scope, depth + 1) for a in args_nodes[:4]))
            fn_u = _unwrap(fn)
            if t == "call_expression" and fn_u is not None and fn_u.type == "member_expression":
                prop = fn_u.child_by_field_name("property")
                method = self.src.text(prop) if prop is not None else ""
                if method in _KEEP_VALUE_METHODS or (
                        method == "replace" and args_nodes and (
                            _is_scheme_regex(args_nodes[0], self.src)
                            or _is_trailing_separator_regex(args_nodes[0], self.src))):
                    # `env.trim()`, `base.toString()`, `url.replace(/^http/, 'ws')`: the
                    # same URL (a scheme change does not change the path);
                    # `url_.replace(/[?&]$/, '')` (NSwag) only drops a dangling `?`
                    return self.expr(fn_u.child_by_field_name("object"), scope, depth + 1)
                placeholder = _placeholder(args_nodes[0], self.src) if method == "replace" and \
                    len(args_nodes) == 2 else None
                if placeholder is not None:
                    # `url_.replace('{id}', encodeURIComponent('' + id))` (NSwag, OpenAPI
                    # generators): the placeholder becomes a hole of the URL
                    return _fill_placeholder(self.expr(fn_u.child_by_field_name("object"), scope,
                                                       depth + 1), placeholder)
                if method == "join":
                    return Dyn("segment")
                if method in _HEAD_METHODS:
                    # `query.slice(0, -1)`: a string cut at its end keeps its head
                    return self._head(fn_u.child_by_field_name("object"), args_nodes, scope, depth)
            if fn_text == "URLSearchParams" or fn_text.endswith("stringify"):
                return Dyn("query")
            ref = self._ref_of(fn) or self._chain_ref(fn_u, scope, depth)
            if ref is None:
                return Dyn("segment")
            if scope is not None and ref.name != "this" and scope.lookup(ref.name) is not None:
                thunk = scope.thunk(ref.name) if not ref.attrs and not args_nodes else None
                if thunk is not None:
                    # `POST_ENDPOINT = getPostEndPoint()`: a local helper's return value,
                    # whose parameters are only the same function's (not a wrapper's)
                    value, owner = thunk
                    return value if owner == scope.function or not _has_arg(value) \
                        else Dyn("segment")
                # a call on a local client (`api.create({...})` with `api` one): read
                # through the local's value; any other local's call is unknown
                local = self._local_callee(ref, scope) if ref.attrs else None
                if local is None:
                    return Dyn("segment")
                ref = local
            return CallExpr(ref, tuple(self.expr(a, scope, depth + 1) for a in args_nodes[:3]),
                            new=t == "new_expression")
        if t in ("true", "false"):
            return Lit(self.src.text(node))
        if t in ("null", "undefined"):
            return Dyn("none")
        return Dyn("segment")

    def _url_object(self, node: Node, scope: Scope | None) -> Node | None:
        """The URL a ``URL`` object's ``href`` reads (``new URL(x).href``, ``u.href`` after
        ``const u = new URL(x)``): the node of ``x``; else None."""
        prop = node.child_by_field_name("property") if node.type == "member_expression" else None
        if prop is None or self.src.text(prop) != "href":
            return None
        obj = _unwrap(node.child_by_field_name("object"))
        if obj is not None and obj.type == "identifier" and scope is not None:
            obj = scope.lookup_node(self.src.text(obj))
        if obj is None or obj.type != "new_expression":
            return None
        ctor = obj.child_by_field_name("constructor")
        args = _args(obj)
        if ctor is None or self.src.text(ctor) not in _SAME_VALUE_CALLS or len(args) != 1:
            return None
        return args[0]

    def _head(self, obj: Node | None, args: list[Node], scope: Scope | None, depth: int) -> Expr:
        """``s.slice(0, n)`` / ``s.substring(0, n)``: the literal text ``s`` starts with in
        every case, then an unknown rest (a query string when the text starts with ``?``:
        ``let query = '?'; ... query = query.slice(0, -1)``). Unknown when the cut does not
        start at 0 or nothing is known of the head."""
        if obj is None or not args or _unwrap(args[0]).type != "number" or \
                self.src.text(_unwrap(args[0])) != "0":
            return Dyn("segment")
        value = self.expr(obj, scope, depth + 1)
        head = _literal_head(value)
        if not head and len(args) == 2 and self.src.text(_unwrap(args[1])) == "-1" and \
                not isinstance(value, Dyn):
            # `base.slice(0, -1)` of a value known only later (a parameter, a constant):
            # the idiom that drops a trailing slash (`if (base.endsWith('/'))`), the same URL
            return value
        if not head:
            return Dyn("segment")
        return Concat((Lit(head), Dyn("query" if head.startswith("?") else "rest")))


# ---------------------------------------------------------------------- helpers

_TRANSPARENT = {
    "parenthesized_expression", "as_expression", "satisfies_expression",
    "non_null_expression", "await_expression", "type_assertion",
}


def _is_trailing_separator_regex(node: Node, src: SourceText) -> bool:
    """``/[?&]$/``: a ``replace`` that only drops a dangling query separator."""
    node = _unwrap(node)
    if node is None or node.type != "regex":
        return False
    pattern = node.child_by_field_name("pattern")
    return pattern is not None and src.text(pattern) in ("[?&]$", "[?&]+$", "\\?$", "&$", "[&?]$")


_PLACEHOLDER = re.compile(r"^\{[A-Za-z_$][\w$.-]*\}$")


def _placeholder(node: Node, src: SourceText) -> str | None:
    """``'{id}'``: the placeholder a ``replace`` fills in, or None."""
    node = _unwrap(node)
    if node is None or node.type != "string":
        return None
    text = unquote_js_string(node, src)
    return text if _PLACEHOLDER.match(text) else None


def _fill_placeholder(expr: Expr, placeholder: str) -> Expr:
    """``expr`` with the literal ``placeholder`` (``{id}``) made a one-segment hole."""
    if isinstance(expr, Lit) and placeholder in expr.value:
        before, _, after = expr.value.partition(placeholder)
        parts = tuple(p for p in (Lit(before) if before else None, Dyn("segment"),
                                  _fill_placeholder(Lit(after), placeholder) if after else None)
                      if p is not None)
        return parts[0] if len(parts) == 1 else Concat(parts)
    if isinstance(expr, Concat):
        out: list[Expr] = []
        for p in expr.parts:
            filled = _fill_placeholder(p, placeholder)
            out.extend(filled.parts if isinstance(filled, Concat) and filled is not p else (filled,))
        return Concat(tuple(out))
    if isinstance(expr, Alt):
        return Alt(tuple(_fill_placeholder(o, placeholder) for o in expr.options))
    return expr


@lru_cache(maxsize=None)
def _if_query(language: str):
    """The compiled query of a language's ``if`` statements (compiling one costs about
    as much as parsing a small file: done once per language)."""
    from tree_sitter import Query

    from routelink.syntax import tree_sitter_language

    return Query(tree_sitter_language(language), "(if_statement) @if")


def _unwrap(node: Node | None) -> Node | None:
    while node is not None and node.type in _TRANSPARENT:
        inner = [c for c in node.named_children if c.type != "comment"]
        if not inner:
            break
        node = inner[0]
    return node


def _args(call: Node) -> list[Node]:
    args = call.child_by_field_name("arguments")
    if args is None:
        return []
    return [a for a in args.named_children if a.type != "comment"]


#: Vite's built-in ``import.meta.env`` values when the dev server runs (``vite``, ``vite
#: dev``: mode ``development``; Vite 2-6 docs, "Env Variables and Modes"): routelink
#: checks what the dev build calls. ``[env]`` or a ``.env`` file still wins (see
#: ``Evaluator.strings``); ``BASE_URL`` is Vite's default base (``base`` of the config is
#: not read)
_VITE_DEV_ENV = {"MODE": "development", "DEV": "true", "PROD": "false", "SSR": "false",
                 "BASE_URL": "/"}


def _call_chain(node: Node) -> tuple[Node | None, list[tuple[str, Node]]]:
    """``a.b(x).c(y)`` -> (a, [("b", call1), ("c", call2)]); base is the innermost object.

    When the chain starts from a call (``Router().use(...)``), the base is that call.
    """
    chain: list[tuple[str, Node]] = []
    node = _unwrap(node)
    while node is not None and node.type == "call_expression":
        fn = _unwrap(node.child_by_field_name("function"))
        if fn is not None and fn.type == "member_expression":
            prop = fn.child_by_field_name("property")
            obj = _unwrap(fn.child_by_field_name("object"))
            if prop is None or obj is None:
                return None, []
            chain.append((prop.text.decode("utf-8", "replace"), node))
            node = obj
            continue
        return node, list(reversed(chain))
    return node, list(reversed(chain))


def _literal_head(e: Expr) -> str:
    """The literal text every value of ``e`` starts with ('' when none is known)."""
    if isinstance(e, Lit):
        return e.value
    if isinstance(e, Concat):
        head = ""
        for p in e.parts:
            if not isinstance(p, Lit):
                return head + _literal_head(p)
            head += p.value
        return head
    if isinstance(e, Alt) and e.options:
        heads = [_literal_head(o) for o in e.options]
        return posixpath.commonprefix(heads)
    return ""


def _looks_like_url(e: Expr) -> bool:
    """A URL argument: its first literal text starts like a path or an absolute URL."""
    first = e.parts[0] if isinstance(e, Concat) and e.parts else e
    if isinstance(first, Lit):
        return first.value.startswith(("/", "http:", "https:", "ws:", "wss:"))
    return isinstance(first, (Ref, EnvVar, Arg))


def _is_workspace_specifier(module: str) -> bool:
    """A module specifier that names a workspace file (relative, absolute, or an alias
    such as ``@/`` or ``~/``) rather than a package."""
    return module.startswith((".", "/", "@/", "~/", "#/", "src/")) or module == "@"


def _is_require(node: Node | None) -> bool:
    node = _unwrap(node)
    if node is None or node.type != "call_expression":
        return False
    fn = node.child_by_field_name("function")
    return fn is not None and fn.type == "identifier" and fn.text == b"require"


def _require_module(node: Node, src: SourceText) -> str | None:
    args = _args(_unwrap(node))
    if args and args[0].type == "string":
        return unquote_js_string(args[0], src)
    return None


def _specifier_names(spec: Node, kind: str, src: SourceText) -> tuple[str, str] | None:
    """(name, alias-or-name) of an ``import { a as b }`` / ``export { a as b }`` entry."""
    if spec.type != kind:
        return None
    name = spec.child_by_field_name("name")
    if name is None:
        return None
    alias = spec.child_by_field_name("alias")
    text = src.text(name).strip("'\"")
    return text, (src.text(alias).strip("'\"") if alias is not None else text)


def _prop_name(node: Node, src: SourceText) -> str:
    if node.type == "string":
        return unquote_js_string(node, src)
    return src.text(node)


def _object_property(obj: Node, key: str, src: SourceText) -> Node | None:
    if obj is None or obj.type != "object":
        return None
    for c in obj.named_children:
        if c.type == "pair":
            k = c.child_by_field_name("key")
            if k is not None and _prop_name(k, src) == key:
                return c.child_by_field_name("value")
    return None


def _pattern_names(node: Node, src: SourceText) -> list[str]:
    if node.type == "identifier":
        return [src.text(node)]
    out: list[str] = []
    for c in node.named_children:
        if c.type in ("identifier", "shorthand_property_identifier_pattern"):
            out.append(src.text(c))
        elif c.type in ("pair_pattern",):
            v = c.child_by_field_name("value")
            if v is not None:
                out.extend(_pattern_names(v, src))
        elif c.type in ("object_pattern", "array_pattern", "assignment_pattern",
                        "object_assignment_pattern", "rest_pattern"):
            out.extend(_pattern_names(c, src))
    return out


def _object_pattern_pairs(node: Node, src: SourceText) -> list[tuple[str, str]]:
    out = []
    for c in node.named_children:
        if c.type == "shorthand_property_identifier_pattern":
            n = src.text(c)
            out.append((n, n))
        elif c.type == "pair_pattern":
            k = c.child_by_field_name("key")
            v = c.child_by_field_name("value")
            if k is not None and v is not None and v.type == "identifier":
                out.append((_prop_name(k, src), src.text(v)))
    return out


#: the member path of an ``Arg`` that stands for a rest parameter (``...args`` from index i)
REST = "<rest>"


def _rest_name(p: Node, src: SourceText) -> str | None:
    """The name of a rest parameter (``...args``, ``...args: any[]``), else None."""
    if p.type in ("required_parameter", "optional_parameter"):
        p = p.child_by_field_name("pattern")
    if p is None or p.type != "rest_pattern":
        return None
    ident = next((c for c in p.named_children if c.type == "identifier"), None)
    return src.text(ident) if ident is not None else None


def _array_pattern(p: Node) -> Node | None:
    """The array pattern of a parameter written ``[url, token]``, else None."""
    if p.type in ("required_parameter", "optional_parameter"):
        p = p.child_by_field_name("pattern")
    return p if p is not None and p.type == "array_pattern" else None


def _array_bindings(pattern: Node, index: int, src: SourceText) -> dict[str, Expr]:
    """``([url, token]) =>``: each name is that element of argument ``index``
    (``Arg(index, attrs=("0",))``), as SWR 2 passes an array key to its fetcher."""
    out: dict[str, Expr] = {}
    for j, c in enumerate(c for c in pattern.named_children if c.type != "comment"):
        if c.type == "identifier":
            out[src.text(c)] = Arg(index, None, (str(j),))
        else:
            for ident in _pattern_names(c, src):
                out[ident] = Dyn("segment")
    return out


#: base classes of a React class component
_REACT_COMPONENT_BASES = ("Component", "PureComponent")

_URL_PROP_WORDS = ("url", "uri", "endpoint", "api", "path", "href", "src", "route",
                   "resource", "action", "source")


def url_attribute(props: list[tuple[str, Expr]]) -> int | None:
    """Which of a component usage's written props most likely holds a URL: the first
    named like one (``url``, ``apiUrl``, ``endpoint``, ``src``...), else the first whose
    value starts with ``/`` or a scheme; None for none (the tag name is then where the
    usage's request is reported, until resolution knows the prop)."""
    def starts_url(e: Expr) -> bool:
        while isinstance(e, Concat) and e.parts:
            e = e.parts[0]
        return isinstance(e, Lit) and (e.value.startswith("/") or "://" in e.value)

    valued = [i for i, (k, e) in enumerate(props)
              if e != Lit("true") and k not in ("class", "className", "style", "id")]
    for word in _URL_PROP_WORDS:
        for i in valued:
            if word in props[i][0].lower():
                return i
    for i in valued:
        if starts_url(props[i][1]):
            return i
    return None


#: the name of a reference to a library's default client reached by a member marker
#: (``Ref(MARKER_HOLDER, ("$axios",))``): what a local destructured or aliased from
#: ``$axios`` of anything is (``const { $axios } = useContext()``, ``asyncData({ $axios
#: })``, ``const ax = ctx.$axios``); the evaluator reads any name with a marker member as
#: that library's default client
MARKER_HOLDER = "<client>"


#: what the page's own location gives in a URL: its origin is the app's (a relative URL
#: from the origin; `localhost` for the host, whose port is the page's: no port of its own)
_LOCATION_PARTS = {"origin": "", "host": "localhost", "hostname": "localhost", "port": "",
                   "protocol": "http:"}
_GLOBAL_OBJECTS = frozenset({"window", "document", "globalThis", "self"})


def _page_location(node: Node, src: SourceText, scope: "Scope | None") -> Lit | None:
    """``window.location.origin``, ``location.host``, ``document.location.hostname``
    (also ``port``, ``protocol``): the page's own origin (``Lit('')``:
    ``${location.origin}/api`` is ``/api``) or host (``Lit('localhost')``:
    ``ws://${location.host}/live`` is the page's own server; its port is the page's,
    ``Lit('')``); None for anything else (also for a local named ``location``)."""
    if node.type != "member_expression":
        return None
    prop = node.child_by_field_name("property")
    obj = _unwrap(node.child_by_field_name("object"))
    if prop is None or obj is None or src.text(prop) not in _LOCATION_PARTS:
        return None
    if obj.type == "member_expression":
        base = _unwrap(obj.child_by_field_name("object"))
        name = obj.child_by_field_name("property")
        if base is None or base.type != "identifier" or src.text(base) not in _GLOBAL_OBJECTS \
                or name is None or src.text(name) != "location":
            return None
        free = src.text(base)
    elif obj.type == "identifier" and src.text(obj) == "location":
        free = "location"
    else:
        return None
    if scope is not None and scope.lookup(free) is not None:
        return None  # a local or parameter of that name
    return Lit(_LOCATION_PARTS[src.text(prop)])


def _reads_unknown(e: Expr) -> bool:
    """Whether ``e`` holds a parameter or an unknown value anywhere (``Arg``, ``Dyn``)."""
    return any(isinstance(leaf, (Arg, Dyn)) for leaf in _leaves(e))


def _returned_names(body: Node, src: SourceText) -> frozenset:
    """The identifiers a function body returns, alone or as members of a returned object
    literal (``return get``, ``return { get, del: remove }``); nested functions' returns
    are not the body's."""
    out: set[str] = set()
    stack = list(named_children(body))
    while stack:
        node = stack.pop()
        if node.type in _FUNCTION_NODES or node.type == "class_declaration":
            continue
        if node.type == "return_statement":
            value = _unwrap(next(iter(named_children(node)), None))
            if value is None:
                continue
            if value.type == "identifier":
                out.add(src.text(value))
            elif value.type == "object":
                for c in named_children(value):
                    if c.type == "shorthand_property_identifier":
                        out.add(src.text(c))
                    elif c.type == "pair":
                        v = _unwrap(c.child_by_field_name("value"))
                        if v is not None and v.type == "identifier":
                            out.add(src.text(v))
            continue
        stack.extend(named_children(node))
    return frozenset(out)


def _marker_ref(member: str | None) -> Ref | None:
    """``Ref(MARKER_HOLDER, (member,))`` when ``member`` is a client library's member
    marker (``$axios``, see ``ClientLibrary.member_markers``), else None."""
    if member and member in clients.member_markers():
        return Ref(MARKER_HOLDER, (member,))
    return None


def _destructured(p: Node, src: SourceText) -> list[tuple[str | None, str, Node | None]]:
    """(member key, local name, default node) of each name a destructuring parameter
    binds (``{ url, page = 1, endpoint: ep }``, also with a type or a default of the
    whole); key None for a rest element (``...rest``: the object itself). Names bound
    by nested patterns are left out."""
    if p.type in ("required_parameter", "optional_parameter"):
        p = p.child_by_field_name("pattern")
    elif p.type == "assignment_pattern":
        p = p.child_by_field_name("left")
    if p is None or p.type != "object_pattern":
        return []
    out: list[tuple[str | None, str, Node | None]] = []
    for c in p.named_children:
        if c.type == "shorthand_property_identifier_pattern":
            out.append((src.text(c), src.text(c), None))
        elif c.type == "object_assignment_pattern":
            left = c.child_by_field_name("left")
            if left is not None and left.type == "shorthand_property_identifier_pattern":
                out.append((src.text(left), src.text(left), c.child_by_field_name("right")))
        elif c.type == "pair_pattern":
            k = c.child_by_field_name("key")
            v = c.child_by_field_name("value")
            if k is None or v is None:
                continue
            if v.type == "identifier":
                out.append((_prop_name(k, src), src.text(v), None))
            elif v.type == "assignment_pattern":
                left = v.child_by_field_name("left")
                if left is not None and left.type == "identifier":
                    out.append((_prop_name(k, src), src.text(left), v.child_by_field_name("right")))
        elif c.type == "rest_pattern":
            ident = next((x for x in c.named_children if x.type == "identifier"), None)
            if ident is not None:
                out.append((None, src.text(ident), None))
    return out


def _annotation_text(node: Node, src: SourceText) -> str:
    """The text of the type annotation of a parameter, field or declarator ('' when none)."""
    annotation = node.child_by_field_name("type")
    if annotation is None:
        annotation = next((c for c in node.children if c.type == "type_annotation"), None)
    return src.text(annotation).lstrip(":").strip() if annotation is not None else ""


def _param_name_default(p: Node, src: SourceText) -> tuple[str | None, Node | None]:
    """(name, default node) of one formal parameter; name None for patterns."""
    if p.type == "identifier":
        return src.text(p), None
    if p.type == "assignment_pattern":
        left = p.child_by_field_name("left")
        if left is not None and left.type == "identifier":
            return src.text(left), p.child_by_field_name("right")
        return None, None
    if p.type in ("required_parameter", "optional_parameter"):
        pat = p.child_by_field_name("pattern")
        if pat is not None and pat.type == "identifier":
            return src.text(pat), p.child_by_field_name("value")
        return None, None
    return None, None


def _branch_of(node: Node) -> tuple[tuple[int, int], ...]:
    """(if-statement start byte, 0 = consequence / 1 = else) for each enclosing ``if``."""
    out = []
    child, parent = node, node.parent
    while parent is not None:
        if parent.type == "if_statement":
            alternative = parent.child_by_field_name("alternative")
            in_else = alternative is not None and alternative.start_byte <= child.start_byte < alternative.end_byte
            out.append((parent.start_byte, 1 if in_else else 0))
        child, parent = parent, parent.parent
    return tuple(reversed(out))


#: node types whose subtrees hold nothing :meth:`JsBuilder._walk` acts on (no call, no
#: function, no JSX element, no assignment): leaves, strings without substitutions,
#: comments, TypeScript types and imports. The walk does not descend into them.
_INERT = frozenset({
    "comment", "string", "jsx_text", "number", "regex", "identifier", "property_identifier",
    "shorthand_property_identifier", "private_property_identifier", "this", "super", "true",
    "false", "null", "undefined", "escape_sequence", "string_fragment", "html_character_reference",
    "type_annotation", "type_arguments", "type_parameters", "interface_declaration",
    "type_alias_declaration", "import_statement", "type_identifier", "predefined_type",
})

#: function nodes :meth:`JsBuilder._walk` hands to ``_nested_function``
_FUNCTION_KINDS = frozenset({"arrow_function", "function_expression", "function",
                             "function_declaration", "generator_function_declaration",
                             "method_definition"})

#: the node kinds :meth:`JsBuilder._walk` visits: those it acts on, and the inert ones
#: with children (their subtrees are skipped); leaves of :data:`_INERT` hide nothing
_WALK_KINDS = (_FUNCTION_KINDS | {
    "call_expression", "new_expression", "for_in_statement", "jsx_self_closing_element",
    "jsx_opening_element", "assignment_expression", "class_declaration", "class",
    "type_annotation", "type_arguments", "type_parameters",
    "interface_declaration", "type_alias_declaration", "import_statement"})


def _preorder_key(n: Node) -> tuple[int, int]:
    return n.start_byte, -n.end_byte


@lru_cache(maxsize=None)
def _walk_query(language: str):
    """The compiled query of the nodes :meth:`JsBuilder._walk` visits, for one language
    (the kinds the grammar has: ``type_annotation`` is TypeScript's, ``function`` older
    grammars' name of a function expression)."""
    from tree_sitter import Query

    from routelink.syntax import tree_sitter_language

    lang = tree_sitter_language(language)
    kinds = sorted(k for k in _WALK_KINDS if lang.id_for_node_kind(k, True))
    return Query(lang, "[" + " ".join(f"({k})" for k in kinds) + "] @n")


_HOOKS: dict[tuple, tuple[tuple, tuple]] = {}


def _hooks(frameworks: tuple) -> tuple[tuple, tuple]:
    """The frameworks of ``frameworks`` that define ``on_call`` and ``on_new`` hooks
    (the others' hooks do nothing), in order."""
    got = _HOOKS.get(frameworks)
    if got is None:
        def defines(fw, name: str) -> bool:
            return getattr(type(fw), name).__module__ != "routelink.frameworks.base"

        got = (tuple(fw for fw in frameworks if defines(fw, "on_call")),
               tuple(fw for fw in frameworks if defines(fw, "on_new")))
        _HOOKS[frameworks] = got
    return got


_PARAM_NAME_TYPES = ("identifier", "shorthand_property_identifier_pattern")


def _declaring_parameters(node: Node, name: str, src: SourceText) -> set[str] | None:
    """The parameter names of the innermost function around ``node`` that declares
    ``name`` as a parameter (in a pattern too), or None when no enclosing function does."""
    n = node.parent
    while n is not None:
        if n.type in ("arrow_function", "function_expression", "function", "function_declaration",
                      "method_definition", "generator_function", "generator_function_declaration"):
            params = n.child_by_field_name("parameters") or n.child_by_field_name("parameter")
            if params is not None:
                names: set[str] = set()
                stack = [params]
                while stack:
                    p = stack.pop()
                    if p.type in _PARAM_NAME_TYPES:
                        names.add(src.text(p))
                    elif p.type in ("type_annotation", "decorator"):
                        continue
                    elif p.type == "assignment_pattern":  # `x = default`: the name only
                        left = p.child_by_field_name("left")
                        if left is not None:
                            stack.append(left)
                        continue
                    elif p.type == "pair_pattern":
                        value = p.child_by_field_name("value")
                        if value is not None:
                            stack.append(value)
                        continue
                    stack.extend(p.named_children)
                if name in names:
                    return names
        n = n.parent
    return None


def _is_function_pair(node: Node) -> bool:
    if node.type != "pair":
        return False
    value = _unwrap(node.child_by_field_name("value"))
    return value is not None and value.type in ("arrow_function", "function_expression", "function")


def _has_arg(e: Expr, props: bool = False) -> bool:
    """Whether ``e`` reads a parameter of the enclosing function (``props``: a prop of
    the component, see :class:`ComponentMode`), also through a call's arguments
    (``routes.recipe(slug)``) or an env var's default."""
    return any(isinstance(leaf, Arg) and (leaf.index == PROPS) == props for leaf in _leaves(e))


def _leaves(e: Expr):
    """The expressions ``e`` is made of that hold no others, depth first: through
    concatenations, alternatives, object members and spreads, an env var's default and
    a call's arguments (not a parameter's default)."""
    if isinstance(e, Concat):
        for p in e.parts:
            yield from _leaves(p)
    elif isinstance(e, Alt):
        for p in e.options:
            yield from _leaves(p)
    elif isinstance(e, Obj):
        for _, v in e.items:
            yield from _leaves(v)
        for x in e.spreads:
            yield from _leaves(x)
    elif isinstance(e, EnvVar):
        if e.default is not None:
            yield from _leaves(e.default)
    elif isinstance(e, CallExpr):
        for a in e.args:
            yield from _leaves(a)
    else:
        yield e


def _map_args(e: Expr, f) -> Expr:
    """``e`` with each parameter ``Arg`` replaced by ``f(arg)`` (props included)."""
    if isinstance(e, Arg):
        return f(e)
    if isinstance(e, Concat):
        return Concat(tuple(_map_args(p, f) for p in e.parts))
    if isinstance(e, Alt):
        return Alt(tuple(_map_args(p, f) for p in e.options))
    if isinstance(e, Obj):
        return Obj(tuple((k, _map_args(v, f)) for k, v in e.items),
                   tuple(_map_args(x, f) for x in e.spreads), e.spread_at)
    if isinstance(e, EnvVar) and e.default is not None:
        return EnvVar(e.name, _map_args(e.default, f))
    if isinstance(e, CallExpr):
        return CallExpr(e.callee, tuple(_map_args(a, f) for a in e.args), e.new)
    return e


def _enclose(e: Expr) -> Expr:
    """``e`` (a value of the enclosing function) as read in a function declared in it:
    its parameters are one function further out (``Arg.outer``); props stay props."""
    return _map_args(e, lambda a: a if a.index == PROPS else dataclasses.replace(a, outer=a.outer + 1))


def _unclose(e: Expr) -> Expr:
    """``e`` (a value of a function declared in another) in the enclosing function's
    terms: the inner function's own parameters are unknown values."""
    return _map_args(e, lambda a: a if a.index == PROPS else Dyn("segment") if not a.outer
                     else dataclasses.replace(a, outer=a.outer - 1))


def _reads_outer(e: Expr) -> bool:
    """Whether ``e`` reads a parameter of an enclosing function (``Arg.outer``)."""
    return any(isinstance(leaf, Arg) and leaf.outer > 0 for leaf in _leaves(e))


def _callee_outer(callee: Ref | None) -> int:
    """How many functions out the parameter a callee ``#arg<i>^<n>`` is of (0: none)."""
    if callee is None or not callee.name.startswith("#arg"):
        return 0
    return int(callee.name.partition("^")[2] or 0)


def _leads_own(e: Expr) -> bool:
    """Whether a URL ``e`` may start with a parameter of the function it is written in
    (``url``, ``base + path`` with ``base`` an enclosing function's, an options object
    reading only its own: ``{ entity }``), not only fill a hole after a literal path
    (``${base}/items/${id}``)."""
    if isinstance(e, Arg):
        return e.outer == 0 and e.index != PROPS
    if isinstance(e, Concat):
        for p in e.parts:
            if isinstance(p, Arg) and p.outer == 0 and p.index != PROPS:
                return True
            if isinstance(p, Lit) and (p.value.endswith("/") or "?" in p.value):
                return False
        return False
    if isinstance(e, Alt):
        return any(_leads_own(o) for o in e.options)
    if isinstance(e, Obj):
        # which member is the URL is not known here: an options object that also reads
        # an enclosing function's parameter (`{ entity, options }` with `entity` a prop)
        # is the enclosing function's
        return not _reads_outer(e) and (
            any(_leads_own(v) for _, v in e.items) or any(_leads_own(x) for x in e.spreads))
    if isinstance(e, CallExpr):
        return any(_leads_own(a) for a in e.args)
    return False


def _rebind(e: Expr, component: bool) -> Expr:
    """``e`` as recorded in a call site: for a call of the component (``component``),
    props become parameter 0 and other parameters unknown values; otherwise props
    become unknown values."""
    if isinstance(e, Arg):
        default = _rebind(e.default, component) if e.default is not None else None
        if e.index == PROPS:
            return Arg(0, default, e.attrs) if component else Dyn("segment")
        return Dyn("segment") if component else dataclasses.replace(e, default=default)
    if isinstance(e, Concat):
        return Concat(tuple(_rebind(p, component) for p in e.parts))
    if isinstance(e, Alt):
        return Alt(tuple(_rebind(p, component) for p in e.options))
    if isinstance(e, Obj):
        return Obj(tuple((k, _rebind(v, component)) for k, v in e.items),
                   tuple(_rebind(x, component) for x in e.spreads), e.spread_at)
    if isinstance(e, EnvVar) and e.default is not None:
        return EnvVar(e.name, _rebind(e.default, component))
    if isinstance(e, CallExpr):
        return CallExpr(e.callee, tuple(_rebind(a, component) for a in e.args), e.new)
    return e


def extract_javascript(data: bytes, language: str, old_tree: Tree | None = None,
                       path: str = "") -> FileFacts:
    """Facts of one JS/TS source (UTF-8 bytes). ``language``: typescript|tsx|javascript.

    ``old_tree``, when given, is the previous tree of this document already ``edit()``-ed
    to ``data`` (open documents re-parse incrementally). Never raises on malformed code:
    the parts of the tree that parse are used.
    """
    return extract_javascript_tree(data, language, old_tree, path)[0]


def extract_javascript_tree(data: bytes, language: str, old_tree: Tree | None = None,
                            path: str = "") -> tuple[FileFacts, Tree]:
    """As :func:`extract_javascript`, also returning the parse tree."""
    tree = parse(data, language, old_tree)
    src = SourceText(data)
    facts = JsBuilder(src, language, path).run(tree.root_node)
    return facts, tree
