"""`routelink check` on the bundled Python examples: every route and every deliberate
mistake listed in their READMEs, nothing else."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]


def check(name: str) -> dict:
    proc = subprocess.run([sys.executable, "-m", "routelink", "check", "--format", "json",
                           str(REPO / "examples" / name)], capture_output=True, text=True,
                          timeout=120, cwd=REPO)
    assert proc.returncode == 1, proc.stderr  # the examples have warnings on purpose
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def fastapi_report() -> dict:
    return check("fastapi-react")


@pytest.fixture(scope="module")
def django_report() -> dict:
    return check("django-react")


def findings(report: dict) -> set[tuple[str, str, int]]:
    return {(d["code"], d["file"], d["line"]) for d in report["diagnostics"]}


def route_list(report: dict) -> list[tuple[str, str, bool]]:
    return sorted((r["method"], r["path"], r["mounted"]) for r in report["routes"])


ITEMS_PAGE = "frontend/src/pages/ItemsPage.tsx"
ARTICLES_PAGE = "frontend/src/pages/ArticlesPage.tsx"


def test_fastapi_example_routes(fastapi_report):
    assert route_list(fastapi_report) == sorted([
        ("GET", "/health", True), ("GET", "/admin/stats", True),
        ("GET", "/api/items", True), ("POST", "/api/items", True),
        ("GET", "/api/items/{item_id}", True), ("PUT", "/api/items/{item_id}", True),
        ("DELETE", "/api/items/{item_id}", True), ("GET", "/api/items/search", True),
        ("GET", "/api/items/files/{file_path*}", True),
        ("GET", "/api/users/me", True), ("GET", "/api/users/me", True),
        ("POST", "/api/users/", True), ("GET", "/api/users/{user_id}", True),
        ("WS", "/api/users/{user_id}/events", True),
        ("GET", "/reports/daily", False),
    ])
    assert {r["framework"] for r in fastapi_report["routes"]} == {"fastapi"}


def test_fastapi_example_findings(fastapi_report):
    got = {f for f in findings(fastapi_report) if not (f[1] == ITEMS_PAGE and f[2] == 44)}
    assert got == {
        ("shadowed-route", "backend/app/routers/items.py", 36),
        ("duplicate-route", "backend/app/routers/users.py", 18),
        ("unmounted-route", "backend/app/routers/reports.py", 5),
        ("unused-route", "backend/app/routers/items.py", 48),
        ("unused-route", "backend/app/main.py", 21),
        ("unmatched-call", "frontend/src/pages/UsersPage.tsx", 30),
        ("unmatched-call", "frontend/src/pages/Dashboard.tsx", 11),
        ("method-mismatch", ITEMS_PAGE, 38),
        # ApiClient.delete() is never called: its request is reported where it is written
        ("unresolved-call", "frontend/src/api/client.ts", 41),
    }
    calls = {c["raw"]: c for c in fastapi_report["calls"]}
    ws = calls["`${WS_BASE}/api/users/${userId}/events`"]
    assert ws["method"] == "WS" and ws["routes"]
    search = calls["`/api/items/search?q=${encodeURIComponent(query)}`"]
    routes = {r["id"]: r for r in fastapi_report["routes"]}
    # the shadowed route never runs: the call reaches the route that wins
    assert [routes[i]["path"] for i in search["routes"]] == ["/api/items/{item_id}"]


def test_fastapi_example_server_supplied_url_is_unresolved(fastapi_report):
    assert ("unresolved-call", ITEMS_PAGE, 44) in findings(fastapi_report)


def test_django_example_routes(django_report):
    assert route_list(django_report) == sorted([
        ("GET", "/api/", True),
        ("GET", "/api/articles/", True), ("POST", "/api/articles/", True),
        ("GET", "/api/articles/drafts/", True),
        ("GET", "/api/articles/{slug}/", True), ("PUT", "/api/articles/{slug}/", True),
        ("PATCH", "/api/articles/{slug}/", True), ("DELETE", "/api/articles/{slug}/", True),
        ("POST", "/api/articles/{slug}/publish/", True),
        ("GET", "/api/tags/", True), ("GET", "/api/tags/{pk}/", True),
        ("GET", "/api/stats/", True),
        ("GET", "/api/articles/{slug}/comments/", True),
        ("POST", "/api/articles/{slug}/comments/", True),
        ("GET", "/api/feed/{page}/", True),
        ("ANY", "/api/search/{term}/", True), ("ANY", "/api/search/recent/", True),
        ("POST", "/api/auth/login/", True), ("POST", "/api/auth/logout/", True),
        ("GET", "/api/auth/me/", True), ("PATCH", "/api/auth/me/", True),
        ("GET", "/api/auth/me/", True),
        ("WS", "/ws/chat/{room_name}/", True),
        ("ANY", "/legacy/export/", False),
        # admin.site.urls: Django's admin URLconf, whose patterns routelink cannot see
        ("ANY", "/admin/{?}", True),
    ])
    by = {(r["method"], r["path"]): r for r in django_report["routes"]}
    publish = by[("POST", "/api/articles/{slug}/publish/")]
    assert (publish["file"], publish["line"], publish["handler"], publish["framework"]) == (
        "backend/articles/views.py", 24, "ArticleViewSet.publish", "drf")
    create = by[("POST", "/api/articles/")]
    assert (create["file"], create["line"]) == ("backend/config/urls.py", 8)
    assert by[("WS", "/ws/chat/{room_name}/")]["framework"] == "channels"


def test_django_example_findings(django_report):
    got = {f for f in findings(django_report) if not (f[1] == ARTICLES_PAGE and f[2] == 68)}
    assert got == {
        ("unmatched-call", ARTICLES_PAGE, 49),  # POST without the trailing slash
        ("unmatched-call", ARTICLES_PAGE, 58),  # /authors/
        ("unmatched-call", "frontend/src/pages/AccountPage.tsx", 31),  # legacy URLconf
        ("method-mismatch", ARTICLES_PAGE, 63),  # DELETE on a read-only ViewSet
        ("duplicate-route", "backend/accounts/views.py", 29),
        ("shadowed-route", "backend/articles/views.py", 61),
        ("unmounted-route", "backend/legacy/urls.py", 7),
        ("unresolved-route", "backend/config/urls.py", 12),  # admin.site.urls
        ("unused-route", "backend/articles/views.py", 46),
        ("unused-route", "backend/config/urls.py", 7),
        ("unused-route", "backend/config/urls.py", 8),
        ("unused-route", "backend/config/urls.py", 9),
    }
    slash = next(d for d in django_report["diagnostics"]
                 if d["file"] == ARTICLES_PAGE and d["line"] == 49)
    assert "slash" in slash["message"] and "POST" in slash["message"]


def test_django_example_server_supplied_url_is_unresolved(django_report):
    assert ("unresolved-call", ARTICLES_PAGE, 68) in findings(django_report)


@pytest.fixture(scope="module")
def fastify_report() -> dict:
    return check("fastify-vue")


def test_fastify_example_routes(fastify_report):
    assert route_list(fastify_report) == sorted([
        ("GET", "/api/todos", True), ("POST", "/api/todos", True),
        ("GET", "/api/todos/{id}", True), ("PUT", "/api/todos/{id}", True),
        ("DELETE", "/api/todos/{id}", True), ("GET", "/api/todos/search", True),
        ("POST", "/api/users/login", True), ("GET", "/api/users/me", True),
        ("GET", "/api/users/me", True), ("GET", "/health", True), ("WS", "/ws", True),
        ("GET", "/avatar/{userId}", False),
    ])
    assert {r["framework"] for r in fastify_report["routes"]} == {"fastify", "socketio"}


def test_fastify_example_findings(fastify_report):
    api, chat = "frontend/src/api.ts", "frontend/src/chat.ts"
    assert findings(fastify_report) == {
        ("duplicate-route", "backend/src/routes/users/index.ts", 12),
        ("unmounted-route", "backend/src/routes/users/avatar.ts", 5),
        ("method-mismatch", api, 24),
        ("unmatched-call", api, 31),
        ("unmatched-call", api, 45),
        ("unmatched-call", api, 47),
        ("unmatched-call", chat, 6),
        ("unused-route", "backend/src/health.ts", 4),
        ("unused-route", "backend/src/routes/todos/index.ts", 12),
        ("unused-route", "backend/src/routes/todos/index.ts", 14),
        ("unused-route", "backend/src/routes/todos/index.ts", 17),
    }
    calls = {c["raw"]: c for c in fastify_report["calls"]}
    routes = {r["id"]: r for r in fastify_report["routes"]}
    search = calls["`${BASE}/api/todos/search?q=${encodeURIComponent(q)}`"]
    assert [routes[r]["path"] for r in search["routes"]] == ["/api/todos/search"]
    socket = next(c for c in fastify_report["calls"] if c["client"] == "socketio" and c["routes"])
    assert socket["path"] == "/ws/" and routes[socket["routes"][0]]["framework"] == "socketio"
