"""Facts from JavaScript and TypeScript: Express routes, fetch/axios calls, wrappers.

One pass over the tree-sitter syntax tree of a JS/TS/JSX/TSX file produces:

- module structure: ``import``/``require`` bindings, ``export``/``module.exports``
  entries, module-level ``const`` values (URLs, base URLs, ``axios.create``), classes
  (fields set in the constructor) and functions;
- Express: routers (``express()``, ``express.Router()``, ``Router()``), their routes
  (``router.get('/x', ...handlers)``, ``router.route('/x').get(..).post(..)``, path arrays,
  path constants of the file) and mounts (``app.use('/prefix', router)``);
- client call sites: ``fetch``, ``axios`` and any call whose callee is a module-level or
  imported name, or ``this.x`` in a class. Whether such a call is a request (an axios
  instance, a wrapper function) is decided by the resolver, which sees every file.

Express path syntax follows Express 4 / path-to-regexp 0.1: ``:id`` -> ``{id}``,
``:id?`` -> two routes (with and without the segment), ``:id(\\d+)`` -> ``{id}``, ``*``
-> ``{wild*}``; Express 5 ``*name`` -> ``{name*}``.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

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
    Lit,
    Mount,
    Obj,
    Ref,
    Route,
    Router,
    Span,
)
from routelink.extract.ignores import collect_ignores
from routelink.syntax import SourceText, named_children, parse

EXPRESS_METHODS = {
    "get": "GET",
    "post": "POST",
    "put": "PUT",
    "patch": "PATCH",
    "delete": "DELETE",
    "del": "DELETE",
    "options": "OPTIONS",
    "head": "HEAD",
    "all": "ANY",
}

#: Packages whose calls are never HTTP requests; calls through their bindings are not
#: recorded (keeps facts small in component files).
_NON_HTTP_PACKAGES = {
    "react", "react-dom", "react-router", "react-router-dom", "vue", "vue-router",
    "vuex", "pinia", "svelte", "lodash", "lodash-es", "date-fns", "moment", "dayjs",
    "redux", "react-redux", "@reduxjs/toolkit", "styled-components", "classnames",
    "clsx", "zod", "yup", "i18next", "react-i18next", "vue-i18n", "rxjs", "prop-types",
    "next/router", "next/navigation", "next/link", "next/image", "next/head",
    "express", "mongoose", "@prisma/client", "jsonwebtoken", "bcrypt", "bcryptjs",
    "dotenv", "cors", "path", "fs", "util", "crypto", "events", "chalk", "uuid",
}
_NON_HTTP_SCOPES = ("@mui/", "@angular/", "@testing-library/", "@emotion/", "@chakra-ui/")

_QUERY_HINT = re.compile(r"(?i)(query|^qs$|querystring|search|params|stringify|filters?)")
_SUBST_WRAPPERS = {"encodeURIComponent", "encodeURI", "String", "escape"}


def _is_non_http_module(module: str) -> bool:
    return module in _NON_HTTP_PACKAGES or module.startswith(_NON_HTTP_SCOPES)


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
class _Scope:
    """Name bindings of one function body (params and local consts)."""

    bindings: dict[str, Expr] = field(default_factory=dict)
    #: local name -> router key, for routers created in or passed to this function
    routers: dict[str, str] = field(default_factory=dict)
    parent: _Scope | None = None
    #: key of the Function fact this scope's parameters belong to (named functions)
    function: str | None = None
    #: class name when inside a class method (``this`` refers to its instance)
    class_name: str | None = None

    def router(self, name: str) -> str | None:
        scope: _Scope | None = self
        while scope is not None:
            if name in scope.bindings and name not in scope.routers:
                return None  # shadowed by a plain local
            if name in scope.routers:
                return scope.routers[name]
            scope = scope.parent
        return None

    def lookup(self, name: str) -> Expr | None:
        scope: _Scope | None = self
        while scope is not None:
            if name in scope.bindings:
                return scope.bindings[name]
            scope = scope.parent
        return None


class _Extractor:
    def __init__(self, src: SourceText, language: str) -> None:
        self.src = src
        self.language = language
        self.imports: list[Import] = []
        self.exports: list[Export] = []
        self.values: dict[str, Expr] = {}
        self.value_nodes: dict[str, Node] = {}
        self.classes: list[ClassInfo] = []
        self.functions: dict[str, Function] = {}
        self.assignments: list[Assignment] = []
        self.routers: dict[str, Router] = {}
        self.routes: list[Route] = []
        self.mounts: list[Mount] = []
        self.calls: list[CallSite] = []
        self.symbols: dict[str, Span] = {}
        self.ignores: dict[int, tuple[str, ...]] = {}
        self.errors: list[str] = []
        self.module_names: set[str] = set()
        self.import_modules: dict[str, str] = {}
        self.local_functions: dict[str, Node] = {}
        self.router_order: dict[str, int] = {}
        self._anon = 0

    # ------------------------------------------------------------------ driver

    def run(self, root: Node) -> FileFacts:
        stmts = named_children(root)
        # pass 1: names bound at module level (so later passes know what is local)
        for st in stmts:
            self._collect_module_names(st)
        # pass 2: everything else, in source order
        for st in stmts:
            self._statement(st, None)
        self._comments(root)
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
            calls=tuple(self.calls),
            ignores=tuple(sorted(self.ignores.items())),
            errors=tuple(self.errors),
            symbols=tuple(self.symbols.items()),
        )

    def _comments(self, root: Node) -> None:
        self.ignores.update(collect_ignores(root, self.src.data))

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
                         "class_declaration", "abstract_class_declaration"):
            name = st.child_by_field_name("name")
            if name is not None:
                self.module_names.add(self.src.text(name))
                if st.type.endswith("function_declaration"):
                    self.local_functions[self.src.text(name)] = st

    # ------------------------------------------------------------------ statements

    def _statement(self, st: Node, scope: _Scope | None) -> None:
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
        for c in clause.named_children:
            if c.type == "identifier":
                self._add_import(self.src.text(c), module, "default")
            elif c.type == "namespace_import":
                ident = next((x for x in c.named_children if x.type == "identifier"), None)
                if ident is not None:
                    self._add_import(self.src.text(ident), module, "*")
            elif c.type == "named_imports":
                for spec in c.named_children:
                    names = _specifier_names(spec, "import_specifier", self.src)
                    if names is not None:
                        self._add_import(names[1], module, names[0])

    def _add_import(self, local: str, module: str, name: str) -> None:
        self.imports.append(Import(local, module, name))
        self.module_names.add(local)
        self.import_modules[local] = module

    def _export(self, st: Node, scope: _Scope | None) -> None:
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
                               "class_declaration", "abstract_class_declaration"):
                name_node = decl.child_by_field_name("name")
                if decl.type.endswith("class_declaration"):
                    self._class(decl)
                elif name_node is not None:
                    self._function(self.src.text(name_node), decl, None)
                if name_node is not None:
                    name = self.src.text(name_node)
                    self.exports.append(Export("default" if is_default else name, Ref(name)))
            return
        if value is not None:
            # export default <expr>
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

    def _bind_anonymous(self, node: Node, key: str, scope: _Scope | None) -> str:
        """Bind an expression with no name of its own (``export default Router()...``)."""
        self.values[key] = self._value_of(node, key, scope)
        self.value_nodes[key] = node
        self._maybe_router(key, node, scope)
        return key

    def _declarator(self, d: Node, scope: _Scope | None, exported: bool) -> None:
        name_node = d.child_by_field_name("name")
        value = d.child_by_field_name("value")
        if name_node is None:
            return
        if value is not None:
            value = _unwrap(value)
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
        self._maybe_router(name, value, scope)

    def _value_of(self, node: Node, name: str, scope: _Scope | None) -> Expr:
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

    def _expression_statement(self, e: Node, scope: _Scope | None) -> None:
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
                self._walk(right, scope)
                return
        if e.type == "call_expression":
            if self._express_call(e, scope):
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

    def _function(self, key: str, node: Node, scope: _Scope | None,
                  walk_only_body: bool = False, class_name: str | None = None) -> None:
        if scope is None:
            self.symbols.setdefault(key, self.src.span(node))
        params = node.child_by_field_name("parameters")
        single = node.child_by_field_name("parameter")
        names: list[str] = []
        fscope = _Scope(parent=scope, function=key, class_name=class_name)
        if params is not None:
            for i, p in enumerate(c for c in params.named_children if c.type != "comment"):
                pname, default = _param_name_default(p, self.src)
                names.append(pname or f"<{i}>")
                if pname:
                    dexpr = self.expr(default, None) if default is not None else None
                    fscope.bindings[pname] = Arg(i, dexpr)
        elif single is not None:
            names.append(self.src.text(single))
            fscope.bindings[self.src.text(single)] = Arg(0)
        before = len(self.calls)
        body = node.child_by_field_name("body")
        if body is not None:
            if body.type == "statement_block":
                self._block(body, fscope)
            else:
                self._walk(body, fscope)  # arrow with expression body
        if any(c.function == key for c in self.calls[before:]):
            self.functions[key] = Function(key, tuple(names), self.src.span(node))

    def _block(self, block: Node, scope: _Scope) -> None:
        for st in named_children(block):
            if st.type in ("lexical_declaration", "variable_declaration"):
                for d in st.named_children:
                    if d.type != "variable_declarator":
                        continue
                    name = d.child_by_field_name("name")
                    value = d.child_by_field_name("value")
                    if value is not None:
                        self._walk(value, scope)
                    if name is None:
                        continue
                    if name.type == "identifier":
                        local = self.src.text(name)
                        scope.bindings[local] = (
                            self.expr(_unwrap(value), scope) if value is not None
                            else Dyn("segment"))
                        if value is not None and scope.function is not None and \
                                self._router_creation(_unwrap(value)) is not None:
                            # a router created inside a module-level function
                            key = f"{scope.function}.{local}"
                            scope.routers[local] = key
                            self._maybe_router(key, _unwrap(value), scope)
                            if key in self.routers:
                                self.routers[key] = dataclasses.replace(self.routers[key], label=local)
                    else:
                        for ident in _pattern_names(name, self.src):
                            scope.bindings[ident] = Dyn("segment")
            elif st.type in ("function_declaration", "generator_function_declaration"):
                self._nested_function(st, scope)
            else:
                self._walk(st, scope)

    def _nested_function(self, node: Node, scope: _Scope | None) -> None:
        """A function inside a function: its own params are unknown values."""
        inner = _Scope(parent=scope, function=scope.function if scope else None,
                       class_name=scope.class_name if scope else None)
        params = node.child_by_field_name("parameters")
        single = node.child_by_field_name("parameter")
        if params is not None:
            for p in params.named_children:
                pname, _ = _param_name_default(p, self.src)
                if pname:
                    inner.bindings[pname] = Dyn("segment")
                else:
                    for ident in _pattern_names(p, self.src):
                        inner.bindings[ident] = Dyn("segment")
        elif single is not None:
            inner.bindings[self.src.text(single)] = Dyn("segment")
        body = node.child_by_field_name("body")
        if body is None:
            return
        if body.type == "statement_block":
            self._block(body, inner)
        else:
            self._walk(body, inner)

    def _class(self, node: Node, name: str | None = None) -> None:
        name_node = node.child_by_field_name("name")
        cname = name or (self.src.text(name_node) if name_node is not None else "<class>")
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
                        fields.extend(self._constructor_fields(m, ctor_params))
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
        self.classes.append(ClassInfo(
            name=cname, span=self.src.span(node), bases=tuple(bases),
            methods=tuple(methods), fields=tuple(fields), ctor_params=tuple(ctor_params)))

    def _constructor_fields(self, m: Node, ctor_params: list[str]) -> list[tuple[str, Expr]]:
        fields: list[tuple[str, Expr]] = []
        scope = _Scope(function=None)
        params = m.child_by_field_name("parameters")
        if params is not None:
            for i, p in enumerate(c for c in params.named_children if c.type != "comment"):
                pname, default = _param_name_default(p, self.src)
                ctor_params.append(pname or f"<{i}>")
                if pname:
                    dexpr = self.expr(default, None) if default is not None else None
                    scope.bindings[pname] = Arg(i, dexpr)
                    # TS parameter properties: constructor(private baseURL = '/api')
                    if p.type in ("required_parameter", "optional_parameter") and any(
                            c.type == "accessibility_modifier" or c.type == "readonly"
                            for c in p.children):
                        fields.append((pname, Arg(i, dexpr)))
        body = m.child_by_field_name("body")
        if body is None:
            return fields
        for st in named_children(body):
            if st.type in ("lexical_declaration", "variable_declaration"):
                for d in st.named_children:
                    n = d.child_by_field_name("name")
                    v = d.child_by_field_name("value")
                    if n is not None and v is not None and n.type == "identifier":
                        scope.bindings[self.src.text(n)] = self.expr(_unwrap(v), scope)
                continue
            if st.type != "expression_statement" or not st.named_children:
                continue
            e = _unwrap(st.named_children[0])
            if e.type != "assignment_expression":
                self._walk(e, None)
                continue
            left = e.child_by_field_name("left")
            right = e.child_by_field_name("right")
            ref = self._ref_of(left) if left is not None else None
            if ref is not None and ref.name == "this" and len(ref.attrs) == 1 and right is not None:
                fields.append((ref.attrs[0], self.expr(_unwrap(right), scope)))
        return fields

    # ------------------------------------------------------------------ Express

    def _maybe_router(self, key: str, value: Node, scope: _Scope | None) -> None:
        """Register ``key`` as a router if ``value`` creates one (possibly chained:
        ``Router().use(a).use(b)``)."""
        created = self._router_creation(value)
        if created is None:
            return
        is_app, chain = created
        self.routers[key] = Router(key=key, framework="express", span=self.src.span(value),
                                   is_app=is_app, label=key if not key.startswith("<") else "default export")
        for method_name, call in chain:
            self._router_method(key, method_name, call, scope)

    def _router_creation(self, value: Node) -> tuple[bool, list[tuple[str, Node]]] | None:
        """(is_app, calls chained after the creation) when ``value`` creates an Express
        app or router: ``express()``, ``express.Router()``, ``Router()``,
        ``require('express')()``, ``require('express').Router()``."""
        base, chain = _call_chain(value)
        if base is None:
            return None
        if chain and chain[0][0] == "Router" and _is_require(base):
            if _require_module(base, self.src) == "express":
                return False, chain[1:]
            return None
        if base.type == "call_expression":
            fn = _unwrap(base.child_by_field_name("function"))
            if fn is None:
                return None
            if fn.type == "identifier":
                name = self.src.text(fn)
                module = self.import_modules.get(name)
                if name in ("express", "polka") and module in (None, "express", "polka"):
                    return True, chain
                if module == "express" and (name == "Router" or name in self._express_router_names()):
                    return False, chain
                return None
            if _is_require(fn) and _require_module(fn, self.src) == "express":
                return True, chain
            return None
        if chain and chain[0][0] == "Router":
            if base.type == "identifier" and self.import_modules.get(self.src.text(base), "express") == "express":
                return False, chain[1:]
        return None

    def _express_router_names(self) -> set[str]:
        return {i.local for i in self.imports if i.module == "express" and i.name == "Router"}

    def _creates_router(self, node: Node) -> bool:
        return self._router_creation(node) is not None

    def _router_target(self, obj: Node, scope: _Scope | None = None) -> str | None:
        """The router key ``obj`` names: a module-level router, a router local to the
        enclosing function, or a parameter of a module-level function used as a router
        (``module.exports = (app) => { app.use('/api', router) }``), which gets the
        stand-in key ``"<function>#<index>"`` and is mounted where the function is
        called with a router (``require('./routes')(app)``)."""
        if obj.type != "identifier":
            return None
        name = self.src.text(obj)
        if scope is not None:
            key = scope.router(name)
            if key is not None:
                return key
            bound = scope.lookup(name)
            if isinstance(bound, Arg) and not bound.attrs:
                owner = self._param_owner(scope, name)
                if owner is not None:
                    key = f"{owner.function}#{bound.index}"
                    if key not in self.routers:
                        self.routers[key] = Router(
                            key=key, framework="express",
                            span=self.src.span(obj), label=f"{name} (parameter of {owner.function})")
                    owner.routers[name] = key
                    return key
            if bound is not None:
                return None
        return name if name in self.routers else None

    @staticmethod
    def _param_owner(scope: _Scope, name: str) -> _Scope | None:
        s: _Scope | None = scope
        while s is not None:
            if name in s.bindings:
                return s if isinstance(s.bindings[name], Arg) and s.function is not None and \
                    s.parent is None else None
            s = s.parent
        return None
        return None

    def _express_call(self, call: Node, scope: _Scope | None) -> bool:
        """``router.get(...)``, ``router.route(...).get(...)``, ``app.use(...)`` at any depth."""
        base, chain = _call_chain(call)
        if base is None or not chain:
            return False
        # base is the object the chain starts from: an identifier naming a router
        if base.type != "identifier":
            return False
        key = self._router_target(base, scope)
        if key is None:
            return False
        pending_route: list[str] | None = None
        for method_name, c in chain:
            if method_name == "route":
                args = _args(c)
                pending_route = self._path_values(args[0], scope) if args else None
                continue
            if pending_route is not None and method_name in EXPRESS_METHODS:
                self._add_routes(key, EXPRESS_METHODS[method_name], pending_route, c,
                                 _args(c))
                continue
            self._router_method(key, method_name, c, scope)
        return True

    def _router_method(self, key: str, method_name: str, call: Node, scope: _Scope | None) -> None:
        args = _args(call)
        if method_name in EXPRESS_METHODS and len(args) >= 2:
            paths = self._path_values(args[0], scope)
            if paths:
                self._add_routes(key, EXPRESS_METHODS[method_name], paths, call, args[1:])
            for a in args[1:]:
                self._walk(a, scope)
        elif method_name == "use":
            prefixes = [""]
            children = args
            prefix_expr = None
            if args:
                p = self._path_values(args[0], scope)
                if p is not None:
                    prefixes, children = p, args[1:]
                else:
                    prefix_expr = self._prefix_expression(args[0], scope)
                    if prefix_expr is not None:
                        children = args[1:]
            for child in children:
                child = _unwrap(child)
                local_router = self._router_target(child, scope) if scope is not None else None
                cexpr = Ref(local_router) if local_router is not None else self._mount_child(child)
                if cexpr is None:
                    self._walk(child, scope)
                    continue
                for prefix in prefixes:
                    order = self.router_order.get(key, 0)
                    self.router_order[key] = order + 1
                    self.mounts.append(Mount(parent=key, prefix=prefix_expr if prefix_expr is not None
                                             else (Lit(prefix) if prefix else None), child=cexpr,
                                             span=self.src.span(call), order=order,
                                             framework="express"))
        elif method_name != "route":
            for a in args:
                self._walk(a, scope)

    def _prefix_expression(self, node: Node, scope: _Scope | None) -> Expr | None:
        """A mount prefix computed from other modules or env vars (``/${apiURL}``), kept
        as an expression for the resolver; None when ``node`` is not string-like (a
        middleware such as ``cors()`` or ``auth``)."""
        node = _unwrap(node)
        if node.type == "template_string":
            first = next((c for c in node.named_children if c.type != "comment"), None)
            if first is not None and first.type == "string_fragment" and self.src.text(first).startswith("/"):
                return self.expr(node, scope)
            return None
        if node.type in ("identifier", "member_expression", "binary_expression"):
            e = self.expr(node, scope)
            if isinstance(e, Ref) and e.name in self.values and isinstance(
                    self.values[e.name], (Lit, Concat, EnvVar)):
                return e
            if isinstance(e, (Concat, EnvVar)):
                return e
        return None

    def _router_passed(self, call: Node, scope: _Scope | None) -> None:
        """``registerRoutes(app)`` / ``require('./routes/users')(app)``: the function's
        parameter router (``"<function>#<i>"``) is mounted on ``app`` with no prefix."""
        fn = call.child_by_field_name("function")
        if fn is None:
            return
        fn = _unwrap(fn)
        callee = self._ref_of(fn) if fn.type in ("identifier", "member_expression", "call_expression") else None
        if callee is None or callee.name in self.routers:
            return
        for index, arg in enumerate(_args(call)):
            arg = _unwrap(arg)
            parent = self._router_target(arg, scope)
            if parent is None:
                continue
            order = self.router_order.get(parent, 0)
            self.router_order[parent] = order + 1
            self.mounts.append(Mount(parent=parent, prefix=None, span=self.src.span(call), order=order,
                                     child=Ref(callee.name, callee.attrs + (f"#{index}",)),
                                     framework="express"))

    def _mount_child(self, child: Node) -> Expr | None:
        if child.type == "identifier":
            return Ref(self.src.text(child))
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
        if child.type == "call_expression" and self._creates_router(child):
            self._anon += 1
            key = f"<router:{self._anon}>"
            self._bind_anonymous(child, key, None)
            return Ref(key)
        return None

    def _path_values(self, node: Node, scope: _Scope | None) -> list[str] | None:
        """The raw path strings of a route/mount path argument, or None if not a path."""
        node = _unwrap(node)
        if node.type == "array":
            out: list[str] = []
            for c in node.named_children:
                v = self._path_values(c, scope)
                if v is None:
                    return None
                out.extend(v)
            return out
        value = self._static_string(node, scope)
        if value is None or not value.startswith("/") and value not in ("*",) and not value == "":
            return None
        return [value]

    def _static_string(self, node: Node, scope: _Scope | None, depth: int = 0) -> str | None:
        """Evaluate a string expression using only this file's constants."""
        if depth > 8:
            return None
        node = _unwrap(node)
        if node.type == "string":
            return unquote_js_string(node, self.src)
        if node.type == "template_string":
            out = []
            for c in node.named_children:
                if c.type == "string_fragment":
                    out.append(self.src.text(c))
                elif c.type == "template_substitution":
                    inner = named_children(c)
                    v = self._static_string(inner[0], scope, depth + 1) if inner else None
                    if v is None:
                        return None
                    out.append(v)
            return "".join(out)
        if node.type == "binary_expression":
            op = node.child_by_field_name("operator")
            if op is not None and self.src.text(op) == "+":
                left = self._static_string(node.child_by_field_name("left"), scope, depth + 1)
                right = self._static_string(node.child_by_field_name("right"), scope, depth + 1)
                if left is not None and right is not None:
                    return left + right
            return None
        if node.type == "identifier":
            name = self.src.text(node)
            target = self.value_nodes.get(name)
            if target is not None:
                return self._static_string(target, None, depth + 1)
            return None
        if node.type == "member_expression":
            ref = self._ref_of(node)
            if ref is not None and ref.name in self.value_nodes:
                target = self.value_nodes[ref.name]
                for attr in ref.attrs:
                    target = _object_property(_unwrap(target), attr, self.src)
                    if target is None:
                        return None
                return self._static_string(target, None, depth + 1)
        return None

    def _add_routes(self, key: str, method: str, raw_paths: list[str], call: Node,
                    handlers: list[Node]) -> None:
        handler_node = _unwrap(handlers[-1]) if handlers else None
        handler_name = None
        handler_span = None
        if handler_node is not None:
            if handler_node.type in ("identifier", "member_expression"):
                handler_name = self.src.text(handler_node)
                local = self.local_functions.get(handler_name)
                handler_span = self.src.span(local) if local is not None else self.src.span(handler_node)
            elif handler_node.type == "call_expression":
                # asyncHandler(controller.list)
                inner = _args(handler_node)
                if inner and _unwrap(inner[-1]).type in ("identifier", "member_expression"):
                    handler_name = self.src.text(_unwrap(inner[-1]))
                handler_span = self.src.span(handler_node)
            else:
                handler_span = self.src.span(handler_node)
        branch = _branch_of(call)
        for raw in raw_paths:
            order = self.router_order.get(key, 0)
            self.router_order[key] = order + 1
            self.routes.append(Route(
                router=key, method=method, path=Lit(raw), span=self.src.span(call),
                framework="express", order=order, handler=handler_name,
                handler_span=handler_span, trailing_slash="ignore", branch=branch))

    # ------------------------------------------------------------------ generic walk

    def _walk(self, node: Node | None, scope: _Scope | None) -> None:
        """Visit ``node``'s subtree, recording call sites and nested functions."""
        if node is None:
            return
        stack = [node]
        while stack:
            n = stack.pop()
            t = n.type
            if t == "call_expression":
                if self._express_call(n, scope):
                    continue  # routes/mounts inside if-blocks, functions...; args walked there
                self._router_passed(n, scope)
                self._call(n, scope)
                # visit callee object and args (nested calls, callbacks)
                stack.extend(reversed(n.named_children))
                continue
            if t == "new_expression":
                self._new(n, scope)
                stack.extend(reversed(n.named_children))
                continue
            if t in ("arrow_function", "function_expression", "function",
                     "function_declaration", "generator_function_declaration"):
                self._nested_function(n, scope)
                continue
            if t == "method_definition":
                self._nested_function(n, scope)
                continue
            if t == "assignment_expression":
                self._defaults_assignment(n, scope)
            if t in ("class_declaration", "class"):
                continue
            stack.extend(reversed(n.named_children))

    def _defaults_assignment(self, node: Node, scope: _Scope | None) -> None:
        """``axios.defaults.baseURL = X`` anywhere (often inside an ``init()`` function)."""
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if left is None or right is None:
            return
        target = self._ref_of(left)
        if target is None or target.attrs[-2:] != ("defaults", "baseURL"):
            return
        self.assignments.append(Assignment(target, self.expr(_unwrap(right), scope), self.src.span(node)))

    def _call(self, call: Node, scope: _Scope | None) -> None:
        fn = call.child_by_field_name("function")
        if fn is None:
            return
        fn = _unwrap(fn)
        if fn.type == "import":
            return
        ref = self._ref_of(fn)
        args_nodes = _args(call)
        if ref is None:
            # `(options.client ?? client).post({ url: '/api/v1/items' })` (generated SDKs)
            ref = self._options_object_call(fn, args_nodes)
            if ref is None:
                return
        elif not self._may_request(ref, scope):
            return
        args = tuple(self.expr(a, scope) for a in args_nodes[:3])
        first = _unwrap(args_nodes[0]) if args_nodes else call
        function = scope.function if scope is not None and any(_has_arg(a) for a in args) else None
        method_span, method_style = self._method_position(fn, ref, args_nodes)
        self.calls.append(CallSite(
            callee=ref, args=args, span=self.src.span(call),
            url_span=self.src.span(first), raw=self.src.text(first)[:200],
            function=function, method_span=method_span, method_style=method_style))

    def _options_object_call(self, fn: Node, args: list[Node]) -> Ref | None:
        """A verb call on an unnamed object whose first argument has a ``url`` key."""
        if fn.type != "member_expression" or not args or _unwrap(args[0]).type != "object":
            return None
        prop = fn.child_by_field_name("property")
        verb = self.src.text(prop) if prop is not None else ""
        if verb not in ("get", "post", "put", "patch", "delete", "request"):
            return None
        if _object_property(_unwrap(args[0]), "url", self.src) is None:
            return None
        return Ref("<client>", (verb,))

    def _method_position(self, fn: Node, ref: Ref, args: list[Node]) -> tuple[Span | None, str | None]:
        """Where the call's HTTP method is written (see CallSite.method_span)."""
        if fn.type == "member_expression" and ref.attrs and ref.attrs[-1].lower() in (
                "get", "post", "put", "patch", "delete", "head", "options"):
            prop = fn.child_by_field_name("property")
            if prop is not None:
                return self.src.span(prop), "member"
        for a in args[:3]:
            a = _unwrap(a)
            if a.type != "object":
                continue
            m = _object_property(a, "method", self.src)
            if m is not None and _unwrap(m).type == "string":
                return self.src.span(_unwrap(m)), "literal"
        if ref.name == "fetch" and len(args) == 1:
            end = self.src.span(args[0])
            return Span(end.end_line, end.end_column, end.end_line, end.end_column), "insert"
        return None, None

    def _new(self, node: Node, scope: _Scope | None) -> None:
        ctor = node.child_by_field_name("constructor")
        if ctor is None or self.src.text(ctor) not in ("WebSocket", "W3CWebSocket", "ReconnectingWebSocket"):
            return
        args_node = node.child_by_field_name("arguments")
        args_nodes = [a for a in args_node.named_children if a.type != "comment"] if args_node else []
        args = tuple(self.expr(a, scope) for a in args_nodes[:2])
        first = _unwrap(args_nodes[0]) if args_nodes else node
        function = scope.function if scope is not None and any(_has_arg(a) for a in args) else None
        self.calls.append(CallSite(
            callee=Ref(self.src.text(ctor)), args=args, span=self.src.span(node),
            url_span=self.src.span(first), raw=self.src.text(first)[:200],
            function=function, is_new=True))

    def _may_request(self, ref: Ref, scope: _Scope | None) -> bool:
        name = ref.name
        if name in ("fetch", "axios", "$fetch", "ky", "ofetch", "useFetch", "$axios"):
            return True
        if name in ("window", "globalThis", "self") and ref.attrs[:1] == ("fetch",):
            return True
        if name == "this":
            return bool(ref.attrs) and (
                ref.attrs[0] in ("$axios", "$http", "axios", "$api", "$fetch")
                or (scope is not None and scope.class_name is not None)
                or len(ref.attrs) >= 2)
        if "axios" in ref.attrs or "$axios" in ref.attrs:
            return True
        if name in self.routers:
            return False
        if scope is not None and scope.lookup(name) is not None:
            # a parameter or local: `client.get(...)` where client is a param
            return isinstance(scope.lookup(name), (Ref, CallExpr))
        if name in self.import_modules:
            return not _is_non_http_module(self.import_modules[name])
        return name in self.module_names

    # ------------------------------------------------------------------ expressions

    def _ref_of(self, node: Node) -> Ref | None:
        """``a.b.c`` / ``this.x`` / ``a?.b`` -> Ref, else None."""
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

    def expr(self, node: Node | None, scope: _Scope | None, depth: int = 0) -> Expr:
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
        if t == "identifier":
            name = self.src.text(node)
            if name == "undefined":
                return Dyn("rest")
            if scope is not None:
                bound = scope.lookup(name)
                if bound is not None:
                    return bound
            if name in self.module_names:
                return Ref(name)
            return Dyn("segment")
        if t in ("member_expression", "subscript_expression"):
            text = self.src.text(node)
            env = re.fullmatch(r"(?:process\.env|import\.meta\.env)\.(\w+)", text.replace("?.", "."))
            if env:
                return EnvVar(env.group(1))
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
                        return Arg(bound.index, None, bound.attrs + ref.attrs)
                    return Dyn("segment")
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
            return Dyn("segment")
        if t == "ternary_expression":
            return Alt((self.expr(node.child_by_field_name("consequence"), scope, depth + 1),
                        self.expr(node.child_by_field_name("alternative"), scope, depth + 1)))
        if t == "object":
            items: list[tuple[str, Expr]] = []
            spreads: list[Expr] = []
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
            return Obj(tuple(items), tuple(spreads))
        if t in ("call_expression", "new_expression"):
            fn = node.child_by_field_name("function") or node.child_by_field_name("constructor")
            if fn is None:
                return Dyn("segment")
            fn_text = self.src.text(fn)
            args_nodes = _args(node)
            if fn_text in _SUBST_WRAPPERS:
                return Dyn("segment")
            if fn_text.endswith(".toString") or fn_text.endswith(".join"):
                return Dyn("segment")
            if fn_text == "URLSearchParams" or fn_text.endswith("stringify"):
                return Dyn("query")
            ref = self._ref_of(fn)
            if ref is None:
                return Dyn("segment")
            if scope is not None and ref.name != "this" and scope.lookup(ref.name) is not None:
                return Dyn("segment")
            return CallExpr(ref, tuple(self.expr(a, scope, depth + 1) for a in args_nodes[:3]),
                            new=t == "new_expression")
        if t in ("true", "false", "null"):
            return Lit(self.src.text(node)) if t != "null" else Dyn("rest")
        return Dyn("segment")


