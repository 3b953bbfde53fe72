"""Navigation and information over stdio, on one read-only server per module:
definition, references, hover, code lens, symbols, document links, and the
"Go to handler" / "Show N callers" commands (window/showDocument)."""

from __future__ import annotations

import pytest
from lsprotocol import types

from .conftest import line_of, position, uri

pytestmark = pytest.mark.asyncio(loop_scope="module")

USERS_PAGE = "frontend/src/pages/UsersPage.tsx"
ORDERS_PAGE = "frontend/src/pages/OrdersPage.tsx"
PROFILE = "frontend/src/pages/UserProfile.tsx"
GRID = "frontend/src/components/ProductGrid.jsx"
USERS_TS = "backend/src/routes/users.ts"
ORDERS_TS = "backend/src/routes/orders.ts"
PRODUCTS_JS = "backend/src/routes/products.js"


def doc(ws, rel):
    return types.TextDocumentIdentifier(uri=uri(ws, rel))


def span(ws, rel, needle, occurrence=0) -> types.Range:
    """The range of ``needle`` (on one line) in a file."""
    start = position(ws, rel, needle, occurrence=occurrence)
    return types.Range(start, types.Position(start.line, start.character + len(needle)))


def loc(ws, rel, rng) -> types.Location:
    return types.Location(uri=uri(ws, rel), range=rng)


def rng(l1, c1, l2, c2) -> types.Range:
    return types.Range(types.Position(l1, c1), types.Position(l2, c2))


async def definition(client, ws, rel, needle, offset=2):
    got = await client.text_document_definition_async(types.DefinitionParams(
        doc(ws, rel), position(ws, rel, needle, offset)))
    return None if got is None else list(got)


async def references(client, ws, rel, needle, offset=2, declaration=False):
    got = await client.text_document_references_async(types.ReferenceParams(
        text_document=doc(ws, rel), position=position(ws, rel, needle, offset),
        context=types.ReferenceContext(include_declaration=declaration)))
    return None if got is None else list(got)


# ---------------------------------------------------------------------- definition


async def test_definition_on_a_call_goes_to_the_named_handler(ro_client, ro_workspace):
    ws = ro_workspace
    got = await definition(ro_client, ws, USERS_PAGE, "'/users')")
    line = line_of(ws, USERS_TS, "async function listUsers")
    assert line == 5
    assert got == [loc(ws, USERS_TS, rng(line, 0, line + 2, 1))]


async def test_definition_on_a_call_goes_to_an_inline_handler(ro_client, ro_workspace):
    ws = ro_workspace
    got = await definition(ro_client, ws, ORDERS_PAGE, "http.get<Order[]>('/orders')")
    start = position(ws, ORDERS_TS, "async (_req, res) =>")  # ordersRouter.get('/', ...)
    assert (start.line, start.character) == (6, 22)
    assert got == [loc(ws, ORDERS_TS, rng(6, 22, 8, 1))]


async def test_definition_of_a_call_served_twice_lists_both_handlers(ro_client, ro_workspace):
    ws = ro_workspace
    got = await definition(ro_client, ws, ORDERS_PAGE, "http.post<Order>('/orders'", offset=20)
    first = position(ws, ORDERS_TS, "ordersRouter.post('/', ", len("ordersRouter.post('/', "))
    second = position(ws, ORDERS_TS, "ordersRouter.post('/', ", len("ordersRouter.post('/', "),
                      occurrence=1)
    assert [(first.line, first.character), (second.line, second.character)] == [(14, 23), (23, 23)]
    assert got == [loc(ws, ORDERS_TS, rng(14, 23, 16, 1)), loc(ws, ORDERS_TS, rng(23, 23, 25, 1))]


async def test_definition_of_unmatched_call_or_non_call_is_empty(ro_client, ro_workspace):
    ws = ro_workspace
    assert await definition(ro_client, ws, ORDERS_PAGE, "/invoice`") is None
    assert await definition(ro_client, ws, ORDERS_PAGE, "useEffect, useState") is None


# ---------------------------------------------------------------------- references


async def test_references_on_a_handler_function_list_its_callers(ro_client, ro_workspace):
    ws = ro_workspace
    got = await references(ro_client, ws, USERS_TS, "listUsers(_req")
    assert got == [loc(ws, USERS_PAGE, span(ws, USERS_PAGE, "api.get<User[]>('/users')"))]
    assert got[0].range == rng(10, 4, 10, 29)


