"""Route path normalization for the Python frameworks.

Every function here turns a path exactly as written in a route declaration into
routelink's path template form (SPEC "Path templates"): parameters ``{name}``,
catch-alls ``{name*}``, the trailing slash kept as written. They never raise.

- Starlette/FastAPI (and django-ninja): ``{item_id}`` stays, ``{item_id:int}`` ->
  ``{item_id}``, ``{file_path:path}`` -> ``{file_path*}`` (Starlette convertors str, int,
  float, uuid, path). Ninja also writes Django converters inside braces:
  ``{int:pk}`` -> ``{pk}``, ``{path:p}`` -> ``{p*}``.
- Werkzeug/Flask: ``<id>`` and ``<int:id>`` -> ``{id}``, ``<path:p>`` -> ``{p*}``
  (converters default, string, int, float, path, any, uuid, with arguments).
- Django ``path()``: ``<int:pk>`` -> ``{pk}``, ``<path:p>`` -> ``{p*}`` (Django 5 URL
  dispatcher converters str, int, slug, uuid, path and registered custom ones); stored
  with a leading ``/``.
- Django ``re_path()``/``url()`` and DRF router prefixes: the regex is read as a path:
  ``^``/``$``/``\\Z`` anchors dropped, ``(?P<pk>[^/.]+)`` -> ``{pk}``, a group that can
  span ``/`` (``.*``, ``.+``, ``(?P<p>.*)``) -> ``{p*}``, unnamed groups -> ``{arg1}``,
  ``{arg2}``..., escapes unescaped; an optional trailing slash (``/?$``) is reported so
  the route can accept both forms.
"""

from __future__ import annotations

import re

_FLASK_PARAM = re.compile(r"<(?:([A-Za-z_][\w]*)(?:\([^)]*\))?:)?([A-Za-z_]\w*)>")
_BRACE_PARAM = re.compile(r"\{\s*([A-Za-z_]\w*)\s*(?::\s*([A-Za-z_]\w*)\s*)?\}")
_DJANGO_PARAM = re.compile(r"<(?:([A-Za-z_]\w*):)?([A-Za-z_]\w*)>")


def with_leading_slash(path: str) -> str:
    """``'api/'`` -> ``'/api/'``; ``''`` stays ``''`` (the mount prefix itself)."""
    if path == "" or path.startswith("/"):
        return path
    return "/" + path


def starlette_path(raw: str) -> str:
    """FastAPI/Starlette (and django-ninja) path -> template.

    ``''`` stays ``''`` (``@router.get("")`` serves the router prefix itself).
    """

    def repl(m: re.Match) -> str:
        a, b = m.group(1), m.group(2)
        if b is None:
            return "{%s}" % a
        # Starlette writes {name:conv}; django-ninja also accepts {conv:name}
        if a in ("int", "str", "float", "uuid", "path", "slug") and b not in (
                "int", "str", "float", "uuid", "path", "slug"):
            name, conv = b, a
        else:
            name, conv = a, b
        return "{%s*}" % name if conv == "path" else "{%s}" % name

    return with_leading_slash(_BRACE_PARAM.sub(repl, raw))


def flask_path(raw: str) -> str:
    """Werkzeug rule -> template: ``/users/<int:id>`` -> ``/users/{id}``."""

    def repl(m: re.Match) -> str:
        conv, name = m.group(1), m.group(2)
        return "{%s*}" % name if conv == "path" else "{%s}" % name

    return with_leading_slash(_FLASK_PARAM.sub(repl, raw))


def django_path(raw: str) -> str:
    """Django ``path()`` route -> template with a leading ``/``: ``users/<int:pk>/`` ->
    ``/users/{pk}/``; ``''`` stays ``''``."""

    def repl(m: re.Match) -> str:
        conv, name = m.group(1), m.group(2)
        return "{%s*}" % name if conv == "path" else "{%s}" % name

    return with_leading_slash(_DJANGO_PARAM.sub(repl, raw))


