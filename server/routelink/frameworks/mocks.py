"""Mock API handlers of a frontend's dev setup: routes that stand in for a backend.

Admin templates and many apps answer part of their API from mocks during development.
Each handler is a route of framework ``mock`` that serves the frontend package holding
it (its dev server, or its browser through a service worker or an XHR patch), never a
route of the backend: :attr:`~routelink.frameworks.base.Framework.stand_in`. The index
links a call to a mock only when no backend route serves it, and says so
(``mock-only-call``); a mock is never unused, duplicate or shadowed
(:meth:`routelink.index.incremental.WorkspaceIndex._match`,
:mod:`routelink.link.findings`).

A file counts when it lies under a folder named ``mock``, ``mocks``, ``__mocks__`` or
``_mock`` below its workspace root (Jest's ``__mocks__`` are test files, indexed only with
``include_tests``; the folders a checkout itself lies in, ``~/mocks/shop/...``, do not
count: :meth:`Mocks.finish_routes`), is an UmiJS ``_mock.ts``/``_mock.js`` page mock, or
imports msw, mockjs, vite-plugin-mock or vite-plugin-fake-server. Forms read (each path is evaluated like any route path:
constants, a local helper such as ``serverApi('/list')``; a part that cannot be is
``{?}``, an unresolved route):

- **MSW** 1 and 2 (mswjs.io, "Describing REST API" / "http"): ``rest.get(path,
  resolver)`` (v1) and ``http.get/post/put/patch/delete/head/options/all(path,
  resolver)`` (v2), ``http``/``rest`` imported from ``msw``, wherever the handler is
  written (a ``handlers`` array, ``setupWorker(...)``, ``setupServer(...)``,
  ``worker.use(...)``). The path is a path-to-regexp pattern (``:id``, ``*``); an
  absolute URL's origin and a leading ``*`` (any origin) are dropped; a ``RegExp`` or a
  predicate function is not read. A handler whose resolver only hands the request on
  to the network (``() => passthrough()`` of v2, ``(req) => req.passthrough()`` of v1)
  serves nothing: no route.
- **UmiJS / Ant Design Pro** (umijs.org, "Mock"): the default export (or
  ``module.exports``, or ``defineMock({...})``) of a mock file is an object whose keys are
  ``'METHOD /path'`` or ``'/path'`` (method omitted: any method), path-to-regexp
  patterns; values are data or ``(req, res) => ...`` handlers. ng-alain's ``_mock``
  files use the same keys.
- **vite-plugin-mock / vite-plugin-fake-server** (``MockMethod[]``,
  ``defineFakeRoute``): the default export is an array of ``{ url, method, response }``
  (``method`` omitted: any; vue-element-admin's mock files write ``type``).
- **mockjs** (github.com/nuysoft/Mock, ``Mock.mock(rurl, rtype?, template)``):
  ``Mock.mock(url, method?, template)`` with a string URL, which mockjs compares with
  the XHR URL for equality (a ``RegExp`` URL is not read; ``Mock.mock(template)`` alone
  makes data, no route).

A path built by a helper routelink cannot evaluate (``serverApi('/list')`` returning
``uniqueSlash(new URL(base, location.origin) + path)``: MSW has no base URL option, so
projects write one, mswjs/msw#397) whose last argument is a literal path is taken to end
with that path: ``/{?}/list`` (still unresolved, with a hint saying so), rather than
``/{?}``, which would say nothing (a mock whose path is all unknown serves no call).

Mocks answer the request as the browser sends it: MSW and mockjs in the browser, the
dev-server mocks before its proxy. So a mock route is matched against a call's path
before any dev-proxy rewrite (``proxied_from``). Trailing slash: path-to-regexp's
non-strict default (``ignore``). A mock whose path is a catch-all (``/api/*``) is read
but excuses no call: it says nothing of which paths exist
(:meth:`routelink.index.incremental.WorkspaceIndex._mock_match`).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace

from routelink.facts import Concat, Lit
from routelink.frameworks.base import JsFramework, PathTemplate
from routelink.frameworks.express import express_path
from routelink.frameworks.filebased import relative_parts

#: packages whose import makes a file a mock module wherever it lies
PACKAGES = ("msw", "mockjs", "better-mock", "vite-plugin-mock", "vite-plugin-fake-server")
#: folders whose files are mock modules
FOLDERS = frozenset({"mock", "mocks", "__mocks__", "_mock"})
#: UmiJS page mocks (``src/pages/**/_mock.ts``)
PAGE_MOCK = "_mock"
#: MSW's request handler namespaces (v2 ``http``, v1 ``rest``) and their methods
MSW_NAMESPACES = ("http", "rest")
MSW_METHODS = {"get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH",
               "delete": "DELETE", "head": "HEAD", "options": "OPTIONS", "all": "ANY"}
HTTP_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
#: wrappers whose first argument is the mock definition (UmiJS, vite-plugin-fake-server)
DEFINERS = frozenset({"defineMock", "defineFakeRoute"})
ROUTER = "<mock>"
#: path syntax of mockjs URLs: compared for equality, no parameters
EXACT = "exact"
MOCKJS = ("mockjs", "better-mock")
#: Route.extra keys: the literal path a helper is given, and the helper's name
TAIL, HELPER = "mock.tail", "mock.helper"
UNKNOWN = "/{?}"


def _strip_origin(raw: str) -> str:
    """``https://api.example.com/users?x=1`` -> ``/users``; ``*/users`` -> ``/users``."""
    for scheme in ("http://", "https://", "//"):
        if raw.startswith(scheme):
            rest = raw[len(scheme):]
            cut = rest.find("/")
            raw = rest[cut:] if cut >= 0 else "/"
            break
    if raw.startswith("*/"):
        raw = raw[1:]
    cut = raw.find("?")
    return raw[:cut] if cut >= 0 else raw


