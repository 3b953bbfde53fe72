"""Invariant: every request-shaped call the extractor records is linked, reported as a
finding, or reported as ``unresolved-call`` with the URL it could not resolve; none is
dropped between the extractor and the report (third-party hosts, static assets and
browser navigations with no evidence that they reach the backend, such as links to
pages of the frontend, are the only, deliberate, exclusions)."""

from __future__ import annotations

import pathlib

import pytest

from routelink.clients import registry as clients
from routelink.index import index_workspace
from routelink.link.templates import render
from routelink.resolve.evaluate import Client, ClientMember, Ctx, FuncRef
from tests.conftest import build_index

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples"

INLINE = {
    "server/app.js": """
        const express = require('express');
        const app = express();
        app.get('/api/users', list);
        app.post('/api/items', create);
    """,
    "web/src/api.ts": """
        import axios from 'axios';
        import ky from 'ky';
        import { ofetch } from 'ofetch';
        export const a = () => ky.get('/api/users');
        export const b = () => ofetch('/api/items', { method: 'POST' });
        export const pages = { next: (u) => axios.get(u.next) };
        export const d = () => fetch();
        export const e = () => axios.request();
        export const f = () => new WebSocket(socketUrl);
        export const g = () => ky.patch('/api/nothing-here');
    """,
}


def request_sites(index):
    """(file, call span) of every recorded call site whose callee is a request-making
    client call or a wrapper, with the rendered requests it makes (None: deliberately
    not an API call)."""
    ev = index._evaluator()
    out = []
    for path, st in sorted(index.files.items()):
        for site in st.facts.calls:
            if site.function is not None:
                continue  # reported through the function's own call sites
            ctx = Ctx(path)
            target = ev.lookup(site.callee, ctx)
            if isinstance(target, (Client, ClientMember)):
                client, member = (target, None) if isinstance(target, Client) else (target.client, target.member)
                if not clients.get(client.library).is_request(member, site.is_new):
                    continue
            elif not (isinstance(target, FuncRef) and ev.is_wrapper(target.file, target.key)):
                continue
            reqs = ev.requests(site.callee, site.args, ctx, site.is_new)
            tentative = all(clients.get(r.client).needs_evidence for r in reqs) and bool(reqs)
            out.append((path, site, [render(r) for r in reqs], tentative))
    return out


def check(index):
    a = index.analysis()
    calls_at = {(c.file, c.span) for c in a.calls}
    found_at = {(f.file, f.span) for f in a.findings}
    linked_or_reported = 0
    for path, site, rendered, tentative in request_sites(index):
        assert rendered, f"{path}:{site.span.line + 1}: {site.raw} made no request at all"
        if all(r is None or r.external for r in rendered):
            continue  # another host or a static asset
        if tentative and (path, site.span) not in calls_at:
            continue  # a navigation with no evidence it reaches the backend (a page link)
        assert (path, site.span) in calls_at, f"{path}:{site.span.line + 1}: {site.raw} vanished"
        for c, m in zip(a.calls, a.matches):
            if (c.file, c.span) != (path, site.span):
                continue
            reported = any((c.file, s) in found_at for s in (c.span, c.url_span))
            assert m.routes or reported, f"{path}:{site.span.line + 1}: {site.raw} neither linked nor reported"
            linked_or_reported += 1
    return linked_or_reported


def test_inline_calls_of_every_library_are_linked_or_reported():
    index = build_index(INLINE)
    assert check(index) == 6
    messages = {f.message for f in index.analysis().findings if f.code == "unresolved-call"}
    assert any("socketUrl" in m for m in messages)
    # a request inside a function whose parameter gives its URL, and that nothing calls
    assert any("u.next" in m and "parameter 'u' of pages.next()" in m for m in messages), messages


def test_navigations_to_pages_are_the_only_requests_left_out():
    index = build_index({**INLINE, "web/src/Nav.jsx": """
        export const Nav = () => (
          <nav>
            <a href="/api/users">Users (JSON)</a>
            <a href="/settings">Settings</a>
          </nav>
        );
    """})
    assert check(index) == 7  # the six of INLINE and the link to GET /api/users
    a = index.analysis()
    assert [c.path for c in a.calls if c.file.endswith("Nav.jsx")] == ["/api/users"]


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir()))
def test_example_apps(example):
    index = index_workspace([str(EXAMPLES / example)])
    assert check(index) > 0
