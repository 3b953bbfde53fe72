"""XMLHttpRequest: ``const xhr = new XMLHttpRequest(); xhr.open('POST', url)``.

Follows the WHATWG XMLHttpRequest standard: ``open(method, url[, async, user,
password])`` names the request (the method is case-insensitive). The request is reported
at ``open`` when the object it is called on is a ``new XMLHttpRequest()`` bound to a
local or module-level name; the constructor alone is no request.
"""

from __future__ import annotations

from routelink.clients.base import ClientLibrary, record_site
from routelink.facts import CallExpr, Ref

_OPEN = "<open>"


class XHR(ClientLibrary):
    name = "xhr"
    globals = ("XMLHttpRequest",)
    request_members = frozenset({_OPEN})
    callable = False
    keywords = (rb"XMLHttpRequest",)

    def on_call(self, b, call, fn, args, scope):
        if fn.type != "member_expression":
            return False
        prop = fn.child_by_field_name("property")
        obj = fn.child_by_field_name("object")
        if prop is None or obj is None or b.text(prop) != "open" or obj.type != "identifier":
            return False
        name = b.text(obj)
        bound = scope.lookup(name) if scope is not None else None
        if bound is None:
            bound = b.values.get(name)
        if not (isinstance(bound, CallExpr) and bound.new and bound.callee == Ref("XMLHttpRequest")):
            return False
        exprs = tuple(b.expr(a, scope) for a in args[:2])
        if len(exprs) == 2:
            record_site(b, Ref("XMLHttpRequest", (_OPEN,)), exprs, call, scope, url_node=args[1],
                        method_node=args[0])
        return True

    def requests(self, ev, client, member, args, ctx, is_new):
        if member != _OPEN or len(args) < 2:
            return []
        methods = ev.strings(args[0], ctx)
        lits = {s.pieces[0].upper() for s in methods if len(s.pieces) == 1 and isinstance(s.pieces[0], str)}
        method = lits.pop() if len(lits) == 1 and len(methods) == 1 else None
        return [ev.request(self.name, method, u) for u in ev.strings(args[1], ctx)]


CLIENT = XHR()
