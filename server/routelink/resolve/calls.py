"""Call sites to requests: the HTTP requests each call site of a file makes.

``resolve_file_calls`` evaluates every :class:`~routelink.facts.CallSite` of a file with
the :class:`~routelink.resolve.evaluate.Evaluator` and renders each request's URL to a
path template (:func:`routelink.link.templates.render`).
"""

from __future__ import annotations

from dataclasses import dataclass

from routelink.facts import CallSite, FileFacts, Span
from routelink.link.templates import RenderedURL, render
from routelink.resolve.evaluate import ClassRef, Ctx, Evaluator, Instance


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



# ---------------------------------------------------------------------- calls


def resolve_file_calls(path: str, facts: FileFacts, evaluator: Evaluator) -> list[ResolvedCall]:
    """The requests made by the call sites written in ``path``.

    A call site inside a wrapper function (one whose URL starts with a parameter) is not
    a request by itself: its requests are reported at the wrapper's call sites.
    """
    out: list[ResolvedCall] = []
    classes = {c.name: c for c in facts.classes}
    for site in facts.calls:
        this = None
        if site.function is not None:
            if evaluator.is_wrapper(path, site.function):
                continue
            owner = site.function.split(".")[0]
            if owner in classes:
                this = Instance(ClassRef(path, classes[owner]))
        elif site.callee.name == "this":
            continue
        ctx = Ctx(path, () if site.function else None, this)
        seen: set[tuple] = set()
        for req in evaluator.requests(site.callee, site.args, ctx, site.is_new):
            rendered = render(req)
            if rendered is None:
                continue
            key = (req.method, rendered.path)
            if key in seen:
                continue
            seen.add(key)
            out.append(_resolved_call(path, site, req.client, req.method, rendered))
    return out


def _resolved_call(path: str, site: CallSite, client: str, method: str | None,
                   rendered: RenderedURL) -> ResolvedCall:
    dup = None
    base = rendered.base_path.rstrip("/")
    if base and rendered.relative:
        rel = rendered.relative
        if rel == base or rel.startswith(base + "/"):
            dup = base
    return ResolvedCall(
        file=path, span=site.span, url_span=site.url_span, raw=site.raw,
        method=method, path=rendered.path, client=client, resolved=rendered.resolved,
        base_path=rendered.base_path, duplicate_prefix=dup,
        method_span=site.method_span, method_style=site.method_style)
