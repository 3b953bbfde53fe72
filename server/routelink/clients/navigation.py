"""Browser navigations that reach the backend: links, forms, ``location`` changes,
``window.open`` and server-side redirects. Client name ``navigation``.

What a navigation is (HTML Living Standard for links and forms; Next.js 14-16 and
SvelteKit 2 for redirects):

- **Links**: ``<a href="...">`` in JSX/TSX, in Vue templates (``href``, ``:href``,
  ``v-bind:href``) and in Svelte markup (``href="/api/{id}"``, ``href={url}``), and
  Next.js ``<Link href>`` (``next/link``; ``href`` may be a ``{ pathname }`` object),
  the components of UI libraries that render an ``<a>`` when given ``href``
  (:data:`LINK_COMPONENTS`: MUI's ``Button``/``IconButton``/``Fab``/``Link``/
  ``ListItemButton``/``Tab``, Mantine's ``Anchor``, Chakra's ``Link``, react-bootstrap's
  ``Button``/``Nav.Link``/``NavDropdown.Item``/``Dropdown.Item``/``Navbar.Brand``,
  reactstrap's ``Button``/``NavLink``/``DropdownItem``, antd's ``Button``/
  ``Typography.Link``, by named or per-component default import),
  Nuxt ``<NuxtLink to="..." external>`` (any component tag with ``to`` and ``external``:
  ``<UButton to="/api/auth/github" external>``): a ``GET`` of the URL.
- **Forms**: ``<form action="/api/x" method="post">``: the form's method (``GET`` when
  none is written; ``method={m}`` that cannot be read is any method). A form whose
  submission a handler takes over (JSX ``onSubmit``, Vue ``@submit``/``v-on:submit``,
  Svelte ``on:submit``/``onsubmit``, Angular ``(ngSubmit)``/``(submit)``) does not navigate, and a form with no ``action``
  (or ``action="?/login"``, a SvelteKit form action) posts to the page itself: neither
  is recorded.
- **Location changes**: ``window.location.href = url``, ``window.location = url``,
  ``location.href = url``, ``document.location...``, ``location.assign(url)``,
  ``location.replace(url)``, ``window.open(url)`` (also on ``globalThis``/``self``), when
  those names are the browser's (not a local ``location`` from ``useLocation()``): a
  ``GET``.
- **Redirects**: Next.js ``redirect(url)`` / ``permanentRedirect(url)`` from
  ``next/navigation``, ``NextResponse.redirect(url)`` (``next/server``) and
  ``Response.redirect(url)``, ``router.push(url)`` / ``router.replace(url)`` on
  ``useRouter()`` of ``next/navigation`` or ``next/router`` (and the ``next/router``
  default export), SvelteKit ``redirect(status, url)`` from ``@sveltejs/kit``, Nuxt
  ``navigateTo(url, { external: true })``: the browser then ``GET``\\s the URL.
  ``new URL(path, request.url)`` is the path.

The URL is read like any request's (literals, templates, constants, env vars, props:
a component whose ``<a href={props.url}>`` reads a prop is a wrapper, so each usage
``<LoginButton url="/api/auth/github" />`` is the navigation). ``#...``, ``?...``,
``mailto:``, ``javascript:`` and page-relative paths (``href="details"``) never reach the
backend: they are not requests.

**Which navigations are calls.** Most links go to pages of the frontend, not to the
API, and no prefix such as ``/api`` says which. A navigation is a call only with
evidence (:attr:`ClientLibrary.needs_evidence`, decided at linking by
:func:`routelink.link.findings.reaches_backend`):

1. a route of the workspace serves its path (for its method, or for another method, or
   but for the trailing slash, or on a router nobody mounts: the last three are then
   reported as ``method-mismatch`` / ``unmatched-call``, a real bug of the link). A
   relative URL goes to the page's own origin, so for it the route must be reachable
   there: the route belongs to the same package as the page (Next.js, SvelteKit, an
   Express app serving its frontend), or the page's package sends its other requests
   to its own origin too (a dev-server proxy) and the path is not ``/`` (the frontend
   serves its home page itself). A frontend whose requests all go to
   ``${API_URL}/...`` does not reach its backend with ``location.href = '/'``;
2. it goes through a base URL whose path the app's other requests use
   (``href={`${API_BASE}/auth/github`}`` with ``API_BASE = '/api'`` also the axios
   ``baseURL``);
3. it is an absolute URL to a host and port the app's other requests use
   (``window.location.href = `${BACKEND}/auth/google``` where ``BACKEND`` is
   ``http://localhost:5000``, which the fetch calls use too).

With 2 or 3 a navigation no route serves is an ``unmatched-call``. A navigation with
no evidence (``<a href="/about">``, ``router.push('/dashboard')``) is not a request: it
is dropped, never reported. A linked navigation keeps its route from being
``unused-route`` (OAuth start routes such as ``/api/auth/github`` are typically reached
only this way). An inline absolute URL to another host (``https://github.com/...``) is
external, as for every client.
"""

