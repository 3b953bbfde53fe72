"""The Fetch API: ``fetch(url, init)``, also ``window.fetch`` / ``globalThis.fetch``, and
the packages that provide it to Node code under the same shape: ``node-fetch`` (2.x,
3.x), ``cross-fetch``, ``isomorphic-fetch`` (default export), and undici 6's ``fetch``
and ``request(url, { method })`` (imported, ``require``-d or default-imported).

Follows the WHATWG Fetch standard: the method comes from ``init.method`` (GET when
absent); the URL is used as given (a relative URL reaches the page's own origin).
"""

from __future__ import annotations

from routelink.clients.base import ClientLibrary


#: packages whose export is a fetch function: package -> the names bound to it
_FETCH_PACKAGES = {
    "node-fetch": frozenset({"default", "*", "fetch"}),
    "cross-fetch": frozenset({"default", "*", "fetch"}),
    "isomorphic-fetch": frozenset({"default", "*", "fetch"}),
    "undici": frozenset({"fetch", "request"}),
}


class Fetch(ClientLibrary):
    name = "fetch"
    packages = tuple(_FETCH_PACKAGES)
    globals = ("fetch",)
    #: objects whose ``fetch`` member is the global fetch
    global_objects = ("window", "globalThis", "self")
    keywords = (rb"fetch",)

    def from_import(self, module, name):
        return name in _FETCH_PACKAGES.get(module, ())

    def requests(self, ev, client, member, args, ctx, is_new):
        if member is not None or not args:
            return []
        method, explicit = ev.method_from_options(args[1] if len(args) > 1 else None, ctx)
        return [ev.request(self.name, method, s, None, explicit) for s in ev.strings(args[0], ctx)]

    def method_edit(self, style, span, method):
        if style == "insert" and span is not None:
            return span, f", {{ method: '{method}' }}"
        return super().method_edit(style, span, method)


CLIENT = Fetch()