def _group_end(regex: str, start: int) -> int:
    """Index just past the ``)`` closing the group opened at ``regex[start] == '('``."""
    depth = 0
    i = start
    in_class = False
    while i < len(regex):
        ch = regex[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(regex)


def _class_end(regex: str, start: int) -> int:
    """Index just past the ``]`` closing the character class at ``regex[start]``."""
    i = start + 1
    if i < len(regex) and regex[i] == "^":
        i += 1
    if i < len(regex) and regex[i] == "]":
        i += 1
    while i < len(regex):
        if regex[i] == "\\":
            i += 2
            continue
        if regex[i] == "]":
            return i + 1
        i += 1
    return len(regex)


def _spans_slash(body: str) -> bool:
    """Whether a group body can match a ``/`` (``.*``, ``.+``, ``[\\w/]+``...)."""
    stripped = re.sub(r"\[\^[^\]]*\]", "", body)  # negated classes exclude what they name
    if re.search(r"(?<!\\)\.", stripped):
        return True
    return "/" in stripped


def _skip_quantifier(regex: str, i: int) -> int:
    if i < len(regex) and regex[i] in "*+?":
        i += 1
        if i < len(regex) and regex[i] in "?+":
            i += 1
    elif i < len(regex) and regex[i] == "{":
        j = regex.find("}", i)
        if j != -1:
            i = j + 1
    return i


_ESCAPES = {"d": "{}", "w": "{}", "s": " ", "D": "{}", "W": "{}", "S": "{}"}


def regex_path(regex: str) -> tuple[str, bool]:
    """Django ``re_path``/``url`` regex (or a DRF prefix) -> (template, optional slash).

    The template has a leading ``/`` (``''`` for an empty pattern). ``optional slash``
    is true when the pattern ends with ``/?`` (both ``/x`` and ``/x/`` match); the
    template then has no trailing slash.
    """
    r = regex
    if r.startswith("^"):
        r = r[1:]
    if r.endswith("\\Z"):
        r = r[:-2]
    elif r.endswith("$") and not r.endswith("\\$"):
        r = r[:-1]
    optional_slash = False
    if r.endswith("/?"):
        r = r[:-2]
        optional_slash = True
    out: list[str] = []
    unnamed = 0
    i = 0
    n = len(r)
    while i < n:
        ch = r[i]
        if ch == "\\" and i + 1 < n:
            nxt = r[i + 1]
            i += 2
            if nxt in _ESCAPES:
                # a bare \d+ outside a group: an unnamed, uncaptured parameter segment
                i = _skip_quantifier(r, i)
                unnamed += 1
                out.append("{arg%d}" % unnamed)
            else:
                out.append(nxt)
            continue
        if ch == "(":
            end = _group_end(r, i)
            inner = r[i + 1: end - 1]
            after = _skip_quantifier(r, end)
            optional = end < n and r[end] == "?"
            if inner.startswith("?P<"):
                close = inner.find(">")
                name = inner[3:close] if close > 3 else "arg"
                body = inner[close + 1:] if close > 0 else ""
                out.append("{%s*}" % name if _spans_slash(body) else "{%s}" % name)
            elif inner.startswith("?:") or inner.startswith("?"):
                body = inner[2:] if inner.startswith("?:") else ""
                if optional:
                    pass  # an optional literal piece: drop it (best effort)
                elif body and re.fullmatch(r"[\w\-/.]*", body):
                    out.append(body)
                elif body:
                    unnamed += 1
                    out.append("{arg%d*}" % unnamed if _spans_slash(body) else "{arg%d}" % unnamed)
            else:
                unnamed += 1
                out.append("{arg%d*}" % unnamed if _spans_slash(inner) else "{arg%d}" % unnamed)
            i = after
            continue
        if ch == "[":
            end = _class_end(r, i)
            body = r[i:end]
            i = _skip_quantifier(r, end)
            unnamed += 1
            out.append("{arg%d*}" % unnamed if _spans_slash(body) else "{arg%d}" % unnamed)
            continue
        if ch == ".":
            i = _skip_quantifier(r, i + 1)
            unnamed += 1
            out.append("{arg%d*}" % unnamed)
            continue
        if ch in "^$":
            i += 1
            continue
        if i + 1 < n and r[i + 1] == "?" and ch not in ")]":
            i += 2  # an optional character: drop it (best effort)
            continue
        if ch in "*+":
            i += 1
            continue
        out.append(ch)
        i += 1
    path = "".join(out)
    # collapse '//' left by dropped optional pieces
    while "//" in path:
        path = path.replace("//", "/")
    return with_leading_slash(_whole_segment_catch_alls(path)), optional_slash


def _whole_segment_catch_alls(path: str) -> str:
    r"""A group that can span ``/`` is a catch-all ``{name*}`` only when it is a whole
    segment; inside a segment (``^(?P<name>.+)\.(?P<ext>\w+)$``) it is a plain
    parameter, so the segment is not mistaken for a catch-all."""
    segs = path.split("/")
    for i, seg in enumerate(segs):
        if "*}" in seg and not re.fullmatch(r"\{[^{}]*\*\}", seg):
            segs[i] = seg.replace("*}", "}")
    return "/".join(segs)