async def test_references_on_a_route_declaration(ro_client, ro_workspace):
    ws = ro_workspace
    call = loc(ws, PROFILE, span(ws, PROFILE, "api.get(`/users/${userId}`)"))
    assert call.range == rng(7, 4, 7, 31)
    # `/users/search` is shadowed by `/:id`: that call reaches `/:id` too
    search = loc(ws, USERS_PAGE, span(ws, USERS_PAGE, "await api.get<User[]>('/users/search', { params: { q: query } })"))
    assert await references(ro_client, ws, USERS_TS, "router.get('/:id'") == [call, search]
    decl = loc(ws, USERS_TS, span(ws, USERS_TS, "router.get('/:id', requireAuth, getUser)"))
    assert await references(ro_client, ws, USERS_TS, "router.get('/:id'", declaration=True) == [
        decl, call, search]
    # a router mounted twice declares two routes here: callers of both
    assert await references(ro_client, ws, PRODUCTS_JS, "router.get('/'") == [
        loc(ws, GRID, span(ws, GRID, "fetch('/api/products')"))]
    # the duplicate POST / of orders.ts: the one call reaches both declarations
    post = loc(ws, ORDERS_PAGE, span(ws, ORDERS_PAGE, "http.post<Order>('/orders', { items })"))
    assert post.range == rng(12, 37, 12, 75)
    assert await references(ro_client, ws, ORDERS_TS, "ordersRouter.post('/'") == [post]
    assert await references(ro_client, ws, USERS_TS, "router.post('/'") is None


# ---------------------------------------------------------------------- hover


async def test_hover_on_a_call_and_on_a_route(ro_client, ro_workspace):
    ws = ro_workspace
    call = await ro_client.text_document_hover_async(types.HoverParams(
        doc(ws, USERS_PAGE), position(ws, USERS_PAGE, "'/users')", 2)))
    assert call.range == rng(10, 4, 10, 29)
    assert call.contents.kind == types.MarkupKind.Markdown
    assert call.contents.value == (
        "**GET /api/users** (axios)\n"
        "- env `VITE_API_URL` = `http://localhost:4000/api`: the default written in the code "
        "(no `[env]` entry or .env file sets it)\n"
        "- serves it: `GET /api/users` handler `listUsers` in backend/src/routes/users.ts:14 (express)")
    route = await ro_client.text_document_hover_async(types.HoverParams(
        doc(ws, USERS_TS), position(ws, USERS_TS, "router.get('/',", 2)))
    assert route.range == rng(13, 0, 13, 26)
    assert route.contents.value == (
        "**GET /api/users** (express)\n1 caller\n"
        "- `GET /api/users` at frontend/src/pages/UsersPage.tsx:11")
    unmatched = await ro_client.text_document_hover_async(types.HoverParams(
        doc(ws, ORDERS_PAGE), position(ws, ORDERS_PAGE, "/invoice`", 2)))
    assert unmatched.contents.value == "**GET /api/orders/{}/invoice** (fetch)\n- no route serves it"
    nothing = await ro_client.text_document_hover_async(types.HoverParams(
        doc(ws, ORDERS_PAGE), types.Position(0, 2)))
    assert nothing is None


# ---------------------------------------------------------------------- code lens


async def lenses(client, ws, rel):
    listed = await client.text_document_code_lens_async(types.CodeLensParams(doc(ws, rel)))
    assert all(lens.command is None for lens in listed)  # resolved lazily
    resolved = [await client.code_lens_resolve_async(lens) for lens in listed]
    assert [r.range for r in resolved] == [lens.range for lens in listed]
    return [(r.range.start.line, r.command.title, r.command.command) for r in resolved], resolved


async def test_code_lens_on_calls(ro_client, ro_workspace):
    got, resolved = await lenses(ro_client, ro_workspace, ORDERS_PAGE)
    go = "routelink.server.goToHandler"
    assert got == [
        (9, "GET /api/orders -> backend/src/routes/orders.ts:7", go),
        (12, "POST /api/orders -> backend/src/routes/orders.ts:15 (+1)", go),
        (16, "POST /api/orders/{}/status -> no route", ""),
        (19, "GET /api/orders/{}/invoice -> no route", ""),
    ]
    assert list(resolved[0].command.arguments) == [uri(ro_workspace, ORDERS_PAGE),
                                             {"line": 9, "character": 4}]