class Mocks(JsFramework):
    """Mock handlers (see the module docstring)."""

    name = "mock"
    # no ``packages``: a package that depends on msw is no backend package, and mock
    # modules are found by folder or import (``_is_mock_module``)
    keywords = (rb"msw|mockjs|better-mock|vite-plugin-mock|vite-plugin-fake-server|"
                rb"defineMock|defineFakeRoute|export\s+default|module\.exports",)
    trailing_slash = "ignore"
    dispatch = "method"
    ordering = "router"
    router_noun = "mock"
    root_is_app = False
    stand_in = True
    # (the language server's cold index: mock modules are found by folder or import)
    candidate_keywords = (rb"""['"](?:""" + b"|".join(re.escape(p).encode() for p in PACKAGES)
                          + rb""")(?:['"/])|defineMock|defineFakeRoute""",)
    candidate_folders = FOLDERS | {PAGE_MOCK}

    def convert_path(self, raw: str, syntax: str = "") -> list[PathTemplate]:
        """A handler's path as a template, its origin dropped: written in path-to-regexp
        syntax (``:id``, ``*``; MSW, UmiJS keys, vite-plugin-mock urls) or, with syntax
        ``EXACT``, the literal path (mockjs string urls)."""
        path = _strip_origin(raw)
        if syntax == EXACT:
            return [(path if path.startswith("/") else "/" + path, None)]
        return [(t, None) for t in express_path(path)]

    # ------------------------------------------------------------------ extraction

    def on_file(self, b, path: str) -> None:
        """Record the handlers of a mock module (``path`` absolute, ``b`` the JS builder):
        MSW ``http``/``rest`` calls, UmiJS key objects, vite-plugin-mock arrays, mockjs."""
        if not _is_mock_module(path, b.imports):
            return  # a superset: finish_routes drops folders above the workspace root
        root = getattr(b, "root_node", None)
        if root is None:
            return
        state = {"router": False}
        stack = [root]
        while stack:
            n = stack.pop()
            if n.type == "call_expression":
                self._call(b, n, state)
            elif n.type == "export_statement" and any(c.type == "default" for c in n.children):
                value = n.child_by_field_name("value") or next(
                    (c for c in n.named_children if c.type not in ("comment", "decorator")), None)
                self._definition(b, value, n, state)
            elif n.type == "assignment_expression" and b.text(n.child_by_field_name("left") or n) \
                    in ("module.exports", "exports.default"):
                self._definition(b, n.child_by_field_name("right"), n, state)
            stack.extend(reversed(n.named_children))

    def _route(self, b, state: dict, method: str, path, node, handlers, syntax: str = "",
               written=None) -> None:
        if not state["router"]:
            state["router"] = True
            b.add_router(ROUTER, self.name, b.root_node, is_app=True, label="mock handlers")
        extra = ()
        written = b.unwrap(written)
        if written is not None and written.type == "call_expression":
            # `serverApi('/list')`: the literal path a helper is given (see finish_routes)
            fn = b.unwrap(written.child_by_field_name("function"))
            args = b.args(written)
            last = b.unwrap(args[-1]) if args else None
            if fn is not None and last is not None and last.type == "string" and \
                    b.text(last)[1:2] == "/":
                extra = ((TAIL, Lit(b.text(last)[1:-1])), (HELPER, Lit(b.text(fn))))
        b.add_route(ROUTER, method, path, node, handlers, self.name, self.trailing_slash,
                    syntax=syntax, extra=extra)

    def finish_routes(self, routes, evaluator):
        """Drop the routes of a file that is a mock module only by a mock folder at or above
        its workspace root (extraction sees the absolute path only: a checkout under
        ``~/mocks/`` would make every file one). A mock whose path is all unknown but was
        written as ``helper('/literal')`` serves paths ending with the literal:
        ``/{?}/literal`` (see the module docstring)."""
        out = []
        counts: dict[str, bool] = {}
        for r in routes:
            keep = counts.get(r.file)
            if keep is None:
                keep = counts[r.file] = _mock_in_workspace(r.file, evaluator)
            if not keep:
                out.append([])
                continue
            if r.resolved or any("{" not in seg for seg in r.path.strip("/").split("/") if seg):
                out.append([r])
                continue
            facts = evaluator.facts_of(r.file)
            decl = next((d for d in (facts.routes if facts is not None else ())
                         if d.span == r.span and d.extra), None)
            extra = dict(decl.extra) if decl is not None else {}
            tail = extra.get(TAIL)
            if not isinstance(tail, Lit):
                out.append([r])
                continue
            helper = extra.get(HELPER)
            name = helper.value if isinstance(helper, Lit) else "a helper"
            out.append([replace(
                r, path=UNKNOWN + t.rstrip("/") if t != "/" else UNKNOWN,
                unknown=f"the value of {name}(...), which routelink could not evaluate; the "
                        f"mock is taken to serve paths that end with {tail.value}")
                for t in express_path(_strip_origin(tail.value))])
        return out

    def _call(self, b, call, state: dict) -> None:
        """``http.get(path, resolver)`` / ``rest.post(...)`` of msw, ``Mock.mock(url,
        method?, template)`` of mockjs."""
        fn = b.unwrap(call.child_by_field_name("function"))
        if fn is None or fn.type != "member_expression":
            return
        obj = b.unwrap(fn.child_by_field_name("object"))
        prop = fn.child_by_field_name("property")
        if obj is None or prop is None:
            return
        member = b.text(prop)
        args = b.args(call)
        if obj.type == "identifier":
            local = b.text(obj)
            module = b.import_module(local) or ""
            imp = b.import_of(local)
            imported = imp.name if imp is not None else ""
        elif obj.type == "member_expression":  # `msw.http.get(...)` of a namespace import
            inner = b.unwrap(obj.child_by_field_name("object"))
            attr = obj.child_by_field_name("property")
            if inner is None or inner.type != "identifier" or attr is None:
                return
            module = b.import_module(b.text(inner)) or ""
            imported = b.text(attr)
        else:
            return
        if (module == "msw" or module.startswith("msw/")) and imported in MSW_NAMESPACES \
                and member in MSW_METHODS and args:
            if len(args) > 1 and _passes_through(b, args[1]):
                return  # `http.get('/api/*', () => passthrough())`: to the network
            paths = b.path_exprs(args[0], None)
            for p in paths or ():
                self._route(b, state, MSW_METHODS[member], p, call, args[1:2], written=args[0])
            return
        if module in MOCKJS and member == "mock" and len(args) >= 2:
            url = b.unwrap(args[0])
            if url is None or url.type in ("regex", "object", "new_expression", "call_expression"):
                return  # a RegExp URL, or `Mock.mock(template)`: data, no route
            method = "ANY"
            if len(args) >= 3:
                m = b.unwrap(args[1])
                if m is None or m.type != "string":
                    return
                method = b.text(m).strip("'\"").upper()
                if method not in HTTP_METHODS:
                    return
            for p in b.path_exprs(url, None) or ():
                self._route(b, state, method, p, call, args[-1:], syntax=EXACT, written=url)

    def _definition(self, b, value, node, state: dict) -> None:
        """The default export of a mock module: an UmiJS key object, a vite-plugin-mock
        array, possibly wrapped (``defineMock``), cast or named."""
        for _ in range(4):
            value = b.unwrap(value)
            if value is None:
                return
            if value.type == "call_expression":
                fn = b.unwrap(value.child_by_field_name("function"))
                args = b.args(value)
                if fn is None or b.text(fn) not in DEFINERS or not args:
                    return
                value = args[0]
            elif value.type == "identifier":
                value = b.value_nodes.get(b.text(value))
            else:
                break
        if value is None:
            return
        if value.type == "object":
            self._umi_object(b, value, state)
        elif value.type == "array":
            for item in value.named_children:
                item = b.unwrap(item)
                if item is not None and item.type == "object":
                    self._mock_method(b, item, state)

    def _umi_object(self, b, obj, state: dict) -> None:
        """``{ 'GET /api/users': data, '/api/users/1': handler }``."""
        for pair in obj.named_children:
            if pair.type != "pair":
                continue
            key = pair.child_by_field_name("key")
            if key is None:
                continue
            if key.type == "string":
                expr = Lit(b.text(key)[1:-1])
            elif key.type == "computed_property_name" and key.named_children:
                expr = b.expr(key.named_children[0], None)
            else:
                continue
            parsed = _umi_key(expr)
            if parsed is None:
                continue
            method, path = parsed
            self._route(b, state, method, path, pair, [pair.child_by_field_name("value")])

    def _mock_method(self, b, item, state: dict) -> None:
        """``{ url: '/api/user', method: 'get', response: () => ... }``."""
        url = b.object_property(item, "url")
        if url is None:
            return
        method = "ANY"
        m = b.unwrap(b.object_property(item, "method") or b.object_property(item, "type"))
        if m is not None:
            if m.type != "string":
                return
            method = b.text(m).strip("'\"").upper()
            if method not in HTTP_METHODS:
                return
        handler = b.object_property(item, "response") or b.object_property(item, "rawResponse")
        for p in b.path_exprs(url, None) or ():
            self._route(b, state, method, p, item, [handler] if handler is not None else [],
                        written=url)


