"""NextAuth.js's client (``next-auth/react``; v3's ``next-auth/client``): the requests its
functions make to the app's own auth routes (a Next.js ``pages/api/auth/[...nextauth]``
or ``app/api/auth/[...nextauth]/route`` serves them).

Follows next-auth 4.x (``src/react/index.tsx``; the REST API page of the docs,
https://next-auth.js.org/getting-started/rest-api), same endpoints in 3.x:

- ``useSession()`` (through its ``SessionProvider``) and ``getSession()``:
  ``GET {basePath}/session``;
- ``getCsrfToken()``: ``GET {basePath}/csrf``; ``getProviders()``: ``GET
  {basePath}/providers``;
- ``signIn(provider, ...)``: ``GET /providers``, ``GET /csrf``, then ``POST
  /signin/<provider>`` (``POST /callback/credentials`` for the ``credentials``
  provider); ``signIn()`` with no provider sends the browser to ``GET /signin``;
- ``signOut()``: ``GET /csrf`` and ``POST /signout``.

``basePath`` is ``/api/auth`` unless ``NEXTAUTH_URL`` (``[env]`` or a ``.env`` file)
has a path of its own; a ``<SessionProvider basePath>`` is not read.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from routelink.clients.base import ClientLibrary
from routelink.facts import Lit, Ref

#: the name the requests are recorded under (no import binds it)
_CLIENT = "<next-auth>"
_FUNCTIONS = frozenset({"useSession", "getSession", "getCsrfToken", "getProviders", "signIn",
                        "signOut"})
_DEFAULT_BASE = "/api/auth"


class NextAuth(ClientLibrary):
    name = "next-auth"
    packages = ("next-auth/react", "next-auth/client")
    import_names = frozenset()
    globals = (_CLIENT,)
    request_members = _FUNCTIONS
    callable = False
    keywords = (rb"next-auth/",)

    def on_call(self, b, call, fn, args, scope):
        """A call of one of the client's functions imported from its package, recorded
        as a member of ``<next-auth>`` with its first argument (the provider)."""
        if fn.type != "identifier":
            return False
        imp = b.import_of(b.text(fn))
        if imp is None or imp.module not in self.packages or imp.name not in _FUNCTIONS \
                or not b.is_free(_CLIENT, scope):
            return False
        provider = b.expr(args[0], scope) if args else Lit("")
        at = b.unwrap(args[0]) if args else call
        b.add_request_site(Ref(_CLIENT, (imp.name,)), (provider,), b.span(call), b.span(at),
                           b.text(at), scope)
        return True

    def base_path(self, ev, ctx) -> str:
        """``/api/auth``, or the path of ``NEXTAUTH_URL`` when it has one."""
        url = ev.env_value(ctx.file, "NEXTAUTH_URL") or ""
        path = urlsplit(url).path.rstrip("/") if "://" in url else ""
        return path or _DEFAULT_BASE

    def requests(self, ev, client, member, args, ctx, is_new):
        base = self.base_path(ev, ctx)

        def get(path):
            return ev.request(self.name, "GET", ev.literal((base + path,)))

        if member in ("useSession", "getSession"):
            return [get("/session")]
        if member == "getCsrfToken":
            return [get("/csrf")]
        if member == "getProviders":
            return [get("/providers")]
        if member == "signOut":
            return [get("/csrf"), ev.request(self.name, "POST", ev.literal((base + "/signout",)))]
        if member != "signIn":
            return []
        providers = [s for s in ev.strings(args[0], ctx) if s.pieces] if args else []
        if not providers:
            return [get("/signin")]  # the sign-in page: a navigation
        out = [get("/providers"), get("/csrf")]
        for s in providers:
            kind = "/callback/" if s.pieces == ("credentials",) else "/signin/"
            out.append(ev.request(self.name, "POST", ev.literal((base + kind,) + s.pieces)))
        return out


CLIENT = NextAuth()
