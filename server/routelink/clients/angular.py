"""Angular's ``HttpClient`` (``@angular/common/http``), following Angular 14-19.

Requests (the member names the method):

- ``http.get/delete/head/options(url, options)``, ``http.jsonp(url, callbackParam)``
  (a GET), ``http.post/put/patch(url, body, options)``;
- ``http.request(method, url, options)`` and ``http.request(new HttpRequest(method, url,
  ...))`` (also through a local holding the ``HttpRequest``).

Where the client comes from. Angular code never writes ``new HttpClient()``: the
injector hands it over. :meth:`Angular.on_file` reads that off an Angular file (one that
imports from ``@angular/core`` or ``@angular/common/http``) and gives the class field its
value:

- ``constructor(private http: HttpClient)`` (also ``this.http = http`` in the
  constructor) and ``private http = inject(HttpClient)`` (a field initializer or an
  assignment in the constructor): the HttpClient;
- a constructor parameter typed with a class of the workspace (``private api:
  ApiService``) or ``inject(ApiService)``: an instance of it, so ``this.api.get('/x')``
  reaches the service's wrapper;
- ``@Inject(API_URL) private base: string`` or ``inject(API_URL)``: the value provided
  for the token in the project (``{ provide: API_URL, useValue: environment.apiUrl }``
  or ``useFactory: () => ...`` in any providers list), else the token's own
  ``new InjectionToken(desc, { factory: () => ... })``. Tokens are known by their
  exported name; a string token (``@Inject('API_BASE')`` with ``{ provide: 'API_BASE',
  useValue }``) by its text. An object provided for a token is not read;
- ``new HttpClient(handler)``: a client that skips the interceptors (no base URL);
- ``inject(HttpClient).get(url)`` written inline (:meth:`Angular.callee`);
- ``httpResource(() => url)`` / ``httpResource(() => ({ url, method }))`` (Angular
  19.2+, :meth:`Angular.on_call`): a request through the HttpClient.

Interceptors. A functional interceptor (``(req, next) => next(req.clone({ url: base +
req.url }))``, also ```${environment.apiUrl}${req.url}``` and a conditional ``cond ?
req : req.clone(...)``) or a class interceptor (``intercept(req, next)``) that prefixes
the URL records its prefix (a value ``<url-prefix:KEY>`` of its file). Registering them
with ``provideHttpClient(withInterceptors([a, b]))`` or ``{ provide: HTTP_INTERCEPTORS,
useClass: C, multi: true }`` records a default base of the library (an assignment to
``<interceptors>``): every HttpClient call of that Angular project (see
:mod:`routelink.resolve.workspaces`) gets the composed prefix (``b`` wraps ``a``:
``prefix_b + prefix_a + url``). An absolute URL keeps its host (the base is not
prepended to it).
"""

from __future__ import annotations

import re

from routelink.clients.base import ClientLibrary
from routelink.facts import Alt, Arg, CallExpr, Concat, Dyn, Expr, Lit, Obj, Ref

PACKAGE = "@angular/common/http"
CORE = "@angular/core"
#: the local name of a synthetic ``import { HttpClient } from '@angular/common/http'``
#: that facts recorded by :meth:`Angular.on_file` refer to
HTTP = "<angular-http>"
#: synthetic factory members of the client (never written in code)
TOKEN = "<token>"
BARE = "<bare>"
INTERCEPTORS = ("<interceptors>",)
PROVIDE = ("<provide>",)
TOKEN_DEFAULT = ("<token-default>",)
PREFIX_VALUE = "<url-prefix:{}>"

_URL_ONLY = frozenset({"get", "delete", "head", "options", "jsonp"})
_WITH_BODY = frozenset({"post", "put", "patch"})
_FUNCTIONS = ("arrow_function", "function_expression", "function", "function_declaration",
              "method_definition", "generator_function_declaration")
_TOKEN_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
#: text a file that registers interceptors or provides a token must contain
_REGISTRATION = re.compile(rb"withInterceptors|\bprovide\s*:")