def _umi_key(expr):
    """(method, path expression) of an UmiJS mock key (``'GET /api/x'``, ``'/api/x'``,
    `` `POST ${API}/x` ``), or None when the key is no mock key."""
    head = expr.value if isinstance(expr, Lit) else (
        expr.parts[0].value if isinstance(expr, Concat) and expr.parts and isinstance(expr.parts[0], Lit)
        else None)
    if head is None:
        return None
    stripped = head.lstrip()
    words = stripped.split(None, 1)
    method = "ANY"
    rest = stripped
    if words and words[0].upper() in HTTP_METHODS and (len(words) == 2 or not isinstance(expr, Lit)):
        method = words[0].upper()
        rest = words[1] if len(words) == 2 else ""
    if isinstance(expr, Lit):
        if not rest.startswith("/"):
            return None
        return method, Lit(rest)
    if rest and not rest.startswith("/"):
        return None
    if method == "ANY" and not rest:
        return None  # `${API}/x` alone: not certainly a mock key
    parts = ((Lit(rest),) if rest else ()) + tuple(expr.parts[1:])
    return method, Concat(parts) if len(parts) > 1 else parts[0]


def _is_mock_module(path: str, imports) -> bool:
    """Whether a file holds mocks: under a mock folder of ``path``, an UmiJS page mock,
    or importing (``imports``) a mock library."""
    folders = path.split("/")[:-1]
    if any(f in FOLDERS for f in folders):
        return True
    if posixpath.splitext(posixpath.basename(path))[0] == PAGE_MOCK:
        return True
    return any(i.module in PACKAGES or i.module.startswith(tuple(p + "/" for p in PACKAGES))
               for i in imports)