from __future__ import annotations

import re

from routelink.clients.base import ClientLibrary
from routelink.facts import Concat, Dyn, Lit, Obj, Ref

#: the callee of every call site this module records (the evaluator looks it up as a
#: global of this library); never written in source, so it names nothing else
SITE = "<navigate>"

#: browser globals whose ``location`` / ``open`` are the page's
_WINDOWS = ("window", "globalThis", "self", "document")
_LOCATION_MEMBERS = ("assign", "replace")
_NEXT_NAVIGATION = "next/navigation"
_NEXT_ROUTER = "next/router"
_NEXT_SERVER = "next/server"
_SVELTEKIT = "@sveltejs/kit"
#: (module, imported name) -> index of the URL argument
_REDIRECTS = {
    (_NEXT_NAVIGATION, "redirect"): 0,
    (_NEXT_NAVIGATION, "permanentRedirect"): 0,
    (_SVELTEKIT, "redirect"): 1,
}
_ROUTER_HOOK = "useRouter"
#: Nuxt's navigateTo (auto-imported, or from `#app` / `#imports`): a navigation of the
#: browser only with `{ external: true }` (else the Vue router's)
_NAVIGATE_TO = "navigateTo"
_NUXT_IMPORTS = ("#app", "#imports")
_ROUTER_MEMBERS = ("push", "replace")
_SUBMIT_HANDLERS = re.compile(r"^(?:onsubmit|@submit\b.*|v-on:submit\b.*|on:submit\b.*|\((?:ngSubmit|submit)\))$", re.I)
#: URL starts that never reach the backend
_NOT_HTTP = ("#", "?", "mailto:", "tel:", "sms:", "javascript:", "data:", "blob:", "about:")
_ABSOLUTE = re.compile(r"^(?:https?:)?//", re.I)


#: (package, components) of UI libraries whose components render an ``<a href>`` when
#: given ``href`` (MUI 5-6 and Material-UI 4 ButtonBase, Mantine 7 ``Anchor``, Chakra 2
#: ``Link``, react-bootstrap 2, reactstrap 9, antd 5 ``Button``); a component's own
#: module (``@mui/material/Button``) exports it as its default
_LINK_LIBRARIES = {
    "@mui/material": ("Button", "IconButton", "Fab", "Link", "ListItemButton", "Tab"),
    "@mui/joy": ("Button", "IconButton", "Link"),
    "@material-ui/core": ("Button", "IconButton", "Fab", "Link", "Tab"),
    "@mantine/core": ("Anchor",),
    "@chakra-ui/react": ("Link",),
    "@chakra-ui/layout": ("Link",),
    "react-bootstrap": ("Button", "Nav.Link", "NavLink", "NavDropdown.Item", "Dropdown.Item",
                        "DropdownItem", "Navbar.Brand", "NavbarBrand"),
    "reactstrap": ("Button", "NavLink", "DropdownItem", "NavbarBrand"),
    "antd": ("Button", "Typography.Link"),
}
LINK_COMPONENTS = frozenset(
    {(package, name) for package, names in _LINK_LIBRARIES.items() for name in names}
    | {(f"{package}/{name}", "default") for package, names in _LINK_LIBRARIES.items()
       for name in names if "." not in name and package != "antd"}
    | {(f"{package}/{name.split('.')[0]}", f"default.{name.split('.')[1]}")
       for package, names in _LINK_LIBRARIES.items() for name in names
       if "." in name and package == "react-bootstrap"}
    | {("antd/es/button", "default"), ("antd/lib/button", "default")})


