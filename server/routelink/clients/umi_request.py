"""umi-request and UmiJS's built-in ``request``.

- **umi-request** (1.4): ``request(url, { method, prefix })`` (GET when no method),
  ``request.get/post/put/delete/patch/head/options(url, options)``,
  ``extend({ prefix })`` (the named export, or ``request.extend``) makes an instance whose
  ``prefix`` is joined before every URL; an option ``prefix`` of one call wins.
- **UmiJS** (``import { request } from '@umijs/max'`` or ``from 'umi'``; umi 4's request
  plugin, and umi 3's ``@umijs/plugin-request``): ``request(url, { method })`` with the
  same members. Its base URL is the app's *runtime config*: ``export const request =
  { baseURL }`` (umi 4, axios options; umi 3's ``prefix``) in ``src/app.ts`` /
  ``src/app.tsx`` (``.js``/``.jsx``) of the calling file's package, read statically
  (:meth:`UmiRequest.runtime_base`).
"""

from __future__ import annotations

import posixpath

from routelink.clients.base import ClientLibrary, url_then_options
from routelink.facts import Dyn

_MEMBERS = frozenset({"get", "post", "put", "delete", "patch", "head", "options"})
#: the runtime config files of an UmiJS app (``src/app.ts`` and its variants)
_APP_FILES = ("src/app.tsx", "src/app.ts", "src/app.jsx", "src/app.js")
_BASE_KEYS = ("baseURL", "prefix")


class UmiRequest(ClientLibrary):
    """umi-request 1.4: ``request(url, options)``, its verb members and ``extend({
    prefix })`` instances (see the module docstring)."""

    name = "umi-request"
    packages = ("umi-request",)
    import_names = frozenset({"default", "*", "request", "extend"})
    request_members = _MEMBERS
    factory_members = frozenset({"extend"})
    keywords = (rb"umi-request",)

    def create(self, ev, parent, member, args, ctx):
        """``extend({ prefix })``: an instance with that prefix (else its parent's)."""
        if member != "extend":
            return None
        options = ev.eval(args[0], ctx) if args else None
        base = ev.option_strings(options, _BASE_KEYS)
        return ev.client(self.name, base or parent.base, instance=True)

    def runtime_base(self, ev, ctx):
        """The base URL the app's runtime config gives the default client (none for
        umi-request, whose default client has no configuration)."""
        return ()

    def requests(self, ev, client, member, args, ctx, is_new):
        """``request(url, { method })`` (GET by default) or ``request.verb(url, options)``;
        the base is the call's ``prefix``/``baseURL`` option, else the instance's, else the
        runtime config's."""
        return url_then_options(ev, self.name, client, member, args, ctx, _BASE_KEYS,
                                lambda: self.runtime_base(ev, ctx))


class UmiMaxRequest(UmiRequest):
    """UmiJS 3-4's ``request`` (``@umijs/max``, ``umi``): umi-request's calls with the
    base URL of the app's runtime config (:meth:`runtime_base`)."""

    name = "umijs"
    packages = ("@umijs/max", "umi", "@umijs/plugin-request", "@@/plugin-request")
    import_names = frozenset({"request"})
    factory_members = frozenset()
    keywords = (rb"@umijs/|from\s+['\"]umi['\"]",)

    def runtime_base(self, ev, ctx):
        """``export const request = { baseURL }`` in the ``src/app`` file of the app that
        holds ``ctx.file`` (its package folder)."""
        from routelink.resolve.evaluate import ObjectVal, Str

        folder = ev.package_of(ctx.file).rstrip("/")
        for name in _APP_FILES:
            path = posixpath.join(folder, name)
            if ev.facts_of(path) is None:
                continue
            config = ev.export(path, "request", ctx.depth + 1)
            base = ev.option_strings(config, _BASE_KEYS)
            if not base and isinstance(config, ObjectVal) and \
                    config.obj.get("requestInterceptors") is not None:
                # `requestInterceptors: [(config) => { config.url = `${BASE}${config.url}` }]`:
                # the URL the server gets is made there, at run time; never a false 404
                return (Str((Dyn("rest", note=f"the request interceptors of {name} (they may "
                                              "change the URL; routelink does not run them)"),)),)
            return base
        return ()


CLIENT = UmiRequest()
MAX_CLIENT = UmiMaxRequest()
