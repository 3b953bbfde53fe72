"""``textDocument/codeAction``: the quick fixes of the diagnostics under the selection
(switch the method, drop a repeated base URL prefix), "Go to handler (...)" on a call
and "Show N callers" on a route (:meth:`routelink.ide.snapshot.Snapshot.code_actions`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from routelink.ide.snapshot import QuickFix
from routelink.lsp.convert import lsp_range, span_of, uri_to_path
from routelink.lsp.features.diagnostics import lsp_diagnostic
from routelink.lsp.features.navigation import COMMANDS, command_arguments
from routelink.lsp.guard import safe

if TYPE_CHECKING:
    from routelink.lsp.server import RoutelinkServer


@safe(list)
def code_action(ls: RoutelinkServer, params: types.CodeActionParams):
    """Quick fixes (each with its diagnostic: the client's own when it sent it), then
    the command actions."""
    snapshot = ls.snapshot()
    uri = params.text_document.uri
    path = uri_to_path(uri)
    if snapshot is None or path is None:
        return []
    pos = params.range.start
    out: list[types.CodeAction] = []
    for action in snapshot.code_actions(path, span_of(params.range)):
        if isinstance(action, QuickFix):
            d = action.diagnostic
            matching = [x for x in params.context.diagnostics
                        if x.code == d.code and x.range == lsp_range(d.span)]
            out.append(types.CodeAction(
                title=action.title, kind=types.CodeActionKind.QuickFix,
                diagnostics=matching or [lsp_diagnostic(snapshot, d)],
                is_preferred=True if action.preferred else None,
                edit=types.WorkspaceEdit(changes={
                    uri: [types.TextEdit(lsp_range(action.span), action.new_text)]})))
            continue
        out.append(types.CodeAction(
            title=action.title,
            command=types.Command(title=action.command_title, command=COMMANDS[action.action],
                                  arguments=command_arguments(uri, pos.line, pos.character,
                                                              action.route_span))))
    return out


def register(server: RoutelinkServer) -> None:
    """Code actions (quick fixes and the two commands)."""
    server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                   types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix,
                                                              types.CodeActionKind.Empty]))(code_action)