class Navigation(ClientLibrary):
    """The ``navigation`` client: its call sites are recorded by its own extraction
    hooks (``element``, ``on_call``, ``on_assignment``) as ``<navigate>(url, method)``
    with ``method`` a literal (``GET``, a form's method) or the form's ``method``
    expression; its requests are tentative (``needs_evidence``), see the module
    docstring for the rules."""

    name = "navigation"
    globals = (SITE,)
    callable = True
    needs_evidence = True
    element_tags = frozenset({"a", "form"})
    element_imports = frozenset({("next/link", "default")}) | LINK_COMPONENTS
    element_markers = frozenset({"external"})
    keywords = (rb"\bhref\b|\baction\s*=|\blocation\b|\.open\s*\(|[rR]edirect\s*\(|"
                rb"\.(?:push|replace)\s*\(",)
    #: its assignments (``location.href = url``) make requests, not defaults
    table_keywords = ()

    # ------------------------------------------------------------------ requests

    def requests(self, ev, client, member, args, ctx, is_new):
        """``<navigate>(url, method)``: one request per value of the URL; the method is
        the literal the site recorded (a form's ``method``), any method when it cannot
        be read."""
        if member is not None or not args:
            return []
        method: str | None = "GET"
        if len(args) > 1:
            strs = ev.strings(args[1], ctx)
            lits = {s.pieces[0].upper() for s in strs
                    if len(s.pieces) == 1 and isinstance(s.pieces[0], str)}
            method = lits.pop() if len(lits) == 1 and len(strs) == 1 else None
        out = []
        for s in ev.strings(args[0], ctx):
            if _reaches_server(s):
                out.append(ev.request(self.name, method, s, None, True))
        return out

    def method_edit(self, style, span, method):
        """A form's ``method="get"`` becomes ``method="post"`` (forms only send GET and
        POST)."""
        if style == "attribute" and span is not None and method in ("GET", "POST"):
            return span, f'"{method.lower()}"'
        return None

    # ------------------------------------------------------------------ extraction

    def element(self, b, tag, attributes, name_span, scope):
        attrs = {a.name: a for a in attributes}
        if tag == "form":
            self._form(b, attrs, scope)
            return
        href = attrs.get("href")
        if tag not in self.element_tags and "external" in attrs:
            href = attrs.get("to") or href  # Nuxt: <NuxtLink to="/api/x" external>
        if href is None or href.value is None:
            return
        url = href.value
        if isinstance(url, Obj):  # next/link `href={{ pathname: '/x', query }}`
            url = url.get("pathname")
        if url is None or not _url_like(url):
            return
        b.add_request_site(Ref(SITE), (url, Lit("GET")), href.span, href.value_span,
                           href.raw, scope)

    def _form(self, b, attrs, scope) -> None:
        action = attrs.get("action")
        if action is None or action.value is None or not _url_like(action.value):
            return
        if any(_SUBMIT_HANDLERS.match(name) for name in attrs):
            return  # a handler takes the submission over (and sends its own request)
        written = attrs.get("method")
        method_span = style = None
        if written is None or written.value is None:
            method = Lit("GET")
        else:
            method = written.value
            if isinstance(method, Lit):
                if method.value.lower() == "dialog":
                    return  # closes a <dialog>, sends nothing
                method = Lit(method.value.upper())
                method_span, style = written.value_span, "attribute"
        b.add_request_site(Ref(SITE), (action.value, method), action.span, action.value_span,
                           action.raw, scope, method_span, style)

    def on_assignment(self, b, node, scope):
        """``window.location.href = url``, ``location = url``..."""
        if node.type != "assignment_expression":
            return False
        ref = b.ref_of(node.child_by_field_name("left")) if node.child_by_field_name("left") else None
        right = node.child_by_field_name("right")
        if ref is None or right is None or not _is_location(b, ref, scope, ("href",)):
            return False
        self._site(b, node, right, scope)
        return True

    def on_call(self, b, call, fn, args, scope):
        ref = b.ref_of(fn)
        if ref is None or not args:
            return False
        index = self._url_argument(b, ref, scope, args)
        if index is None:
            return False
        if 0 <= index < len(args):
            self._site(b, call, args[index], scope)
        return True

    def _url_argument(self, b, ref: Ref, scope, args) -> int | None:
        """The index of the URL argument when calling ``ref`` navigates; -1 for a call
        this library knows that does not navigate (``navigateTo('/x')``, a client-side
        route change); None for any other call."""
        attrs = ref.attrs
        if attrs and attrs[-1] in _LOCATION_MEMBERS and _is_location(b, Ref(ref.name, attrs[:-1]), scope, ()):
            return 0  # location.assign(url), window.location.replace(url)
        if (attrs == ("open",) and ref.name in _WINDOWS[:3] or not attrs and ref.name == "open") \
                and b.is_free(ref.name, scope):
            return 0  # window.open(url)
        if not attrs:
            imp = b.import_of(ref.name)
            if ref.name == _NAVIGATE_TO and (imp.module in _NUXT_IMPORTS if imp is not None
                                             else b.is_free(ref.name, scope)):
                return 0 if _external(b, args) else -1
            if imp is not None:
                return _REDIRECTS.get((imp.module, imp.name))
            return None
        if attrs == ("redirect",):
            imp = b.import_of(ref.name)
            if (imp is not None and imp.module == _NEXT_SERVER and imp.name == "NextResponse") or (
                    ref.name == "Response" and b.is_free(ref.name, scope)):
                return 0
            return None
        if len(attrs) == 1 and attrs[0] in _ROUTER_MEMBERS and _is_next_router(b, ref.name, scope):
            return 0
        return None

    def _site(self, b, node, url_node, scope) -> None:
        url_node = _url_of_new_url(b, b.unwrap(url_node))
        url = b.expr(url_node, scope)
        if isinstance(url, Obj):  # router.push({ pathname: '/x', query })
            url = url.get("pathname")
        if url is None or not _url_like(url):
            return
        b.add_request_site(Ref(SITE), (url, Lit("GET")), b.span(node), b.span(url_node),
                           b.text(url_node), scope)


