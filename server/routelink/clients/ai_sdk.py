"""The Vercel AI SDK's UI hooks and chat transports: each sends a POST to its ``api``.

Follows AI SDK 4.x and 5.x:

- ``useChat({ api })`` (``ai/react``, ``@ai-sdk/react``, ``@ai-sdk/vue``,
  ``@ai-sdk/svelte``...): POST to ``api``, ``/api/chat`` when none is written; with a
  ``transport`` (5.x) the transport is the request instead.
- ``new DefaultChatTransport({ api })`` / ``new TextStreamChatTransport({ api })``
  (``ai``) and ``new Chat({ api | transport })`` (Vue/Svelte 5.x): the same.
- ``useCompletion({ api })``: ``/api/completion`` by default; ``useObject`` /
  ``experimental_useObject({ api })`` and ``useAssistant({ api })``: the ``api`` written.

The resumable-stream GET (``${api}/${chatId}/stream``) is made only when the app resumes
streams and is not reported.
"""

from __future__ import annotations

from routelink.clients.base import ClientLibrary, record_site
from routelink.facts import Ref

_PACKAGES = ("ai", "ai/react", "ai/vue", "ai/svelte", "ai/solid", "@ai-sdk/react",
             "@ai-sdk/vue", "@ai-sdk/svelte", "@ai-sdk/solid")
#: hook -> the api it posts to when none is written (None: it must be written)
_HOOKS = {"useChat": "/api/chat", "useCompletion": "/api/completion", "useObject": None,
          "experimental_useObject": None, "useAssistant": None}
_CONSTRUCTORS = ("DefaultChatTransport", "TextStreamChatTransport", "Chat")


class AISDK(ClientLibrary):
    name = "ai-sdk"
    packages = _PACKAGES
    import_names = frozenset({*_HOOKS, *_CONSTRUCTORS})
    constructors = _CONSTRUCTORS
    request_members = frozenset(f"<{h}>" for h in _HOOKS)
    callable = False
    keywords = (rb"useChat|useCompletion|useObject|useAssistant|ChatTransport|new Chat\b",)

    def from_import(self, module, name):
        return module in _PACKAGES and name in self.import_names

    def on_call(self, b, call, fn, args, scope):
        imported = b.imported_callee(fn, scope, _PACKAGES)
        hook = imported[1] if imported is not None and imported[1] in _HOOKS else None
        if hook is None:
            return False
        local = b.text(fn)
        options = b.unwrap(args[0]) if args else None
        api = b.object_property(options, "api") if options is not None and options.type == "object" else None
        record_site(b, Ref(local, (f"<{hook}>",)), tuple(b.expr(a, scope) for a in args[:1]), call,
                    scope, url_node=api)
        return True

    def requests(self, ev, client, member, args, ctx, is_new):
        if member is None and not is_new:
            return None
        default = _HOOKS.get(member[1:-1]) if member is not None else "/api/chat"
        options = ev.object_value(ev.eval(args[0], ctx)) if args else None
        if options is not None and options.obj.get("transport") is not None:
            return None  # the transport makes the request
        api = options.obj.get("api") if options is not None else None
        if api is None:
            if default is None:
                return None
            return [ev.request(self.name, "POST", ev.literal((default,)))]
        return [ev.request(self.name, "POST", u) for u in ev.strings(api, options.ctx)]


CLIENT = AISDK()
