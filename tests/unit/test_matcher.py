"""The matcher: path templates, scores, trailing-slash policies, methods."""

from __future__ import annotations

import pytest

from routelink.link import match_score, method_allows, slash_allows


@pytest.mark.parametrize(
    "call, route, matches",
    [
        ("/api/users", "/api/users", True),
        ("/api/users/{}", "/api/users/{id}", True),
        ("/api/users/42", "/api/users/{id}", True),
        ("/api/users/{}", "/api/users/me", True),  # may be 'me' at run time
        ("/api/users", "/api/users/{id}", False),
        ("/api/users/{}/posts", "/api/users/{id}", False),
        ("/static/a/b/c.png", "/static/{path*}", True),
        ("/files/{}/{}", "/files/{p*}", True),
        ("/download/report.pdf", "/download/{name}.{ext}", True),
        ("/download/report", "/download/{name}.{ext}", False),
        ("/avatars/user-{}.png", "/avatars/user-7.png", True),
        ("/", "/", True),
        ("/{*}", "/api/users/{id}", True),
    ],
)
def test_path_matching(call, route, matches):
    assert bool(match_score(call, route)) is matches


def test_exact_literal_scores_above_parameter():
    assert match_score("/users/me", "/users/me") > match_score("/users/me", "/users/{id}")
    assert match_score("/users/{}", "/users/{id}") > match_score("/users/{}", "/users/me")


@pytest.mark.parametrize(
    "call, route, policy, method, ok",
    [
        ("/a", "/a/", "ignore", "POST", True),
        ("/a/", "/a", "ignore", "GET", True),
        ("/a", "/a/", "redirect", "POST", True),     # FastAPI redirect_slashes keeps the method
        ("/a", "/a/", "append", "POST", True),       # Flask: 308 redirect to the slash route
        ("/a/", "/a", "append", "GET", False),       # Flask: no route without the slash
        ("/a", "/a/", "append-get", "GET", True),    # Django APPEND_SLASH redirects a GET
        ("/a", "/a/", "append-get", "POST", False),  # ...but a POST fails
        ("/a/", "/a/", "append-get", "POST", True),
        ("/a", "/a/", "strict", "GET", False),
    ],
)
def test_trailing_slash_policies(call, route, policy, method, ok):
    assert slash_allows(call, route, policy, method) is ok


@pytest.mark.parametrize(
    "call, route, ok",
    [
        ("GET", "GET", True), ("POST", "GET", False), ("HEAD", "GET", True),
        ("DELETE", "ANY", True), (None, "PATCH", True), ("WS", "GET", False),
        ("WS", "WS", True), ("GET", "WS", False), ("WS", "ANY", False),
    ],
)
def test_methods(call, route, ok):
    assert method_allows(call, route) is ok
