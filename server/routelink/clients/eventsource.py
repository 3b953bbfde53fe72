"""Server-sent events: ``new EventSource(url, { withCredentials })`` is a GET of ``url``.

Follows the WHATWG HTML standard (EventSource is always GET), and the packages that
provide the same constructor: ``eventsource`` (Node, default or ``{ EventSource }``),
``event-source-polyfill`` (``EventSourcePolyfill``, ``NativeEventSource``),
``reconnecting-eventsource``; and ``fetchEventSource(url, { method, body })`` of
``@microsoft/fetch-event-source``, whose method is its options' (GET when absent).
"""

from __future__ import annotations

from routelink.clients.base import ClientLibrary

_IMPORTS = {
    "eventsource": ("default", "*", "EventSource"),
    "event-source-polyfill": ("EventSourcePolyfill", "NativeEventSource", "default"),
    "reconnecting-eventsource": ("default",),
    "@microsoft/fetch-event-source": ("fetchEventSource",),
}


class EventSourceClient(ClientLibrary):
    name = "eventsource"
    packages = tuple(_IMPORTS)
    globals = ("EventSource", "EventSourcePolyfill", "fetchEventSource")
    constructors = ("EventSource", "EventSourcePolyfill", "NativeEventSource", "ReconnectingEventSource")
    keywords = (rb"EventSource",)

    def from_import(self, module, name):
        return name in _IMPORTS.get(module, ())

    def requests(self, ev, client, member, args, ctx, is_new):
        if member is not None or not args:
            return []
        if is_new:
            return [ev.request(self.name, "GET", u) for u in ev.strings(args[0], ctx)]
        method, explicit = ev.method_from_options(args[1] if len(args) > 1 else None, ctx)
        return [ev.request(self.name, method, u, None, explicit) for u in ev.strings(args[0], ctx)]


CLIENT = EventSourceClient()
