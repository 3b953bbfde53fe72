"""Generated OpenAPI clients, recognised by the literal ``{ method, url }`` they pass.

- openapi-typescript-codegen: ``__request(OpenAPI, { method: 'GET', url:
  '/api/v1/items/{id}' })``;
- @hey-api/openapi-ts: ``client.post({ url: '/api/v1/login' })``, also on an unnamed
  object (``(options.client ?? client).get({ url })``).

These are used only when the callee is no known client or wrapper. The base URL of such a
client is set where routelink does not read it (``OpenAPI.BASE``, ``client.setConfig({
baseUrl })``), so the origin of these requests is unknown: no dev-server proxy is applied
to them and they are not taken to stay on the dev server. And the typed clients
over generated ``paths`` types:

- openapi-fetch (0.x): ``const client = createClient<paths>({ baseUrl })``,
  ``client.GET('/blogposts/{post_id}', { params })``, ``client.POST(...)``...;
- openapi-react-query: ``const $api = createClient(client)``, ``$api.useQuery('get',
  '/blogposts/{post_id}')``, ``useMutation('patch', path)``, ``useSuspenseQuery``,
  ``useInfiniteQuery``, ``queryOptions``.

The URL is an OpenAPI path template: ``{id}`` is one path segment.
"""

from __future__ import annotations

import re
from dataclasses import replace

from routelink.clients.base import ClientLibrary
from routelink.facts import Dyn, Lit, Obj, Ref

_VERBS = ("get", "post", "put", "patch", "delete", "head", "options")
#: openapi-react-query members: (method, path, ...)
_QUERY_MEMBERS = ("useQuery", "useMutation", "useSuspenseQuery", "useInfiniteQuery", "queryOptions")
_TEMPLATE_PARAM = re.compile(r"(\{[^{}/]+\})")


class OpenAPI(ClientLibrary):
    name = "openapi"
    callable = False
    packages = ("openapi-fetch", "openapi-react-query")
    import_names = frozenset({"default", "createClient"})
    request_members = frozenset({*(v.upper() for v in _VERBS), "TRACE", *_QUERY_MEMBERS})
    keywords = (rb"openapi-fetch|openapi-react-query",)

    def create(self, ev, parent, member, args, ctx):
        if member is not None:
            return None
        if not args:
            return ev.client(self.name, (), instance=True)
        first = ev.eval(args[0], ctx)
        if getattr(first, "library", None) == self.name:
            return first  # openapi-react-query over an openapi-fetch client
        return ev.client(self.name, ev.option_strings(first, ("baseUrl",)), instance=True)

    def requests(self, ev, client, member, args, ctx, is_new):
        if member in _QUERY_MEMBERS:
            if len(args) < 2:
                return []
            methods = ev.strings(args[0], ctx)
            lits = {s.pieces[0].upper() for s in methods
                    if len(s.pieces) == 1 and isinstance(s.pieces[0], str)}
            method = lits.pop() if len(lits) == 1 and len(methods) == 1 else None
            path = args[1]
        elif member is not None and args:
            method, path = member, args[0]
        else:
            return []
        return [ev.request(self.name, method, _templated(ev, u), client.base)
                for u in ev.strings(path, ctx)]

    def callee(self, b, fn, args):
        if fn.type != "member_expression" or not args or b.unwrap(args[0]).type != "object":
            return None
        prop = fn.child_by_field_name("property")
        verb = b.text(prop) if prop is not None else ""
        if verb not in _VERBS + ("request",):
            return None
        if b.object_property(b.unwrap(args[0]), "url") is None:
            return None
        return Ref("<client>", (verb,))

    def fallback_requests(self, ev, callee, args, ctx):
        name = (callee.attrs[-1] if callee.attrs else callee.name).lstrip("_").lower()
        if name != "request" and name not in _VERBS:
            return []
        for a in args[:2]:
            if not isinstance(a, Obj):
                continue
            url = a.get("url")
            method = a.get("method") if name == "request" else Lit(name)
            if not (isinstance(url, Lit) and isinstance(method, Lit)):
                continue
            pieces: list[str | Dyn] = []
            for part in _TEMPLATE_PARAM.split(url.value):
                if part.startswith("{") and part.endswith("}"):
                    pieces.append(Dyn("segment"))
                elif part:
                    pieces.append(part)
            # the generated client's base URL is configured out of sight: unknown origin
            url = replace(ev.literal(tuple(pieces)), origin_unknown=True)
            return [ev.request(self.name, method.value.upper(), url)]
        return []


def _templated(ev, url):
    """A URL whose OpenAPI ``{name}`` parameters are holes of one segment."""
    pieces: list = []
    named = 0
    for i, p in enumerate(url.pieces):
        if not isinstance(p, str):
            pieces.append(p)
        else:
            for part in _TEMPLATE_PARAM.split(p):
                if part.startswith("{") and part.endswith("}"):
                    pieces.append(Dyn("segment"))
                elif part:
                    pieces.append(part)
        if i + 1 == url.named_len:
            named = len(pieces)  # the named base keeps its extent
    return type(url)(tuple(pieces), named, url.origin_unknown)


CLIENT = OpenAPI()
