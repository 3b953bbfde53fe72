"""ky: ``ky(input, options)``, ``ky.get/post/put/patch/delete/head(input, options)``,
instances from ``ky.create(options)`` / ``ky.extend(options)`` (also on an instance).

Follows ky 1.x: ``options.method`` (GET when absent) for ``ky(input)``; the member names
the method otherwise; ``prefixUrl`` (also ``prefix``) is joined before the input; an
instance made by ``extend`` keeps its parent's prefix unless it sets its own.
"""

from __future__ import annotations

from routelink.clients.base import ClientLibrary, url_then_options

_MEMBERS = frozenset({"get", "post", "put", "patch", "delete", "head"})


class Ky(ClientLibrary):
    name = "ky"
    packages = ("ky", "ky-universal")
    import_names = frozenset({"default", "*", "ky"})
    request_members = _MEMBERS
    factory_members = frozenset({"create", "extend"})
    keywords = (rb"\bky\b",)

    def create(self, ev, parent, member, args, ctx):
        if member not in self.factory_members:
            return None
        options = ev.eval(args[0], ctx) if args else None
        base = ev.option_strings(options, ("prefixUrl", "prefix"))
        return ev.client(self.name, base or parent.base, instance=True)

    def requests(self, ev, client, member, args, ctx, is_new):
        """``ky(url, options)`` / ``ky.verb(url, options)``, base ``prefixUrl``."""
        return url_then_options(ev, self.name, client, member, args, ctx, ("prefixUrl", "prefix"))


CLIENT = Ky()
