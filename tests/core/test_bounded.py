"""Bounded work on adversarial input (issue 13, items 1-5; docs/ARCHITECTURE.md
"Reliability: bounded work").

Each kind of input that used to hang, explode or crash is fed, at two or more sizes, to
``routelink check`` in a child process (a black box, like a user's CI) next to a small
healthy workspace: an Express backend and a client whose call links to it. Each case
must finish within a generous budget (the sizes are chosen so that the code before the
fix took minutes or crashed), print no traceback, and leave the healthy part's route,
call and link in the report. The budget is not a benchmark: it only tells "finishes"
from "hangs" on a loaded 2-core machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from routelink.facts import FileFacts

#: seconds one `check` of an adversarial workspace may take (generous: "does not hang"
#: on a loaded 2-core machine; before the fixes these inputs took minutes or forever)
BUDGET = 60.0

#: per-file parse budget of the hanging-grammar cases (the default, 5 s, elsewhere)
PARSE_SECONDS = "1"

HEALTHY = {
    "backend/app.js": (
        "const express = require('express');\n"
        "const app = express();\n"
        "app.get('/api/health', (req, res) => res.json({ ok: true }));\n"
        "app.listen(3000);\n"),
    "frontend/health.js": "export const health = () => fetch('/api/health');\n",
}

#: the tree-sitter TSX grammar loops on this (issue 13, item 1): 45 bytes
TSX_LOOP = "fetch('/a');\n(" + "\n" * 30 + "}"


def check(tmp_path, files: dict[str, str | bytes], parse_seconds: str = "",
          budget: float = BUDGET) -> tuple[dict, str, float]:
    """Write ``files`` next to :data:`HEALTHY`, run ``routelink check --format json`` in
    a child process with ``budget`` seconds, and return (report, stderr, seconds)."""
    for rel, text in {**HEALTHY, **files}.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    env = {**os.environ, "ROUTELINK_PARSE_TIMEOUT": parse_seconds,
           "ROUTELINK_CACHE_DIR": str(tmp_path / ".cache")}
    started = time.monotonic()
    try:
        proc = subprocess.run([sys.executable, "-m", "routelink", "check", str(tmp_path),
                               "--format", "json"],
                              capture_output=True, text=True, timeout=budget, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail(f"routelink check did not finish within {budget:.0f} s on {sorted(files)}")
    seconds = time.monotonic() - started
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    return json.loads(proc.stdout), proc.stderr, seconds


def assert_healthy(report: dict) -> None:
    """The healthy part of the workspace is indexed and linked as always."""
    route = next((r for r in report["routes"] if r["path"] == "/api/health"), None)
    assert route is not None, [r["path"] for r in report["routes"]][:20]
    call = next((c for c in report["calls"] if c["file"] == "frontend/health.js"), None)
    assert call is not None and route["id"] in call["routes"]


def skipped(report: dict, file: str) -> list[str]:
    """The messages of the ``file-skipped`` hints on ``file``."""
    return [d["message"] for d in report["diagnostics"]
            if d["code"] == "file-skipped" and d["file"] == file]


# ---------------------------------------------------------------------- 1. parse budget


@pytest.mark.parametrize("newlines", [30, 200])
def test_a_grammar_loop_is_cut_by_the_parse_budget(tmp_path, newlines):
    source = "fetch('/a');\n(" + "\n" * newlines + "}"
    report, _, seconds = check(tmp_path, {"frontend/loop.tsx": source}, PARSE_SECONDS)
    assert_healthy(report)
    [message] = skipped(report, "frontend/loop.tsx")
    assert "parsing took longer than 1 s" in message
    assert seconds < BUDGET


def test_the_parse_budget_cancels_a_parse_and_the_parser_is_reusable():
    from routelink.syntax import ParseTimeout, parse, parse_deadline

    with parse_deadline(0.5):
        started = time.monotonic()
        with pytest.raises(ParseTimeout):
            parse(TSX_LOOP.encode(), "tsx")
        assert time.monotonic() - started < 10
    # the thread's parser parses the next file from scratch
    tree = parse(b"fetch('/b');", "tsx")
    assert not tree.root_node.has_error and tree.root_node.text == b"fetch('/b');"


def test_a_timed_out_file_gives_only_its_reason(monkeypatch):
    from routelink.extract import extract_file

    monkeypatch.setenv("ROUTELINK_PARSE_TIMEOUT", "0.5")
    facts = extract_file("/ws/loop.tsx", TSX_LOOP.encode())
    assert facts == FileFacts(language="tsx", errors=facts.errors)
    assert facts.errors[0].startswith("skipped: parsing took longer than 0.5 s")


def test_the_parse_budget_setting(monkeypatch):
    from routelink.syntax import DEFAULT_PARSE_SECONDS, parse_seconds

    for raw, want in (("", DEFAULT_PARSE_SECONDS), ("2.5", 2.5), ("0", float("inf")),
                      ("-1", float("inf")), ("soon", DEFAULT_PARSE_SECONDS), ("nan", DEFAULT_PARSE_SECONDS)):
        monkeypatch.setenv("ROUTELINK_PARSE_TIMEOUT", raw)
        assert parse_seconds() == want, raw


# ---------------------------------------------------------------------- 2. matching


@pytest.mark.parametrize("holes", [9, 16, 40])
def test_unknown_extent_holes_do_not_multiply(holes):
    """A call template with many ``{*}`` holes against long routes: each hole used to
    re-walk the trie below it (x5 per hole)."""
    from routelink.link.matcher import SegmentTrie

    trie = SegmentTrie()
    for k in range(20):
        trie.add("/" + "/".join(["a"] * 60) + f"/r{k}", k)
    trie.add("/" + "/".join(["a"] * 60) + "/b", 99)
    started = time.monotonic()
    found = trie.matches("/" + "/".join(["{*}"] * holes) + "/b")
    assert time.monotonic() - started < BUDGET
    assert [rid for _, rid in found] == [99]
    assert [rid for _, rid in trie.matches("/" + "/".join(["{*}"] * holes))] != []


@pytest.mark.parametrize("holes", [9, 30])
def test_holes_inside_one_segment_match_linearly(tmp_path, holes):
    route_segment = "a" * 60
    server = (HEALTHY["backend/app.js"]
              + f"app.get('/api/{route_segment}', (req, res) => res.send('x'));\n")
    params = ", ".join(f"p{i}" for i in range(holes))
    template = "a".join("${p%d}" % i for i in range(holes))
    client = (f"export const f = ({params}) => fetch(`/api/{template}a`);\n"
              f"export const g = ({params}) => fetch(`/api/{template}b`);\n")
    report, _, seconds = check(tmp_path, {"backend/app.js": server, "frontend/holes.js": client})
    assert_healthy(report)
    calls = sorted((c for c in report["calls"] if c["file"] == "frontend/holes.js"),
                   key=lambda c: c["line"])
    route = next(r for r in report["routes"] if r["path"] == f"/api/{route_segment}")
    assert calls[0]["routes"] == [route["id"]] and calls[1]["routes"] == []


@pytest.mark.parametrize("holes", [9, 20])
def test_a_nestjs_exclusion_with_many_parameters(tmp_path, holes):
    """A global-prefix exclusion (path-to-regexp) with parameters side by side in one
    segment against a 60-character route segment: as a regular expression
    (``[^/]+[^/]+...``) each parameter multiplied the time by ~6."""
    pattern = "".join(f":p{i}" for i in range(holes)) + ".json"
    segment = "a" * 60
    files = {
        "api/src/main.ts": (
            "import { NestFactory } from '@nestjs/core';\n"
            "import { AppModule } from './app.module';\n"
            "async function bootstrap() {\n"
            "  const app = await NestFactory.create(AppModule);\n"
            f"  app.setGlobalPrefix('api', {{ exclude: ['{pattern}', 'health'] }});\n"
            "  await app.listen(3001);\n"
            "}\nbootstrap();\n"),
        "api/src/app.module.ts": (
            "import { Module } from '@nestjs/common';\n"
            "import { LongController } from './long.controller';\n"
            "@Module({ controllers: [LongController] })\nexport class AppModule {}\n"),
        "api/src/long.controller.ts": (
            "import { Controller, Get } from '@nestjs/common';\n"
            "@Controller()\nexport class LongController {\n"
            f"  @Get('{segment}')\n  long() {{ return 1; }}\n"
            "  @Get('health')\n  health() { return 1; }\n}\n"),
    }
    report, _, _ = check(tmp_path, files)
    assert_healthy(report)
    nest = {r["path"] for r in report["routes"] if r["framework"] == "nestjs"}
    assert nest == {f"/api/{segment}", "/health"}


def test_nestjs_exclusions_agree_with_path_to_regexp_as_a_regex():
    """The automaton against the regular expression it replaced, on random patterns."""
    import random
    import re

    from routelink.frameworks.nestjs import _exclude_regex

    def as_regex(pattern: str):
        pattern = "/" + pattern.strip().lstrip("/")
        out, i = [], 0
        while i < len(pattern):
            c = pattern[i]
            if c == ":":
                m = re.match(r":\w+(\([^()/]*\))?([?*+])?", pattern[i:])
                out.append("[^/]+" if not m or not m.group(2) else ".*")
                i += len(m.group(0)) if m else 1
            elif pattern.startswith("(.*)", i):
                out.append(".*")
                i += 4
            elif c == "*":
                out.append(".*")
                i += len(re.match(r"\*\w*", pattern[i:]).group(0))
            elif c in "{}":
                out.append("(?:" if c == "{" else ")?")
                i += 1
            else:
                out.append(re.escape(c))
                i += 1
        return re.compile("".join(out) + "/?", re.IGNORECASE)

    rng = random.Random(4)
    pieces = ["cats", "/", ":id", "(.*)", "*", "{", "}", "a", ".json", ":id?", "{/:x}", "B"]
    texts = ["a", "/", "cats", "b", "{id}", ".json", "x", "A"]
    for _ in range(2000):
        pattern = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        try:
            regex = as_regex(pattern)
        except re.error:
            continue  # unbalanced braces: the automaton reads them as text
        ours = _exclude_regex(pattern)
        for _ in range(5):
            path = "/" + "".join(rng.choice(texts) for _ in range(rng.randint(0, 6)))
            assert bool(ours.fullmatch(path)) == bool(regex.fullmatch(path)), (pattern, path)


def test_uncertain_match_agrees_with_its_definition():
    """The rolling O(n*m) uncertain_match against the table definition it replaced."""
    import random

    from routelink.facts import catch_all_min
    from routelink.link.matcher import segment_score, uncertain_match, wildcard_match

    def definition(call, route, strict):
        n, m = len(call), len(route)
        reach = [[False] * (m + 1) for _ in range(n + 1)]
        reach[0][0] = True
        for i in range(n + 1):
            for j in range(m + 1):
                if not reach[i][j] or j == m:
                    continue
                seg = route[j]
                if seg == "{?}" or catch_all_min(seg) is not None:
                    for k in range(i + 1, n + 1):
                        reach[k][j + 1] = True
                    if catch_all_min(seg) == 0:
                        reach[i][j + 1] = True
                    continue
                if i == n:
                    continue
                c = call[i]
                if "{?}" in seg:
                    ok = c == "{}" or wildcard_match(seg.replace("{?}", "{}"), c)
                elif strict and "{" in c and "{" not in seg:
                    ok = False
                else:
                    ok = bool(segment_score(c, seg))
                reach[i + 1][j + 1] |= ok
        return reach[n][m]

    rng = random.Random(13)
    for _ in range(3000):
        call = tuple(rng.choice(["a", "b", "{}", "a{}"]) for _ in range(rng.randint(0, 5)))
        route = tuple(rng.choice(["a", "b", "{?}", "{x}", "{r*}", "{r+}", "x{?}"])
                      for _ in range(rng.randint(0, 5)))
        strict = rng.random() < 0.3
        assert uncertain_match(call, route, strict) == definition(call, route, strict), (call, route)
    started = time.monotonic()
    long = tuple(["a"] * 3000)
    assert uncertain_match(long, ("{?}", *["a"] * 1000))
    assert time.monotonic() - started < BUDGET


# ---------------------------------------------------------------------- 3. optional params


@pytest.mark.parametrize("count", [16, 24])
def test_optional_parameters_do_not_explode(tmp_path, count):
    optional = "".join(f"/:p{i}?" for i in range(count))
    groups = "".join("{/:g%d}" % i for i in range(count))
    alternating = "".join(f"/l{i}/:q{i}?" for i in range(count))
    server = (HEALTHY["backend/app.js"]
              + f"app.get('/opt{optional}', (req, res) => res.send('x'));\n"
              + f"app.get('/grp{groups}', (req, res) => res.send('x'));\n"
              + f"app.get('/alt{alternating}', (req, res) => res.send('x'));\n")
    client = ("export const a = (x, y) => fetch(`/opt/${x}/${y}`);\n"
              "export const b = () => fetch('/grp/1/2/3');\n"
              "export const c = (x) => fetch(`/alt/l0/${x}/l1`);\n")
    report, _, seconds = check(tmp_path, {"backend/app.js": server, "frontend/opt.js": client})
    assert_healthy(report)
    routes = [r for r in report["routes"] if r["file"] == "backend/app.js"]
    assert len(routes) < 4 * 40  # n + 1 per run of optional parameters, never 2^n
    calls = [c for c in report["calls"] if c["file"] == "frontend/opt.js"]
    # consecutive optional parameters: one template per count, so these link
    assert all(c["routes"] for c in calls if c["path"].startswith(("/opt", "/grp"))), calls
    # 2^n combinations: the route keeps its fixed start and says why the rest is unknown
    hints = [d["message"] for d in report["diagnostics"] if d["code"] == "unresolved-route"]
    assert any("combinations of optional parameters" in m and m.startswith("GET /alt/l0/{?}")
               for m in hints), hints
    assert not any(d["code"] == "unmatched-call" and d["file"] == "frontend/opt.js"
                   for d in report["diagnostics"])


def test_express_path_shapes():
    from routelink.frameworks.express import MAX_VARIANTS, express_path, express_path_overflows

    assert express_path("/users/:id?") == ["/users/{id}", "/users"]
    assert express_path("/:a?/:b?") == ["/{a}/{b}", "/{a}", "/"]
    assert express_path("/a/:b?/c/:d?") == ["/a/{b}/c/{d}", "/a/c/{d}", "/a/{b}/c", "/a/c"]
    many = "".join(f"/:p{i}?" for i in range(64))
    assert len(express_path(many)) == 65 or express_path_overflows(many)
    alternating = "/x" + "".join(f"/l{i}/:p{i}?" for i in range(40))
    assert express_path(alternating) == ["/x/l0/{?}"] and express_path_overflows(alternating)
    assert all(len(express_path(p)) <= MAX_VARIANTS for p in (many, alternating))


# ---------------------------------------------------------------------- 4. deep nesting


def _callbacks(depth: int) -> str:
    return ("".join("setTimeout(function () {\n" for _ in range(depth)) + "fetch('/api/deep');\n"
            + "});\n" * depth)


def _functions(depth: int) -> str:
    return ("".join(f"function f{i}() {{\n" for i in range(depth)) + "fetch('/api/deep');\n"
            + "}\n" * depth)


@pytest.mark.parametrize("depth", [330, 1200])
def test_deep_callbacks_keep_the_rest_of_the_file(tmp_path, depth):
    server = (HEALTHY["backend/app.js"]
              + "app.get('/api/top', (req, res) => res.send('x'));\n"
              + _callbacks(depth)
              + "app.get('/api/after', (req, res) => res.send('x'));\n")
    client = _functions(depth) + "export const after = () => fetch('/api/after');\n"
    report, stderr, _ = check(tmp_path, {"backend/app.js": server, "frontend/deep.js": client})
    assert_healthy(report)
    paths = {r["path"] for r in report["routes"]}
    assert {"/api/top", "/api/after"} <= paths
    after = next(c for c in report["calls"] if c["file"] == "frontend/deep.js" and c["path"] == "/api/after")
    assert after["routes"]
    for file in ("backend/app.js", "frontend/deep.js"):
        [message] = skipped(report, file)
        assert "nested more than" in message and "lines" in message
    assert "RecursionError" not in stderr


@pytest.mark.parametrize("depth", [500, 3000])
def test_deep_expressions(tmp_path, depth):
    js = ("const A = " + "(\n" * depth + "'/api/health'" + ")\n" * depth + ";\n"
          "export const a = () => fetch(A);\n"
          "export const b = () => fetch('/api/health' +\n" + " +\n".join(["''"] * depth) + ");\n"
          "export const c = (o) => fetch(`/api/${o" + "\n.a" * depth + "}`);\n"
          "export const d = () => fetch('/api/health');\n")
    py = ("import requests\n"
          "A = ('/x' +\n" + " +\n".join(["'a'"] * depth) + ")\n"
          "B = " + "(\n" * depth + "'/y'" + ")\n" * depth + "\n"
          "def f():\n    return requests.get('http://localhost:3000/api/health')\n")
    nested_py = ("import requests\n" + "".join("    " * i + f"def f{i}():\n" for i in range(min(depth, 90)))
                 + "    " * min(depth, 90) + "requests.get('http://localhost:3000/api/health')\n"
                 + "requests.get('http://localhost:3000/api/top')\n")
    report, stderr, _ = check(tmp_path, {"frontend/expr.js": js, "tools/expr.py": py,
                                         "tools/nested.py": nested_py})
    assert_healthy(report)
    last = next(c for c in report["calls"] if c["file"] == "frontend/expr.js" and c["line"] == max(
        c2["line"] for c2 in report["calls"] if c2["file"] == "frontend/expr.js"))
    assert last["path"] == "/api/health" and last["routes"]
    assert any(c["file"] == "tools/nested.py" and c["path"].endswith("/api/top") for c in report["calls"])
    assert "RecursionError" not in stderr


def test_deep_nesting_in_a_component(tmp_path):
    script = _callbacks(400)
    vue = ("<template><div/></template>\n<script>\n" + script
           + "export default { mounted() { fetch('/api/health'); } };\n</script>\n")
    report, _, _ = check(tmp_path, {"frontend/Deep.vue": vue})
    assert_healthy(report)
    assert any(c["file"] == "frontend/Deep.vue" and c["routes"] for c in report["calls"])
    [message] = skipped(report, "frontend/Deep.vue")
    assert "nested more than" in message


def test_blanking_keeps_positions():
    from routelink.extract.budget import blank_deep

    source = _callbacks(50).encode()
    blanked, lines = blank_deep(source, "javascript", 40)
    assert len(blanked) == len(source) and blanked.count(b"\n") == source.count(b"\n")
    assert lines and b"fetch('/api/deep')" not in blanked
    assert blank_deep(source, "javascript", 1000) == (source, [])


# ---------------------------------------------------------------------- 5. quadratic paths


@pytest.mark.parametrize("count", [1000, 4000])
def test_many_identical_routes(tmp_path, count):
    server = (HEALTHY["backend/app.js"]
              + "app.post('/api/items/:id', (req, res) => res.send('x'));\n" * count
              + "app.get('/api/items/x', (req, res) => res.send('x'));\n" * count)
    report, _, _ = check(tmp_path, {"backend/app.js": server})
    assert_healthy(report)
    codes = [d["code"] for d in report["diagnostics"] if d["file"] == "backend/app.js"]
    assert codes.count("duplicate-route") == 2 * (count - 1)
    assert "shadowed-route" not in codes  # POST /:id does not shadow GET /x


def test_shadowing_by_class_agrees_with_pairs():
    """The first earlier route that shadows, found by classes, is the one the pairwise
    definition finds, with routes of one class in several files, at one position (the
    variants of one declaration) and in exclusive branches."""
    import random

    from routelink.facts import Span
    from routelink.link.matcher import _shadows, shadowing
    from routelink.resolve.routes import ResolvedRoute
    from tests.core.test_matcher import covers

    rng = random.Random(7)
    for _ in range(300):
        routes = []
        for k in range(rng.randint(2, 14)):
            line = rng.choice([k, 0])
            routes.append(ResolvedRoute(
                file=rng.choice(["/ws/a.js", "/ws/b.js"]), method=rng.choice(["GET", "POST", "ANY"]),
                path=rng.choice(["/a", "/{id}", "/a/{id}", "/{x*}", "/a/b", "/{p}/b", "/a/"]),
                span=Span(line, 0, line, 1), framework=rng.choice(["express", "django"]),
                handler=None, handler_span=None, mounted=True,
                trailing_slash=rng.choice(["ignore", "append-get"]), group=("/ws", "app", ""),
                order=k, router_label="app", router_span=Span(0, 0, 0, 1),
                branch=rng.choice([(), ((5, 0),), ((5, 1),)])))
        want = {}
        for j in range(len(routes)):
            for i in range(j):
                if covers(routes[i].path, routes[j].path) and _shadows(routes[i], routes[j]):
                    want[j] = i
                    break
        assert shadowing(routes) == want, [(r.method, r.path, r.file, r.span.line, r.branch)
                                           for r in routes]


@pytest.mark.parametrize("length", [2000, 5000])
def test_a_long_method_chain(tmp_path, length):
    chain = "".join(f"\n  .get('/api/c{i}', h)" for i in range(length))
    server = HEALTHY["backend/app.js"] + "const h = (req, res) => res.send('x');\napp" + chain + ";\n"
    report, _, _ = check(tmp_path, {"backend/app.js": server})
    assert_healthy(report)
    assert sum(1 for r in report["routes"] if r["path"].startswith("/api/c")) == length


@pytest.mark.parametrize("chars", [50_000, 200_000])
def test_utf16_columns_on_a_long_non_ascii_line(tmp_path, chars):
    line = "const z = '" + "ü" * chars + "';" + " fetch('/api/health');" * 3000
    client = "// pad\n" * 2000 + line + "\n"
    report, _, _ = check(tmp_path, {"frontend/wide.js": client})
    assert_healthy(report)
    calls = [c for c in report["calls"] if c["file"] == "frontend/wide.js"]
    assert len(calls) == 3000 and all(c["routes"] for c in calls)
    # columns count UTF-16 units: the first call starts after the string
    assert min(c["column"] for c in calls) == len("const z = '") + chars + len("'; ") + 1


def test_utf16_columns_agree_with_decoding():
    import random

    from routelink.syntax import SourceText

    rng = random.Random(5)
    for _ in range(200):
        data = "".join(rng.choice(["a", "é", "😀", "\n", "x" * 40, "€"])
                       for _ in range(rng.randint(0, 1500))).encode()
        if rng.random() < 0.3 and data:
            raw = bytearray(data)
            raw[rng.randrange(len(raw))] = rng.choice([0xFF, 0x80, 0xC3])
            data = bytes(raw)
        text = SourceText(data)
        for _ in range(30):
            row = rng.randrange(len(text._line_starts))
            start = text._line_starts[row]
            end = data.find(b"\n", start)
            end = len(data) if end == -1 else end
            col = rng.randint(0, end - start)
            nxt = data[start + col:start + col + 1]
            if nxt and nxt[0] & 0xC0 == 0x80:
                continue  # tree-sitter columns are at character starts
            want = len(data[start:start + col].decode("utf-8", "replace").encode("utf-16-le")) // 2
            assert text._utf16_column(row, col) == want


@pytest.mark.parametrize("kilobytes", [100, 300])
def test_path_literals_of_hundreds_of_kilobytes(tmp_path, kilobytes):
    n = kilobytes * 1024 // 3
    pad = "// pad\n" * 2000  # not a minified file: short lines on average
    server = (HEALTHY["backend/app.js"]
              + f"app.get('/{':a(' * n}', (req, res) => res.send('x'));\n"
              + f"app.get('/{'a/' * n}', (req, res) => res.send('x'));\n" + pad)
    koa = ("const Router = require('@koa/router');\nconst router = new Router();\n"
           f"router.get('/{':a(' * n}*', (ctx) => {{}});\nmodule.exports = router;\n" + pad)
    flask = ("from flask import Flask\napp = Flask(__name__)\n"
             f"@app.route('/{'<a(' * n}')\ndef view():\n    return ''\n" + "# pad\n" * 2000)
    client = f"export const deep = () => fetch('/{'a/' * n}');\n" + pad
    report, _, _ = check(tmp_path, {"backend/app.js": server, "backend/koa.js": koa,
                                    "api/app.py": flask, "frontend/long.js": client})
    assert_healthy(report)
    deep = next(c for c in report["calls"] if c["file"] == "frontend/long.js")
    assert deep["routes"]


def test_parameter_regexes_are_linear():
    from routelink.frameworks import flask, koa
    from routelink.frameworks.express import express_path

    n = 100_000
    started = time.monotonic()
    express_path("/" + ":a(" * n)
    koa._CATCH_ALL_PARAM.sub("", "/" + ":a(" * n)
    flask._PARAM.sub("", "/" + "<a(" * n)
    assert time.monotonic() - started < BUDGET
    # what they read is unchanged
    assert express_path("/files/:name(\\w+).:ext") == ["/files/{name}.{ext}"]
    assert express_path("/u/:id((?:a|b))") == ["/u/{id}"]


def test_markup_and_pattern_scans_are_linear():
    """Lazy or open-ended patterns rescanned to the end of the text from every unclosed
    opener (``<!--``, ``{{``, ``[^``): now one scan, with the same results."""
    import random
    import re

    from routelink.extract.components import _COMMENT, _comments, _split_mustaches
    from routelink.frameworks.django import _without_negated_classes, regex_path

    n = 200_000
    started = time.monotonic()
    _comments(b"<!--\n" * n)
    _split_mustaches("{{ a\n" * n)
    regex_path("^(?P<a>" + "[^a" * n + ")")
    assert time.monotonic() - started < BUDGET
    rng = random.Random(11)
    for _ in range(3000):
        text = "".join(rng.choice(["{{", "}}", "a", "}", "{", "<!--", "-->", "-", "[^", "]", "["])
                       for _ in range(rng.randint(0, 12)))
        assert _split_mustaches(text) == re.split(r"\{\{(.*?)\}\}", text, flags=re.S)
        assert _comments(text.encode()) == [m.span() for m in _COMMENT.finditer(text.encode())]
        assert _without_negated_classes(text) == re.sub(r"\[\^[^\]]*\]", "", text)


def test_a_timed_out_file_is_not_cached(tmp_path):
    """A parse cut by its budget is a fact about the run, not the text: the facts cache
    does not keep it, so the next run tries again."""
    from routelink.extract.budget import timed_out
    from routelink.index.cache import open_cache

    cache = open_cache(str(tmp_path))
    assert cache is not None
    cut = FileFacts(language="tsx", errors=("skipped: parsing took longer than 1 s (...)",))
    kept = FileFacts(language="tsx", errors=("skipped: binary file",))
    assert timed_out(cut) and not timed_out(kept) and not timed_out(None)
    cache.put_many({b"cut": cut, b"kept": kept})
    assert cache.get_many([b"cut", b"kept"]) == {b"kept": kept}
    cache.close()


def test_a_proxy_regex_the_user_wrote_runs_in_linear_time():
    """A dev proxy's ``pathRewrite`` key or ``path.replace(/.../)`` is a regular
    expression by definition: RE2 runs it (no backtracking); what RE2 cannot read
    (lookarounds) still runs in Python's ``re`` as written."""
    from routelink.resolve.devproxy import _js_regex, context_matches

    started = time.monotonic()
    nested = _js_regex(r"^/(a+)+b")
    assert nested.search("/" + "a" * 5000) is None
    assert context_matches("^/(a+)+b", "/" + "a" * 5000) is False
    assert time.monotonic() - started < BUDGET
    assert nested.sub("/x", "/aab/c", count=1) == "/x/c"
    assert _js_regex(r"^/API/(?<rest>.*)", "i").sub(r"/\g<rest>", "/api/users") == "/users"
    assert _js_regex(r"^/api(?=/)").sub("", "/api/users", count=1) == "/users"
