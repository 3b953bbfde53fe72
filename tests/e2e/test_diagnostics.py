"""Diagnostics over stdio, pushed or pulled: the whole workspace, then kept current on
edits in the editor and on files created or deleted on disk."""

from __future__ import annotations

from lsprotocol import types

from .conftest import FRONTEND, cli_diagnostics, codes, lsp_diagnostic_tuples, uri


async def workspace_report(client, previous=()):
    return await client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(
        previous_result_ids=[types.PreviousResultId(uri=u, value=v) for u, v in previous]))


async def test_diagnostics_for_files_never_opened(client, workspace, cli_report):
    """Every indexed file's findings reach the client without opening anything, and
    they are exactly what `routelink check` reports on the same workspace."""
    expected = cli_diagnostics(cli_report, workspace)
    for rel, file_codes in FRONTEND.items():
        assert sorted(e[1] for e in expected[uri(workspace, rel)]) == file_codes
    if client.mode == "push":
        await client.wait_for(lambda: set(expected) <= set(client.diagnostics),
                              "diagnostics of every file")
        got = {u: lsp_diagnostic_tuples(d) for u, d in client.diagnostics.items() if d}
    else:
        report = await workspace_report(client)
        got = {item.uri: lsp_diagnostic_tuples(item.items) for item in report.items if item.items}
        assert all(isinstance(i, types.WorkspaceFullDocumentDiagnosticReport) for i in report.items)
    # never both models: a pull client is never pushed to, a push client never asked to pull
    await client.wait_ready()
    if client.mode == "pull":
        assert client.diagnostics == {} and client.published == {}
    else:
        assert client.diagnostic_refresh_count == 0
    assert got == expected
    orders = uri(workspace, "frontend/src/pages/OrdersPage.tsx")
    if client.mode == "pull":
        diags = next(i.items for i in report.items if i.uri == orders)
    else:
        diags = client.diagnostics[orders]
    by_code = {d.code: d for d in diags}
    mm = by_code["method-mismatch"]
    assert mm.range == types.Range(types.Position(16, 4), types.Position(16, 67))
    assert mm.message == "POST /api/orders/{}/status: the route exists but only for PATCH (orders.ts:19)"
    assert mm.severity == types.DiagnosticSeverity.Warning
    assert mm.source == "routelink"
    um = by_code["unmatched-call"]
    assert um.range == types.Range(types.Position(19, 39), types.Position(19, 77))
    assert um.message == "No route serves GET /api/orders/{}/invoice"


async def test_pull_result_ids_and_unchanged_reports(pull_client, workspace):
    client = pull_client
    first = await workspace_report(client)
    ids = {i.uri: i.result_id for i in first.items}
    assert all(ids.values()) and len(set(ids.values())) == len(ids)
    # nothing changed: every file the client knows is reported unchanged, same ids
    second = await workspace_report(client, ids.items())
    assert {i.uri: (type(i).__name__, i.result_id) for i in second.items} == {
        u: ("WorkspaceUnchangedDocumentDiagnosticReport", r) for u, r in ids.items()}

    orders = uri(workspace, "frontend/src/pages/OrdersPage.tsx")
    doc = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=orders)))
    assert doc.kind == "full" and doc.result_id == ids[orders]
    assert codes(doc.items) == ["method-mismatch", "unmatched-call"]
    again = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=orders), previous_result_id=doc.result_id))
    assert again.kind == "unchanged" and again.result_id == doc.result_id
    stale = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=orders), previous_result_id="stale"))
    assert stale.kind == "full" and codes(stale.items) == ["method-mismatch", "unmatched-call"]
    # a file without findings: an empty full report with a result id
    clean = uri(workspace, "frontend/src/pages/UserProfile.tsx")
    none = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=clean)))
    assert none.kind == "full" and list(none.items) == [] and none.result_id


ORDERS_PAGE = "frontend/src/pages/OrdersPage.tsx"


