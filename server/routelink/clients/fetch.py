"""The Fetch API: ``fetch(url, init)``, also ``window.fetch`` / ``globalThis.fetch``.

Follows the WHATWG Fetch standard: the method comes from ``init.method`` (GET when
absent); the URL is used as given (a relative URL reaches the page's own origin).
"""

from __future__ import annotations

from routelink.clients.base import ClientLibrary


class Fetch(ClientLibrary):
    name = "fetch"
    globals = ("fetch",)
    #: objects whose ``fetch`` member is the global fetch
    global_objects = ("window", "globalThis", "self")
    keywords = (rb"fetch",)

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
