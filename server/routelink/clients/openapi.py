"""Generated OpenAPI clients, recognised by the literal ``{ method, url }`` they pass.

- openapi-typescript-codegen: ``__request(OpenAPI, { method: 'GET', url:
  '/api/v1/items/{id}' })``;
- @hey-api/openapi-ts: ``client.post({ url: '/api/v1/login' })``, also on an unnamed
  object (``(options.client ?? client).get({ url })``).

The URL is an OpenAPI path template: ``{id}`` is one path segment. Used only when the
callee is no known client or wrapper.
"""

from __future__ import annotations

import re

from routelink.clients.base import ClientLibrary
from routelink.facts import Dyn, Lit, Obj, Ref

_VERBS = ("get", "post", "put", "patch", "delete", "head", "options")
_TEMPLATE_PARAM = re.compile(r"(\{[^{}/]+\})")


class OpenAPI(ClientLibrary):
    name = "openapi"
    callable = False

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
            return [ev.request(self.name, method.value.upper(), ev.literal(tuple(pieces)))]
        return []


CLIENT = OpenAPI()
