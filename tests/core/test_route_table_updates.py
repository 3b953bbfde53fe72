"""The route table kept across route edits (``RouteTable.updated``) equals a table built
from scratch: its tries answer the same matches, and shadowing (kept per group and
recomputed only for the routes a replaced route may concern) equals the one-pass
algorithm it replaced, kept here as the reference. Randomized over route lists with
ties in registration order, parameters, patterns, catch-alls, trailing slashes,
methods, path-dispatch frameworks, exclusive branches and several groups.

``ROUTELINK_PROPERTY_SEEDS`` runs more seeds.
"""

from __future__ import annotations

import os
import random

import pytest

from routelink.facts import Span
from routelink.frameworks import registry as frameworks
from routelink.link.matcher import (
    RouteTable,
    SegmentTrie,
    _class_may_shadow,
    _shadows,
    _shape,
    shadowing,
)
from routelink.link.templates import has_trailing_slash
from routelink.resolve.routes import ResolvedRoute

SEEDS = int(os.environ.get("ROUTELINK_PROPERTY_SEEDS", "10"))

SEGMENTS = ["users", "orders", "a", "me", "{id}", "{pk}", "{name}.{ext}", "{p*}", "{rest+}"]


def reference_shadowing(routes: list[ResolvedRoute]) -> dict[int, int]:
    """Shadowed route -> the first earlier route of its group that matches every request
    it would (registration order within a group; see :func:`_shadows`).

    Each group's routes go into a :class:`SegmentTrie` in order; a later route asks it
    for the earlier routes that cover it, so it is compared only with those. Routes that
    agree on everything :func:`_shadows` reads but their file, position and branch (one
    *class*: shape, method, trailing slash and its policy, dispatch) are one entry of the
    trie, so a class that cannot shadow a route is skipped at once: 8,000 copies of one
    route take linear time, not 8,000 x 8,000 comparisons. Within a class the earliest
    member that shadows is found by scanning in order; only members in the same file as
    the later route (same declaration, exclusive ``if`` branches) can fail there.
    """
    out: dict[int, int] = {}
    groups: dict[tuple, list[int]] = {}
    stand = frameworks.stand_in_names()
    for i, r in enumerate(routes):
        # an unmounted router's routes never run: nothing to shadow there; mocks stand in
        # for a backend, in no order that matters
        if r.resolved and r.mounted and not r.passthrough and r.framework not in stand:
            groups.setdefault(r.group, []).append(i)
    for ids in groups.values():
        if len(ids) < 2:
            continue
        ids.sort(key=lambda i: routes[i].order)
        trie = SegmentTrie()
        classes: list[list[int]] = []
        class_of: dict[tuple, int] = {}
        for j in ids:
            later = routes[j]
            best: int | None = None
            for c in trie.covering(later.path):
                members = classes[c]
                if not _class_may_shadow(routes[members[0]], later):
                    continue
                for i in members:
                    if _shadows(routes[i], later):
                        if best is None or (routes[i].order, i) < (routes[best].order, best):
                            best = i
                        break
            if best is not None:
                out[j] = best
            key = (_shape(later.path), later.method, later.trailing_slash,
                   has_trailing_slash(later.path), frameworks.get(later.framework).dispatch)
            c = class_of.get(key)
            if c is None:
                c = class_of[key] = len(classes)
                classes.append([])
                trie.add(later.path, c)
            classes[c].append(j)
    return out




def _path(rng: random.Random) -> str:
    segs = []
    for _ in range(rng.randint(0, 3)):
        seg = rng.choice(SEGMENTS)
        segs.append(seg)
        if seg.endswith("*}") or seg.endswith("+}"):
            break
    path = "/" + "/".join(segs)
    if segs and rng.random() < 0.15 and "*" not in path and "+" not in path:
        path += "/"
    return path


def _route(rng: random.Random, n: int) -> ResolvedRoute:
    file = rng.choice(["/ws/a.js", "/ws/b.js"])
    framework = rng.choice(["express", "express", "django", "fastapi"])
    line = rng.randint(0, 6)
    return ResolvedRoute(
        file=file, method=rng.choice(["GET", "GET", "POST", "ANY"]), path=_path(rng),
        span=Span(line, 0, line, 5), framework=framework, handler=None, handler_span=None,
        mounted=rng.random() < 0.9, trailing_slash=rng.choice(["ignore", "strict"]),
        group=("/ws/app.js", rng.choice(["app", "admin"]), ""), order=rng.randint(0, 8),
        router_label="r", router_span=Span(0, 0, 0, 1),
        branch=rng.choice([(), ((1, 0),), ((1, 1),)]),
        resolved=rng.random() < 0.95, passthrough=rng.random() < 0.05)


def _matches(table: RouteTable, path: str) -> dict:
    return {m: sorted(table.path_matches(path, m)) for m in (True, False, None)}


CALL_PATHS = ["/", "/users", "/users/{}", "/users/me", "/a/b.txt", "/orders/{*}", "/{}/{}", "/a/users/x"]


@pytest.mark.parametrize("seed", range(SEEDS))
def test_shadowing_equals_the_one_pass_reference(seed):
    rng = random.Random(seed)
    for _ in range(40):
        routes = [_route(rng, i) for i in range(rng.randint(0, 30))]
        assert shadowing(routes) == reference_shadowing(routes)


@pytest.mark.parametrize("seed", range(SEEDS))
def test_an_updated_table_equals_a_fresh_one(seed):
    rng = random.Random(1000 + seed)
    routes = [_route(rng, i) for i in range(rng.randint(5, 40))]
    table = RouteTable(routes)
    for step in range(60):
        new = list(routes)
        lo = rng.randrange(len(new) + 1)
        k = rng.choice([0, 1, 1, 1, 2, 3])
        came = [_route(rng, 0) for _ in range(k)]
        went = k if rng.random() < 0.8 else rng.randint(0, 3)
        hi = min(len(new), lo + went)
        new[lo:hi] = came
        table = table.updated(new, lo, hi, lo + len(came))
        fresh = RouteTable(new)
        routes = new
        where = f"seed {seed} step {step}"
        assert table.shadowed_by == reference_shadowing(new), where
        assert table.shadowed_by == fresh.shadowed_by, where
        assert table.winner == fresh.winner, where
        assert table.uncertain == fresh.uncertain and table.stand_ins == fresh.stand_ins, where
        for path in CALL_PATHS + [r.path for r in new[:5]]:
            assert _matches(table, path) == _matches(fresh, path), (where, path)


@pytest.mark.parametrize("seed", range(SEEDS))
def test_covered_by_is_the_reverse_of_covering(seed):
    rng = random.Random(2000 + seed)
    paths = [_path(rng) for _ in range(30)]
    trie = SegmentTrie()
    for i, p in enumerate(paths):
        trie.add(p, i)
    for template in paths + [_path(rng) for _ in range(20)]:
        one = SegmentTrie()
        one.add(template, 0)
        expected = sorted(i for i, p in enumerate(paths) if one.covering(p))
        assert sorted(trie.covered_by(template)) == expected, template


def test_removing_routes_leaves_no_empty_nodes():
    trie = SegmentTrie()
    trie.add("/users/{id}/history", 1)
    trie.add("/users/{id}", 2)
    trie.add("/files/{p*}", 3)
    trie.remove("/users/{id}/history", 1)
    trie.remove("/files/{p*}", 3)
    assert sorted(trie.matches("/users/{}")) == [(7, 2)]
    assert list(trie.root.literal) == ["users"]
    assert trie.root.literal["users"].param.literal == {}
    trie.remove("/users/{id}", 2)
    assert trie.root.literal == {}