async def test_code_lens_on_routes(ro_client, ro_workspace):
    got, _ = await lenses(ro_client, ro_workspace, ORDERS_TS)
    show = "routelink.server.showCallers"
    assert got == [(6, "1 caller", show), (10, "no callers", ""), (14, "1 caller", show),
                   (18, "no callers", ""), (23, "1 caller", show)]
    # one lens per declaration, even when the router is mounted under two prefixes
    got, _ = await lenses(ro_client, ro_workspace, PRODUCTS_JS)
    assert got == [(4, "1 caller", show), (8, "1 caller", show), (12, "no callers", "")]
    # router.route('/:id/avatar').get(...).put(...): two declarations on one line
    got, _ = await lenses(ro_client, ro_workspace, USERS_TS)
    # `/search` is shadowed by `/:id`: its caller reaches `/:id`
    assert got == [(13, "1 caller", show), (14, "2 callers", show), (16, "no callers", ""),
                   (19, "no callers", ""), (22, "GET: no callers", ""),
                   (22, "PUT: 1 caller", show), (26, "1 caller", show)]


# ---------------------------------------------------------------------- symbols, links


async def test_workspace_symbols_are_routes(ro_client, ro_workspace, cli_report):
    every = await ro_client.workspace_symbol_async(types.WorkspaceSymbolParams(query=""))
    assert sorted(s.name for s in every) == sorted(
        f"{r['method']} {r['path']}" for r in cli_report["routes"])
    assert {s.kind for s in every} == {types.SymbolKind.Method}
    got = await ro_client.workspace_symbol_async(types.WorkspaceSymbolParams(query="orders/{orderId}"))
    assert [(s.name, s.location, s.container_name) for s in got] == [
        ("GET /api/orders/{orderId}", loc(ro_workspace, ORDERS_TS, rng(10, 0, 12, 2)),
         "backend/src/routes/orders.ts"),
        ("PATCH /api/orders/{orderId}/status", loc(ro_workspace, ORDERS_TS, rng(18, 0, 20, 2)),
         "backend/src/routes/orders.ts"),
    ]
    named = await ro_client.workspace_symbol_async(types.WorkspaceSymbolParams(query="GET /api/users/{id}"))
    assert [(s.name, s.container_name) for s in named][0] == (
        "GET /api/users/{id}", "getUser (backend/src/routes/users.ts)")


async def test_document_symbols_list_calls_and_routes(ro_client, ro_workspace):
    calls = await ro_client.text_document_document_symbol_async(
        types.DocumentSymbolParams(doc(ro_workspace, ORDERS_PAGE)))
    assert [(s.name, s.kind, s.range.start.line, s.detail) for s in calls] == [
        ("GET /api/orders", types.SymbolKind.Event, 9, "call (fetch)"),
        ("POST /api/orders", types.SymbolKind.Event, 12, "call (fetch)"),
        ("POST /api/orders/{}/status", types.SymbolKind.Event, 16, "call (fetch)"),
        ("GET /api/orders/{}/invoice", types.SymbolKind.Event, 19, "call (fetch)"),
    ]
    # the selection range is the URL argument
    assert calls[3].selection_range == span(ro_workspace, ORDERS_PAGE, "`/orders/${orderId}/invoice`")
    routes = await ro_client.text_document_document_symbol_async(
        types.DocumentSymbolParams(doc(ro_workspace, USERS_TS)))
    assert [(s.name, s.kind, s.range.start.line, s.detail) for s in routes] == [
        ("GET /api/users", types.SymbolKind.Method, 13, "route -> listUsers"),
        ("GET /api/users/{id}", types.SymbolKind.Method, 14, "route -> getUser"),
        ("GET /api/users/search", types.SymbolKind.Method, 16, "route"),
        ("POST /api/users", types.SymbolKind.Method, 19, "route"),
        ("GET /api/users/{id}/avatar", types.SymbolKind.Method, 22, "route"),
        ("PUT /api/users/{id}/avatar", types.SymbolKind.Method, 22, "route"),
        ("DELETE /api/users/{id}", types.SymbolKind.Method, 26, "route"),
    ]


