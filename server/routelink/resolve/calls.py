"""Call sites to requests: the HTTP requests each call site of a file makes.

``resolve_file_calls`` evaluates every :class:`~routelink.facts.CallSite` of a file with
the :class:`~routelink.resolve.evaluate.Evaluator` and renders each request's URL to a
path template (:func:`routelink.link.templates.render`).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, replace
from typing import Callable

from routelink.clients import registry as clients
from routelink.facts import Alt, Arg, CallSite, Concat, Dyn, Expr, FileFacts, Lit, Obj, Span
from routelink.link.templates import LOCAL_HOSTS, RenderedURL, render
from routelink.resolve.devproxy import ProxyRule, apply_dev_proxy
from routelink.resolve.devservers import dev_server_endpoint
from routelink.resolve.evaluate import ClassRef, Ctx, Evaluator, FuncRef, Instance, Request, Str


@dataclass(frozen=True, slots=True)
class ResolvedCall:
    """One HTTP request a call site makes, with its URL rendered to a path template.

    ``method`` is upper-case, or ``None`` when it is decided at run time. ``span`` covers
    the call expression, ``url_span`` its URL argument. ``duplicate_prefix`` is the base
    URL path the literal repeats, if it does.
    """

    file: str
    span: Span
    url_span: Span
    raw: str
    method: str | None
    path: str
    client: str
    resolved: bool
    base_path: str = ""
    duplicate_prefix: str | None = None
    method_span: Span | None = None
    method_style: str | None = None
    #: for an unresolved call, what could not be known when routelink can say more than
    #: the URL's text (``parameter 'url' of request(), which nothing calls``)
    unknown: str = ""
    #: ``"client"`` for a request a frontend makes (or backend code makes to the app's own
    #: origin); ``"server"`` for an outbound request of backend code: to another service,
    #: or to a URL that could not be resolved (not linked, not reported)
    side: str = "client"
    #: the env var its origin comes from when that var has no known value (the request
    #: is assumed to reach the app's own backend)
    origin_env: str = ""
    #: host and port of an absolute URL (``localhost:5000``), '' when relative or unknown
    origin: str = ""
    #: the URL has no host and no base of unknown origin: it reaches the page's origin
    same_origin: bool = False
    #: a request of a library that reaches the backend only with evidence
    #: (``ClientLibrary.needs_evidence``: a browser navigation); kept only when
    #: :func:`routelink.link.findings.reaches_backend` says so
    tentative: bool = False
    #: the path before a dev-server proxy rewrote it ('' when none did; ``path`` is the
    #: path the backend receives) and the proxy rule that forwarded it
    proxied_from: str = ""
    proxy: ProxyRule | None = None
    #: the env vars whose values the URL holds, as (name, value, source): source is
    #: ``"[env]"`` (routelink.toml), the path of the ``.env*`` file that gave the value,
    #: or ``""`` for the default written in the code
    env: tuple[tuple[str, str, str], ...] = ()
    #: the URL's origin is the client's base URL (``axios.create({ baseURL })``, an
    #: interceptor, ``prefixUrl``...): configured for the app's own backend
    from_base: bool = False


@dataclass
class FileCalls:
    """What resolving one file's call sites gives.

    ``calls`` are its requests. ``wrapper_sites`` are the requests written inside its
    wrapper functions, as (function key, unresolved call): they are reported at the
    wrapper's call sites, or, when no file calls the wrapper, where they are written.
    ``wrappers_used`` are the wrappers (file, key) this file's call sites go through.
    """

    calls: list[ResolvedCall]
    wrapper_sites: list[tuple[tuple[str, str], ResolvedCall]]
    wrappers_used: frozenset[tuple[str, str]]



# ---------------------------------------------------------------------- calls


def resolve_file_calls(path: str, facts: FileFacts, evaluator: Evaluator,
                       backend: bool = False, dev_proxy: tuple[ProxyRule, ...] = (),
                       serves_port: Callable[[int], bool] | None = None) -> FileCalls:
    """The requests made by the call sites written in ``path``.

    ``backend`` says the file is backend code: its requests are outbound,
    ``side="server"`` (not linked, not reported), unless they are known to reach a
    backend of the workspace (a resolved path, relative, to a local host or to a host an
    env var's configured value gives: the app calling its own API, or another service of
    the workspace). So an absolute URL to any other host (written inline or in a
    constant: backend code's named bases are other services), an origin from an env var
    with no known value and a URL that could not be resolved are outbound; only there is
    a request to another host kept. A URL to a local host with an explicit port
    (``http://localhost:8003/``) reaches a backend of the workspace only when
    ``serves_port(port)`` says one may listen there (:func:`_outbound`); the matcher
    then links it to the routes of the backend on that port
    (``WorkspaceIndex._match``).
    ``dev_proxy`` are the dev-server proxy rules of the frontend the file belongs to: a
    request with no host of its own goes through them
    (:func:`routelink.resolve.devproxy.apply_dev_proxy`).

    A call site inside a wrapper function (one whose URL starts with a parameter) is not
    a request by itself: its requests are reported at the wrapper's call sites. Inside a
    method of an API-client object or class (``http.patch``, ``ApiClient.delete``) it is
    kept in ``wrapper_sites`` (unresolved, naming the parameter) for when nothing calls
    the method: methods are only ever called by name, so none is called at all.
    """
    out: list[ResolvedCall] = []
    wrapper_sites: list[tuple[tuple[str, str], ResolvedCall]] = []
    classes = {c.name: c for c in facts.classes}
    functions = {f.key: f for f in facts.functions}
    route_spans = {r.span for r in facts.routes}
    evaluator.wrappers_used = set()
    components: dict = {}
    for site in facts.calls:
        thises: list = [None]
        wrapper = False
        if site.function is not None:
            wrapper = evaluator.is_wrapper_site(path, site.function, site)
            owner = site.function.split(".")[0]
            if owner in classes:
                # `this` is each module-level instance of the class, else unknown
                cls = ClassRef(path, classes[owner])
                thises = evaluator.instances(cls) or [Instance(cls)]
        if site.attributes:
            # a component usage: a request only when the component is a wrapper (looked
            # up once per component and file: a page renders many)
            target = components.get(site.callee, False)
            if target is False:
                target = components[site.callee] = evaluator.component(site.callee, path)
            if target is None:
                continue
            site = _on_url_attribute(site, target, evaluator)
        # a client passed as a parameter (`refreshToken(client) { client.post(...) }`): the
        # request is written here, through each client the function is called with
        bindings: list = [() if site.function else None]
        client_param = site.callee.name.startswith("#arg") and not wrapper
        if client_param and backend and site.span in route_spans:
            # `module.exports = app => { app.get('/x', handler) }` in backend code: the
            # parameter is the app the routes are declared on, not a client
            continue
        if client_param:
            bindings = evaluator.caller_bindings(path, site.function)
            if not bindings:
                call = _uncalled_client_call(path, site, functions.get(site.function))
                out.append(replace(call, side="server") if backend else call)  # unresolved
                continue
        seen: set[tuple] = set()
        if wrapper:
            # nothing supplies the path: its extent is unknown (`{*}`), not one segment
            fn = functions.get(site.function)
            holes = tuple((Dyn("rest"), Ctx(path)) for _ in (fn.params if fn is not None else ()))
            bindings = [holes]
        made = False
        for this, args in ((t, b) for t in thises for b in bindings):
            ctx = Ctx(path, args, this)
            for req in _requests_first(_non_empty(evaluator.requests(site.callee, site.args,
                                                                     ctx, site.is_new))):
                made = True
                rendered = render(req, evaluator.own_hosts)
                if rendered is None:
                    continue
                # in backend code, a request that is not known to reach the app's own
                # origin goes out to another service (or nobody knows where): outbound
                outbound = backend and _outbound(rendered, req, serves_port)
                if rendered.external and not outbound:
                    continue  # a third-party API called from the frontend: not ours
                if not backend and rendered.same_origin and _public_file(evaluator, path, rendered):
                    continue  # `fetch('/docs/guide.pdf')`: a file of the frontend's public/
                if (not backend and rendered.same_origin and dev_server_endpoint(rendered.path)
                        and apply_dev_proxy(rendered.path, dev_proxy, req.method) is None):
                    continue  # `fetch('/__open-in-editor?file=...')`: the dev server's own
                key = (req.method, rendered.path)
                if key in seen:
                    continue
                seen.add(key)
                call = _resolved_call(path, site, req, rendered)
                if rendered.env:
                    call = replace(call, env=_env_sources(rendered.env, evaluator))
                if dev_proxy and not outbound and rendered.same_origin:
                    call = _through_dev_proxy(call, dev_proxy)
                if req.unknown:
                    call = replace(call, unknown=req.unknown)
                elif rendered.origin_unknown and not rendered.resolved and rendered.path == "/{*}":
                    call = replace(call, unknown="it is only an env var with no known value (give "
                                                 "one in [env] of routelink.toml or a .env file)")
                elif req.url.unknown_env and not rendered.resolved:
                    env = req.url.unknown_env
                    call = replace(call, unknown=f"it reads env var {env}, which has no known value "
                                                 f"(give {env} one in [env] of routelink.toml or a "
                                                 ".env file)")
                elif rendered.glued and not rendered.resolved:
                    call = replace(call, unknown=f"an unknown value is glued onto '{rendered.glued}' "
                                                 "at the end of the path, so where the path ends is "
                                                 "not known")
                elif not rendered.resolved and (note := _noted(req)):
                    call = replace(call, unknown=f"it holds {note}")
                if outbound:
                    call = replace(call, side="server")
                fn = functions.get(site.function) if wrapper else None
                if wrapper and "." not in site.function and not (fn is not None and fn.component):
                    # a plain function is often called where routelink cannot see it
                    # (passed as a callback: an SWR fetcher, a react-query queryFn): only
                    # its call sites are requests
                    continue
                if wrapper:
                    indices = evaluator.path_params(path, site.function)
                    if fn is not None and fn.component:
                        # a component is only ever rendered (<DataTable url=... />): when
                        # nothing renders it, its request is reported where it is written
                        prop = _leading_member(site.args[0] if site.args else None, indices)
                        name = _component_name(path, site.function)
                        what = f"prop '{prop}' of <{name}>" if prop else f"the props of <{name}>"
                        unknown = f"it comes from {what}, which no indexed code renders"
                    else:
                        names = [fn.params[i] for i in indices if fn is not None and i < len(fn.params)]
                        if names and names[0].startswith("<"):
                            # a destructured parameter (`post({ entity, jsonData })`)
                            member = _leading_member(site.args[0] if site.args else None, indices)
                            names = [f"{{ {member} }}"] if member else []
                        what = (f"parameter '{names[0]}' of {site.function}()" if names
                                else f"the caller of {site.function}()")
                        unknown = f"it comes from {what}, which no indexed code calls"
                    call = replace(call, resolved=False, unknown=unknown)
                    wrapper_sites.append(((path, site.function), call))
                else:
                    out.append(call)
        if not made and not backend and site.span not in route_spans and \
                isinstance(thises[0], Instance):
            # a request through a client the class is given (`this.http.get('/x')`)
            # that no known instance of the class gives: unresolved, never dropped
            call = _uninstantiated_call(path, site, thises[0].cls.info.name,
                                        all(t.args is None for t in thises))
            if call is not None:
                out.append(call)
        elif not made and not backend and thises[0] is None and site.span not in route_spans:
            # `this.$api.get('/users')` in a component whose `$api` no code routelink
            # sees assigns (a plugin it cannot read): unresolved, never dropped
            call = _uninstantiated_call(path, site, "", True)
            if call is not None:
                out.append(call)
    return FileCalls(out, wrapper_sites, frozenset(evaluator.wrappers_used))


def _outbound(rendered: RenderedURL, req: Request, serves_port: Callable[[int], bool] | None
              ) -> bool:
    """Whether a request of backend code goes out of the workspace (``side="server"``):
    to another host, from an origin that is not known, to a URL that could not be
    resolved, or to a local port no backend of the workspace listens on.

    Hosts: a local one (``localhost``, ``127.0.0.1``...) with an explicit port is a
    backend of the workspace when ``serves_port`` says so (None: not known, assumed);
    without a port it is the app's own. Any other host is another service's unless an
    env var given a value by ``[env]`` or a ``.env`` file supplies the URL (a job calling
    ``${NEXTAUTH_URL}/api/revalidate``: configured for this deployment)."""
    if rendered.external or rendered.origin_unknown or not rendered.resolved or req.unknown:
        return True
    host, port = _host_port(rendered.origin)
    if not host:
        return False
    if host in LOCAL_HOSTS:
        return port is not None and serves_port is not None and not serves_port(port)
    return not any(default == "" for _, _, default in rendered.env)


def _host_port(origin: str) -> tuple[str, int | None]:
    """``'localhost:8003'`` -> ``('localhost', 8003)``; ``'[::1]:80'`` -> ``('[::1]',
    80)``; ``''`` -> ``('', None)``."""
    host, port = origin, None
    if origin.startswith("["):
        end = origin.find("]")
        host, rest = origin[:end + 1], origin[end + 1:]
        if rest.startswith(":") and rest[1:].isdigit():
            port = int(rest[1:])
    elif ":" in origin:
        host, _, tail = origin.rpartition(":")
        port = int(tail) if tail.isdigit() else None
    return host, port


def _public_file(evaluator: Evaluator, path: str, rendered: RenderedURL) -> bool:
    """Whether a same-origin request of frontend file ``path`` names, with no unknown
    part, a file of its package's public folder (``fetch('/data/cities.json')`` with
    ``public/data/cities.json``): the dev or web server hosts it, no backend route.
    Any file counts, indexed or not (read from disk): the index re-resolves the calls
    of a package when a file of its public folder comes or goes
    (:func:`routelink.index.config_files.public_file_owners`)."""
    from routelink.index.config_files import PUBLIC_FOLDERS  # not at import: a cycle

    if not rendered.resolved or "{" in rendered.path or rendered.path.endswith("/"):
        return False
    pkg = evaluator.modules.package_dir(path)
    rel = rendered.path.split("?", 1)[0].lstrip("/")
    for folder in PUBLIC_FOLDERS:
        candidate = posixpath.join(pkg, folder, rel)
        if evaluator.modules.exists(candidate) or evaluator.modules.on_disk(candidate):
            return True
    return False


def _empty_url(req: Request) -> bool:
    """True when the request has no URL text at all (``fetch('')``, the ``''`` of
    ``(await getUrl()) || ''``): no base, no env var, nothing."""
    def empty(s: Str | None) -> bool:
        return s is None or (not s.origin_unknown and all(p == "" for p in s.pieces))
    return empty(req.url) and empty(req.base)


def _non_empty(reqs: list[Request]) -> list[Request]:
    """The requests of a call site but those with an empty URL, which is never a backend
    call (it is the page's own address). When all are empty, each is kept as a URL that
    cannot be known, saying why: at most an unresolved hint."""
    kept = [r for r in reqs if not _empty_url(r)]
    if kept or not reqs:
        return kept
    return [replace(r, url=Str((Dyn("rest"),)), base=None,
                    unknown=r.unknown or "its URL is empty here (the page's own address), so it "
                                         "reaches no backend route") for r in reqs]


def _requests_first(reqs: list[Request]) -> list[Request]:
    """``reqs`` with the requests of clients that need no evidence first (a ``fetch``
    before a browser navigation, each in its order). One usage of a component can give
    both with the same method and path (``<a href={props.url}>`` in one child component,
    ``fetch(props.url)`` in another); a call site keeps one request per (method, path),
    and a navigation kept instead of the fetch would be dropped for want of evidence,
    taking the request with it."""
    return sorted(reqs, key=lambda r: clients.get(r.client).needs_evidence)


_VERBS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


def _uninstantiated_call(path: str, site: CallSite, cls: str, none: bool) -> ResolvedCall | None:
    """``this.http.get('/recipes/...')`` in a method of class ``cls`` whose ``this.http``
    no known instance makes a client (``none``: no instance is known at all, nothing
    creates one where routelink can see it), or, with ``cls`` empty, in a component whose
    ``this.$api`` nothing routelink reads assigns: an unresolved request, or None when the
    call does not look like one (its member is no HTTP verb, its first argument no literal
    path)."""
    callee = site.callee
    if callee.name != "this" or len(callee.attrs) != 2 or callee.attrs[1].upper() not in _VERBS:
        return None
    first = site.args[0] if site.args else None
    first = first.parts[0] if isinstance(first, Concat) and first.parts else first
    if not (isinstance(first, Lit) and first.value.startswith(("/", "http:", "https:"))):
        return None
    if not cls:
        unknown = (f"this.{callee.attrs[0]} is no client routelink knows: no global property "
                   "or plugin it can read gives it")
    elif none:
        unknown = (f"this.{callee.attrs[0]} is what {cls} is given, and no instance of {cls} "
                   "is created where routelink can see it")
    else:
        unknown = (f"this.{callee.attrs[0]} is what {cls} is given, and the instances of {cls} "
                   "routelink sees are given no client it knows")
    return ResolvedCall(
        file=path, span=site.span, url_span=site.url_span, raw=site.raw,
        method=callee.attrs[1].upper(), path="/{*}", client="", resolved=False,
        method_span=site.method_span, method_style=site.method_style, unknown=unknown)


def _noted(req: Request) -> str:
    """What the first hole of a request's URL that says what it is holds (see
    ``Dyn.note``: ``routes.recipe(...)``), or ''."""
    for p in (*(req.base.pieces if req.base is not None else ()), *req.url.pieces):
        if isinstance(p, Dyn) and p.note:
            return p.note
    return ""


def _on_url_attribute(site: CallSite, target: FuncRef, evaluator: Evaluator) -> CallSite:
    """A component usage reported on the attribute of the prop its URL comes from
    (``<ListTable ref="t" :table-config="cfg" />``: on ``:table-config``)."""
    members = evaluator.path_members(target.file, target.key, 0)
    for prop, span, url_span, raw in site.attributes[1:]:
        if prop in members:
            return replace(site, span=span, url_span=url_span, raw=raw)
    return site


def _leading_member(expr: Expr | None, indices: tuple[int, ...]) -> str | None:
    """The member of a parameter in ``indices`` a URL expression starts with
    (``props.url`` -> ``"url"``), or None."""
    if isinstance(expr, Arg):
        return expr.attrs[0] if expr.index in indices and expr.attrs else None
    if isinstance(expr, Concat) and expr.parts:
        return _leading_member(expr.parts[0], indices)
    if isinstance(expr, Alt):
        for o in expr.options:
            got = _leading_member(o, indices)
            if got:
                return got
    if isinstance(expr, Obj):
        for _, v in expr.items:
            got = _leading_member(v, indices)
            if got:
                return got
    return None


def _component_name(path: str, key: str) -> str:
    """How a component is written where it is rendered: its function's name, or for a
    single-file component (key ``<default>``) its file name (``DataTable.vue``)."""
    if not key.startswith("<"):
        return key.rsplit(".", 1)[-1]
    return posixpath.splitext(posixpath.basename(path))[0]


def _through_dev_proxy(call: ResolvedCall, rules: tuple[ProxyRule, ...]) -> ResolvedCall:
    """A call to the dev server's own origin as the backend receives it, when a dev proxy
    rule forwards it (its ``path`` is rewritten; ``proxied_from`` keeps the path before)."""
    hit = apply_dev_proxy(call.path, rules, call.method, navigation=call.tentative)
    if hit is None:
        return call
    return replace(call, path=hit.path, proxied_from=call.path, proxy=hit.rule,
                   resolved=call.resolved and not hit.rule.rewrite_unknown,
                   unknown=call.unknown or (
                       f"the dev proxy '{hit.rule.context}' rewrites the path with a function"
                       if hit.rule.rewrite_unknown else ""))


def _uncalled_client_call(path: str, site: CallSite, fn) -> ResolvedCall:
    """A request through a client parameter of a function nothing calls: unresolved."""
    index = int(site.callee.name[4:])
    name = fn.params[index] if fn is not None and index < len(fn.params) else "?"
    member = site.callee.attrs[-1].upper() if site.callee.attrs else None
    method = member if member in ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS") else None
    return ResolvedCall(
        file=path, span=site.span, url_span=site.url_span, raw=site.raw, method=method,
        path="/{*}", client="", resolved=False, method_span=site.method_span,
        method_style=site.method_style,
        unknown=f"the client is parameter '{name}' of {site.function}(), which no indexed code calls")


def _url_text(site: CallSite, req: Request) -> tuple[Span, str]:
    """(span, source text) of the argument of ``site`` the request's URL comes from: the
    first argument, or the one a wrapper's URL parameter is given
    (:attr:`~routelink.resolve.evaluate.Request.arg`: ``upload(file, '/x')``,
    ``request.post({ entity: 'users' })``)."""
    if req.arg is not None and req.arg != (0, ""):
        for index, member, span, raw in site.arg_texts:
            if (index, member) == req.arg:
                return span, raw
    return site.url_span, site.raw


def _env_sources(read: tuple[tuple[str, str, str], ...], evaluator: Evaluator
                 ) -> tuple[tuple[str, str, str], ...]:
    """(name, value, source) of each env var a URL read (see :attr:`ResolvedCall.env`),
    once per name; a variable neither ``[env]`` nor a ``.env`` file gives took the
    code's default (its text when literal, else "")."""
    out: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for name, file, default in read:
        if name in seen:
            continue
        seen.add(name)
        found = evaluator.env_source(file, name)
        out.append((name, found[0], found[1]) if found is not None else (name, default, ""))
    return tuple(out)


def _resolved_call(path: str, site: CallSite, req: Request, rendered: RenderedURL) -> ResolvedCall:
    dup = None
    base = rendered.base_path.rstrip("/")
    if base and rendered.relative:
        rel = rendered.relative
        if rel == base or rel.startswith(base + "/"):
            dup = base
    url_span, raw = _url_text(site, req)
    return ResolvedCall(
        file=path, span=site.span, url_span=url_span, raw=raw,
        method=req.method, path=rendered.path, client=req.client, resolved=rendered.resolved,
        base_path=rendered.base_path, duplicate_prefix=dup,
        method_span=site.method_span, method_style=site.method_style,
        origin=rendered.origin, same_origin=rendered.same_origin,
        tentative=clients.get(req.client).needs_evidence,
        from_base=req.base is not None,
        origin_env=rendered.origin_env if rendered.origin_unknown else "")
