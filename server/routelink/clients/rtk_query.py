"""RTK Query (Redux Toolkit 1.9 / 2.x): each endpoint's ``query`` is a request.

- ``createApi({ baseQuery, endpoints: (build) => ({ name: build.query({ query }),
  other: build.mutation({ query }) }) })`` from ``@reduxjs/toolkit/query/react`` (or
  ``/query``); ``api.injectEndpoints({ endpoints })`` / ``enhanceEndpoints`` add endpoints to
  an api made elsewhere (the base URL is that api's).
- ``query(arg)`` returns the URL (a string or template) or ``{ url, method, body,
  params }``: one request per endpoint, reported where the URL is written; the method
  is the one written, else GET (``fetchBaseQuery``'s default, for ``build.mutation`` too).
  ``params`` is the query string.
- ``queryFn(arg, api, extraOptions, baseQuery)``: each call of its fourth parameter
  (``baseQuery('photos')``, ``baseQuery({ url, method: 'POST' })``) is a request through
  the api's base query, like a ``query``'s URL (reported where written); a ``queryFn``
  that never calls it makes no request of its own.
- The base URL is ``fetchBaseQuery({ baseUrl })`` (joined with the endpoint's URL with
  one ``/``); ``retry(baseQuery, options)`` keeps it; a custom ``baseQuery`` function that
  calls a ``fetchBaseQuery`` client (``baseQueryWithReauth``) sends an endpoint's URL
  through it, so its base (and any prefix it adds) applies.
- A ``fetchBaseQuery`` client called directly (``baseQuery('/auth/refresh', api,
  extraOptions)``, ``baseQuery({ url, method: 'POST' }, ...)``) is a request.
- The generated hooks (``useGetPostsQuery``), ``api.endpoints.x.initiate()`` and
  ``api.util`` are no requests of their own: the endpoint is.
"""

from __future__ import annotations

from routelink.clients.base import ClientLibrary, record_site
from routelink.facts import Lit, Ref

_PACKAGES = ("@reduxjs/toolkit/query/react", "@reduxjs/toolkit/query",
             "@reduxjs/toolkit/dist/query/react", "@reduxjs/toolkit/dist/query")
_ENDPOINT = "<endpoint>"
_INJECT = ("injectEndpoints", "enhanceEndpoints")
_KINDS = ("query", "mutation", "infiniteQuery")
#: a URL no code contains, sent through a custom baseQuery to see what it makes of one
_PROBE = "\u2063rtk-url\u2063"


