"""Express (4 and 5), and Express-compatible routers (polka).

Follows Express 4 / path-to-regexp 0.1 and Express 5 / path-to-regexp 8:
``:id`` -> ``{id}``, ``:id?`` -> two routes (with and without the segment),
``:id(\\d+)`` -> ``{id}``, ``*`` -> ``{wild*}``; Express 5 ``*name`` -> ``{name*}`` and
``{/:id}`` optional groups. Routing is not strict by default, so a trailing slash never
matters (policy ``ignore``); routes are tried in registration order within a router and
the first one whose method and path match runs (``dispatch = "method"``, ``ordering =
"router"``).
"""

from __future__ import annotations

import re

from routelink.frameworks.base import JsFramework, PathTemplate

METHODS = {
    "get": "GET",
    "post": "POST",
    "put": "PUT",
    "patch": "PATCH",
    "delete": "DELETE",
    "del": "DELETE",
    "options": "OPTIONS",
    "head": "HEAD",
    "all": "ANY",
}

_GROUP = re.compile(r"\{([^{}]*)\}")
_PARAM = re.compile(r":(\w+)(\([^/]*\))?(\?)?")
_INLINE = re.compile(r":(\w+)(\([^/]*\))?\??")
#: at most this many variants from optional parameters (2^n otherwise)
MAX_VARIANTS = 16


def express_path(raw: str) -> list[str]:
    """Express path string -> path templates (two when a parameter is optional).

    ``'/users/:id(\\d+)?'`` -> ``['/users/{id}', '/users']``. Follows Express 4
    path-to-regexp 0.1 syntax, plus Express 5 ``*name`` wildcards and ``{...}``
    optional groups (``'/users{/:id}'`` -> ``['/users/{id}', '/users']``). At most
    :data:`MAX_VARIANTS` templates.
    """
    if not raw:
        return ["/"]
    group = _GROUP.search(raw)
    if group is not None and not re.fullmatch(r"\w*\*?", group.group(1)):
        with_group = raw[:group.start()] + group.group(1) + raw[group.end():]
        without = raw[:group.start()] + raw[group.end():]
        out: list[str] = []
        for variant in (with_group, without):
            for p in express_path(variant):
                if p not in out and len(out) < MAX_VARIANTS:
                    out.append(p)
        return out
    variants: list[list[str]] = [[]]
    for seg in raw.split("/"):
        m = _PARAM.fullmatch(seg)
        if m:
            new = "{" + m.group(1) + "}"
            if m.group(3):
                variants = ([v + [new] for v in variants] + [list(v) for v in variants])[:MAX_VARIANTS]
            else:
                variants = [v + [new] for v in variants]
            continue
        if seg == "*" or seg == "(.*)":
            variants = [v + ["{wild*}"] for v in variants]
            continue
        m = re.fullmatch(r"\*(\w+)", seg)
        if m:
            variants = [v + ["{" + m.group(1) + "*}"] for v in variants]
            continue
        # inline params inside a segment ('/files/:name.:ext') -> keep as one param
        seg = _INLINE.sub(lambda mm: "{" + mm.group(1) + "}", seg)
        variants = [v + [seg] for v in variants]
    out = []
    for v in variants:
        p = "/".join(v)
        if not p.startswith("/"):
            p = "/" + p
        if p not in out:
            out.append(p)
    return out


class Express(JsFramework):
    name = "express"
    packages = ("express", "polka")
    keywords = (rb"express|Router|polka|\.(?:get|post|put|patch|delete|use|route|all)\s*\(",)
    trailing_slash = "ignore"

    def convert_path(self, raw: str, syntax: str = "") -> list[PathTemplate]:
        return [(p, None) for p in express_path(raw)]

    def convert_prefix(self, raw: str, syntax: str = "") -> str:
        return express_path(raw)[0] if raw else ""


FRAMEWORK = Express()