async def test_document_links_target_handlers(ro_client, ro_workspace):
    ws = ro_workspace
    links = await ro_client.text_document_document_link_async(
        types.DocumentLinkParams(doc(ws, USERS_PAGE)))
    users_ts = uri(ws, USERS_TS)
    assert [(link.range, link.target) for link in links] == [
        (span(ws, USERS_PAGE, "'/users'"), f"{users_ts}#L6"),          # listUsers
        (span(ws, USERS_PAGE, "'/users/search'"), f"{users_ts}#L10"),  # getUser: /:id wins
        (span(ws, USERS_PAGE, "`/users/${id}`"), f"{users_ts}#L27"),
    ]
    assert links[0].tooltip == "Go to GET /api/users -> backend/src/routes/users.ts:14"


# ---------------------------------------------------------------------- commands


async def code_actions(client, ws, rel, at: types.Position, diagnostics=()):
    return await client.text_document_code_action_async(types.CodeActionParams(
        text_document=doc(ws, rel), range=types.Range(at, at),
        context=types.CodeActionContext(diagnostics=list(diagnostics))))


async def test_go_to_handler_action_shows_the_handler(ro_client, ro_workspace):
    ws = ro_workspace
    at = position(ws, USERS_PAGE, "'/users')", 2)
    actions = await code_actions(ro_client, ws, USERS_PAGE, at)
    assert [(type(a).__name__, a.title) for a in actions] == [
        ("CodeAction", "Go to handler (GET /api/users -> backend/src/routes/users.ts:14)")]
    command = actions[0].command
    assert command.command == "routelink.server.goToHandler"
    before = len(ro_client.shown_documents)
    result = await ro_client.workspace_execute_command_async(types.ExecuteCommandParams(
        command=command.command, arguments=command.arguments))
    shown = ro_client.shown_documents[before:]
    assert [(s.uri, s.selection, s.take_focus) for s in shown] == [
        (uri(ws, USERS_TS), rng(5, 0, 7, 1), True)]
    assert result == [{"uri": uri(ws, USERS_TS), "range": {
        "start": {"line": 5, "character": 0}, "end": {"line": 7, "character": 1}}}]


async def test_show_callers_action_shows_the_first_caller(ro_client, ro_workspace):
    ws = ro_workspace
    at = position(ws, ORDERS_TS, "ordersRouter.get('/'", 2)
    actions = await code_actions(ro_client, ws, ORDERS_TS, at)
    assert [a.title for a in actions] == ["Show 1 caller"]
    command = actions[0].command
    assert command.command == "routelink.server.showCallers"
    before = len(ro_client.shown_documents)
    await ro_client.workspace_execute_command_async(types.ExecuteCommandParams(
        command=command.command, arguments=command.arguments))
    shown = ro_client.shown_documents[before:]
    assert [(s.uri, s.selection) for s in shown] == [
        (uri(ws, ORDERS_PAGE), span(ws, ORDERS_PAGE, "http.get<Order[]>('/orders')"))]
    # a route nothing calls: "Show 0 callers" opens nothing
    at = position(ws, USERS_TS, "router.post('/'", 2)
    actions = await code_actions(ro_client, ws, USERS_TS, at)
    assert [a.title for a in actions] == ["Show 0 callers"]
    before = len(ro_client.shown_documents)
    assert await ro_client.workspace_execute_command_async(types.ExecuteCommandParams(
        command=actions[0].command.command, arguments=actions[0].command.arguments)) == []
    assert ro_client.shown_documents[before:] == []


async def test_code_lens_command_runs(ro_client, ro_workspace):
    """The command of a resolved route lens lists every caller of the declaration."""
    _, resolved = await lenses(ro_client, ro_workspace, PRODUCTS_JS)
    command = resolved[0].command
    result = await ro_client.workspace_execute_command_async(types.ExecuteCommandParams(
        command=command.command, arguments=command.arguments))
    assert result == [{"uri": uri(ro_workspace, GRID), "range": {
        "start": {"line": 6, "character": 4}, "end": {"line": 6, "character": 26}}}]


async def test_quick_fix_from_a_cursor(ro_client, ro_workspace):
    """Editors ask with the cursor's empty range and the diagnostics under it."""
    file_uri = uri(ro_workspace, GRID)
    diags = await ro_client.wait_for(lambda: ro_client.diagnostics.get(file_uri), "diagnostics")
    diag = next(d for d in diags if d.code == "method-mismatch")
    actions = await code_actions(ro_client, ro_workspace, GRID, diag.range.start, [diag])
    assert [a.title for a in actions] == ["Change the method to GET"]
    assert list(actions[0].diagnostics) == [diag]
    edit = actions[0].edit.changes[file_uri][0]
    assert (edit.range, edit.new_text) == (rng(18, 43, 18, 51), "'GET'")