class RTKQuery(ClientLibrary):
    name = "rtk-query"
    packages = _PACKAGES
    import_names = frozenset({"createApi", "fetchBaseQuery", "retry"})
    request_members = frozenset({_ENDPOINT})
    factory_members = frozenset(_INJECT)
    keywords = (rb"createApi|injectEndpoints|fetchBaseQuery",)

    # ------------------------------------------------------------------ extraction

    def on_call(self, b, call, fn, args, scope):
        if fn.type == "identifier" and scope is not None and scope.lookup(b.text(fn)) is not None:
            return self._base_query_call(b, call, b.text(fn), args, scope)
        if fn.type == "identifier":
            got = b.imported_callee(fn, scope, _PACKAGES)
            imported = got[1] if got is not None and got[1] in self.import_names else None
            if imported is None:
                return False
            if imported == "createApi" and args:
                config = b.unwrap(args[0])
                self._endpoints(b, config, Ref(b.text(fn), (_ENDPOINT,)), (b.expr(config, scope),), scope)
            return True  # making an api or a base query is no request
        if fn.type != "member_expression":
            return False
        prop = fn.child_by_field_name("property")
        if prop is None or b.text(prop) not in _INJECT:
            return False
        api = b.expr(fn.child_by_field_name("object"), scope)
        if args and isinstance(api, Ref) and api.name != "this":
            self._endpoints(b, b.unwrap(args[0]), Ref(api.name, api.attrs + (_ENDPOINT,)), (), scope)
        return True

    def _endpoints(self, b, config, callee, extra, scope):
        """Record each endpoint's ``query`` of ``endpoints: (build) => ({...})``."""
        if config is None or config.type != "object":
            return
        fn = _property(b, config, "endpoints")
        if fn is None:
            return
        params = fn.child_by_field_name("parameters")
        single = fn.child_by_field_name("parameter")
        first = single if single is not None else next(
            (c for c in params.named_children if c.type != "comment"), None) if params is not None else None
        if first is not None and first.type in ("required_parameter", "optional_parameter"):
            first = first.child_by_field_name("pattern")
        build = b.text(first) if first is not None and first.type == "identifier" else None
        for obj in _returned_objects(b, fn):
            for pair in obj.named_children:
                if pair.type != "pair":
                    continue
                value = b.unwrap(pair.child_by_field_name("value"))
                if value is None or value.type != "call_expression":
                    continue
                target = b.unwrap(value.child_by_field_name("function"))
                if target is None or target.type != "member_expression":
                    continue
                prop = target.child_by_field_name("property")
                obj_node = b.unwrap(target.child_by_field_name("object"))
                if prop is None or b.text(prop) not in _KINDS or obj_node is None or \
                        (build is not None and b.text(obj_node) != build):
                    continue
                args = b.args(value)
                definition = b.unwrap(args[0]) if args else None
                query = _property(b, definition, "query") if definition is not None and \
                    definition.type == "object" else None
                query_fn = _property(b, definition, "queryFn") if definition is not None and \
                    definition.type == "object" else None
                if query is None and query_fn is not None and _base_query_param(b, query_fn):
                    # its parameters are unknown values; `on_call` records its calls of
                    # the base query
                    b.inline_function(query_fn, scope)
                    self._helpers(b, query_fn, callee, extra)
                if query is None:
                    continue
                for node, expr in b.inline_function(query, scope):
                    node = b.unwrap(node)
                    url_node = method_node = None
                    if node.type == "object":
                        url_node = b.object_property(node, "url")
                        method_node = b.object_property(node, "method")
                    # reported where the URL is written
                    record_site(b, callee, (expr,) + extra, url_node or node, scope,
                                method_node=method_node)

    def _base_query_call(self, b, call, local, args, scope) -> bool:
        """``baseQuery(url | { url, method })`` with ``baseQuery`` the fourth parameter of
        an endpoint's ``queryFn``: a request of the api's endpoint (see the module
        docstring). False for any other call of a local."""
        fn = call.parent
        while fn is not None:
            if b.is_function(fn) or fn.type == "method_definition":
                if local in _param_names(b, fn):
                    break  # the function whose parameter it is (a callback may be between)
            fn = fn.parent
        if fn is None or _base_query_param(b, fn) != local or not args:
            return False
        holder = fn.parent if fn.type != "method_definition" else fn
        name = (holder.child_by_field_name("key") if holder is not None and holder.type == "pair"
                else holder.child_by_field_name("name") if holder is not None else None)
        if name is None or b.text(name) != "queryFn":
            return False
        api = self._api_of(b, holder, scope)
        if api is None:
            return False
        callee, extra = api
        first = b.unwrap(args[0])
        url_node = method_node = None
        if first is not None and first.type == "object":
            url_node = b.object_property(first, "url")
            method_node = b.object_property(first, "method")
        record_site(b, callee, (b.expr(first, scope),) + extra, url_node or first, scope,
                    method_node=method_node)
        for a in args[1:]:
            b.walk(a, scope)
        return True

    def _helpers(self, b, query_fn, callee, extra) -> None:
        """A ``queryFn`` that hands its base query to a function of this module
        (``startDownload(baseQuery, ids)`` with ``async function startDownload(baseQuery,
        ids) { return baseQuery({ url: 'photos/download', method: 'POST' }) }``): that
        function's calls of the parameter are requests of the endpoint too (its
        parameters are unknown values there)."""
        name = _base_query_param(b, query_fn)
        program = query_fn
        while program.parent is not None:
            program = program.parent
        for call in _calls_in(b, query_fn.child_by_field_name("body")):
            target = b.unwrap(call.child_by_field_name("function"))
            if target is None or target.type != "identifier":
                continue
            args = b.args(call)
            index = next((i for i, a in enumerate(args)
                          if b.unwrap(a) is not None and b.unwrap(a).type == "identifier"
                          and b.text(b.unwrap(a)) == name), None)
            helper = _module_function(b, program, b.text(target)) if index is not None else None
            params = _param_names(b, helper) if helper is not None else []
            if index is None or index >= len(params) or not params[index]:
                continue
            for inner in _calls_in(b, helper.child_by_field_name("body")):
                f = b.unwrap(inner.child_by_field_name("function"))
                iargs = b.args(inner)
                if f is None or f.type != "identifier" or b.text(f) != params[index] or not iargs:
                    continue
                first = b.unwrap(iargs[0])
                url_node = method_node = None
                if first.type == "object":
                    url_node = b.object_property(first, "url")
                    method_node = b.object_property(first, "method")
                record_site(b, callee, (b.expr(first, None),) + extra, url_node or first, None,
                            method_node=method_node)

    def _api_of(self, b, node, scope):
        """(the endpoint callee, its extra arguments) of the ``createApi(...)`` or
        ``api.injectEndpoints(...)`` call ``node`` is written in, else None."""
        n = node.parent
        while n is not None:
            if n.type == "call_expression":
                fn = b.unwrap(n.child_by_field_name("function"))
                args = b.args(n)
                if fn is not None and fn.type == "identifier" and args and \
                        b.import_module(b.text(fn)) in _PACKAGES and \
                        b.text(fn) in b.imported_names(b.import_module(b.text(fn)), "createApi"):
                    return Ref(b.text(fn), (_ENDPOINT,)), (b.expr(b.unwrap(args[0]), scope),)
                prop = fn.child_by_field_name("property") if fn is not None and \
                    fn.type == "member_expression" else None
                if prop is not None and b.text(prop) in _INJECT:
                    api = b.expr(fn.child_by_field_name("object"), scope)
                    if isinstance(api, Ref) and api.name != "this":
                        return Ref(api.name, api.attrs + (_ENDPOINT,)), ()
                    return None
            n = n.parent
        return None

    # ------------------------------------------------------------------ values

    def create(self, ev, parent, member, args, ctx):
        if member in _INJECT:
            return parent  # the same api, more endpoints
        if member is not None:
            return None
        if not args:
            return ev.client(self.name, parent.base, instance=True)  # fetchBaseQuery()
        first = ev.eval(args[0], ctx)
        if getattr(first, "library", None) == self.name:
            return first  # retry(baseQuery, { maxRetries })
        config = ev.object_value(first)
        if config is None:
            return None
        if config.obj.get("baseUrl") is not None:
            return ev.client(self.name, ev.option_strings(config, ("baseUrl",)), instance=True)
        base_query = config.obj.get("baseQuery")
        if base_query is None:
            return ev.client(self.name, (), instance=True)
        return ev.client(self.name, self._base_of(ev, base_query, config.ctx), instance=True)

    def _base_of(self, ev, expr, ctx):
        """The base URL a ``baseQuery`` gives: a ``fetchBaseQuery`` client's, or what a
        custom one puts before the URL it is given."""
        value = ev.eval(expr, ctx)
        if getattr(value, "library", None) == self.name:
            return value.base
        if not isinstance(expr, Ref):
            return ()
        out = []
        for r in ev.requests(expr, (Lit(_PROBE),), ctx):
            if r.client != self.name:
                continue
            pieces = r.url.pieces
            at = next((i for i, p in enumerate(pieces) if isinstance(p, str) and _PROBE in p), None)
            if at is None:
                continue
            head = pieces[:at] + ((pieces[at].split(_PROBE, 1)[0],) if pieces[at].split(_PROBE, 1)[0] else ())
            if r.base is not None:
                head = r.base.pieces + (("/",) if head else ()) + head
            out.append(ev.literal(head))
        return tuple(type(s)(s.pieces, len(s.pieces)) for s in out)  # a named base

    # ------------------------------------------------------------------ requests

    def requests(self, ev, client, member, args, ctx, is_new):
        if not args:
            return []
        base = client.base
        if member == _ENDPOINT and len(args) > 1 and not base:
            made = self.create(ev, client, None, (args[1],), ctx)  # createApi's own config
            base = made.base if made is not None else ()
        value = ev.object_value(ev.eval(args[0], ctx))
        if value is not None:
            url = value.obj.get("url")
            if url is None:
                return []
            method, explicit = ev.method_from_options(args[0], ctx)
            return [ev.request(self.name, method, u, base, explicit) for u in ev.strings(url, value.ctx)]
        return [ev.request(self.name, "GET", u, base, False) for u in ev.strings(args[0], ctx)]