async def test_edits_fixing_and_breaking_paths(client, workspace, cli_report):
    from .conftest import change_document, open_document, position, wait_diagnostics

    await client.wait_ready()
    page = uri(workspace, ORDERS_PAGE)
    orders_ts = uri(workspace, "backend/src/routes/orders.ts")
    await wait_diagnostics(client, page, lambda d: codes(d) == ["method-mismatch", "unmatched-call"],
                           "initial diagnostics")
    open_document(client, workspace, ORDERS_PAGE)
    # `/orders/${orderId}/invoice` -> `/orders/${orderId}`: GET /api/orders/{orderId} exists
    start = position(workspace, ORDERS_PAGE, "/invoice`")
    end = types.Position(start.line, start.character + len("/invoice"))
    change_document(client, workspace, ORDERS_PAGE, 2, types.Range(start, end), "")
    diags = await wait_diagnostics(client, page, lambda d: codes(d) == ["method-mismatch"],
                                   "the unmatched-call to clear")
    assert diags[0].range.start == types.Position(16, 4)
    if client.mode == "push":
        assert list(client.diagnostics[page]) == diags
        assert client.published[page][-1].version == 2  # the open document's version
    # ... and the route it now reaches is no longer unused, in another file
    unused = "No indexed call reaches GET /api/orders/{orderId}"
    expected = [e for e in cli_diagnostics(cli_report, workspace)[orders_ts] if e[3] != unused]
    assert len(expected) == len(cli_diagnostics(cli_report, workspace)[orders_ts]) - 1
    backend = await wait_diagnostics(client, orders_ts,
                                     lambda d: lsp_diagnostic_tuples(d) == expected,
                                     "orders.ts to lose an unused-route")
    assert unused not in [x.message for x in backend]

    # an edit that breaks a path adds one: http.get<Order[]>('/orders') -> '/order'
    start = position(workspace, ORDERS_PAGE, "'/orders')", offset=len("'/order"))
    change_document(client, workspace, ORDERS_PAGE, 3,
                    types.Range(start, types.Position(start.line, start.character + 1)), "")
    diags = await wait_diagnostics(
        client, page, lambda d: codes(d) == ["method-mismatch", "unmatched-call"]
        and "No route serves GET /api/order" in [x.message for x in d], "a new unmatched-call")
    new = [d for d in diags if d.message == "No route serves GET /api/order"]
    assert len(new) == 1 and new[0].range == types.Range(types.Position(9, 4), types.Position(9, 31))
    if client.mode == "push":
        assert client.published[page][-1].version == 3


async def test_a_document_opened_while_indexing_is_read_from_the_editor(client, workspace):
    """A buffer opened before the first index is ready (the editor restores open files
    at once): its unsaved text wins over the disk when indexing finishes."""
    from .conftest import wait_diagnostics

    page = uri(workspace, ORDERS_PAGE)
    text = (workspace / ORDERS_PAGE).read_text()
    assert "/invoice`" in text
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
        uri=page, language_id="typescriptreact", version=1,
        text=text.replace("/invoice`", "`"))))  # GET /api/orders/{orderId} exists
    await client.wait_ready()
    await wait_diagnostics(client, page, lambda d: codes(d) == ["method-mismatch"],
                           "the buffer's diagnostics, not the disk's")
    if client.mode == "push":
        assert client.published[page][-1].version == 1


async def test_files_created_and_deleted_on_disk_update_other_files(client, workspace):
    from .conftest import wait_diagnostics

    await client.wait_ready()
    assert [r.method for r in client.registrations] == [types.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    page = uri(workspace, ORDERS_PAGE)
    orders_path = workspace / "backend/src/routes/orders.ts"
    orders_ts = orders_path.as_uri()
    original = orders_path.read_text()
    await wait_diagnostics(client, page, lambda d: codes(d) == ["method-mismatch", "unmatched-call"],
                           "initial diagnostics")

    orders_path.unlink()
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        [types.FileEvent(orders_ts, types.FileChangeType.Deleted)]))
    diags = await wait_diagnostics(client, page, lambda d: codes(d) == ["unmatched-call"] * 4,
                                   "every orders call to be unmatched")
    assert sorted(d.message for d in diags) == [
        "No route serves GET /api/orders",
        "No route serves GET /api/orders/{}/invoice",
        "No route serves POST /api/orders",
        "No route serves POST /api/orders/{}/status",
    ]
    gone = await wait_diagnostics(client, orders_ts, lambda d: d == [], "orders.ts cleared")
    assert gone == []

    orders_path.write_text(original)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        [types.FileEvent(orders_ts, types.FileChangeType.Created)]))
    await wait_diagnostics(client, page, lambda d: codes(d) == ["method-mismatch", "unmatched-call"],
                           "the original diagnostics back")

    # a new frontend file calling GET /health: server.ts's unused-route goes away
    server_ts = uri(workspace, "backend/src/server.ts")
    await wait_diagnostics(client, server_ts, lambda d: codes(d) == ["unused-route"], "unused /health")
    health = workspace / "frontend/src/pages/Health.tsx"
    health.write_text("export const ping = () => fetch('/health').then((r) => r.json());\n")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        [types.FileEvent(health.as_uri(), types.FileChangeType.Created)]))
    assert await wait_diagnostics(client, server_ts, lambda d: d == [], "/health used") == []