def _mock_in_workspace(file: str, evaluator) -> bool:
    """Whether ``file`` is a mock module by its path below its workspace root (not by the
    folders the workspace itself lies in) or by its imports."""
    parts = relative_parts(file, evaluator.modules.root_of(file))
    facts = evaluator.facts_of(file)
    return _is_mock_module("/".join(parts) if parts else posixpath.basename(file),
                           facts.imports if facts is not None else ())


def _passes_through(b, resolver) -> bool:
    """Whether an MSW resolver only hands the request on to the network: its body is a
    ``passthrough()`` (v2) or ``req.passthrough()`` (v1) call, or only returns or makes
    such calls."""
    fn = b.unwrap(resolver)
    if fn is None or fn.type not in ("arrow_function", "function_expression", "function"):
        return False
    body = fn.child_by_field_name("body")
    if body is None:
        return False
    if body.type != "statement_block":
        return _is_passthrough(b, body)
    stmts = [st for st in body.named_children if st.type != "comment"]
    if not stmts:
        return False
    for st in stmts:
        if st.type not in ("return_statement", "expression_statement"):
            return False
        value = next((c for c in st.named_children if c.type != "comment"), None)
        if not _is_passthrough(b, value):
            return False
    return True


def _is_passthrough(b, expr) -> bool:
    """Whether ``expr`` is a ``passthrough()`` call (msw's, possibly renamed on import)
    or a ``req.passthrough()`` call."""
    call = b.unwrap(expr)
    if call is None or call.type != "call_expression":
        return False
    fn = b.unwrap(call.child_by_field_name("function"))
    if fn is None:
        return False
    if fn.type == "member_expression":
        prop = fn.child_by_field_name("property")
        return prop is not None and b.text(prop) == "passthrough"
    if fn.type != "identifier":
        return False
    imp = b.import_of(b.text(fn))
    if imp is not None:
        return imp.name == "passthrough" and (imp.module == "msw" or imp.module.startswith("msw/"))
    return b.text(fn) == "passthrough"


FRAMEWORK = Mocks()