def _property(b, obj, key):
    """The function or value of ``key`` in an object literal: ``key: value`` or a method
    ``key(...) { ... }``."""
    if obj is None or obj.type != "object":
        return None
    value = b.object_property(obj, key)
    if value is not None:
        return b.unwrap(value)
    for c in obj.named_children:
        if c.type == "method_definition":
            name = c.child_by_field_name("name")
            if name is not None and b.text(name) == key:
                return c
    return None


def _base_query_param(b, fn) -> str | None:
    """The name of a ``queryFn``'s fourth parameter (the api's base query), or None."""
    params = fn.child_by_field_name("parameters") if fn is not None else None
    plist = [c for c in params.named_children if c.type != "comment"] if params is not None else []
    if len(plist) < 4:
        return None
    p = plist[3]
    if p.type in ("required_parameter", "optional_parameter"):
        p = p.child_by_field_name("pattern")
    return b.text(p) if p is not None and p.type == "identifier" else None


def _param_names(b, fn) -> list[str]:
    """The names of a function's parameters ("" for a pattern)."""
    params = fn.child_by_field_name("parameters")
    single = fn.child_by_field_name("parameter")
    plist = [c for c in params.named_children if c.type != "comment"] if params is not None \
        else ([single] if single is not None else [])
    out = []
    for p in plist:
        if p.type in ("required_parameter", "optional_parameter"):
            p = p.child_by_field_name("pattern")
        out.append(b.text(p) if p is not None and p.type == "identifier" else "")
    return out


