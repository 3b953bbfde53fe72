"""Path templates: a request's URL rendered as a template, and the rules templates share.

A call's URL (a :class:`~routelink.resolve.evaluate.Request`) is rendered to a path
template: scheme and host dropped, query string and fragment dropped, holes written as
``{}`` (one segment) or ``{*}`` (extent unknown). An unknown value glued onto literal
text at the end of the path (``'/list' + suffix``) is of unknown extent too
(``/list{*}``): it may be empty, a query string or more segments, so the call is
unresolved rather than matched to ``/listAll``. A route's path template uses
``{name}`` (one segment), ``{name*}`` (a catch-all of zero or more segments: FastAPI
``{p:path}``, Express 4 ``*``, SvelteKit ``[...rest]``, Nuxt ``[...slug]``) and ``{name+}``
(a required catch-all of one or more segments: Next.js ``[...slug]``, Express 5
``*splat``, Flask and Django ``<path:p>``); each framework's ``convert_path`` says which
it produces, :func:`routelink.facts.catch_all_min` reads them back.

Matching itself is :mod:`routelink.link.matcher`'s (one segment trie). This module
holds the segment and trailing-slash vocabulary they share: :func:`segments`,
:func:`has_trailing_slash`, :func:`slash_allows` (the route's own trailing-slash policy,
so each framework's rule lives in its module and the matcher stays one mechanism) and
:func:`method_allows`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from routelink.resolve.evaluate import Request, Str

LOCAL_HOSTS = {"localhost", "127.0.0.1", "0.0.0.0", "[::1]", "::1"}


@dataclass(frozen=True, slots=True)
class RenderedURL:
    """A request's URL as a path template.

    ``resolved`` is false when part of the path could not be known (unknown prefix or a
    hole of unknown extent). ``base_path`` is the path of the base URL the client
    prepended ('' when none); ``relative`` the path the call site supplied. ``origin`` is
    the host and port of an absolute URL (``localhost:5000``, ``api.example.com``), ''
    for a relative URL or a host routelink cannot know. ``same_origin`` is true when the
    URL has no host and no base of unknown origin (an env var with no known value): the
    browser sends it to the page's own origin.
    """

    path: str
    resolved: bool
    base_path: str
    relative: str
    #: host and port of an absolute URL (``localhost:5000``), '' when relative or unknown
    origin: str = ""
    #: the URL has no host and no base of unknown origin: it reaches the page's origin
    same_origin: bool = False
    #: an inline absolute URL to a host that is not the app's own (a third-party API)
    external: bool = False
    #: the origin comes from an env var with no known value (named ``origin_env``)
    origin_unknown: bool = False
    origin_env: str = ""
    #: the literal text an unknown value is glued onto at the end of the path
    #: (``'/list' + query`` -> ``"list"``): where the path ends is not known
    glued: str = ""
    #: the env vars whose values the URL holds (see ``Str.env``)
    env: tuple[tuple[str, str, str], ...] = ()


def _render_pieces(pieces: tuple) -> str:
    out = []
    for p in pieces:
        if isinstance(p, str):
            out.append(p)
        elif p.kind == "query":
            out.append("?")
        elif p.kind == "rest":
            out.append("\x01")
        else:
            out.append("\x00")
    return "".join(out)


def _split_host(text: str) -> tuple[str | None, str]:
    """``'http://h:1/p'`` -> ``('h', '/p')``; relative text -> ``(None, text)``.

    A host containing a hole (``https://${host}/api``) is returned as ``'\x00'``; so is
    the origin of ``${location.protocol}//${location.host}/api`` (a scheme that is a
    hole: the text is an origin all the same).
    """
    m = re.match(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|\x00)?//([^/?#]*)", text)
    if not m:
        return None, text
    netloc, path = m.group(1), text[m.end():] or "/"
    hole = min((i for i in (netloc.find("\x00"), netloc.find("\x01")) if i != -1), default=-1)
    if hole == 0:
        return "\x00", path
    if hole > 0:
        # `${origin}${path}`: the hole starts the path, it is not part of the host
        netloc, path = netloc[:hole], netloc[hole:] + (text[m.end():] if m.end() < len(text) else "")
    host = netloc.rsplit("@", 1)[-1]
    host = host.split("]")[0] + "]" if host.startswith("[") else host.split(":")[0]
    return host.lower(), path


def _origin(text: str) -> str:
    """``'http://user@Host:5000/p'`` -> ``'host:5000'``; '' for a relative URL or a host
    with a hole in it."""
    m = re.match(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//([^/?#]*)", text)
    if not m or "\x00" in m.group(1) or "\x01" in m.group(1):
        return ""
    return m.group(1).rsplit("@", 1)[-1].lower()


STATIC_ASSET_SUFFIXES = (
    ".js", ".mjs", ".css", ".map", ".html", ".htm", ".png", ".jpg", ".jpeg", ".gif", ".svg",
    ".ico", ".webp", ".avif", ".woff", ".woff2", ".ttf", ".otf", ".txt", ".webmanifest",
    ".wasm", ".mp3", ".mp4", ".webm",
)


_ASSETS_FILE = re.compile(r"^/?assets/(?:[^/?#\x01]+/)*[^/?#\x01]*\.[A-Za-z0-9]{1,5}$")


def _is_static_asset(path: str) -> bool:
    """A request for a file the web server hosts (``/service-worker.js``, ``/logo.png``),
    not for the API: the path's last literal segment has a static-file suffix, or it is a
    file under ``/assets/`` (Angular CLI's static folder: ``assets/config.json``,
    ``assets/i18n/en.json``)."""
    clean = path.split("?", 1)[0]
    # `../../assets/i18n/x.json`, `./logo.svg`: relative to the page, a file all the same
    clean = re.sub(r"^/?(?:\.\.?/)+", "/", clean)
    if _ASSETS_FILE.match(clean):
        return True  # `/assets/i18n/${lang}.json` too
    last = clean.rstrip("/").rsplit("/", 1)[-1].lower()
    return "\x00" not in last and "\x01" not in last and last.endswith(STATIC_ASSET_SUFFIXES)


def _glued(text: str) -> tuple[str, str]:
    """(the literal text of the path's last segment, the text with that segment's end
    made a hole of unknown extent) when the path ends with an unknown value glued onto
    literal text (``/api/list\x00`` -> ``("list", "/api/list\x01")``): that value may be
    empty, a query string, the rest of the segment or more segments, so where the path
    ends is not known. ``("", text)`` otherwise (a whole-segment hole ``/users/\x00``, a
    hole inside a segment ``/files/\x00.json``)."""
    end = min((i for i in (text.find("?"), text.find("#")) if i != -1), default=len(text))
    if end == 0 or text[end - 1] not in ("\x00", "\x01"):
        return "", text
    literal = text[:end].rsplit("/", 1)[-1].replace("\x00", "").replace("\x01", "")
    if not literal:
        return "", text
    return literal, text[:end - 1] + "\x01" + text[end:]


def _template(text: str) -> str:
    for cut in ("?", "#"):
        i = text.find(cut)
        if i != -1:
            text = text[:i]
    if not text.startswith("/"):
        text = "/" + text
    while "//" in text:
        text = text.replace("//", "/")
    segs = text.split("/")
    out = []
    for s in segs:
        if s == "\x00":
            out.append("{}")
        elif "\x01" in s:
            # a hole of unknown extent: the text known around it is kept (`/api{*}`)
            out.append(s.replace("\x00", "").replace("\x01", "{*}").replace("{*}{*}", "{*}"))
        else:
            out.append(s.replace("\x00", "{}"))
    return "/".join(out)


def render(req: Request, own_hosts: frozenset[str] = frozenset()) -> RenderedURL | None:
    """The path template a request targets; None for a static asset (no API call).

    An absolute URL counts as the app's own backend when its host is local
    (``localhost``...), came from a named base (constant, env var, ``baseURL``), or is one
    of ``own_hosts`` (the hosts the workspace's named bases use, so the same host written
    inline is the app's own too); an inline absolute URL to any other host is
    ``external``. A URL that is only an env var with no known value (or an empty
    fallback) is unresolved, never ``/``.
    """
    url: Str = req.url
    base: Str | None = req.base
    url_text = _render_pieces(url.pieces)
    if base is not None and not base.origin_unknown and not _render_pieces(base.pieces):
        base = None  # `baseURL: ''` (the URL is already whole): no base
    if base is not None and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", url_text):
        base_text = _render_pieces(base.pieces)
        if url_text:
            full = base_text.rstrip("/") + "/" + url_text.lstrip("/")
        else:
            full = base_text
        named = True
        origin_unknown = base.origin_unknown
        origin = base.origin
        base_host, base_path = _split_host(base_text)
        rel_text = url_text
    else:
        full = url_text
        named = url.named
        origin_unknown = url.origin_unknown
        origin = url.origin
        base_text = _render_pieces(url.pieces[: url.named_len])
        base_host, base_path = _split_host(base_text) if base_text else (None, "")
        rel_text = _render_pieces(url.pieces[url.named_len:])
    host, path = _split_host(full)
    external = (host is not None and host not in LOCAL_HOSTS and host != "\x00" and not named
                and host not in own_hosts) or (
        # `https://${space}.notion.site/...`: a host known only up to a literal domain
        # written inline is some other service's
        not named and re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://\x00[^/?#:\x00]*\.[a-zA-Z]{2,}(?=[/:?#]|$)",
                               full) is not None) or (
        # `https://${domain}/`: an inline absolute URL whose whole host is unknown (a
        # customer's domain, a webhook's host) is some other service's, not the app's
        not named and re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://\x00(?=[/:?#]|$)", full) is not None)
    if _is_static_asset(path):
        return None
    resolved = True
    if not origin_unknown and path[:1] in ("\x00", "\x01") and host != "\x00":
        resolved = False  # the path itself starts with an unknown value
    bare = path.split("?", 1)[0]
    if ("\x00" in bare or "\x01" in bare) and not bare.strip("/\x00\x01"):
        resolved = False  # nothing of the path is known (`${env.API}${url}`)
    # `'/list' + query`: an unknown end glued onto a literal has unknown extent (`/list{*}`)
    glued, path = _glued(path)
    if not resolved or path.count("\x01") > 1:
        glued = ""  # not the only unknown: nothing more to say than the URL's text
    template = _template(path)
    if "{*}" in template:
        resolved = False
    if path.startswith("?") or path == "":
        template = "/"
        if origin_unknown and host is None:
            # nothing but an unknown env var (`fetch(process.env.HOOK_URL)`): not `/`
            template, resolved = "/{*}", False
    base_path = _template(base_path) if base_path and base_path != "/" else ""
    rel = _template(rel_text) if rel_text and not re.match(r"^[a-zA-Z]+://", rel_text) else ""
    return RenderedURL(template, resolved, base_path, rel, _origin(full),
                       host is None and not origin_unknown, external, origin_unknown, origin, glued,
                       (base.env if base is not None else ()) + url.env)


# ---------------------------------------------------------------------- matching


def segments(path: str) -> tuple[str, ...]:
    """``'/a/{id}/'`` -> ``('a', '{id}')``; the root path has no segments."""
    stripped = path.strip("/")
    return tuple(stripped.split("/")) if stripped else ()


def has_trailing_slash(path: str) -> bool:
    """True for ``/a/`` (not for the root path ``/``)."""
    return len(path) > 1 and path.endswith("/")


def slash_allows(call_path: str, route_path: str, policy: str, method: str | None) -> bool:
    """Whether a call whose trailing slash differs from the route's still reaches it.

    Policies: ``ignore`` (Express), ``redirect`` (FastAPI/Starlette redirect_slashes: both
    directions, method kept), ``append`` (Flask: a slash route is reached without the
    slash; not the reverse), ``append-get`` (Django APPEND_SLASH: as ``append`` but only
    for GET/HEAD, a POST loses its body in the redirect and fails), ``strict``.
    """
    call_slash = has_trailing_slash(call_path)
    route_slash = has_trailing_slash(route_path)
    if call_slash == route_slash or policy in ("ignore", "redirect"):
        return True
    if route_slash and not call_slash:
        if policy == "append":
            return True
        if policy == "append-get":
            return method in (None, "GET", "HEAD", "ANY")
    return False


def method_allows(call_method: str | None, route_method: str) -> bool:
    """Whether a route declared for ``route_method`` serves ``call_method``.

    ``ANY`` routes serve every HTTP method (not WebSockets); a HEAD call is served by a
    GET route; a call whose method is unknown (None) is served by any route.
    """
    if call_method is None:
        return True
    if route_method == call_method:
        return True
    if call_method == "WS" or route_method == "WS":
        return False
    if route_method == "ANY" or call_method == "ANY":
        return True
    return call_method == "HEAD" and route_method == "GET"