class Angular(ClientLibrary):
    name = "angular"
    packages = (PACKAGE,)
    import_names = frozenset({"HttpClient"})
    request_members = _URL_ONLY | _WITH_BODY | {"request"}
    callable = False
    factory_members = frozenset({TOKEN, BARE})
    base_assignments = (INTERCEPTORS, PROVIDE, TOKEN_DEFAULT)
    keywords = (rb"@angular/common/http|HttpClient|HTTP_INTERCEPTORS|InjectionToken|httpResource",)

    # ------------------------------------------------------------------ values

    def create(self, ev, parent, member, args, ctx):
        if member == BARE:
            return ev.client(self.name, (), instance=True)
        if member == TOKEN and args and isinstance(args[0], Lit):
            key = f"{self.name}#{args[0].value}"
            base = ev.default_base(key, ctx.file) or ev.default_base(key + "#default", ctx.file)
            return ev.client(self.name, base, instance=True)
        return None

    def default_bases(self, ev, suffix, value, ctx):
        if not isinstance(value, Obj):
            return []
        if suffix == INTERCEPTORS:
            from routelink.resolve.evaluate import Str

            prefix = [Str(())]
            for key, item in value.items:
                strs = (ev.strings(item, ctx) if key.startswith("=")
                        else self._interceptor_prefix(ev, item, ctx))
                # a prefix nothing tells (`this.config.apiUrl` loaded at run time) is taken
                # for an origin, as an env var with no value is
                strs = [Str((), 0, True) if s.pieces and all(not isinstance(x, str) for x in s.pieces)
                        else s for s in strs]
                if strs:
                    # a later interceptor wraps the URL an earlier one made
                    prefix = [Str(p.pieces + q.pieces, 0, p.origin_unknown or q.origin_unknown)
                              for p in strs for q in prefix][:8]
            prefix = [p for p in prefix if p.pieces or p.origin_unknown]
            return [(self.name, tuple(prefix))] if prefix else []
        out = []
        for token, expr in value.items:
            strs = tuple(ev.strings(expr, ctx))
            if strs:
                key = f"{self.name}#{token}" + ("#default" if suffix == TOKEN_DEFAULT else "")
                out.append((key, strs))
        return out

    @staticmethod
    def _interceptor_prefix(ev, item: Expr, ctx):
        """The URL prefix the interceptor ``item`` (a name of a function or class, as
        registered) adds: the value its file recorded for it."""
        from routelink.resolve.evaluate import ClassRef, Ctx, FuncRef, Instance

        target = ev.eval(item, ctx)
        this = None
        if isinstance(target, FuncRef):
            file, key = target.file, target.key
        elif isinstance(target, ClassRef):
            file, key = target.file, f"{target.info.name}.intercept"
            this = Instance(target)
        else:
            return []
        facts = ev.facts_of(file)
        expr = dict(facts.values).get(PREFIX_VALUE.format(key)) if facts is not None else None
        if expr is None:
            return []
        return ev.strings(expr, Ctx(file, None, this, ctx.depth + 1))

    # ------------------------------------------------------------------ requests

    def requests(self, ev, client, member, args, ctx, is_new):
        if not args:
            return []
        if member == "request":
            first = args[0]
            if isinstance(first, CallExpr) and first.new and \
                    (first.callee.attrs[-1:] or (first.callee.name,))[0] == "HttpRequest":
                # request(new HttpRequest('POST', url, body, init))
                method_expr = first.args[0] if first.args else None
                url_expr = first.args[1] if len(first.args) > 1 else None
            else:
                method_expr, url_expr = first, args[1] if len(args) > 1 else None
            if url_expr is None:
                return []
            method = _literal_method(ev, method_expr, ctx)
        elif member in _URL_ONLY or member in _WITH_BODY:
            url_expr = args[0]
            method = "GET" if member == "jsonp" else member.upper()
        else:
            return []
        return [ev.request(self.name, method, u, client.base, True)
                for u in ev.strings(url_expr, ctx)]

    # ------------------------------------------------------------------ extraction

    def callee(self, b, fn, args):
        """``inject(HttpClient).get(url)``: the call through the injected client."""
        if fn.type != "member_expression":
            return None
        obj = b.unwrap(fn.child_by_field_name("object"))
        prop = fn.child_by_field_name("property")
        if obj is None or prop is None or obj.type != "call_expression":
            return None
        inner = b.unwrap(obj.child_by_field_name("function"))
        inner_args = b.args(obj)
        if inner is None or inner.type != "identifier" or len(inner_args) != 1 or \
                _imported(b, b.text(inner)) != (CORE, "inject"):
            return None
        target = b.unwrap(inner_args[0])
        if target is None or target.type != "identifier":
            return None
        return Ref(b.text(target), (b.text(prop),))

    def on_call(self, b, call, fn, args, scope):
        """``httpResource(() => `/api/users/${id()}`)`` (Angular 19.2+; also
        ``httpResource.text(...)``, and a request object ``{ url, method }``): a request
        whose URL the reactive function returns."""
        fn = b.unwrap(fn)
        name = None
        if fn is not None and fn.type == "identifier":
            name = b.text(fn)
        elif fn is not None and fn.type == "member_expression" and \
                b.text(fn.child_by_field_name("property")) in ("text", "blob", "arrayBuffer"):
            obj = b.unwrap(fn.child_by_field_name("object"))
            name = b.text(obj) if obj is not None and obj.type == "identifier" else None
        if name is None or not args or _imported(b, name) != (PACKAGE, "httpResource"):
            return False
        request = b.unwrap(args[0])
        if request.type in ("arrow_function", "function_expression", "function"):
            request = b.unwrap(_factory_value(b, request)) or request
        method = None
        url = request
        if request.type == "object":
            url = b.object_property(request, "url") or request
            method = b.object_property(request, "method")
        _ensure_import(b)
        url_expr = b.expr(url, scope) if url.type not in ("object", "arrow_function", "function_expression",
                                                           "function", "statement_block") else Dyn("rest")
        b.add_request_site(Ref(HTTP, ("request",)),
                           (b.expr(method, scope) if method is not None else Lit("GET"), url_expr),
                           b.span(call), b.span(url), b.text(url), scope)
        return True

    def on_file(self, b, root):
        if not any(i.module in (CORE, PACKAGE) for i in b.imports):
            return
        _Reader(self, b).run(root)


