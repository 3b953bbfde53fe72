"""``routelink/report`` (the SPEC's JSON shape), ``routelink/status``, work-done
progress, and what the diagnostics carry (codeDescription, relatedInformation, tags)."""

from __future__ import annotations

import pytest
from lsprotocol import types

from .conftest import uri

pytestmark = pytest.mark.asyncio(loop_scope="module")

TOP_KEYS = {"routelink", "roots", "routes", "calls", "diagnostics", "notes", "summary"}
ROUTE_KEYS = {"id", "method", "path", "root", "file", "line", "column", "framework", "handler",
              "callers", "mounted", "resolved"}
CALL_KEYS = {"id", "method", "path", "raw", "root", "file", "line", "column", "client",
             "resolved", "side", "routes"}
DIAG_KEYS = {"code", "severity", "root", "file", "line", "column", "end_line", "end_column",
             "message", "call", "route", "related"}
SUMMARY_KEYS = {"files", "routes", "calls", "linked_calls", "unmatched_calls", "unused_routes",
                "seconds"}


def plain(obj):
    """pygls hands back custom results as namedtuple-like objects: to plain JSON."""
    if hasattr(obj, "_asdict"):
        return {k: plain(v) for k, v in obj._asdict().items()}
    if isinstance(obj, (list, tuple)):
        return [plain(x) for x in obj]
    if isinstance(obj, dict):
        return {k: plain(v) for k, v in obj.items()}
    return obj


async def test_report_has_the_spec_shape_and_matches_check(ro_client, ro_workspace, cli_report):
    report = plain(await ro_client.protocol.send_request_async("routelink/report", {}))
    assert set(report) == TOP_KEYS
    assert report["roots"] == [str(ro_workspace)]
    assert report["routelink"] == cli_report["routelink"]
    for route in report["routes"]:
        assert set(route) == ROUTE_KEYS
    for call in report["calls"]:
        assert set(call) == CALL_KEYS
    for diag in report["diagnostics"]:
        assert set(diag) == DIAG_KEYS
    assert set(report["summary"]) == SUMMARY_KEYS
    # the editor and CI agree: same counts, routes, calls and findings
    counts = {k: v for k, v in report["summary"].items() if k != "seconds"}
    assert counts == {k: v for k, v in cli_report["summary"].items() if k != "seconds"}
    assert counts["files"] == 12 and counts["routes"] == 23 and counts["calls"] == 16
    for key in ("routes", "calls", "diagnostics"):
        assert report[key] == cli_report[key]
    by_id = {r["id"]: r for r in report["routes"]}
    call = next(c for c in report["calls"] if c["raw"] == "'/users'")
    assert call["file"] == "frontend/src/pages/UsersPage.tsx" and call["line"] == 11
    assert [(by_id[r]["method"], by_id[r]["path"], by_id[r]["handler"]) for r in call["routes"]] == [
        ("GET", "/api/users", "listUsers")]
    # a diagnostic carries the id of the call or route it is on
    calls_by_id = {c["id"]: c for c in report["calls"]}
    for diag in report["diagnostics"]:
        if diag["code"] in ("unmatched-call", "method-mismatch", "unresolved-call", "duplicate-prefix"):
            on = calls_by_id[diag["call"]]
            assert (on["file"], diag["route"]) == (diag["file"], None)
        elif diag["code"] == "unmounted-route":
            assert diag["call"] is None and diag["route"] is None
        else:
            on = by_id[diag["route"]]
            assert (on["file"], on["line"], diag["call"]) == (diag["file"], diag["line"], None)


async def test_status_and_progress(ro_client, cli_report):
    ready = await ro_client.wait_ready()
    assert ro_client.statuses[0] == {"state": "indexing"}
    assert ready == {"state": "ready", "files": 12, "routes": 23, "calls": 16,
                     "diagnostics": len(cli_report["diagnostics"])}
    (reports,) = ro_client.progress_reports.values()
    assert isinstance(reports[0], types.WorkDoneProgressBegin)
    assert reports[0].title == "routelink: indexing"
    assert isinstance(reports[-1], types.WorkDoneProgressEnd)
    assert reports[-1].message == "12 files, 23 routes"


async def test_diagnostics_carry_links_related_information_and_tags(ro_client, ro_workspace):
    ws = ro_workspace
    orders_page, orders_ts = uri(ws, "frontend/src/pages/OrdersPage.tsx"), uri(
        ws, "backend/src/routes/orders.ts")
    await ro_client.wait_for(lambda: orders_page in ro_client.diagnostics
                             and orders_ts in ro_client.diagnostics, "diagnostics")
    everything = [d for ds in ro_client.diagnostics.values() for d in ds]
    for d in everything:
        assert d.code_description.href == (
            f"https://github.com/routelink/routelink/blob/main/docs/diagnostics.md#{d.code}")
        assert d.source == "routelink"
        assert list(d.tags or []) == ([types.DiagnosticTag.Unnecessary]
                                      if d.code == "unused-route" else [])
    mismatch = next(d for d in ro_client.diagnostics[orders_page] if d.code == "method-mismatch")
    assert [(r.location.uri, r.location.range.start.line, r.message)
            for r in mismatch.related_information] == [
        (orders_ts, 18, "PATCH /api/orders/{orderId}/status")]
    duplicate = next(d for d in ro_client.diagnostics[orders_ts] if d.code == "duplicate-route")
    assert [(r.location.uri, r.location.range.start.line, r.message)
            for r in duplicate.related_information] == [(orders_ts, 14, "POST /api/orders")]
    unused = [d for d in ro_client.diagnostics[orders_ts] if d.code == "unused-route"]
    assert unused and all(d.severity == types.DiagnosticSeverity.Information for d in unused)
