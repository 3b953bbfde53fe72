"""`routelink check` on examples/nestjs-vue: every route, every call's link and every
deliberate mistake listed in its README, nothing else."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "nestjs-vue"
BOOKS = "backend/src/books/books.controller.ts"
AUTHORS = "backend/src/authors/authors.controller.ts"
ADMIN = "backend/src/admin/admin.controller.ts"


@pytest.fixture(scope="module")
def report() -> dict:
    proc = subprocess.run([sys.executable, "-m", "routelink", "check", "--format", "json", str(EXAMPLE)],
                          capture_output=True, text=True, timeout=120, cwd=REPO)
    assert proc.returncode == 1, proc.stderr  # the example has warnings on purpose
    return json.loads(proc.stdout)


def test_routes(report):
    got = sorted((r["method"], r["path"], r["mounted"], r["handler"]) for r in report["routes"])
    assert got == sorted([
        ("GET", "/health", True, "HealthController.check"),
        ("GET", "/api/books", True, "BooksController.findAll"),
        ("POST", "/api/books", True, "BooksController.create"),
        ("GET", "/api/books/{id}", True, "BooksController.findOne"),
        ("PATCH", "/api/books/{id}", True, "BooksController.update"),
        ("GET", "/api/v2/books/search", True, "BooksController.search"),
        ("GET", "/api/authors", True, "AuthorsController.findAll"),
        ("GET", "/api/authors/{id}", True, "AuthorsController.findOne"),
        ("DELETE", "/api/authors/{id}", True, "AuthorsController.remove"),
        ("GET", "/api/loans", True, "LoansController.list"),
        ("POST", "/api/loans", True, "LoansController.borrow"),
        ("POST", "/api/loans/{id}/return", True, "LoansController.giveBack"),
        ("GET", "/api/admin/stats", False, "AdminController.stats"),
        ("POST", "/api/admin/reindex", False, "AdminController.reindex"),
    ])
    assert {r["framework"] for r in report["routes"]} == {"nestjs"}
    # a route's line is its method decorator's
    search = next(r for r in report["routes"] if r["path"] == "/api/v2/books/search")
    lines = (EXAMPLE / BOOKS).read_text().splitlines()
    assert lines[search["line"] - 1].strip() == "@Get('search')"


def test_calls_link_to_their_handlers(report):
    routes = {r["id"]: r for r in report["routes"]}
    links = {(c["method"], c["path"]): sorted(routes[i]["handler"] for i in c["routes"])
             for c in report["calls"]}
    assert links == {
        ("GET", "/health"): ["HealthController.check"],
        ("GET", "/api/books"): ["BooksController.findAll"],
        ("POST", "/api/books"): ["BooksController.create"],
        ("GET", "/api/books/{}"): ["BooksController.findOne"],
        ("PUT", "/api/books/{}"): [],
        ("GET", "/api/v2/books/search"): ["BooksController.search"],
        ("GET", "/api/authors"): ["AuthorsController.findAll"],
        ("GET", "/api/author/{}"): [],
        ("GET", "/api/loans"): ["LoansController.list"],
        ("POST", "/api/loans"): ["LoansController.borrow"],
        ("POST", "/api/loans/{}/return"): ["LoansController.giveBack"],
        ("GET", "/api/admin/stats"): [],
    }
    assert {c["client"] for c in report["calls"]} == {"axios", "fetch"}


def test_deliberate_mistakes(report):
    got = {(d["code"], d["file"], d["line"]) for d in report["diagnostics"]}
    assert got == {
        ("unmounted-route", ADMIN, 7),
        ("unmatched-call", "frontend/src/api/admin.ts", 9),
        ("method-mismatch", "frontend/src/api/books.ts", 32),
        ("unmatched-call", "frontend/src/api/authors.ts", 15),
        ("unused-route", AUTHORS, 22),
        ("unused-route", AUTHORS, 17),
        ("unused-route", BOOKS, 31),
    }
    messages = {d["code"] + ":" + d["file"]: d["message"] for d in report["diagnostics"]}
    assert "Controller 'AdminController' is registered by no module" in messages["unmounted-route:" + ADMIN]
    assert "'AdminController'" in messages["unmatched-call:frontend/src/api/admin.ts"]
    assert "only for GET, PATCH" in messages["method-mismatch:frontend/src/api/books.ts"]