async def test_a_file_of_the_public_folder_created_and_deleted_on_disk(client, workspace):
    """The server watches the frontend's public folder too: a request naming a file
    there is served by the dev server, and stops being when the file goes."""
    from .conftest import wait_diagnostics

    await client.wait_ready()
    globs = [w["globPattern"] for r in client.registrations for w in r.register_options["watchers"]]
    assert "**/{public,static}/**" in globs
    cities = workspace / "frontend/src/cities.ts"
    cities.write_text("export const cities = () => fetch('/data/cities.json');\n")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        [types.FileEvent(cities.as_uri(), types.FileChangeType.Created)]))
    await wait_diagnostics(client, cities.as_uri(), lambda d: codes(d) == ["unmatched-call"],
                           "the request of a file not there yet unmatched")
    public = workspace / "frontend/public/data/cities.json"
    public.parent.mkdir(parents=True)
    public.write_text("[]")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        [types.FileEvent(public.as_uri(), types.FileChangeType.Created)]))
    await wait_diagnostics(client, cities.as_uri(), lambda d: d == [], "the public file served")
    public.unlink()
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        [types.FileEvent(public.as_uri(), types.FileChangeType.Deleted)]))
    await wait_diagnostics(client, cities.as_uri(), lambda d: codes(d) == ["unmatched-call"],
                           "unmatched again")


async def test_watchdog_when_the_client_cannot_watch_files(lsp_client_no_watch, workspace):
    """A client without dynamic registration (Neovim 0.7): the server watches the
    disk itself, picks up a deleted route file, and does not react to its own reads."""
    from .conftest import wait_diagnostics

    client = lsp_client_no_watch
    await client.wait_ready()
    assert client.registrations == []
    page = uri(workspace, ORDERS_PAGE)
    await wait_diagnostics(client, page, lambda d: codes(d) == ["method-mismatch", "unmatched-call"],
                           "initial diagnostics")
    (workspace / "backend/src/routes/orders.ts").unlink()
    await wait_diagnostics(client, page, lambda d: codes(d) == ["unmatched-call"] * 4,
                           "every orders call unmatched, seen by watchdog")
    # re-reading files must not feed back into more events (it once did: IN_OPEN)
    settled = len(client.statuses)
    for _ in range(5):
        await client.text_document_hover_async(types.HoverParams(
            types.TextDocumentIdentifier(page), types.Position(0, 0)))
    assert len(client.statuses) <= settled + 1


async def test_workspace_folders_added_later(frontend_only_client, workspace):
    """Two roots, the backend added as a second workspace folder. With the frontend
    alone there is no route at all: the server says once that no backend was found
    instead of flagging every call; once the backend is added, calls link to its
    routes."""
    from .conftest import wait_diagnostics

    client = frontend_only_client
    await client.wait_ready()
    page = uri(workspace, ORDERS_PAGE)

    def notes():
        return [m.message for m in client.messages if m.type == types.MessageType.Info]

    assert await client.wait_for(notes, "the no-backend note") == [
        f"routelink: no backend routes found in {workspace / 'frontend'}, so calls are not "
        "checked; open the backend's folder as another workspace folder"]
    grid = uri(workspace, "frontend/src/components/ProductGrid.jsx")
    await client.wait_for(lambda: client.diagnostics.get(grid), "the unresolved-call hint")
    assert {d.code for ds in client.diagnostics.values() for d in ds} == {"unresolved-call",
                                                                         "duplicate-prefix"}
    # a change while it holds does not show it again
    statuses = len(client.statuses)
    (workspace / ORDERS_PAGE).write_text((workspace / ORDERS_PAGE).read_text() + "\n// edited\n")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        [types.FileEvent(uri(workspace, ORDERS_PAGE), types.FileChangeType.Changed)]))
    await client.wait_for(lambda: len(client.statuses) > statuses, "a new status")
    assert len(notes()) == 1
    backend = workspace / "backend"
    client.workspace_did_change_workspace_folders(types.DidChangeWorkspaceFoldersParams(
        event=types.WorkspaceFoldersChangeEvent(
            added=[types.WorkspaceFolder(uri=backend.as_uri(), name="backend")], removed=[])))
    await wait_diagnostics(client, page, lambda d: codes(d) == ["method-mismatch", "unmatched-call"],
                           "linked to the backend's routes")
    report = await client.protocol.send_request_async("routelink/report", {})
    assert list(report.roots) == [str(workspace / "frontend"), str(backend)]
    assert report.summary.routes == 23
    orders_route = next(r for r in report.routes if r.path == "/api/orders" and r.method == "GET")
    assert (orders_route.root, orders_route.file) == (1, "src/routes/orders.ts")
    assert len(notes()) == 1
