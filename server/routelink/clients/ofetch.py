"""ofetch and Nuxt's fetch helpers: ``ofetch(url, options)`` / ``$fetch(url, options)``,
``ofetch.create({ baseURL })`` / ``$fetch.create(...)``, and Nuxt's ``useFetch`` /
``useLazyFetch`` composables (auto-imported globals).

Follows ofetch 1.x and Nuxt 3: ``options.method`` (GET when absent), ``options.baseURL``
prepended to a relative URL; ``ofetch.raw``/``$fetch.raw`` behave like the call itself.
"""

from __future__ import annotations

from routelink.clients.base import ClientLibrary


class OFetch(ClientLibrary):
    name = "ofetch"
    packages = ("ofetch", "ohmyfetch", "#app", "nuxt/app", "#imports")
    import_names = frozenset({"ofetch", "$fetch", "default", "useFetch", "useLazyFetch"})
    globals = ("$fetch", "ofetch", "useFetch", "useLazyFetch")
    request_members = frozenset({"raw", "native"})
    factory_members = frozenset({"create"})
    keywords = (rb"ofetch|\$fetch|useFetch|useLazyFetch",)

    def create(self, ev, parent, member, args, ctx):
        if member != "create":
            return None
        options = ev.eval(args[0], ctx) if args else None
        base = ev.option_strings(options, ("baseURL", "baseUrl"))
        return ev.client(self.name, base or parent.base, instance=True)

    def requests(self, ev, client, member, args, ctx, is_new):
        if not args:
            return []
        options = args[1] if len(args) > 1 else None
        method, explicit = ev.method_from_options(options, ctx)
        base = client.base
        if options is not None:
            base = ev.option_strings(ev.eval(options, ctx), ("baseURL", "baseUrl")) or base
        return [ev.request(self.name, method, s, base, explicit) for s in ev.strings(args[0], ctx)]


CLIENT = OFetch()
