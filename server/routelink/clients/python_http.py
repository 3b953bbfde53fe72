"""What the Python HTTP client libraries share: a module whose functions make requests
(``lib.get(url, ...)``, ``lib.request(method, url, ...)``), classes that make clients
(sessions) with the same request methods and maybe a base URL, and Python's keyword
arguments.

A Python library is a :class:`PythonHttpClient` (``language = "python"``): the Python
extractor (:mod:`routelink.extract.python.calls`) records the call sites of modules that
import one of its :attr:`~PythonHttpClient.packages`, with the call's arguments as
expressions: the positional ones in order, then, when keywords are given, one trailing
:class:`~routelink.facts.Obj` of them (``requests.post(url, json=body)`` ->
``(url, Obj((("json", body),)))``), the shape :func:`routelink.extract.python.nodes.to_expr`
gives keyword arguments. Python code is backend code: these requests are outbound
(``side="server"``) unless they reach a backend of the workspace
(``resolve_file_calls``).
"""

from __future__ import annotations

from routelink.clients.base import ClientLibrary
from routelink.facts import Expr, Lit, Obj

#: members named after the HTTP method they send
VERB_MEMBERS = frozenset({"get", "post", "put", "patch", "delete", "head", "options"})


def split_args(args: tuple[Expr, ...]) -> tuple[tuple[Expr, ...], Obj | None]:
    """(positional arguments, keyword arguments) of a recorded Python call: the keywords
    are the trailing :class:`~routelink.facts.Obj` when there is one."""
    if args and isinstance(args[-1], Obj):
        return args[:-1], args[-1]
    return args, None


class PythonHttpClient(ClientLibrary):
    """A Python HTTP client library. Subclasses set ``name``, ``packages``,
    ``request_members`` (the module's and its clients' request methods),
    ``factory_members`` (classes that make a client: ``Session``, ``Client``) and
    :attr:`base_keywords` (the keyword arguments of a factory that set its base URL)."""

    language = "python"
    import_names = frozenset({"*"})
    callable = False
    #: keyword arguments of a factory that set the client's base URL (``base_url``)
    base_keywords: tuple[str, ...] = ()
    #: members whose first argument is the method and second the URL
    #: (``request(method, url)``, httpx's ``stream(method, url)``)
    method_first: frozenset[str] = frozenset({"request"})

    def from_import(self, module: str, name: str) -> bool:
        """``import requests`` (name ``*``), and the functions and classes the package
        exports (``from httpx import AsyncClient``, ``from requests import post``)."""
        return module in self.packages and (
            name == "*" or name in self.request_members or name in self.factory_members)

    def create(self, ev, parent, member, args, ctx):
        """``Session()``, ``Client(base_url=...)``: a client with the base URL the
        factory's keyword arguments set (none for a session of ``requests``)."""
        if member not in self.factory_members:
            return None
        _, keywords = split_args(args)
        base: tuple = ()
        if keywords is not None and self.base_keywords:
            base = ev.option_strings(ev.eval(keywords, ctx), self.base_keywords)
        return ev.client(self.name, base or parent.base, instance=True)

    def requests(self, ev, client, member, args, ctx, is_new):
        """``get(url, ...)`` (the member is the method), ``request(method, url, ...)``;
        either may be given by keyword (``url=...``, ``method=...``)."""
        if member is None:
            return []
        positional, keywords = split_args(args)
        kw = dict(keywords.items) if keywords is not None else {}
        if member in self.method_first:
            method_expr = positional[0] if positional else kw.get("method")
            url = positional[1] if len(positional) > 1 else kw.get("url")
            method = _method(ev, method_expr, ctx)
            explicit = method is not None
        else:
            url = positional[0] if positional else kw.get("url")
            method, explicit = (member.upper() if member in VERB_MEMBERS else None), True
        if url is None:
            return []
        return [ev.request(self.name, method, s, client.base, explicit)
                for s in ev.strings(url, ctx)]


def _method(ev, expr: Expr | None, ctx) -> str | None:
    """The one HTTP method an expression gives (``"POST"``, a constant), else None."""
    if expr is None:
        return None
    if isinstance(expr, Lit):
        return expr.value.upper() or None
    strs = ev.strings(expr, ctx)
    values = {s.pieces[0].upper() for s in strs
              if len(s.pieces) == 1 and isinstance(s.pieces[0], str)}
    return values.pop() if len(values) == 1 and len(strs) == 1 else None
