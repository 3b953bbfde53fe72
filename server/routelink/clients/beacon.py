"""The Beacon API: ``navigator.sendBeacon(url, data)`` is a POST of ``url``.

Follows the W3C Beacon specification: always POST, the URL as given.
"""

from __future__ import annotations

from routelink.clients.base import ClientLibrary


class Beacon(ClientLibrary):
    name = "beacon"
    globals = ("sendBeacon",)
    #: objects whose ``sendBeacon`` member is the browser's
    global_objects = ("navigator",)
    keywords = (rb"sendBeacon",)

    def requests(self, ev, client, member, args, ctx, is_new):
        if member is not None or not args:
            return []
        return [ev.request(self.name, "POST", u) for u in ev.strings(args[0], ctx)]

    def method_edit(self, style, span, method):
        return None  # always POST


CLIENT = Beacon()
