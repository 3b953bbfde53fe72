"""`routelink report`: the sync report (markdown, HTML, JSON) built on check's objects."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from html.parser import HTMLParser

from routelink.config import Config
from routelink.ide.sync import html, markdown, sync_report
from tests.conftest import EXAMPLES, build_index

EXAMPLE = EXAMPLES / "express-react"


def run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "routelink", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


def example_report() -> dict:
    proc = run("report", str(EXAMPLE), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def route(report: dict, method: str, path: str, nth: int = 0) -> dict:
    return [r for r in report["routes"] if r["method"] == method and r["path"] == path][nth]


def test_every_endpoint_has_its_status_handler_and_callers():
    rep = example_report()
    calls = {c["id"]: c for c in rep["calls"]}
    got = {(r["method"], r["path"]): r["status"] for r in rep["routes"] if r["file"].endswith("users.ts")}
    assert got == {
        ("GET", "/api/users"): "linked", ("GET", "/api/users/{id}"): "linked",
        ("GET", "/api/users/search"): "shadowed", ("POST", "/api/users"): "unused",
        ("GET", "/api/users/{id}/avatar"): "unused", ("PUT", "/api/users/{id}/avatar"): "linked",
        ("DELETE", "/api/users/{id}"): "linked"}
    user = route(rep, "GET", "/api/users/{id}")
    assert user["handler"] == "getUser" and user["handler_at"] == "backend/src/routes/users.ts:10"
    assert sorted((calls[c]["file"], calls[c]["line"], calls[c]["client"]) for c in user["callers"]) == [
        ("frontend/src/pages/UserProfile.tsx", 8, "axios"), ("frontend/src/pages/UsersPage.tsx", 15, "axios")]
    assert route(rep, "GET", "/api/users/search")["note"] == "by GET /api/users/{id} (users.ts:15), registered first"
    assert route(rep, "POST", "/api/orders", 1)["status"] == "duplicate"
    assert route(rep, "POST", "/api/orders", 1)["note"] == "of POST /api/orders (orders.ts:15)"
    assert {r["status"] for r in rep["routes"] if r["file"].endswith("admin.js")} == {"unmounted"}


def test_backends_group_routes_by_app_and_file_and_ids_join():
    rep = example_report()
    apps = [b["app"] for b in rep["backends"]]
    assert apps == ["express app `app` in backend/src/server.ts", "not mounted"]
    files = [g["file"] for g in rep["backends"][0]["groups"]]
    assert files == ["backend/src/routes/orders.ts", "backend/src/routes/products.js",
                     "backend/src/routes/users.ts", "backend/src/server.ts"]
    grouped = [rid for b in rep["backends"] for g in b["groups"] for rid in g["routes"]]
    assert sorted(grouped) == sorted(r["id"] for r in rep["routes"])
    route_ids = {r["id"] for r in rep["routes"]}
    call_ids = {c["id"] for c in rep["calls"]}
    for d in rep["diagnostics"]:
        assert d["route"] is None or d["route"] in route_ids
        assert d["call"] is None or d["call"] in call_ids
        # a finding on a route or call names it: tools join diagnostics to rows by id
        if d["code"] in ("unused-route", "shadowed-route", "duplicate-route"):
            assert d["route"] in route_ids
        if d["code"] in ("unmatched-call", "method-mismatch", "unresolved-call", "duplicate-prefix"):
            assert d["call"] in call_ids


def test_call_sections_and_summary():
    rep = example_report()
    calls = {c["id"]: c for c in rep["calls"]}
    sec = {k: sorted(f"{calls[c]['method']} {calls[c]['path']}" for c in v) for k, v in rep["sections"].items()}
    assert sec["unmatched"] == ["GET /api/cart", "GET /api/orders/{}/invoice"]
    assert sec["method_mismatch"] == ["DELETE /api/products/{}", "POST /api/orders/{}/status"]
    assert sec["duplicate_prefix"] == ["POST /api/api/users"]
    assert sec["unresolved"] == ["GET /{}", "PATCH /api{*}"]
    s = rep["report_summary"]
    assert s["endpoints"] == 23 and s["called_endpoints"] == 9 and s["called_share"] == 39.1
    assert s["checked_calls"] == 16 and s["linked_calls"] == 9 and s["linked_share"] == 56.2
    assert s["routes_by_status"] == {"unmounted": 2, "shadowed": 1, "duplicate": 1, "linked": 8, "unused": 11}


def test_markdown_has_one_table_per_router_file_and_a_section_per_problem():
    text = run("report", str(EXAMPLE)).stdout
    assert text.startswith("# API sync report\n")
    assert "| Endpoints called | 9 of 23 (39.1%) |" in text
    assert "**backend/src/routes/users.ts** (router `router`)" in text
    assert ("| GET | `/api/users/{id}` | getUser (users.ts:10) | linked | "
            "frontend/src/pages/UserProfile.tsx:8 (axios), frontend/src/pages/UsersPage.tsx:15 (axios) |") in text
    assert "| GET | `/api/users/search` | users.ts:17 | shadowed by GET /api/users/{id} (users.ts:15), registered first | - |" in text
    for title in ("## Unmatched calls (2)", "## Method mismatches (2)", "## Duplicate prefixes (1)",
                  "## Unresolved calls (2)"):
        assert title in text
    assert ("| `DELETE /api/products/{}` | frontend/src/components/ProductGrid.jsx:19 | fetch | "
            "the route exists but only for GET (products.js:13) |") in text
    assert ("| `GET /{}` | frontend/src/components/ProductGrid.jsx:15 | fetch | it comes from prop "
            "'feedUrl' of <ProductGrid>, which no indexed code renders |") in text


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.external, self.tables, self.rows, self.scripts, self.styles = [], [], {}, 0, 0
        self._table = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("src", "href"):
            if a.get(key):
                self.external.append(a[key])
        if tag == "link":
            self.external.append(str(a))
        if tag == "table":
            self._table = a.get("id")
            self.tables.append(self._table)
        if tag == "tr" and "data-status" in a:
            self.rows.setdefault(self._table, []).append(a["data-status"])
        self.scripts += tag == "script"
        self.styles += tag == "style"


def test_html_is_one_self_contained_sortable_filterable_page(tmp_path):
    out = tmp_path / "r.html"
    proc = run("report", str(EXAMPLE), "--format", "html", "-o", str(out))
    assert proc.returncode == 0 and proc.stdout == ""
    page = _Page()
    text = out.read_text()
    page.feed(text)
    assert page.external == [] and "http://" not in text and "https://" not in text
    assert page.scripts == 1 and page.styles == 1
    assert "routes" in page.tables and "calls" in page.tables
    assert len(page.rows["routes"]) == 23 and len(page.rows["calls"]) == 16
    assert "function sortTable" in text and "function filterTable" in text
    assert 'id="routes-q"' in text and '<option value="unused">unused</option>' in text


def test_external_routes_service_calls_and_suppressions_in_the_report():
    index = build_index({
        "server/app.js": """
            const express = require('express');
            const app = express();
            app.get('/health', (req, res) => res.send('ok'));
            // routelink-ignore: unused-route -- called by the mobile app
            app.get('/api/mobile', (req, res) => res.json({}));
            app.get('/api/items', (req, res) => res.json([]));
        """,
        "web/api.js": """
            import axios from 'axios';
            const pay = axios.create({ baseURL: 'https://payments.example.com' });
            export const items = () => axios.get('/api/items');
            export const charge = (c) => pay.post('/charges', c);
        """})
    config = Config().merged({"external": ["GET /health"],
                              "services": [{"base": "https://payments.example.com", "name": "payments"}]}, "t")
    rep = sync_report(index, config, ["."], 0.0)
    assert {r["path"]: r["status"] for r in rep["routes"]} == {
        "/health": "external", "/api/mobile": "unused", "/api/items": "linked"}
    assert route(rep, "GET", "/api/mobile")["ignored"] == "called by the mobile app"
    [charge] = [c for c in rep["calls"] if c["path"] == "/charges"]
    assert charge["status"] == "external" and charge["service"] == "payments"
    assert rep["sections"]["external"] == [charge["id"]] and rep["sections"]["unmatched"] == []
    assert rep["report_summary"]["checked_calls"] == 1 and rep["report_summary"]["linked_share"] == 100.0
    [sup] = rep["suppressed"]
    assert sup["code"] == "unused-route" and sup["reason"] == "called by the mobile app"
    assert sup["route"] == route(rep, "GET", "/api/mobile")["id"]
    text = markdown(rep)
    assert "| GET | `/health` | app.js:4 | external (GET /health) | - |" in text
    assert "| GET | `/api/mobile` | app.js:6 | unused (ignored: called by the mobile app) | - |" in text
    assert "## Calls to external services (1)" in text and "| `POST /charges` | web/api.js:5 | axios | payments |" in text
    assert "## Suppressed findings (1)" in text
    assert "called by the mobile app" in html(rep)


def test_report_usage_errors_exit_2(tmp_path):
    proc = run("report", str(tmp_path / "missing"))
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    proc = run("report", str(EXAMPLE), "--format", "pdf")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    (tmp_path / "routelink.toml").write_text(textwrap.dedent('external = ["health"]\n'))
    proc = run("report", str(tmp_path))
    assert proc.returncode == 2 and "'external' entry 'health'" in proc.stderr
    proc = run("report", str(EXAMPLE), "-o", str(tmp_path / "no" / "such" / "dir.md"))
    assert proc.returncode == 2 and "cannot write" in proc.stderr


def test_an_unmounted_router_diagnostic_lists_the_routes_it_hides():
    rep = example_report()
    [d] = [d for d in rep["diagnostics"] if d["code"] == "unmounted-route"]
    hidden = {r["id"]: r for r in rep["routes"] if r["id"] in d["related"]}
    assert sorted(r["path"] for r in hidden.values()) == ["/reindex", "/stats"]
    assert {r["status"] for r in hidden.values()} == {"unmounted"}


def test_two_roots_show_paths_joined_to_the_roots_as_given():
    proc = run("report", "frontend", "backend", cwd=EXAMPLE)
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    assert "### express app `app` in src/server.ts in `backend`" in text
    assert "**backend/src/routes/users.ts** (router `router`)" in text
    assert "| GET | `/api/users` | listUsers (users.ts:6) | linked | frontend/src/pages/UsersPage.tsx:11 (axios) |" in text


def test_a_frontend_alone_lists_its_calls_as_not_checked_and_a_backend_alone_its_routes_as_uncalled():
    fe = run("report", "frontend", cwd=EXAMPLE).stdout
    assert "> no backend routes found in frontend" in fe
    assert "## Calls not checked (13)" in fe and "No backend routes were found." in fe
    be = json.loads(run("report", "backend", "--format", "json", cwd=EXAMPLE).stdout)
    users = route(be, "GET", "/api/users")
    assert users["status"] == "uncalled" and users["note"] == "no frontend call was indexed"


def test_problems_come_before_the_inventory_and_a_second_mount_is_named():
    text = run("report", str(EXAMPLE)).stdout
    order = [text.index(t) for t in ("## Summary", "## Unmatched calls", "## Endpoints no call reaches (9)",
                                     "## Endpoints that are never served (4)", "## Endpoints\n")]
    assert order == sorted(order)
    assert "| Unused endpoints whose declaration is called at another mount | 2 |" in text
    # products.js declares ['/featured', '/top'] on a router mounted at /api/products and
    # /api/v2/products: only the same path under the other mount counts
    assert ("| GET | `/api/v2/products/featured` | products.js:9 | unused "
            "(also mounted at /api/products/featured, which is called) | - |") in text
    assert "| GET | `/api/products/top` | backend/src/routes/products.js:9 | unused |" in text
    assert ("Also, 2 endpoints no call reaches are the same declared path under another mount "
            "of a router whose other mount is called") in text


def test_the_json_report_is_check_json_with_more_keys_and_satisfies_its_schema():
    from tests.core.test_check_adoption import _report_validator

    rep = example_report()
    assert not list(_report_validator().iter_errors(rep))
    check = json.loads(run("check", str(EXAMPLE), "--format", "json").stdout)
    assert [r["id"] for r in rep["routes"]] == [r["id"] for r in check["routes"]]
    assert [(c["id"], c["path"]) for c in rep["calls"]] == [(c["id"], c["path"]) for c in check["calls"]]
    assert rep["diagnostics"] == check["diagnostics"]


def test_a_route_a_call_with_a_hole_may_reach_is_possible_and_listed():
    index = build_index({
        "server/app.js": """
            const express = require('express');
            const app = express();
            app.get('/api/users/profile', (req, res) => res.json({}));
            app.get('/api/users/:id', (req, res) => res.json({}));
        """,
        "web/api.js": "export const user = (id) => fetch(`/api/users/${id}`);\n"})
    rep = sync_report(index, Config(), ["."], 0.0)
    profile = route(rep, "GET", "/api/users/profile")
    [call] = rep["calls"]
    assert profile["status"] == "possible" and profile["maybe_callers"] == [call["id"]]
    assert route(rep, "GET", "/api/users/{id}")["status"] == "linked"
    text = markdown(rep)
    assert "## Endpoints only maybe called (1)" in text
    assert "| GET | `/api/users/profile` | server/app.js:4 | web/api.js:1 (fetch) |" in text
    assert "| GET | `/api/users/profile` | app.js:4 | possible | maybe web/api.js:1 (fetch) |" in text


def test_why_a_route_nobody_calls_is_not_unused():
    index = build_index({
        "server/app.js": """
            const express = require('express');
            const app = express();
            app.get('/api/posts/:slug?', (req, res) => res.json([]));
            app.get('*', (req, res) => res.sendFile('index.html'));
        """,
        "web/api.js": "export const post = (slug) => fetch(`/api/posts/${slug}`);\n"})
    rep = sync_report(index, Config(), ["."], 0.0)
    notes = {r["path"]: (r["status"], r["note"], r["endpoint"]) for r in rep["routes"]}
    assert notes["/api/posts"] == ("uncalled", "the same declaration is called at /api/posts/{slug}", True)
    assert notes["/{wild*}"] == ("uncalled", "a catch-all fallback", False)
    assert rep["report_summary"]["endpoints"] == 2  # the fallback is not counted
