"""pytest-lsp harness for routelink's end-to-end tests over stdio.

``client`` starts ``python -m routelink serve`` on a fresh copy of
``examples/express-react`` (so tests may edit files on disk) and is parametrised over a
client that takes *pushed* diagnostics and one that *pulls* them (it declares
``textDocument.diagnostic``); the server must use exactly one of the two models.
``push_client`` / ``pull_client`` are one of them alone; ``ro_client`` is one push client
per test module on a shared copy, for tests that change nothing.

The test client records everything the server sends (diagnostics, ``routelink/status``,
``window/showDocument``, ``window/showMessage``, registrations, refresh requests) and
wakes :meth:`RecordingClient.wait_for`, so tests wait for what they expect instead of
sleeping.
"""

from __future__ import annotations

import asyncio
import json
import pathlib
import shutil
import subprocess
import sys
from typing import Any, Callable, Union

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features
from pytest_lsp.protocol import LanguageClientProtocol

REPO = pathlib.Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "express-react"
SERVER_COMMAND = [sys.executable, "-m", "routelink", "serve"]
TIMEOUT = 15.0

#: The example's frontend files with findings (its deliberate mistakes) and their codes.
#: The whole workspace's diagnostics are compared with ``routelink check --format json``.
FRONTEND = {
    "frontend/src/pages/OrdersPage.tsx": ["method-mismatch", "unmatched-call"],
    "frontend/src/pages/UsersPage.tsx": ["duplicate-prefix"],
    "frontend/src/components/ProductGrid.jsx": ["method-mismatch", "unmatched-call",
                                                "unresolved-call"],
}


# ---------------------------------------------------------------------- client


def _code_action_hook(converter):
    """lsprotocol 2025.0.0 structures every code-action result item that has a
    ``command`` key as a ``Command``, which breaks a ``CodeAction`` carrying a command.
    A ``Command``'s ``command`` is a string; a ``CodeAction``'s is an object."""

    def hook(obj: Any, _: type) -> Union[types.Command, types.CodeAction]:
        if isinstance(obj.get("command"), str):
            return converter.structure(obj, types.Command)
        return converter.structure(obj, types.CodeAction)

    return hook


def converter_factory():
    converter = default_converter()
    converter.register_structure_hook(Union[types.Command, types.CodeAction],
                                      _code_action_hook(converter))
    return converter


class RecordingProtocol(LanguageClientProtocol):
    """Wakes the client's waiters after every message the server sends."""

    def _handle_notification(self, method_name, params):
        try:
            super()._handle_notification(method_name, params)
        finally:
            self._server.changed.set()

    def _handle_request(self, msg_id, method_name, params):
        try:
            return super()._handle_request(msg_id, method_name, params)
        finally:
            self._server.changed.set()


class RecordingClient(LanguageClient):
    """A pytest-lsp client that records what the server sends and can wait for it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, protocol_cls=RecordingProtocol,
                         converter_factory=converter_factory, **kwargs)
        self.changed = asyncio.Event()
        self.statuses: list[dict] = []
        self.registrations: list[types.Registration] = []
        self.code_lens_refresh_count = 0
        self.published: dict[str, list[types.PublishDiagnosticsParams]] = {}
        #: ("publish", uri) and ("status", status params) in the order they arrived
        self.events: list[tuple[str, Any]] = []
        self.mode = "push"

    async def wait_for(self, predicate: Callable[[], Any], what: str,
                       timeout: float = TIMEOUT) -> Any:
        """Wait until ``predicate()`` is truthy, re-checking whenever the server sends
        something; fail after ``timeout`` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = predicate()
            if value:
                return value
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"timed out after {timeout}s waiting for {what}")
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), remaining)
            except asyncio.TimeoutError:
                pass

    async def wait_ready(self) -> dict:
        """Wait for the first ``routelink/status`` with state ``ready``."""
        return await self.wait_for(
            lambda: next((s for s in self.statuses if s.get("state") == "ready"), None),
            "routelink/status ready")


def make_client() -> RecordingClient:
    client = RecordingClient()
    register_lsp_features(client, {m: f for m, f in DEFAULT_CLIENT_FEATURES.items()
                                    if m != types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS})

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register_capability(ls: RecordingClient, params: types.RegistrationParams):
        ls.registrations.extend(params.registrations)
        return None

    @client.feature(types.CLIENT_UNREGISTER_CAPABILITY)
    def unregister_capability(ls: RecordingClient, params: types.UnregistrationParams):
        return None

    @client.feature(types.WORKSPACE_CODE_LENS_REFRESH)
    def code_lens_refresh(ls: RecordingClient, params: None):
        ls.code_lens_refresh_count += 1
        return None

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def publish_diagnostics(ls: RecordingClient, params: types.PublishDiagnosticsParams):
        ls.diagnostics[params.uri] = params.diagnostics
        ls.published.setdefault(params.uri, []).append(params)
        ls.events.append(("publish", params.uri))

    @client.feature("routelink/status")
    def status(ls: RecordingClient, params: Any):
        ls.statuses.append(params if isinstance(params, dict) else _to_dict(params))
        ls.events.append(("status", ls.statuses[-1]))

    return client


