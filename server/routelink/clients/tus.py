"""tus-js-client: ``new Upload(file, { endpoint })`` (also ``new tus.Upload(...)`` of
``import * as tus``) creates an upload on the tus server with ``POST endpoint``.

Follows tus-js-client 3.x/4.x and the tus 1.0 protocol's *creation* extension: the
client POSTs to ``endpoint`` (``uploadDataDuringCreation`` sends the first chunk with
it) and then PATCHes the upload URL the server returns in ``Location``, which is not
known statically. An ``uploadUrl`` option resumes an existing upload (no POST; the URL
it PATCHes is the one given): then the request is read as ``PATCH uploadUrl``.
"""

from __future__ import annotations

from routelink.clients.base import ClientLibrary


class Tus(ClientLibrary):
    """tus-js-client 3-4: ``new Upload(file, { endpoint })`` is the tus creation
    request, ``POST endpoint`` (see the module docstring)."""

    name = "tus-js-client"
    packages = ("tus-js-client",)
    import_names = frozenset({"default", "*", "Upload"})
    constructors = ("Upload",)
    request_members = frozenset({"Upload"})
    callable = False
    keywords = (rb"tus-js-client",)

    def requests(self, ev, client, member, args, ctx, is_new):
        """``new Upload(file, options)``: POST to ``options.endpoint`` (PATCH to
        ``options.uploadUrl`` when it is given and no endpoint is)."""
        if not is_new or len(args) < 2:
            return []
        options = ev.object_value(ev.eval(args[1], ctx))
        if options is None:
            return []
        for key, method in (("endpoint", "POST"), ("uploadUrl", "PATCH")):
            value = options.obj.get(key)
            if value is not None:
                return [ev.request(self.name, method, u) for u in ev.strings(value, options.ctx)]
        return []


CLIENT = Tus()