def _calls_in(b, node):
    """The call expressions in a subtree, in source order."""
    out, todo = [], [node] if node is not None else []
    while todo:
        n = todo.pop()
        if n.type == "call_expression":
            out.append(n)
        todo.extend(reversed(n.named_children))
    return out


def _module_function(b, program, name):
    """The function declared at module level as ``name`` (``function name() {}``,
    ``const name = (...) => ...``, exported or not), else None."""
    for st in program.named_children:
        if st.type == "export_statement":
            st = st.child_by_field_name("declaration") or st
        if st.type in ("function_declaration", "generator_function_declaration"):
            n = st.child_by_field_name("name")
            if n is not None and b.text(n) == name:
                return st
        elif st.type in ("lexical_declaration", "variable_declaration"):
            for d in st.named_children:
                n, v = d.child_by_field_name("name"), b.unwrap(d.child_by_field_name("value"))
                if n is not None and b.text(n) == name and v is not None and b.is_function(v):
                    return v
    return None


def _returned_objects(b, fn):
    """The object literals an ``endpoints`` function returns (expression body or the
    ``return`` statements of its body)."""
    if fn is None or not (b.is_function(fn) or fn.type == "method_definition"):
        return []
    body = fn.child_by_field_name("body")
    body = b.unwrap(body)
    if body is None:
        return []
    if body.type == "object":
        return [body]
    out = []
    if body.type == "statement_block":
        for st in body.named_children:
            if st.type == "return_statement":
                value = next(iter(st.named_children), None)
                value = b.unwrap(value)
                if value is not None and value.type == "object":
                    out.append(value)
    return out


CLIENT = RTKQuery()
