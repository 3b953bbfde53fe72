"""Quick fixes over stdio: the test applies each fix's WorkspaceEdit to the document
text, sends it as incremental changes, and the diagnostic goes away (push and pull)."""

from __future__ import annotations

from lsprotocol import types

from .conftest import (apply_edits, change_document, codes, current_diagnostics,
                       open_document, uri, wait_diagnostics)

USERS_PAGE = "frontend/src/pages/UsersPage.tsx"
ORDERS_PAGE = "frontend/src/pages/OrdersPage.tsx"


async def quick_fix(client, ws, rel, code):
    """The diagnostic ``code`` in ``rel`` and the quick fixes offered for it."""
    file_uri = uri(ws, rel)
    diags = await wait_diagnostics(client, file_uri, lambda d: code in codes(d), code)
    diag = next(d for d in diags if d.code == code)
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(file_uri), range=diag.range,
        context=types.CodeActionContext(diagnostics=[diag],
                                        only=[types.CodeActionKind.QuickFix])))
    fixes = [a for a in actions if isinstance(a, types.CodeAction)
             and a.kind == types.CodeActionKind.QuickFix]
    return diag, fixes


async def apply_fix(client, ws, rel, fix: types.CodeAction, text: str) -> str:
    """Apply ``fix``'s edit to ``text`` and send it as incremental didChange events."""
    edits = list(fix.edit.changes[uri(ws, rel)])
    version = 2
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character),
                       reverse=True):
        change_document(client, ws, rel, version, edit.range, edit.new_text)
        version += 1
    return apply_edits(text, edits)


async def test_duplicate_prefix_quick_fix(client, workspace):
    await client.wait_ready()
    text = open_document(client, workspace, USERS_PAGE)
    diag, fixes = await quick_fix(client, workspace, USERS_PAGE, "duplicate-prefix")
    assert [(f.title, f.is_preferred) for f in fixes] == [
        ("Remove the repeated base URL prefix '/api'", True)]
    fix = fixes[0]
    assert [d.code for d in fix.diagnostics] == ["duplicate-prefix"]
    assert list(fix.edit.changes) == [uri(workspace, USERS_PAGE)]
    assert [(e.range, e.new_text) for e in fix.edit.changes[uri(workspace, USERS_PAGE)]] == [
        (diag.range, "'/users'")]
    fixed = await apply_fix(client, workspace, USERS_PAGE, fix, text)
    assert "await api.post('/users', { name });" in fixed
    assert fixed == text.replace("api.post('/api/users'", "api.post('/users'")
    # the call now reaches POST /api/users: no finding left in the file, and the route
    # in users.ts is no longer unused
    await wait_diagnostics(client, uri(workspace, USERS_PAGE), lambda d: d == [], "fix applied")
    users_ts = await current_diagnostics(client, uri(workspace, "backend/src/routes/users.ts"))
    if client.mode == "push":
        users_ts = await wait_diagnostics(
            client, uri(workspace, "backend/src/routes/users.ts"),
            lambda d: "No indexed call reaches POST /api/users" not in [x.message for x in d],
            "POST /api/users used")
    assert "No indexed call reaches POST /api/users" not in [x.message for x in users_ts]


async def test_method_mismatch_quick_fix(client, workspace):
    await client.wait_ready()
    text = open_document(client, workspace, ORDERS_PAGE)
    diag, fixes = await quick_fix(client, workspace, ORDERS_PAGE, "method-mismatch")
    # it changes what the request does: offered, not preferred (no auto-fix)
    assert [(f.title, f.is_preferred) for f in fixes] == [("Change the method to PATCH", None)]
    fix = fixes[0]
    edits = fix.edit.changes[uri(workspace, ORDERS_PAGE)]
    assert [(e.range.start.line, e.range.start.character, e.range.end.character, e.new_text)
            for e in edits] == [(16, 9, 13, "patch")]
    fixed = await apply_fix(client, workspace, ORDERS_PAGE, fix, text)
    assert "    http.patch(`/orders/${orderId}/status`, { status: 'cancelled' });" in fixed
    after = await wait_diagnostics(client, uri(workspace, ORDERS_PAGE),
                                   lambda d: codes(d) == ["unmatched-call"], "method fixed")
    assert after[0].message == "No route serves GET /api/orders/{}/invoice"
    # no fix left at the old place
    _, left = await quick_fix(client, workspace, ORDERS_PAGE, "unmatched-call")
    assert left == []