def _to_dict(obj: Any) -> dict:
    if hasattr(obj, "_asdict"):
        return {k: _to_dict(v) for k, v in obj._asdict().items()}
    if isinstance(obj, list):
        return [_to_dict(x) for x in obj]
    if hasattr(obj, "__dict__"):
        return {k: _to_dict(v) for k, v in vars(obj).items()}
    return obj


def capabilities(mode: str) -> types.ClientCapabilities:
    """What a modern editor declares; ``pull`` adds ``textDocument.diagnostic``."""
    td = types.TextDocumentClientCapabilities(
        synchronization=types.TextDocumentSyncClientCapabilities(did_save=True),
        publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
            related_information=True, version_support=True, code_description_support=True,
            data_support=True,
            tag_support=types.ClientDiagnosticsTagOptions(
                value_set=[types.DiagnosticTag.Unnecessary, types.DiagnosticTag.Deprecated])),
        code_action=types.CodeActionClientCapabilities(
            code_action_literal_support=types.ClientCodeActionLiteralOptions(
                code_action_kind=types.ClientCodeActionKindOptions(
                    value_set=[types.CodeActionKind.QuickFix, types.CodeActionKind.Empty])),
            is_preferred_support=True, data_support=True),
        code_lens=types.CodeLensClientCapabilities(),
        document_link=types.DocumentLinkClientCapabilities(tooltip_support=True),
        hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
        definition=types.DefinitionClientCapabilities(link_support=False),
        document_symbol=types.DocumentSymbolClientCapabilities(
            hierarchical_document_symbol_support=True),
    )
    ws = types.WorkspaceClientCapabilities(
        configuration=True,
        workspace_folders=True,
        did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
            dynamic_registration=True),
        code_lens=types.CodeLensWorkspaceClientCapabilities(refresh_support=True),
    )
    if mode == "pull":
        td.diagnostic = types.DiagnosticClientCapabilities(related_document_support=False)
        ws.diagnostics = types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    return types.ClientCapabilities(
        text_document=td, workspace=ws,
        window=types.WindowClientCapabilities(
            work_done_progress=True,
            show_document=types.ShowDocumentClientCapabilities(support=True),
            show_message=types.ShowMessageRequestClientCapabilities()),
    )


# ---------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def cli_report() -> dict:
    """``routelink check --format json`` on the example (what CI sees)."""
    proc = subprocess.run([*SERVER_COMMAND[:-1], "check", "--format", "json", str(EXAMPLE)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def cli_diagnostics(report: dict, root: pathlib.Path) -> dict[str, list[tuple]]:
    """The CLI's diagnostics by file URI under ``root``, as comparable LSP tuples."""
    out: dict[str, list[tuple]] = {}
    for d in report["diagnostics"]:
        out.setdefault((root / d["file"]).as_uri(), []).append(
            ((d["line"] - 1, d["column"] - 1, d["end_line"] - 1, d["end_column"] - 1),
             d["code"], d["severity"], d["message"]))
    return {u: sorted(v) for u, v in out.items()}


SEVERITY = {1: "error", 2: "warning", 3: "information", 4: "hint"}


def lsp_diagnostic_tuples(diags) -> list[tuple]:
    return sorted(((d.range.start.line, d.range.start.character, d.range.end.line,
                    d.range.end.character), d.code, SEVERITY[int(d.severity)], d.message)
                  for d in diags)


@pytest.fixture
def workspace(tmp_path: pathlib.Path) -> pathlib.Path:
    """A private copy of examples/express-react."""
    root = tmp_path / "express-react"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("node_modules"))
    return root


async def _start(client: RecordingClient, root: pathlib.Path, mode: str):
    client.mode = mode
    await client.initialize_session(types.InitializeParams(
        capabilities=capabilities(mode),
        root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
    ))


CONFIG = ClientServerConfig(server_command=SERVER_COMMAND, client_factory=make_client)


@pytest_lsp.fixture(config=CONFIG, params=["push", "pull"])
async def client(lsp_client: RecordingClient, request, workspace: pathlib.Path):
    await _start(lsp_client, workspace, request.param)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=CONFIG)
async def pull_client(lsp_client: RecordingClient, workspace: pathlib.Path):
    await _start(lsp_client, workspace, "pull")
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=CONFIG)
async def lsp_client_no_watch(lsp_client: RecordingClient, workspace: pathlib.Path):
    """A push client that cannot register file watchers (like Neovim 0.7)."""
    caps = capabilities("push")
    caps.workspace.did_change_watched_files = None
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=caps, root_uri=workspace.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name=workspace.name)]))
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=CONFIG)
async def frontend_only_client(lsp_client: RecordingClient, workspace: pathlib.Path):
    """A push client whose only workspace folder is the example's frontend."""
    await _start(lsp_client, workspace / "frontend", "push")
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=CONFIG)
async def push_client(lsp_client: RecordingClient, workspace: pathlib.Path):
    await _start(lsp_client, workspace, "push")
    yield
    await lsp_client.shutdown_session()


# ---------------------------------------------------------------------- helpers


def uri(root: pathlib.Path, rel: str) -> str:
    return (root / rel).as_uri()


