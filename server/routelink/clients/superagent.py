"""superagent: ``request.get(url)``, ``request.post(url).send(body)``, ``request(method,
url)``, ``request(url)`` (GET), ``request.del(url)``, and agents from ``request.agent()``.

Follows superagent 8.x / 9.x: the member names the method (``del`` is DELETE);
``request(method, url)`` takes the method first, ``request(url[, callback])`` is a GET;
an agent (``superagent.agent()``) makes the same requests. The URL is used as given
(``.use(prefix)`` plugins are not followed).
"""

from __future__ import annotations

from routelink.clients.base import ClientLibrary

_VERBS = ("get", "post", "put", "patch", "delete", "head", "options")


class Superagent(ClientLibrary):
    name = "superagent"
    packages = ("superagent",)
    import_names = frozenset({"default", "*", "superagent"})
    request_members = frozenset({*_VERBS, "del"})
    factory_members = frozenset({"agent"})
    keywords = (rb"superagent",)

    def create(self, ev, parent, member, args, ctx):
        if member != "agent":
            return None
        return ev.client(self.name, parent.base, instance=True)

    def requests(self, ev, client, member, args, ctx, is_new):
        if not args:
            return []
        if member is not None:
            method = "DELETE" if member == "del" else member.upper()
            return [ev.request(self.name, method, u, client.base) for u in ev.strings(args[0], ctx)]
        # request(method, url) | request(url[, callback])
        first = ev.strings(args[0], ctx)
        verbs = {s.pieces[0].upper() for s in first
                 if len(s.pieces) == 1 and isinstance(s.pieces[0], str) and s.pieces[0].lower() in _VERBS}
        if len(args) > 1 and verbs and len(verbs) == len(first):
            method = verbs.pop() if len(verbs) == 1 else None
            return [ev.request(self.name, method, u, client.base) for u in ev.strings(args[1], ctx)]
        return [ev.request(self.name, "GET", u, client.base, False) for u in first]


CLIENT = Superagent()
