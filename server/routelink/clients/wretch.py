"""wretch: ``wretch(url, options)`` makes an instance, ``.url(path)`` appends to its URL,
``.get(url?)``, ``.delete(url?)``, ``.head(url?)``, ``.opts(url?)``, ``.post(body?, url?)``,
``.put(body?, url?)``, ``.patch(body?, url?)`` and ``.fetch(method?, url?, body?)`` send
the request.

Follows wretch 2.x (``types.d.ts`` of wretch 2.2-2.11 and its README): every method but
the verbs returns a fresh instance (``url``, ``json(body)``, ``body``, ``headers``,
``auth``, ``content``, ``accept``, ``options``, ``catcher``, ``resolve``, ``defer``,
``middlewares``, ``addon``, ``errorType``, ``polyfills``; the addons' ``query``,
``formData``, ``formUrl``, ``signal``); ``url(path)`` appends ``path`` to the URL as
text; a verb's own ``url`` argument is appended too. Calling ``wretch(url)`` is no
request. A module-level instance (``export const api = wretch(BASE).addon(Q).resolve(f)``)
is a client whose base URL is its URL; a chain ending in a verb
(``api.url('/x').json(body).post()``, ``wretch().url(u).get()``) is recorded as one call
of the chain's root with the URL of every ``url(...)`` step (see :meth:`Wretch.on_call`).
Not followed: ``url(path, true)`` (replaces the URL; the chain is then read as if it
appended), options' ``method``, wretch 1.x verbs (their argument was fetch options, not a
URL: no URL string is read from an object).
"""

from __future__ import annotations

import dataclasses

from routelink.clients.base import ClientLibrary
from routelink.facts import Concat, Dyn, Lit, Ref

#: verb -> index of its URL argument (``fetch(method, url, body)`` also reads its method)
_VERBS = dict(get=0, delete=0, head=0, opts=0, post=1, put=1, patch=1, fetch=1)
#: ``fetch(method, url, body)``: the verb whose first argument is the method (written as
#: a keyword: the name of another client library may not be a literal here)
_METHOD_FIRST = frozenset(dict(fetch=None))
_METHODS = {"opts": "OPTIONS"}
#: methods that return a new wretch instance (core and the bundled addons)
_CHAIN = frozenset({
    "url", "json", "body", "headers", "auth", "content", "accept", "options", "catcher",
    "catcherFallback", "resolve", "defer", "middlewares", "addon", "errorType", "polyfills",
    "query", "formData", "formUrl", "signal", "setTimeout", "progress",
})


class Wretch(ClientLibrary):
    """wretch 2: ``wretch(base)`` instances, ``.url(path)``, verbs (``post(body,
    url)``) and chains ending in a verb (see the module docstring)."""

    name = "wretch"
    packages = ("wretch",)
    import_names = frozenset({"default", "*", "wretch"})
    request_members = frozenset(_VERBS)
    factory_members = _CHAIN
    chain_members = _CHAIN
    callable = False
    keywords = (rb"wretch",)

    def create(self, ev, parent, member, args, ctx):
        """``wretch(url)``: an instance whose base is ``url``; ``instance.url(path)``: one
        whose base is the parent's with ``path`` appended; any other chain method: the
        same URL."""
        if member is None:
            base = tuple(ev.strings(args[0], ctx)) if args else ()
            return ev.client(self.name, base, instance=True)
        if member == "url" and args:
            return ev.client(self.name, _append(parent.base, ev.strings(args[0], ctx)), instance=True)
        if member in self.factory_members:
            return ev.client(self.name, parent.base, instance=True)
        return None

    def requests(self, ev, client, member, args, ctx, is_new):
        """``client.verb(...)``: the verb names the method (``fetch``'s first argument);
        the URL argument, when there is one, is appended to the instance's URL."""
        if member not in _VERBS:
            return []
        index = _VERBS[member]
        if member in _METHOD_FIRST:
            first = args[0] if args else None
            method = first.value.upper() if isinstance(first, Lit) else "GET" if first is None else None
        else:
            method = _METHODS.get(member, member.upper())
        urls = ev.strings(args[index], ctx) if len(args) > index and not _no_value(args[index]) else []
        if not urls:
            return [ev.request(self.name, method, u) for u in client.base] if client.base else []
        if not client.base:
            return [ev.request(self.name, method, u) for u in urls]
        return [ev.request(self.name, method, u) for u in _append(client.base, urls)]

    def on_call(self, b, call, fn, args, scope):
        """A verb called on a chain (``api.url(`/x/${id}`).json(body).post()``,
        ``wretch(BASE).get('/x')``): recorded as ``root.verb(...)`` with the URL of
        every ``url(...)`` step and of the verb joined in one argument, so a parameter
        in it makes the enclosing function a wrapper as for any call. A verb called on a
        name directly is the extractor's."""
        if fn.type != "member_expression":
            return False
        prop = fn.child_by_field_name("property")
        verb = b.text(prop) if prop is not None else ""
        if verb not in _VERBS:
            return False
        base, chain = b.call_chain(call)
        if base is None or not chain or any(m not in _CHAIN for m, _ in chain[:-1]):
            return False
        base = b.unwrap(base)
        urls: list = []
        url_node = None
        if base.type == "call_expression":
            f = b.unwrap(base.child_by_field_name("function"))
            imp = b.import_of(b.text(f)) if f is not None and f.type == "identifier" else None
            if imp is None or not self.from_import(imp.module, imp.name):
                return False
            root = Ref(b.text(f), (verb,))
            first = b.args(base)
            if first:
                urls.append(b.expr(first[0], scope))
                url_node = first[0]
        else:
            if len(chain) < 2:
                return False
            ref = b.ref_of(base)
            root = b.request_callee(Ref(ref.name, ref.attrs + (verb,)), scope) if ref is not None else None
            if root is None:
                return False
        for member, node in chain[:-1]:
            step = b.args(node)
            if member == "url" and step:
                urls.append(b.expr(step[0], scope))
                url_node = step[0]
        own = args[_VERBS[verb]] if len(args) > _VERBS[verb] else None
        if own is not None:
            urls.append(b.expr(own, scope))
            url_node = own
        url = Concat(tuple(urls)) if len(urls) > 1 else urls[0] if urls else Dyn("none")
        if verb in _METHOD_FIRST:
            site_args = (b.expr(args[0], scope) if args else Lit("GET"), url)
        else:
            site_args = (Dyn("none"),) * _VERBS[verb] + (url,)
        at = url_node if url_node is not None else call
        b.add_request_site(root, site_args, b.span(call), b.span(b.unwrap(at)),
                           b.text(b.unwrap(at)), scope, b.span(prop), "member")
        return True


def _no_value(expr) -> bool:
    return isinstance(expr, Dyn) and expr.kind == "none"


def _append(bases, urls):
    """Each base URL with each path appended as text (wretch's ``url(path)``)."""
    out = []
    for b in bases:
        for u in urls:
            out.append(dataclasses.replace(
                b, pieces=b.pieces + u.pieces, env=b.env + u.env,
                unknown_env=b.unknown_env or u.unknown_env))
    return tuple(out)


CLIENT = Wretch()