# ---------------------------------------------------------------------- helpers

_TRANSPARENT = {
    "parenthesized_expression", "as_expression", "satisfies_expression",
    "non_null_expression", "await_expression", "type_assertion",
}


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


def _is_function_pair(node: Node) -> bool:
    if node.type != "pair":
        return False
    value = _unwrap(node.child_by_field_name("value"))
    return value is not None and value.type in ("arrow_function", "function_expression", "function")


def _has_arg(e: Expr) -> bool:
    if isinstance(e, Arg):
        return True
    if isinstance(e, (Concat,)):
        return any(_has_arg(p) for p in e.parts)
    if isinstance(e, Alt):
        return any(_has_arg(p) for p in e.options)
    if isinstance(e, Obj):
        return any(_has_arg(v) for _, v in e.items) or any(_has_arg(s) for s in e.spreads)
    if isinstance(e, EnvVar):
        return e.default is not None and _has_arg(e.default)
    return False


def extract_javascript(data: bytes, language: str, old_tree: Tree | None = None) -> FileFacts:
    """Facts of one JS/TS source (UTF-8 bytes). ``language``: typescript|tsx|javascript.

    ``old_tree``, when given, is the previous tree of this document already ``edit()``-ed
    to ``data`` (open documents re-parse incrementally). Never raises on malformed code:
    the parts of the tree that parse are used.
    """
    return extract_javascript_tree(data, language, old_tree)[0]


def extract_javascript_tree(data: bytes, language: str, old_tree: Tree | None = None
                            ) -> tuple[FileFacts, Tree]:
    """As :func:`extract_javascript`, also returning the parse tree."""
    tree = parse(data, language, old_tree)
    src = SourceText(data)
    facts = _Extractor(src, language).run(tree.root_node)
    return facts, tree
