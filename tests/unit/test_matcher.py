"""The matcher: path templates, scores, trailing-slash policies, methods."""

from __future__ import annotations

import pytest

from routelink.link.templates import match_score, method_allows, slash_allows


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


def _random_routes(n: int, seed: int):
    import random

    from routelink.facts import Span
    from routelink.resolve.routes import ResolvedRoute

    rng = random.Random(seed)
    out = []
    for i in range(n):
        segs = ["api", rng.choice(["users", "items", "{kind}", "orders"])]
        for _ in range(rng.randint(0, 3)):
            segs.append(rng.choice(["{pk}", "detail", "edit", "{rest*}", f"x{rng.randint(0, 5)}"]))
        path = "/" + "/".join(segs) + rng.choice(["", "/"])
        out.append(ResolvedRoute(
            file="/ws/urls.py", method=rng.choice(["GET", "POST", "ANY"]), path=path,
            span=Span(i, 0, i, 1), framework=rng.choice(["django", "express"]), handler=None,
            handler_span=None, mounted=True, trailing_slash=rng.choice(["ignore", "append-get"]),
            group=("/ws/urls.py", "urlpatterns", ""), order=i, router_label="urlpatterns",
            router_span=Span(0, 0, 0, 1)))
    return out


@pytest.mark.parametrize("seed", range(5))
def test_shadowing_index_agrees_with_pairwise_comparison(seed):
    from routelink.link.matcher import _shadows, shadowing

    routes = _random_routes(300, seed)
    expected = {}
    for j in range(len(routes)):
        for i in range(j):
            if _shadows(routes[i], routes[j]):
                expected[j] = i
                break
    assert expected and shadowing(routes) == expected


@pytest.mark.parametrize("seed", range(5))
def test_route_table_scores_agree_with_match_score(seed):

    from routelink.link.matcher import RouteTable

    routes = _random_routes(200, seed)
    table = RouteTable(routes)
    calls = ["/api/users/{}", "/api/items/detail", "/api/{}/x1/", "/api/orders/{}/edit",
             "/api/users/7/a/b", "/api/{}", "/api/items/{}/x2"]
    for call in calls:
        got = sorted(table.path_matches(call))
        want = sorted((match_score(call, r.path), i) for i, r in enumerate(routes)
                      if match_score(call, r.path))
        assert got == want, call
