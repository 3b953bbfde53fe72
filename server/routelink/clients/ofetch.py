"""ofetch and Nuxt's fetch helpers: ``ofetch(url, options)`` / ``$fetch(url, options)``,
``ofetch.create({ baseURL })`` / ``$fetch.create(...)`` (also on an instance), and Nuxt's
``useFetch`` / ``useLazyFetch`` composables and ``useRequestFetch()`` (auto-imported
globals, or imported from ``#app`` / ``#imports`` / ``nuxt/app``).

Follows ofetch 1.x and Nuxt 3: ``options.method`` (GET when absent), ``options.baseURL``
prepended to a relative URL (an instance keeps its parent's unless it sets one);
``ofetch.raw``/``$fetch.raw``/``$fetch.native`` behave like the call itself;
``useRequestFetch()`` returns a ``$fetch`` (forwarding the request's headers on the
server), so calling its result is a request (also at once: ``useRequestFetch()(url)``). ``useFetch(() => url)`` (a getter) uses the
URL it returns.
"""

from __future__ import annotations

from routelink.clients.base import ClientLibrary, record_site
from routelink.facts import Alt, Ref

_COMPOSABLES = ("useFetch", "useLazyFetch")
_REQUEST_FETCH = "useRequestFetch"


class OFetch(ClientLibrary):
    name = "ofetch"
    packages = ("ofetch", "ohmyfetch", "#app", "nuxt/app", "#imports")
    import_names = frozenset({"ofetch", "$fetch", "default", "useFetch", "useLazyFetch",
                              "useRequestFetch"})
    globals = ("$fetch", "ofetch", "useFetch", "useLazyFetch", "useRequestFetch")
    request_members = frozenset({"raw", "native"})
    factory_members = frozenset({"create"})
    keywords = (rb"ofetch|\$fetch|useFetch|useLazyFetch|useRequestFetch",)

    def create(self, ev, parent, member, args, ctx):
        if member is None and not args:
            return parent  # useRequestFetch(): a $fetch
        if member != "create":
            return None
        options = ev.eval(args[0], ctx) if args else None
        base = ev.option_strings(options, ("baseURL", "baseUrl"))
        return ev.client(self.name, base or parent.base, instance=True)

    def callee(self, b, fn, args):
        """``useRequestFetch()(url, options)``: the ``$fetch`` it returns, called at once,
        is a call of ``useRequestFetch`` itself (as ``const f = useRequestFetch(); f(url)``
        is): the name as written, global or imported from Nuxt."""
        fn = b.unwrap(fn)
        if fn is None or fn.type != "call_expression" or b.args(fn) or not args:
            return None
        inner = b.unwrap(fn.child_by_field_name("function"))
        if inner is None or inner.type != "identifier":
            return None
        name = b.text(inner)
        imp = b.import_of(name)
        if (imp is None and name == _REQUEST_FETCH) or (
                imp is not None and imp.module in self.packages and imp.name == _REQUEST_FETCH):
            return Ref(name)
        return None

    def on_call(self, b, call, fn, args, scope):
        """``useFetch(() => `/api/items/${id}`)``: the URL is what the getter returns."""
        if fn.type != "identifier" or b.text(fn) not in _COMPOSABLES:
            return False
        name = b.text(fn)
        if (scope is not None and scope.lookup(name) is not None) or name in b.values:
            return False
        if not args or not b.is_function(args[0]):
            return False
        returns = b.inline_function(args[0], scope)
        urls = tuple(e for _, e in returns)
        if urls:
            url = urls[0] if len(urls) == 1 else Alt(urls)
            rest = tuple(b.expr(a, scope) for a in args[1:2])
            record_site(b, Ref(name), (url,) + rest, call, scope, url_node=returns[0][0])
        return True

    def requests(self, ev, client, member, args, ctx, is_new):
        if not args:
            return None if member is None else []  # useRequestFetch(): makes a client
        options = args[1] if len(args) > 1 else None
        method, explicit = ev.method_from_options(options, ctx)
        base = client.base
        if options is not None:
            base = ev.option_strings(ev.eval(options, ctx), ("baseURL", "baseUrl")) or base
        return [ev.request(self.name, method, s, base, explicit) for s in ev.strings(args[0], ctx)]


CLIENT = OFetch()
