"""The Fetch API: ``fetch(url, init)``, also ``window.fetch`` / ``globalThis.fetch``, and
the packages that provide it to Node code under the same shape: ``node-fetch`` (2.x,
3.x), ``cross-fetch``, ``isomorphic-fetch`` (default export), and undici 6's ``fetch``
and ``request(url, { method })`` (imported, ``require``-d or default-imported).

SvelteKit's ``fetch`` (the one a load function, a form action, an endpoint or a hook
gets in its event: ``load({ fetch })``, ``event.fetch``) is the same API (:meth:`Fetch.on_call`).

Follows the WHATWG Fetch standard: the method comes from ``init.method`` (GET when
absent); the URL is used as given (a relative URL reaches the page's own origin).
"""

from __future__ import annotations

import re

from routelink.clients.base import ClientLibrary
from routelink.facts import Arg, Ref


#: packages whose export is a fetch function: package -> the names bound to it
_FETCH_PACKAGES = {
    "node-fetch": frozenset({"default", "*", "fetch"}),
    "cross-fetch": frozenset({"default", "*", "fetch"}),
    "isomorphic-fetch": frozenset({"default", "*", "fetch"}),
    "undici": frozenset({"fetch", "request"}),
}
#: SvelteKit files whose functions receive SvelteKit's fetch in their event
_SVELTEKIT_FILE = re.compile(r"(?:^|/)(?:\+(?:page|layout)(?:\.server)?|\+server|hooks(?:\.server|\.client)?)"
                             r"\.(?:ts|js|mjs)$")


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

    def on_call(self, b, call, fn, args, scope):
        """SvelteKit's ``fetch`` (kit 1/2): the ``fetch`` a load function, a form action,
        an endpoint or a hook receives in its event (``load({ fetch })``, ``{ fetch: f }``,
        ``event.fetch(url)``) in ``+page(.server)``, ``+layout(.server)``, ``+server`` and
        ``hooks`` files is the Fetch API resolving relative URLs against the app's own
        origin: recorded as a call of the global ``fetch``. A ``Request`` handed on
        unchanged (``handleFetch``'s ``fetch(request)``) is no request of its own."""
        if not args or scope is None or not _SVELTEKIT_FILE.search(b.path or ""):
            return False
        ref = b.ref_of(fn)
        if ref is None or ref.name == "this":
            return False
        bound = scope.lookup(ref.name)
        if not isinstance(bound, Arg):
            return False
        if not (ref.attrs == () and bound.attrs == (self.globals[0],)
                or ref.attrs == (self.globals[0],) and bound.attrs == ()):
            return False
        first = b.unwrap(args[0])
        if first is not None and first.type == "identifier" and isinstance(scope.lookup(b.text(first)), Arg):
            return True  # fetch(request): the incoming request passed on
        exprs = tuple(b.expr(a, scope) for a in args[:2])
        b.add_request_site(Ref(self.globals[0]), exprs, b.span(call), b.span(first), b.text(first), scope)
        return True

    def method_edit(self, style, span, method):
        if style == "insert" and span is not None:
            return span, f", {{ method: '{method}' }}"
        return super().method_edit(style, span, method)


CLIENT = Fetch()