CLIENT = Angular()


def _literal_method(ev, expr: Expr | None, ctx) -> str | None:
    """The method of ``request('GET', ...)``: one literal, else None (any)."""
    if expr is None:
        return None
    strs = ev.strings(expr, ctx)
    if len(strs) == 1 and len(strs[0].pieces) == 1 and isinstance(strs[0].pieces[0], str):
        return strs[0].pieces[0].upper()
    return None


def _ensure_import(b) -> None:
    """The synthetic import of the HttpClient that facts recorded here refer to."""
    if not any(i.local == HTTP for i in b.imports):
        b.add_import(HTTP, PACKAGE, "HttpClient")


def _imported(b, local: str) -> tuple[str, str] | None:
    """(module, exported name) of a name the file imports, or None."""
    for imp in b.imports:
        if imp.local == local:
            return imp.module, imp.name
    return None


class _Reader:
    """One Angular file: dependency injection into class fields, interceptors' URL
    prefixes, interceptor and token registrations."""

    def __init__(self, lib: Angular, b) -> None:
        self.lib = lib
        self.b = b
        self.http_local = next((i.local for i in b.imports
                                if i.module == PACKAGE and i.name == "HttpClient"), None)
        #: registered interceptors in order: ("0", name) or, written inline, ("=0", prefix)
        self.interceptors: list[tuple[str, Expr]] = []
        self.first_registration = None

    # -------------------------------------------------------------- driver

    def run(self, root) -> None:
        b = self.b
        for st in root.named_children:
            node = st
            if st.type == "export_statement":
                node = st.child_by_field_name("declaration") or st.child_by_field_name("value")
                if node is None:
                    continue
            if node.type in ("class_declaration", "abstract_class_declaration", "class"):
                self._class(node)
            elif node.type in ("lexical_declaration", "variable_declaration"):
                for d in node.named_children:
                    if d.type == "variable_declarator":
                        self._declarator(d)
            elif node.type in ("function_declaration", "generator_function_declaration"):
                name = node.child_by_field_name("name")
                if name is not None:
                    self._interceptor_function(b.text(name), node)
        # locals of functions holding an injected value (`const http = inject(HttpClient)`,
        # kept as module values `<local:http#0>`) and module-level ones
        for name, value in list(b.values.items()):
            new = self._field_value(value, {})
            if new is not value:
                b.add_value(name, new)
        if _REGISTRATION.search(root.text):
            self._registrations(root)
        if self.interceptors:
            self._ensure_import()
            b.add_assignment(Ref(HTTP, INTERCEPTORS),
                             Obj(tuple((f"{mark}{i}", e) for i, (mark, e) in enumerate(self.interceptors))),
                             self.first_registration)

    def _ensure_import(self) -> None:
        _ensure_import(self.b)

    # -------------------------------------------------------------- injection

    def _class(self, node) -> None:
        b = self.b
        name_node = node.child_by_field_name("name")
        cname = b.text(name_node) if name_node is not None else None
        info = next((c for c in b.classes if c.name == cname), None)
        body = node.child_by_field_name("body")
        if info is None or body is None:
            return
        injected: dict[int, Expr] = {}
        for m in body.named_children:
            if m.type == "method_definition":
                mname = b.text(m.child_by_field_name("name"))
                if mname == "constructor":
                    injected = self._constructor(m)
                elif mname == "intercept":
                    self._interceptor_function(f"{cname}.intercept", m)
        fields = []
        changed = False
        for fname, expr in info.fields:
            new = self._field_value(expr, injected)
            changed |= new is not expr
            fields.append((fname, new))
        changes = {"fields": tuple(fields)} if changed else {}
        if info.super_args:
            # `constructor(http: HttpClient) { super(http, 'users'); }`
            passed = tuple(self._field_value(a, injected) for a in info.super_args)
            if passed != info.super_args:
                changes["super_args"] = passed
        if changes:
            b.update_class(cname, **changes)

    def _constructor(self, m) -> dict[int, Expr]:
        """What the injector passes for each constructor parameter it can be read for."""
        b = self.b
        params = m.child_by_field_name("parameters")
        out: dict[int, Expr] = {}
        if params is None:
            return out
        for i, p in enumerate(c for c in params.named_children if c.type != "comment"):
            if p.type not in ("required_parameter", "optional_parameter") or \
                    p.child_by_field_name("value") is not None:
                continue
            value = None
            for dec in (c for c in p.children if c.type == "decorator"):
                call = next((c for c in dec.named_children if c.type == "call_expression"), None)
                fn = call.child_by_field_name("function") if call is not None else None
                if fn is not None and fn.type == "identifier" and \
                        _imported(b, b.text(fn)) == (CORE, "Inject") and b.args(call):
                    value = self._injected(b.unwrap(b.args(call)[0]))
            if value is None:
                value = self._injected(_type_name(p))
            if value is not None:
                out[i] = value
        return out

    def _injected(self, node) -> Expr | None:
        """What a parameter of type ``node`` (or ``@Inject(node)``) is given; a string
        token (``@Inject('API_BASE')``) is the value provided for that string."""
        if node is not None and node.type == "string":
            text = _string_token(self.b, node)
            if text is None:
                return None
            self._ensure_import()
            return CallExpr(Ref(HTTP, (TOKEN,)), (Lit(text),))
        if node is None or node.type not in ("identifier", "type_identifier"):
            return None
        return self._injected_name(self.b.text(node))

    def _field_value(self, expr: Expr, injected: dict[int, Expr]) -> Expr:
        """A field's value with what the injector passes filled in (also inside ``a ??
        b`` and concatenations: ``this.baseUrl = baseUrl ?? ''``)."""
        b = self.b
        if isinstance(expr, Arg) and expr.default is None and not expr.attrs and expr.index in injected:
            return Arg(expr.index, injected[expr.index])
        if isinstance(expr, (Alt, Concat)):
            parts = expr.options if isinstance(expr, Alt) else expr.parts
            new = tuple(self._field_value(p, injected) for p in parts)
            if any(n is not p for n, p in zip(new, parts)):
                return Alt(new) if isinstance(expr, Alt) else Concat(new)
            return expr
        if isinstance(expr, CallExpr) and not expr.callee.attrs:
            name = expr.callee.name
            if expr.new and name == self.http_local and self.http_local is not None:
                return CallExpr(Ref(name, (BARE,)), ())  # new HttpClient(handler)
            if not expr.new and len(expr.args) == 1 and isinstance(expr.args[0], Ref) and \
                    not expr.args[0].attrs and _imported(b, name) == (CORE, "inject"):
                got = self._injected_name(expr.args[0].name)
                if got is not None:
                    return got
            if not expr.new and len(expr.args) == 1 and isinstance(expr.args[0], Lit) and \
                    _imported(b, name) == (CORE, "inject"):
                self._ensure_import()  # `inject('API_BASE')`: a string token
                return CallExpr(Ref(HTTP, (TOKEN,)), (Lit(f"'{expr.args[0].value}'"),))
        return expr

    def _injected_name(self, name: str) -> Expr | None:
        """What ``inject(name)`` gives: the HttpClient, an instance of a workspace class,
        the value provided for a token (an UPPER_CASE name); None for anything else."""
        b = self.b
        imp = _imported(b, name)
        if imp is not None and imp[0] == PACKAGE:
            return Ref(name) if imp[1] == "HttpClient" else None
        if imp is not None and imp[0].startswith("@angular/"):
            return None
        if imp is None and name not in b.module_names:
            return None
        if _TOKEN_NAME.match(name):
            self._ensure_import()
            return CallExpr(Ref(HTTP, (TOKEN,)), (Lit(imp[1] if imp is not None else name),))
        return CallExpr(Ref(name), (), new=True)

    # -------------------------------------------------------------- interceptors

    def _declarator(self, d) -> None:
        b = self.b
        name = d.child_by_field_name("name")
        value = b.unwrap(d.child_by_field_name("value"))
        if name is None or value is None or name.type != "identifier":
            return
        if value.type in ("arrow_function", "function_expression", "function"):
            self._interceptor_function(b.text(name), value)
        elif value.type == "new_expression":
            self._token_factory(b.text(name), value)

    def _interceptor_function(self, key: str, fn) -> None:
        if b".clone" not in fn.text:
            return
        prefix = self._rewrite_prefix(fn)
        if prefix is not None:
            self.b.add_value(PREFIX_VALUE.format(key), prefix)

    def _rewrite_prefix(self, fn) -> Expr | None:
        """What an interceptor function prepends to ``req.url`` (``req`` its first
        parameter) in a ``req.clone({ url: ... })``, or None."""
        b = self.b
        params = fn.child_by_field_name("parameters")
        first = None
        if params is not None:
            plist = [c for c in params.named_children if c.type != "comment"]
            if plist:
                pat = plist[0].child_by_field_name("pattern") or plist[0]
                first = b.text(pat) if pat.type == "identifier" else None
        elif fn.child_by_field_name("parameter") is not None:
            first = b.text(fn.child_by_field_name("parameter"))
        if first is None:
            return None
        stack = [fn.child_by_field_name("body")]
        while stack:
            n = stack.pop()
            if n is None:
                continue
            if n.type == "call_expression":
                callee = b.unwrap(n.child_by_field_name("function"))
                args = b.args(n)
                if callee is not None and callee.type == "member_expression" and args and \
                        b.text(callee.child_by_field_name("property")) == "clone" and \
                        b.text(callee.child_by_field_name("object")) == first:
                    obj = b.unwrap(args[0])
                    url = b.object_property(obj, "url") if obj is not None and obj.type == "object" else None
                    if url is None and obj is not None and obj.type == "object" and any(
                            c.type == "shorthand_property_identifier" and b.text(c) == "url"
                            for c in obj.named_children):
                        url = next(c for c in obj.named_children
                                   if c.type == "shorthand_property_identifier" and b.text(c) == "url")
                    if url is not None:
                        got = self._prefix_of(url, first, fn, 0)
                        if got is not None:
                            return got
            stack.extend(n.named_children)
        return None

    def _prefix_of(self, node, req: str, fn, depth: int) -> Expr | None:
        """The parts of a URL expression before ``req.url`` (nothing may follow it)."""
        b = self.b
        node = b.unwrap(node)
        if node is None or depth > 4:
            return None
        if node.type in ("identifier", "shorthand_property_identifier"):
            local = _local_value(b, fn, b.text(node))
            return self._prefix_of(local, req, fn, depth + 1) if local is not None else None
        if node.type == "ternary_expression":
            for part in ("consequence", "alternative"):
                got = self._prefix_of(node.child_by_field_name(part), req, fn, depth + 1)
                if got is not None:
                    return got
            return None
        parts: list = []
        if node.type == "template_string":
            for c in node.named_children:
                if c.type == "template_substitution":
                    inner = [x for x in c.named_children if x.type != "comment"]
                    if inner:
                        parts.append(inner[0])
                else:
                    parts.append(c)
        elif node.type == "binary_expression":
            parts = _plus_operands(b, node)
        else:
            return None
        index = next((i for i, p in enumerate(parts)
                      if p.type == "member_expression" and b.text(p) in (f"{req}.url", f"{req}.urlWithParams")), None)
        if not index or index != len(parts) - 1:
            return None
        out: list[Expr] = []
        for p in parts[:index]:
            if p.type == "string_fragment":
                out.append(Lit(b.text(p)))
            elif p.type == "escape_sequence":
                out.append(Lit(b.text(p)[1:]))
            elif p.type == "identifier" and _local_value(b, fn, b.text(p)) is not None:
                out.append(b.expr(_local_value(b, fn, b.text(p)), None))
            else:
                out.append(b.expr(p, None))
        return out[0] if len(out) == 1 else Concat(tuple(out))

    # -------------------------------------------------------------- registrations

    def _registrations(self, root) -> None:
        """``withInterceptors([...])``, ``{ provide: HTTP_INTERCEPTORS, useClass }`` and
        ``{ provide: TOKEN, useValue | useFactory }`` anywhere in the file, in order."""
        b = self.b
        stack = [root]
        found = []
        while stack:
            n = stack.pop()
            if n.type == "call_expression":
                fn = b.unwrap(n.child_by_field_name("function"))
                if fn is not None and fn.type == "identifier" and \
                        _imported(b, b.text(fn)) == (PACKAGE, "withInterceptors"):
                    found.append(n)
            elif n.type == "object" and b.object_property(n, "provide") is not None:
                found.append(n)
            stack.extend(reversed(n.named_children))
        for n in found:
            if n.type == "call_expression":
                args = b.args(n)
                array = b.unwrap(args[0]) if args else None
                for el in (array.named_children if array is not None and array.type == "array" else []):
                    el = b.unwrap(el)
                    if el.type in ("arrow_function", "function_expression", "function"):
                        prefix = self._rewrite_prefix(el)
                        if prefix is not None:
                            self._interceptor(prefix, n, inline=True)
                    elif el.type in ("identifier", "member_expression"):
                        self._interceptor(b.expr(el, None), n)
            else:
                self._provider(n)

    def _interceptor(self, expr: Expr, node, inline: bool = False) -> None:
        if self.first_registration is None:
            self.first_registration = node
        self.interceptors.append(("=" if inline else "", expr))

    def _provider(self, obj) -> None:
        b = self.b
        provide = b.unwrap(b.object_property(obj, "provide"))
        if provide is not None and provide.type == "string":
            token = _string_token(b, provide)  # `{ provide: 'API_BASE', useValue: ... }`
            value = b.object_property(obj, "useValue")
            if value is None:
                value = _factory_value(b, b.object_property(obj, "useFactory"))
            if token is not None and value is not None:
                self._ensure_import()
                b.add_assignment(Ref(HTTP, PROVIDE), Obj(((token, b.expr(value, None)),)), obj)
            return
        if provide is None or provide.type != "identifier":
            return
        name = b.text(provide)
        imp = _imported(b, name)
        if imp == (PACKAGE, "HTTP_INTERCEPTORS"):
            cls = b.unwrap(b.object_property(obj, "useClass") or b.object_property(obj, "useExisting"))
            if cls is not None and cls.type == "identifier":
                self._interceptor(b.expr(cls, None), obj)
            return
        if imp is not None and imp[0].startswith("@angular/"):
            return
        value = b.object_property(obj, "useValue")
        if value is None:
            value = _factory_value(b, b.object_property(obj, "useFactory"))
        if value is None:
            return
        self._ensure_import()
        token = imp[1] if imp is not None else name
        b.add_assignment(Ref(HTTP, PROVIDE), Obj(((token, b.expr(value, None)),)), obj)

    def _token_factory(self, name: str, new) -> None:
        """``export const API_URL = new InjectionToken<string>('api', { factory: () => X })``."""
        b = self.b
        ctor = new.child_by_field_name("constructor")
        if ctor is None or _imported(b, b.text(ctor)) != (CORE, "InjectionToken"):
            return
        args = b.args(new)
        options = b.unwrap(args[1]) if len(args) > 1 else None
        if options is None or options.type != "object":
            return
        value = _factory_value(b, b.object_property(options, "factory"))
        if value is None:
            return
        self._ensure_import()
        b.add_assignment(Ref(HTTP, TOKEN_DEFAULT), Obj(((name, b.expr(value, None)),)), new)


