"""The ide layer without LSP: a :class:`Snapshot` of a small Express + React workspace
answers call/route at a position, callers, definition, references, hover, lens titles,
code actions, symbols and links with plain values (0-based lines, UTF-16 columns)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from routelink.config import Config
from routelink.facts import Span
from routelink.index import WorkspaceIndex
from routelink.ide.snapshot import (GO_TO_HANDLER, SHOW_CALLERS, CodeLensItem, CommandAction,
                                    Hover, LensTitle, Location, QuickFix, Related, Snapshot)
from tests.conftest import build_index

ROOT = "/ws"

FILES = {
    "backend/server.js": """
        import express from 'express';
        import orders from './routes/orders';

        const users = require('./routes/users');

        const app = express();
        app.get('/health', (req, res) => res.json({ ok: true }));
        app.use('/api/users', users);
        app.use('/api/orders', orders);
        app.use('/api/v2/orders', orders);
        app.listen(3000);
    """,
    "backend/routes/users.js": """
        const router = require('express').Router();

        function listUsers(req, res) {
          res.json([]);
        }

        router.get('/', listUsers);
        router.get('/:id', (req, res) => res.json({ id: req.params.id }));
        router.post('/', (req, res) => res.status(201).end());
        router.route('/:id/avatar').get((req, res) => res.end()).put((req, res) => res.end());

        module.exports = router;
    """,
    # a router mounted twice, whose handler is defined in a controller module
    "backend/routes/orders.js": """
        import { Router } from 'express';
        import { listOrders } from '../controllers/orders';

        const router = Router();
        router.get('/', listOrders);

        export default router;
    """,
    "backend/controllers/orders.js": """
        export function listOrders(req, res) {
          res.json([]);
        }
    """,
    "frontend/src/api.js": """
        import axios from 'axios';

        export const api = axios.create({ baseURL: '/api' });
    """,
    "frontend/src/Users.jsx": """
        import { api } from './api';

        export function Users({ id, url }) {
          const load = () => api.get('/users');
          const one = () => fetch(`/api/users/${id}`);
          const remove = () => api.delete(`/users/${id}`);
          const invite = () => api.post('/api/users', { name: 'x' });
          const orders = () => fetch('/api/orders');
          const other = () => fetch(url);
          const smile = '😀'; const invoices = () => fetch('/api/invoices');
          return null;
        }
    """,
    "frontend/src/Profile.jsx": """
        export const profile = (id) => fetch(`/api/users/${id}`).then((r) => r.json());
    """,
}

USERS_JS = f"{ROOT}/backend/routes/users.js"
ORDERS_JS = f"{ROOT}/backend/routes/orders.js"
CONTROLLER = f"{ROOT}/backend/controllers/orders.js"
SERVER_JS = f"{ROOT}/backend/server.js"
USERS_JSX = f"{ROOT}/frontend/src/Users.jsx"
PROFILE = f"{ROOT}/frontend/src/Profile.jsx"


@pytest.fixture(scope="module")
def snap() -> Snapshot:
    return Snapshot.of_index(build_index(FILES, ROOT), Config())


def at(rel: str, needle: str, offset: int = 0) -> tuple[str, int, int]:
    """(path, line, character) of ``needle`` + ``offset`` in a source of FILES, with the
    character in UTF-16 code units."""
    text = textwrap.dedent(FILES[rel])
    start = text.index(needle) + offset
    line = text.count("\n", 0, start)
    before = text[text.rfind("\n", 0, start) + 1:start]
    return f"{ROOT}/{rel}", line, len(before.encode("utf-16-le")) // 2


def routes(snap: Snapshot, ids) -> list[str]:
    return [f"{snap.analysis.routes[i].method} {snap.analysis.routes[i].path}" for i in ids]


def calls(snap: Snapshot, ids) -> list[str]:
    return [f"{snap.analysis.calls[i].method} {snap.analysis.calls[i].path}" for i in ids]


def route_span(snap: Snapshot, method: str, path: str) -> Span:
    [r] = [r for r in snap.analysis.routes if (r.method, r.path) == (method, path)]
    return r.span


# ---------------------------------------------------------------------- lookups


def test_call_at(snap):
    assert calls(snap, snap.call_at(*at("frontend/src/Users.jsx", "'/users'"))) == ["GET /api/users"]
    assert calls(snap, snap.call_at(*at("frontend/src/Users.jsx", "api.delete"))) == ["DELETE /api/users/{}"]
    # on `.then(...)` outside the fetch call, on a declaration, in another file
    assert snap.call_at(*at("frontend/src/Profile.jsx", "then")) == []
    assert snap.call_at(*at("frontend/src/Users.jsx", "export function")) == []
    assert snap.call_at("/ws/nowhere.js", 0, 0) == []


def test_positions_are_utf16_columns(snap):
    path, line, character = at("frontend/src/Users.jsx", "fetch('/api/invoices')")
    [ci] = snap.call_at(path, line, character)
    # '😀' is one code point but two UTF-16 code units
    source_line = textwrap.dedent(FILES["frontend/src/Users.jsx"]).splitlines()[line]
    assert character == source_line.index("fetch('/api/invoices')") + 1
    assert snap.analysis.calls[ci].span == Span(line, character, line, character + 22)
    assert snap.call_at(path, line, character - 1) == []
    # the end of a span is in it (a cursor right after the last character)
    assert snap.call_at(path, line, character + 22) == [ci]


def test_route_at_declaration_and_handlers(snap):
    assert routes(snap, snap.route_at(*at("backend/routes/users.js", "router.get('/',"))) == [
        "GET /api/users"]
    # inside the body of a handler defined in the same file
    assert routes(snap, snap.route_at(*at("backend/routes/users.js", "res.json([])"))) == [
        "GET /api/users"]
    # a controller function handling a router mounted twice: both routes
    assert routes(snap, snap.route_at(*at("backend/controllers/orders.js", "res.json"))) == [
        "GET /api/orders", "GET /api/v2/orders"]
    # router.route(p).get(...).put(...): the innermost declaration under the cursor
    assert routes(snap, snap.route_at(*at("backend/routes/users.js", ".get((req"))) == [
        "GET /api/users/{id}/avatar"]
    assert routes(snap, snap.route_at(*at("backend/routes/users.js", ".put((req", 2))) == [
        "PUT /api/users/{id}/avatar"]
    assert snap.route_at(*at("backend/routes/users.js", "module.exports")) == []


def test_routes_with_span_and_callers_of(snap):
    span = route_span(snap, "GET", "/api/orders")
    both = snap.routes_with_span(ORDERS_JS, span)
    assert routes(snap, both) == ["GET /api/orders", "GET /api/v2/orders"]
    assert snap.routes_with_span(USERS_JS, span) == []
    assert calls(snap, snap.callers_of(both)) == ["GET /api/orders"]
    by_id = snap.routes_with_span(USERS_JS, route_span(snap, "GET", "/api/users/{id}"))
    callers = snap.callers_of(by_id)
    # ordered by file, then position
    assert [snap.analysis.calls[c].file for c in callers] == [PROFILE, USERS_JSX]
    assert snap.callers_of(snap.routes_with_span(USERS_JS, route_span(snap, "POST", "/api/users"))) == []


def test_handler_location(snap):
    def of(method, path):
        [i] = [i for i, r in enumerate(snap.analysis.routes) if (r.method, r.path) == (method, path)]
        return snap.handler_location(i)

    assert of("GET", "/api/users") == (USERS_JS, Span(3, 0, 5, 1))          # function listUsers
    assert of("GET", "/api/orders") == (CONTROLLER, Span(1, 7, 3, 1))       # in another module
    path, line, ch = at("backend/server.js", "(req, res) => res.json")
    assert of("GET", "/health") == Location(path, Span(line, ch, line, ch + 36))  # inline


# ---------------------------------------------------------------------- navigation


def test_definition(snap):
    assert snap.definition(*at("frontend/src/Users.jsx", "'/users'")) == [
        Location(USERS_JS, Span(3, 0, 5, 1))]
    assert snap.definition(*at("frontend/src/Users.jsx", "'/api/orders'")) == [
        Location(CONTROLLER, Span(1, 7, 3, 1))]
    # unmatched, unresolved, not a call
    assert snap.definition(*at("frontend/src/Users.jsx", "'/api/invoices'")) == []
    assert snap.definition(*at("frontend/src/Users.jsx", "fetch(url)")) == []
    assert snap.definition(*at("frontend/src/Users.jsx", "return null")) == []


def test_references(snap):
    here = at("backend/routes/users.js", "router.get('/:id'")
    profile = Location(PROFILE, snap.analysis.calls[snap.call_at(*at("frontend/src/Profile.jsx", "fetch"))[0]].span)
    users = Location(USERS_JSX, snap.analysis.calls[snap.call_at(*at("frontend/src/Users.jsx", "fetch(`"))[0]].span)
    assert snap.references(*here, include_declaration=False) == [profile, users]
    decl = Location(USERS_JS, route_span(snap, "GET", "/api/users/{id}"))
    assert snap.references(*here, include_declaration=True) == [decl, profile, users]
    # from the controller: the call that reaches either mount of its router
    [orders_call] = snap.references(*at("backend/controllers/orders.js", "listOrders"), False)
    assert orders_call.file == USERS_JSX
    assert snap.references(*at("backend/routes/users.js", "router.post"), False) == []
    # the Go to handler / Show callers commands
    assert snap.callers_at(*here) == [profile, users]
    assert snap.callers_at(ORDERS_JS, 0, 0, route_span(snap, "GET", "/api/orders")) == [orders_call]
    assert snap.handlers_at(*at("frontend/src/Users.jsx", "'/users'")) == [
        Location(USERS_JS, Span(3, 0, 5, 1))]


# ---------------------------------------------------------------------- hover


def test_hover_on_calls(snap):
    path, line, ch = at("frontend/src/Users.jsx", "'/users'")
    assert snap.hover(path, line, ch) == Hover(
        "**GET /api/users** (axios)\n"
        "- serves it: `GET /api/users` handler `listUsers` in backend/routes/users.js:8 (express)",
        Span(line, ch - 8, line, ch + 9))
    assert snap.hover(*at("frontend/src/Users.jsx", "'/api/invoices'")).markdown == (
        "**GET /api/invoices** (fetch)\n- no route serves it")
    assert snap.hover(*at("frontend/src/Users.jsx", "fetch(url)")).markdown == (
        "**GET /{}** (fetch)\nURL not resolved statically: not checked")
    assert snap.hover(*at("frontend/src/Users.jsx", "return null")) is None


def test_hover_on_routes(snap):
    hover = snap.hover(*at("backend/routes/users.js", "router.get('/:id'"))
    assert hover.markdown == (
        "**GET /api/users/{id}** (express)\n2 callers\n"
        "- `GET /api/users/{}` at frontend/src/Profile.jsx:2\n"
        "- `GET /api/users/{}` at frontend/src/Users.jsx:6")
    assert hover.span == route_span(snap, "GET", "/api/users/{id}")
    assert snap.hover(*at("backend/routes/users.js", "router.post")).markdown == (
        "**POST /api/users** (express)\n0 callers")
    # in a controller: every route it handles
    assert snap.hover(*at("backend/controllers/orders.js", "res.json")).markdown == (
        "**GET /api/orders** (express)\n1 caller\n- `GET /api/orders` at frontend/src/Users.jsx:9\n"
        "**GET /api/v2/orders** (express)\n0 callers")


# ---------------------------------------------------------------------- code lens


def test_code_lens_items(snap):
    items = snap.code_lenses(USERS_JS)
    assert [(i.kind, i.span.line, i.method, i.path, i.label) for i in items] == [
        ("route", 7, "GET", "/api/users", ""),
        ("route", 8, "GET", "/api/users/{id}", ""),
        ("route", 9, "POST", "/api/users", ""),
        # two declarations start on one line: each lens says which one it is
        ("route", 10, "GET", "/api/users/{id}/avatar", "GET"),
        ("route", 10, "PUT", "/api/users/{id}/avatar", "PUT"),
    ]
    # one lens per declaration, although the router is mounted twice
    assert snap.code_lenses(ORDERS_JS) == [
        CodeLensItem("route", route_span(snap, "GET", "/api/orders"), "GET", "/api/orders")]
    lenses = snap.code_lenses(USERS_JSX)
    assert [(i.kind, i.method, i.path) for i in lenses] == [
        ("call", "GET", "/api/users"), ("call", "GET", "/api/users/{}"),
        ("call", "DELETE", "/api/users/{}"), ("call", "POST", "/api/api/users"),
        ("call", "GET", "/api/orders"), ("call", "GET", "/{}"), ("call", "GET", "/api/invoices")]


def test_route_lens_titles(snap):
    lens = {(i.span.line, i.method): i for i in snap.code_lenses(USERS_JS)}

    def title(line, method):
        item = lens[(line, method)]
        return snap.route_lens(USERS_JS, item.span, item.label)

    assert title(7, "GET") == LensTitle("1 caller", SHOW_CALLERS)
    assert title(8, "GET") == LensTitle("2 callers", SHOW_CALLERS)
    assert title(9, "POST") == LensTitle("no callers", None)
    assert title(10, "PUT") == LensTitle("PUT: no callers", None)
    # callers of both mounts are counted together
    [orders] = snap.code_lenses(ORDERS_JS)
    assert snap.route_lens(ORDERS_JS, orders.span) == LensTitle("1 caller", SHOW_CALLERS)


def test_call_lens_titles(snap):
    def title(needle):
        path, line, ch = at("frontend/src/Users.jsx", needle)
        [ci] = snap.call_at(path, line, ch)
        c = snap.analysis.calls[ci]
        return snap.call_lens(path, c.span.line, c.span.column, c.path)

    assert title("'/users'") == LensTitle("GET /api/users -> backend/routes/users.js:8", GO_TO_HANDLER)
    assert title("'/api/orders'") == LensTitle("GET /api/orders -> backend/routes/orders.js:6",
                                               GO_TO_HANDLER)
    assert title("fetch(url)") == LensTitle("GET /{} (not resolved)")
    assert title("'/api/invoices'") == LensTitle("GET /api/invoices -> no route")
    # the call is gone (the document changed since the lens was listed)
    assert snap.call_lens(USERS_JSX, 0, 0, "/api/old", "POST") == LensTitle("POST /api/old")


# ---------------------------------------------------------------------- code actions


def cursor(rel, needle, offset=0) -> tuple[str, Span]:
    path, line, ch = at(rel, needle, offset)
    return path, Span(line, ch, line, ch)


def test_quick_fixes(snap):
    path, sel = cursor("frontend/src/Users.jsx", "api.delete")
    [fix] = snap.code_actions(path, sel)
    assert isinstance(fix, QuickFix)
    assert (fix.title, fix.diagnostic.code, fix.new_text, fix.preferred) == (
        "Change the method to GET", "method-mismatch", "get", False)
    assert fix.span == Span(sel.line, sel.column + 4, sel.line, sel.column + 10)  # `delete`
    # dropping a repeated base URL prefix is safe to apply automatically
    path, sel = cursor("frontend/src/Users.jsx", "'/api/users'")
    [fix] = snap.code_actions(path, sel)
    assert (fix.title, fix.new_text, fix.preferred) == (
        "Remove the repeated base URL prefix '/api'", "'/users'", True)
    assert fix.span == fix.diagnostic.span == Span(sel.line, sel.column, sel.line, sel.column + 12)
    # a selection that misses the diagnostic gets no fix
    assert snap.code_actions(*cursor("frontend/src/Users.jsx", "return null")) == []


def test_command_actions(snap):
    assert snap.code_actions(*cursor("frontend/src/Users.jsx", "'/users'")) == [
        CommandAction("Go to handler (GET /api/users -> backend/routes/users.js:8)",
                      "Go to handler", GO_TO_HANDLER)]
    span = route_span(snap, "GET", "/api/users/{id}")
    assert snap.code_actions(*cursor("backend/routes/users.js", "'/:id'")) == [
        CommandAction("Show 2 callers", "Show 2 callers", SHOW_CALLERS, span)]
    [action] = snap.code_actions(*cursor("backend/routes/users.js", "router.post"))
    assert action.title == "Show 0 callers"


# ---------------------------------------------------------------------- diagnostics


def test_diagnostics_and_related(snap):
    assert [(d.code, d.span.line) for d in snap.diagnostics_in(USERS_JSX)] == [
        ("method-mismatch", 6), ("duplicate-prefix", 7), ("unresolved-call", 9),
        ("unmatched-call", 10)]
    [mismatch] = [d for d in snap.diagnostics if d.code == "method-mismatch"]
    assert snap.related(mismatch) == [
        Related(Location(USERS_JS, route_span(snap, "GET", "/api/users/{id}")), "GET /api/users/{id}")]
    assert snap.diagnostics_in(CONTROLLER) == []


def test_configuration_applies(snap):
    cfg = Config().merged({"severity": {"unused-route": "off", "unmatched-call": "error"}}, "test")
    configured = Snapshot.of_index(build_index(FILES, ROOT), cfg)
    assert "unused-route" not in {d.code for d in configured.diagnostics}
    assert {d.severity for d in configured.diagnostics if d.code == "unmatched-call"} == {"error"}
    assert len([d for d in snap.diagnostics if d.code == "unused-route"]) == 5


# ---------------------------------------------------------------------- symbols, links


def test_document_symbols(snap):
    assert [(s.name, s.kind, s.span.line, s.detail) for s in snap.document_symbols(USERS_JS)] == [
        ("GET /api/users", "route", 7, "route -> listUsers"),
        ("GET /api/users/{id}", "route", 8, "route"),
        ("POST /api/users", "route", 9, "route"),
        ("GET /api/users/{id}/avatar", "route", 10, "route"),
        ("PUT /api/users/{id}/avatar", "route", 10, "route"),
    ]
    [first] = [s for s in snap.document_symbols(USERS_JSX) if s.name == "GET /api/users"]
    assert (first.kind, first.detail) == ("call", "call (axios)")
    _, line, ch = at("frontend/src/Users.jsx", "'/users'")
    assert first.selection_span == Span(line, ch, line, ch + 8)  # the URL argument


def test_workspace_symbols(snap):
    assert len(snap.workspace_symbols()) == len(snap.analysis.routes) == 8
    got = snap.workspace_symbols("orders")
    assert [(s.name, s.location.file, s.container) for s in got] == [
        ("GET /api/orders", ORDERS_JS, "listOrders (backend/routes/orders.js)"),
        ("GET /api/v2/orders", ORDERS_JS, "listOrders (backend/routes/orders.js)"),
    ]
    # characters in order, case-insensitive
    assert [s.name for s in snap.workspace_symbols("PUTavatar")] == ["PUT /api/users/{id}/avatar"]
    assert [s.container for s in snap.workspace_symbols("health")] == ["backend/server.js"]


def test_document_links(snap):
    links = snap.document_links(USERS_JSX)
    assert [(link.target, link.tooltip) for link in links] == [
        (Location(USERS_JS, Span(3, 0, 5, 1)), "Go to GET /api/users -> backend/routes/users.js:8"),
        (snap.handler_location(snap.analysis.matches[snap.call_at(*at(
            "frontend/src/Users.jsx", "fetch(`"))[0]].routes[0]),
         "Go to GET /api/users/{id} -> backend/routes/users.js:9"),
        (Location(CONTROLLER, Span(1, 7, 3, 1)), "Go to GET /api/orders -> backend/routes/orders.js:6"),
    ]
    _, line, ch = at("frontend/src/Users.jsx", "'/users'")
    assert links[0].span == Span(line, ch, line, ch + 8)


# ---------------------------------------------------------------------- invariant


def test_ide_never_imports_the_lsp_libraries():
    code = ("import sys, routelink.ide, routelink.ide.snapshot, routelink.ide.report, routelink.cli; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_hover_on_a_call_says_where_each_env_value_comes_from():
    files = {
        "api/server.js": """
            const app = require('express')();
            app.get('/v1/users', (req, res) => res.json([]));
            app.get('/v2/users', (req, res) => res.json([]));
            app.get('/users', (req, res) => res.json([]));
        """,
        "web/.env.development": "VITE_API_BASE=http://localhost:3000/v1\n",
        "web/src/api.ts": """
            export const fromDotenv = () => fetch(`${import.meta.env.VITE_API_BASE}/users`);
            export const fromCode = () => fetch(`${import.meta.env.VITE_V2 ?? '/v2'}/users`);
            export const fromConfig = () => fetch(`${import.meta.env.VITE_EDGE}/users`);
        """,
    }
    # `[env]` of routelink.toml reaches the index as its env table
    index = WorkspaceIndex(roots=[ROOT], env={"VITE_EDGE": "http://localhost:3000"})
    index.apply_changes({f"{ROOT}/{name}": textwrap.dedent(text).encode()
                         for name, text in files.items()})
    snap = Snapshot.of_index(index, Config())

    def hover(needle: str) -> list[str]:
        text = textwrap.dedent(files["web/src/api.ts"])
        start = text.index(needle)
        line = text.count("\n", 0, start)
        return snap.hover(f"{ROOT}/web/src/api.ts", line, start - text.rfind("\n", 0, start) - 1
                          ).markdown.splitlines()

    assert hover("fetch(`${import.meta.env.VITE_API_BASE}")[:2] == [
        "**GET /v1/users** (fetch)",
        "- env `VITE_API_BASE` = `http://localhost:3000/v1`: from web/.env.development"]
    assert hover("fetch(`${import.meta.env.VITE_V2")[1] == (
        "- env `VITE_V2` = `/v2`: the default written in the code (no `[env]` entry or .env file "
        "sets it)")
    assert hover("fetch(`${import.meta.env.VITE_EDGE}")[1] == (
        "- env `VITE_EDGE` = `http://localhost:3000`: from `[env]` of routelink.toml")
