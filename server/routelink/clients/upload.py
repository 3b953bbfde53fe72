"""Upload components of UI libraries: the component posts the files the user picks to
the URL of its ``action`` prop. Client name ``upload``.

Follows naive-ui 2 ``<n-upload action method>``, Element Plus 2 / Element UI 2
``<el-upload action method>`` and ant-design-vue 4 ``<a-upload action method>`` in Vue
templates (kebab-case or PascalCase tags), and in JSX the same components imported from
their packages (``NUpload`` of naive-ui, ``ElUpload`` of element-plus, ``Upload`` of
ant-design-vue, antd 5 and element-ui): the method is the ``method`` prop, ``POST`` when
none is written (every one of them defaults to POST). An upload whose request a function
prop makes instead (``custom-request``, ``http-request``, naive-ui ``custom-request``,
antd ``customRequest``) or with no ``action`` (or ``action="#"``) is not recorded.
"""

from __future__ import annotations

from routelink.clients.base import ClientLibrary
from routelink.facts import Lit, Ref

#: the callee of every call site this module records (the evaluator looks it up as a
#: global of this library); never written in source, so it names nothing else
SITE = "<upload>"
#: props that hand the request to a function of the app (it makes its own request)
_CUSTOM = frozenset({"custom-request", "customRequest", "http-request", "httpRequest",
                     ":custom-request", ":http-request", "@custom-request"})


class Upload(ClientLibrary):
    """The ``upload`` client: ``<upload>(action, method)`` sites recorded by
    :meth:`element`."""

    name = "upload"
    globals = (SITE,)
    element_tags = frozenset({"n-upload", "el-upload", "a-upload",
                              "NUpload", "ElUpload", "AUpload"})
    element_imports = frozenset({("naive-ui", "NUpload"), ("element-plus", "ElUpload"),
                                 ("ant-design-vue", "Upload"), ("antd", "Upload"),
                                 ("element-ui", "Upload")})
    keywords = (rb"[uU]pload",)

    def requests(self, ev, client, member, args, ctx, is_new):
        """``<upload>(action, method)``: one request per value of the action."""
        if member is not None or not args:
            return []
        method: str | None = "POST"
        if len(args) > 1:
            strs = ev.strings(args[1], ctx)
            lits = {s.pieces[0].upper() for s in strs
                    if len(s.pieces) == 1 and isinstance(s.pieces[0], str)}
            method = lits.pop() if len(lits) == 1 and len(strs) == 1 else None
        return [ev.request(self.name, method, s, None, True) for s in ev.strings(args[0], ctx)]

    def element(self, b, tag, attributes, name_span, scope):
        if tag not in self.element_tags:
            imp = b.import_of(tag)
            if imp is None or (imp.module, imp.name) not in self.element_imports:
                return  # another library's element (`<form action>`)
        attrs = {a.name: a for a in attributes}
        action = attrs.get("action")
        if action is None or action.value is None or action.value in (Lit(""), Lit("#")):
            return
        if any(name in _CUSTOM for name in attrs):
            return
        written = attrs.get("method")
        method = written.value if written is not None and written.value is not None else Lit("POST")
        b.add_request_site(Ref(SITE), (action.value, method), action.span, action.value_span,
                           action.raw, scope)


CLIENT = Upload()