def _string_token(b, node) -> str | None:
    """The key of a string injection token (``'API_BASE'``): its text in quotes, so it
    never meets a token constant of the same name; None for a string with
    substitutions."""
    text = b.text(node)
    if len(text) < 2 or any(c.type == "template_substitution" for c in node.named_children):
        return None
    return "'" + text[1:-1] + "'"


def _type_name(param):
    """The type identifier a parameter is declared with (``HttpClient``,
    ``HttpClient<any>``), or None."""
    ann = param.child_by_field_name("type")
    if ann is None:
        return None
    t = next((c for c in ann.named_children), None)
    if t is not None and t.type == "generic_type":
        t = t.child_by_field_name("name")
    return t if t is not None and t.type == "type_identifier" else None


def _factory_value(b, fn):
    """The value a factory function returns: an arrow's expression body or the
    ``return`` of a body of one statement; None otherwise."""
    fn = b.unwrap(fn)
    if fn is None or fn.type not in ("arrow_function", "function_expression", "function"):
        return None
    body = fn.child_by_field_name("body")
    if body is None:
        return None
    if body.type != "statement_block":
        return body
    stmts = [c for c in body.named_children if c.type != "comment"]
    if len(stmts) == 1 and stmts[0].type == "return_statement" and stmts[0].named_children:
        return stmts[0].named_children[0]
    return None


def _plus_operands(b, node) -> list:
    """The operands of a chain of ``+`` (``a + b + c``), left to right."""
    node = b.unwrap(node)
    if node is not None and node.type == "binary_expression":
        op = node.child_by_field_name("operator")
        if op is not None and b.text(op) == "+":
            return _plus_operands(b, node.child_by_field_name("left")) + \
                _plus_operands(b, node.child_by_field_name("right"))
    return [node] if node is not None else []


def _local_value(b, fn, name: str):
    """The value node of a ``const name = ...`` declared in function ``fn``, or None."""
    stack = [fn.child_by_field_name("body")]
    while stack:
        n = stack.pop()
        if n is None:
            continue
        if n.type == "variable_declarator":
            nm = n.child_by_field_name("name")
            if nm is not None and nm.type == "identifier" and b.text(nm) == name:
                return n.child_by_field_name("value")
        if n.type in _FUNCTIONS:
            continue
        stack.extend(n.named_children)
    return None