def position(root: pathlib.Path, rel: str, needle: str, offset: int = 0,
             occurrence: int = 0) -> types.Position:
    """The LSP position of ``needle`` (+ ``offset`` characters) in a file's text."""
    text = (root / rel).read_text()
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    start += offset
    line = text.count("\n", 0, start)
    col = start - (text.rfind("\n", 0, start) + 1)
    return types.Position(line=line, character=_utf16_len(text.splitlines(True)[line][:col]))


def line_of(root: pathlib.Path, rel: str, needle: str) -> int:
    """0-based line of the first line containing ``needle``."""
    for i, line in enumerate((root / rel).read_text().splitlines()):
        if needle in line:
            return i
    raise AssertionError(f"{needle!r} not in {rel}")


def _utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def _offset(text: str, pos: types.Position) -> int:
    lines = text.splitlines(True)
    offset = sum(len(x) for x in lines[:pos.line])
    line = lines[pos.line] if pos.line < len(lines) else ""
    units = 0
    for i, ch in enumerate(line):
        if units >= pos.character:
            return offset + i
        units += _utf16_len(ch)
    return offset + len(line)


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP text edits (non-overlapping, any order) to ``text``."""
    spans = sorted(((_offset(text, e.range.start), _offset(text, e.range.end), e.new_text)
                    for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def open_document(client: RecordingClient, root: pathlib.Path, rel: str) -> str:
    """Send didOpen with the file's text from disk; returns its text."""
    text = (root / rel).read_text()
    lang = {"tsx": "typescriptreact", "ts": "typescript", "jsx": "javascriptreact",
            "js": "javascript"}.get(rel.rsplit(".", 1)[-1], "plaintext")
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=uri(root, rel), language_id=lang, version=1, text=text)))
    return text


def change_document(client: RecordingClient, root: pathlib.Path, rel: str, version: int,
                    rng: types.Range, new_text: str) -> None:
    """Send an incremental didChange replacing ``rng`` with ``new_text``."""
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri(root, rel), version=version),
        content_changes=[types.TextDocumentContentChangePartial(range=rng, text=new_text)]))


async def current_diagnostics(client: RecordingClient, file_uri: str) -> list[types.Diagnostic]:
    """The file's diagnostics as this client sees them: the last pushed ones, or a
    ``textDocument/diagnostic`` pull."""
    if client.mode == "push":
        return list(client.diagnostics.get(file_uri, []))
    report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=file_uri)))
    return list(report.items)


async def wait_diagnostics(client: RecordingClient, file_uri: str,
                           predicate: Callable[[list[types.Diagnostic]], bool],
                           what: str) -> list[types.Diagnostic]:
    """Wait until the file's diagnostics satisfy ``predicate`` (push: as published;
    pull: pulled again after each refresh request or message from the server)."""
    if client.mode == "push":
        def check():
            diags = list(client.diagnostics.get(file_uri, []))
            return (diags,) if predicate(diags) else None

        return (await client.wait_for(check, what))[0]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + TIMEOUT
    while True:
        seen = client.diagnostic_refresh_count
        diags = await current_diagnostics(client, file_uri)
        if predicate(diags):
            return diags
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}; last: {diags}")
        # the server asks for a new pull (workspace/diagnostic/refresh) when it changed
        await client.wait_for(lambda: client.diagnostic_refresh_count > seen,
                              f"diagnostic refresh ({what})",
                              timeout=max(0.1, deadline - loop.time()))


def copy_example(tmp_path: pathlib.Path, name: str) -> pathlib.Path:
    """A private copy of ``examples/<name>`` under ``tmp_path``."""
    root = tmp_path / name
    shutil.copytree(REPO / "examples" / name, root, ignore=shutil.ignore_patterns("node_modules"))
    return root


def check_json(root: pathlib.Path, expect_status: int = 1) -> dict:
    """``routelink check --format json ROOT`` (a subprocess, as CI runs it), asserting
    its exit status."""
    proc = subprocess.run([*SERVER_COMMAND[:-1], "check", "--format", "json", str(root)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == expect_status, proc.stderr
    return json.loads(proc.stdout)


def codes_in(client: RecordingClient, root: pathlib.Path, rel: str) -> list[str]:
    """The codes of the diagnostics last published for ``rel`` under ``root``, sorted."""
    return sorted(str(d.code) for d in client.diagnostics.get(uri(root, rel), []))


def codes(diags) -> list[str]:
    return sorted(str(d.code) for d in diags)


@pytest.fixture(scope="module")
def ro_workspace(tmp_path_factory) -> pathlib.Path:
    """A copy of the example shared by one module's read-only tests."""
    root = tmp_path_factory.mktemp("ro") / "express-react"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("node_modules"))
    return root


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def ro_client(lsp_client: RecordingClient, ro_workspace: pathlib.Path):
    """One push client per module, indexed and ready, for tests that change nothing
    (modules using it mark themselves ``pytest.mark.asyncio(loop_scope="module")``)."""
    await _start(lsp_client, ro_workspace, "push")
    await lsp_client.wait_ready()
    yield
    await lsp_client.shutdown_session()