# ---------------------------------------------------------------------- helpers


def _is_location(b, ref: Ref, scope, tails: tuple[str, ...]) -> bool:
    """``location``, ``window.location``, ``document.location`` (each optionally followed
    by one of ``tails``, such as ``.href``) on the browser's own globals."""
    attrs = ref.attrs
    if attrs and attrs[-1] in tails:
        attrs = attrs[:-1]
    if ref.name == "location" and not attrs:
        return b.is_free("location", scope)
    return ref.name in _WINDOWS and attrs == ("location",) and b.is_free(ref.name, scope)


def _is_next_router(b, name: str, scope) -> bool:
    """``router`` of ``const router = useRouter()`` (``next/navigation``, ``next/router``)
    or the ``next/router`` default export."""
    imp = b.import_of(name)
    if imp is not None and (scope is None or scope.lookup(name) is None):
        return imp.module == _NEXT_ROUTER and imp.name == "default"
    bound = scope.lookup(name) if scope is not None else None
    if bound is None:
        bound = b.values.get(name)
    callee = getattr(bound, "callee", None)
    if not isinstance(callee, Ref) or callee.attrs:
        return False
    hook = b.import_of(callee.name)
    return hook is not None and hook.name == _ROUTER_HOOK and hook.module in (_NEXT_NAVIGATION, _NEXT_ROUTER)


def _external(b, args) -> bool:
    """``navigateTo(url, { external: true })``."""
    options = b.unwrap(args[1]) if len(args) > 1 else None
    if options is None or options.type != "object":
        return False
    value = b.object_property(options, "external")
    return value is not None and b.text(value) == "true"


def _url_of_new_url(b, node):
    """``new URL(path, request.url)``: the node of ``path``; else ``node``."""
    if node is not None and node.type == "new_expression":
        ctor = node.child_by_field_name("constructor")
        args = b.args(node)
        if ctor is not None and b.text(ctor) == "URL" and args:
            return b.unwrap(args[0])
    return node


def _url_like(e) -> bool:
    """Whether an expression written as a link target may name a URL of the backend: a
    literal starting with ``/`` or ``http(s)://`` (not ``#top``, ``mailto:``,
    ``details``), or any value routelink reads (a constant, an env var, a prop); not a
    value it cannot know at all."""
    first = e
    while isinstance(first, Concat) and first.parts:
        first = first.parts[0]
    if isinstance(first, Lit):
        return first.value.startswith("/") or bool(_ABSOLUTE.match(first.value))
    return not isinstance(first, Dyn)


def _reaches_server(s) -> bool:
    """A URL value that is a request to some server: an absolute path or URL, or one
    starting with a named base (a constant or env var); not a fragment, a query of the
    page itself, ``mailto:``... or a path relative to the page."""
    if s.named:
        return True
    first = s.pieces[0] if s.pieces else ""
    if not isinstance(first, str):
        return True  # an unknown value: unresolved (and, with no evidence, dropped)
    if first.lower().startswith(_NOT_HTTP):
        return False
    return first.startswith("/") or bool(_ABSOLUTE.match(first))


CLIENT = Navigation()
