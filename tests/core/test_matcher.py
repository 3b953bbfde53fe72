"""The matcher: one segment trie for linking and shadowing; trailing-slash policies,
methods. The pairwise definitions below are the specification the trie must agree with."""

from __future__ import annotations

import re

import pytest

from routelink.link.matcher import SegmentTrie, wildcard_match
from routelink.link.templates import method_allows, segments, slash_allows


# ---------------------------------------------------------------- reference definitions


def _ref_segment_score(call: str, route: str) -> int:
    def rx(seg):
        parts = re.split(r"(\{[^{}]*\})", seg)
        return re.compile("^" + "".join(".+" if p.startswith("{") else re.escape(p) for p in parts if p) + "$")

    if re.match(r"^\{[^{}*+]*\}$", route):
        return 3 if call == "{}" else 2
    if "{" not in route:
        if call == route:
            return 3
        if call == "{}":
            return 1
        if "{}" in call:
            return 1 if rx(call).match(route) else 0
        return 0
    if "{" not in call:
        return 2 if rx(route).match(call) else 0
    return 1


def match_score(call_path: str, route_path: str) -> int:
    """Reference: 0 when the route cannot serve the call path, else its score."""
    c, r = segments(call_path), segments(route_path)

    def m(i, j):
        if j == len(r):
            return 1 if i == len(c) else 0
        if re.match(r"^\{[^{}]*\*\}$", r[j]):
            return 1  # zero or more segments
        if re.match(r"^\{[^{}]*\+\}$", r[j]):
            return 1 if i < len(c) else 0  # one or more
        if i == len(c):
            return 0
        if c[i] == "{*}":
            return 1 if any(m(i + 1, k) for k in range(j + 1, len(r) + 1)) else 0
        s = _ref_segment_score(c[i], r[j])
        rest = m(i + 1, j + 1) if s else 0
        return s + rest if rest else 0

    return m(0, 0)


def covers(earlier: str, later: str) -> bool:
    """Reference: ``earlier``'s template matches every request ``later``'s would."""
    def cov(e, l):
        if not e:
            return not l
        head = e[0]
        if head.startswith("{") and head.endswith("*}"):
            return True
        if head.startswith("{") and head.endswith("+}"):
            # a required catch-all: only a rest that always has a segment
            return any(not (s.endswith("*}")) for s in l)
        if not l:
            return False
        if head.startswith("{") and head.endswith("}") and "{" not in head[1:-1]:
            return not l[0].endswith(("*}", "+}")) and cov(e[1:], l[1:])
        return head == l[0] and cov(e[1:], l[1:])

    return cov(segments(earlier), segments(later))


def trie_score(call: str, route: str) -> int:
    trie = SegmentTrie()
    trie.add(route, 0)
    got = trie.matches(call)
    return max((s for s, _ in got), default=0)


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
        ("/files", "/files/{p*}", True),  # an optional catch-all: zero or more segments
        ("/files", "/files/{p+}", False),  # a required one (Next.js [...p]): one or more
        ("/files/a", "/files/{p+}", True),
        ("/files/a/b/c", "/files/{p+}", True),
        ("/files/{*}", "/files/{p+}", True),
        ("/download/report.pdf", "/download/{name}.{ext}", True),
        ("/download/report", "/download/{name}.{ext}", False),
        ("/avatars/user-{}.png", "/avatars/user-7.png", True),
        ("/", "/", True),
        ("/{*}", "/api/users/{id}", True),
    ],
)
def test_path_matching(call, route, matches):
    assert bool(trie_score(call, route)) is matches
    assert trie_score(call, route) == match_score(call, route)


def test_exact_literal_scores_above_parameter():
    assert trie_score("/users/me", "/users/me") > trie_score("/users/me", "/users/{id}")
    assert trie_score("/users/{}", "/users/{id}") > trie_score("/users/{}", "/users/me")


@pytest.mark.parametrize(
    "pattern, text, ok",
    [
        ("{name}.{ext}", "report.pdf", True), ("{name}.{ext}", "report", False),
        ("{name}.{ext}", ".pdf", False), ("user-{}.png", "user-7.png", True),
        ("user-{}.png", "user-.png", False), ("a{}b{}c", "aXbYc", True), ("a{}b{}c", "abc", False),
        ("{}-{}", "a-b-c", True), ("x", "x", True), ("x", "y", False),
    ],
)
def test_wildcard_segments(pattern, text, ok):
    assert wildcard_match(pattern, text) is ok


def test_wildcard_matching_is_linear_on_adversarial_segments():
    import time

    pattern = "{}a" * 9 + "{}"
    text = "a" * 60 + "b"
    started = time.perf_counter()
    assert wildcard_match(pattern, text) is True
    assert wildcard_match("{}" + "a{}" * 12 + "c", "a" * 200) is False
    assert time.perf_counter() - started < 0.5


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
            segs.append(rng.choice(["{pk}", "detail", "edit", "{rest*}", "{rest+}", f"x{rng.randint(0, 5)}"]))
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
            if covers(routes[i].path, routes[j].path) and _shadows(routes[i], routes[j]):
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
