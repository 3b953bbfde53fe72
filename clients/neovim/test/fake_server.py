"""A stand-in for `routelink serve` that speaks the client-facing part of the LSP
contract (docs/editors/*, clients/*), so the editor clients can be tested without the
real index. Needs pygls 2. Writes one JSON line per event to $ROUTELINK_FAKE_LOG.

Answers with fixed data: two routes in backend.ts, one call in frontend.ts.
"""

import json
import os
import sys

from lsprotocol import types
from pygls.lsp.server import LanguageServer

server = LanguageServer("routelink-fake", "0.0.0")
LOG = os.environ.get("ROUTELINK_FAKE_LOG")
ROOT = {"uri": None}


def log(event, **data):
    if LOG:
        with open(LOG, "a", encoding="utf-8") as f:
            f.write(json.dumps({"event": event, **data}, default=str) + "\n")


def uri(name):
    return ROOT["uri"].rstrip("/") + "/" + name


def rng(line, start, end):
    return types.Range(types.Position(line, start), types.Position(line, end))


@server.feature(types.INITIALIZE)
def initialize(ls, params: types.InitializeParams):
    root = params.root_uri
    if params.workspace_folders:
        root = params.workspace_folders[0].uri
    ROOT["uri"] = root
    log("initialize", root=root, initializationOptions=params.initialization_options,
        argv=sys.argv[1:])


@server.feature(types.INITIALIZED)
async def initialized(ls, params):
    log("initialized")
    ls.protocol.notify("routelink/status", {"state": "indexing", "files": 2, "routes": 0, "calls": 0, "diagnostics": 0})
    try:
        config = await ls.workspace_configuration_async(
            types.ConfigurationParams(items=[types.ConfigurationItem(section="routelink")])
        )
        log("configuration", value=config)
    except Exception as exc:  # a client without workspace/configuration
        log("configuration-error", error=repr(exc))
    ls.protocol.notify("routelink/status", {"state": "ready", "files": 2, "routes": 2, "calls": 1, "diagnostics": 1})


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
def did_change_configuration(ls, params):
    log("didChangeConfiguration", settings=params.settings)


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls, params: types.DidOpenTextDocumentParams):
    log("didOpen", uri=params.text_document.uri, languageId=params.text_document.language_id)


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
def definition(ls, params: types.DefinitionParams):
    log("definition", uri=params.text_document.uri, line=params.position.line)
    return [types.Location(uri=uri("backend.ts"), range=rng(1, 0, 5))]


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
def references(ls, params: types.ReferenceParams):
    log("references", uri=params.text_document.uri, line=params.position.line,
        includeDeclaration=params.context.include_declaration)
    return [types.Location(uri=uri("frontend.ts"), range=rng(0, 0, 5))]


@server.feature(types.WORKSPACE_SYMBOL)
def workspace_symbol(ls, params: types.WorkspaceSymbolParams):
    log("workspaceSymbol", query=params.query)
    return [
        types.SymbolInformation(name="GET /api/items/{id}", kind=types.SymbolKind.Function,
                                location=types.Location(uri=uri("backend.ts"), range=rng(1, 0, 5))),
        types.SymbolInformation(name="DELETE /api/items/{id}", kind=types.SymbolKind.Function,
                                location=types.Location(uri=uri("backend.ts"), range=rng(2, 0, 5))),
    ]


@server.feature(types.TEXT_DOCUMENT_CODE_LENS)
def code_lens(ls, params: types.CodeLensParams):
    log("codeLens", uri=params.text_document.uri)
    return [types.CodeLens(range=rng(0, 0, 1), command=types.Command(
        title="→ GET /api/items/{id}", command="routelink.server.goToHandler",
        arguments=[params.text_document.uri, {"line": 0, "character": 0}]))]


@server.feature("routelink/report")
def report(ls, params):
    log("report")
    root = ROOT["uri"]
    return {
        "routelink": "0.0.0", "roots": [root],
        "routes": [
            {"id": "r1", "method": "GET", "path": "/api/items/{id}", "root": 0, "file": "backend.ts",
             "line": 2, "column": 1, "framework": "express", "handler": None, "callers": ["c1"], "mounted": True},
            {"id": "r2", "method": "DELETE", "path": "/api/items/{id}", "root": 0, "file": "backend.ts",
             "line": 3, "column": 1, "framework": "express", "handler": None, "callers": [], "mounted": True},
        ],
        "calls": [{"id": "c1", "method": "GET", "path": "/api/items/{}", "raw": "`/api/items/${id}`", "root": 0,
                   "file": "frontend.ts", "line": 1, "column": 1, "client": "fetch", "resolved": True,
                   "routes": ["r1"]}],
        "diagnostics": [{"code": "unused-route", "severity": "information", "root": 0, "file": "backend.ts",
                         "line": 3, "column": 1, "end_line": 3, "end_column": 6,
                         "message": "no call reaches DELETE /api/items/{id}", "related": []}],
        "summary": {"files": 2, "routes": 2, "calls": 1, "linked_calls": 1, "unmatched_calls": 0,
                    "unused_routes": 1, "seconds": 0.01},
    }


if __name__ == "__main__":
    server.start_io()
