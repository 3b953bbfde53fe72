"""jQuery's Ajax functions: ``$.ajax(settings)``, ``$.ajax(url, settings)``, ``$.get``,
``$.post``, ``$.getJSON`` (also on ``jQuery``, on the ``jquery`` package's export, and
Zepto's identical API).

Follows jQuery 3.x: ``settings.method`` (or its older alias ``type``) gives the method,
GET when absent; ``$.get(url, data, success, dataType)`` / ``$.post(...)`` /
``$.getJSON(...)`` name theirs and also take one settings object (``$.get({ url })``);
``settings.url`` absent means the current page (no API call). ``$(selector)`` is no
request.
"""

from __future__ import annotations

from routelink.clients.base import ClientLibrary
from routelink.facts import Arg, Obj, Ref

_MEMBERS = {"ajax": None, "get": "GET", "post": "POST", "getJSON": "GET"}


class JQuery(ClientLibrary):
    name = "jquery"
    packages = ("jquery", "zepto")
    import_names = frozenset({"default", "*", "$", "jQuery"})
    globals = ("$", "jQuery")
    request_members = frozenset(_MEMBERS)
    callable = False
    keywords = (rb"(?:\$|jQuery)\.(?:ajax|get|post|getJSON)\b",)

    def requests(self, ev, client, member, args, ctx, is_new):
        if not args or member not in _MEMBERS:
            return []
        written = _MEMBERS[member]
        first = ev.eval(args[0], ctx) if isinstance(args[0], (Obj, Ref, Arg)) else None
        settings_expr = None
        if ev.object_value(first) is not None:
            settings_expr = args[0]  # $.ajax({ url, type })
            settings = ev.object_value(first)
            url = settings.obj.get("url")
            if url is None:
                return []
            urls, uctx = url, settings.ctx
        else:
            urls, uctx = args[0], ctx
            if member == "ajax" and len(args) > 1:
                settings_expr = args[1]  # $.ajax(url, { type })
        if written is not None:
            method, explicit = written, True
        else:
            method, explicit = ev.method_from_options(settings_expr, ctx)
            if not explicit:
                method, explicit = ev.method_from_options(settings_expr, ctx, key="type")
        return [ev.request(self.name, method, u, None, explicit) for u in ev.strings(urls, uctx)]


CLIENT = JQuery()
