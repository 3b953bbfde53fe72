"""aiohttp (3.x) client: sessions made by ``aiohttp.ClientSession(base_url=...)`` (usually
``async with aiohttp.ClientSession() as session: async with session.get(url) as r:``)
with ``get/post/put/patch/delete/head/options(url, ...)``, ``request(method, url, ...)``
and ``ws_connect(url)`` (a WebSocket); the module's own ``aiohttp.request(method, url)``.
A session's ``base_url`` (3.8+) is joined before a relative URL.
"""

from __future__ import annotations

from routelink.clients.python_http import VERB_MEMBERS, PythonHttpClient


class Aiohttp(PythonHttpClient):
    """aiohttp 3: ``aiohttp.ClientSession(base_url=...)`` and its ``get/post/.../request``
    and ``ws_connect`` (see the module docstring)."""

    name = "aiohttp"
    packages = ("aiohttp",)
    request_members = VERB_MEMBERS | {"request", "ws_connect"}
    factory_members = frozenset({"ClientSession"})
    base_keywords = ("base_url",)
    keywords = (rb"(?m:^[ \t]*(?:import|from)[ \t][^\n]*\baiohttp\b)",)

    def requests(self, ev, client, member, args, ctx, is_new):
        got = super().requests(ev, client, member, args, ctx, is_new)
        if member == "ws_connect":
            return [ev.request(self.name, "WS", r.url, r.base, True) for r in got]
        return got


CLIENT = Aiohttp()
