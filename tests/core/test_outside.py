"""What lives outside the workspace (routelink.toml ``external`` and ``[[services]]``) and
what suppression comments say (reasons after ``--``, ``unused-ignore``)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from routelink.config import Config, ConfigError, RoutePattern
from routelink.ide.report import configure, diagnostics
from tests.conftest import build_index

BACKEND = {
    "server/app.js": """
        const express = require('express');
        const app = express();
        app.get('/health', (req, res) => res.send('ok'));
        app.post('/webhooks/stripe', (req, res) => res.end());
        app.post('/webhooks/github/:event', (req, res) => res.end());
        app.get('/oauth/callback', (req, res) => res.redirect('/'));
        app.get('/api/users/:id', (req, res) => res.json({}));
        app.get('/api/orders', (req, res) => res.json([]));
    """,
    "web/api.js": """
        import axios from 'axios';
        const pay = axios.create({ baseURL: 'https://payments.example.com/v1' });
        export const user = (id) => axios.get(`/api/users/${id}`);
        export const charge = (c) => pay.post('/charges', c);
        export const refund = (c) => pay.put('/refunds', c);
    """,
}


def cfg(**data) -> Config:
    return Config().merged(data, "routelink.toml")


def unused(index, config) -> list[str]:
    a = index.analysis()
    return sorted(d.message.split(" reaches ")[1] for d in diagnostics(index, config, a)
                  if d.code == "unused-route")


def test_without_configuration_every_uncalled_route_is_unused_and_service_calls_unmatched():
    index = build_index(BACKEND)
    assert unused(index, Config()) == [
        "GET /api/orders", "GET /health", "GET /oauth/callback",
        "POST /webhooks/github/{event}", "POST /webhooks/stripe"]
    unmatched = sorted(d.message for d in diagnostics(index, Config()) if d.code == "unmatched-call")
    assert unmatched == ["No route serves POST /v1/charges", "No route serves PUT /v1/refunds"]


def test_external_patterns_are_never_unused_route():
    index = build_index(BACKEND)
    config = cfg(external=["GET /health", "POST /webhooks/*", "/oauth/callback"])
    # `*` is one segment: /webhooks/github/{event} has two after /webhooks
    assert unused(index, config) == ["GET /api/orders", "POST /webhooks/github/{event}"]
    config = cfg(external=["GET /health", "POST /webhooks/**", "/oauth/callback"])
    assert unused(index, config) == ["GET /api/orders"]
    config = cfg(external=["/webhooks/github/{name}", "GET /api/*"])  # a parameter matches any parameter
    assert "POST /webhooks/github/{event}" not in unused(index, config)
    assert "GET /api/orders" not in unused(index, config)
    configured = configure(index, cfg(external=["GET /health"]))
    [(i, pattern)] = configured.external_routes.items()
    assert index.analysis().routes[i].path == "/health" and pattern.text == "GET /health"


def test_an_external_pattern_with_a_method_covers_only_that_method():
    index = build_index(BACKEND)
    assert "GET /health" in unused(index, cfg(external=["POST /health"]))


@pytest.mark.parametrize("text,method,path", [
    ("GET /health", "GET", "/health"), ("/oauth/callback", None, "/oauth/callback"),
    ("post   /webhooks/*", "POST", "/webhooks/*"), ("ANY /x", None, "/x")])
def test_route_pattern_parsing(text, method, path):
    p = RoutePattern.parse(text, "t")
    assert (p.method, p.path) == (method, path)


@pytest.mark.parametrize("data", [
    {"external": "GET /health"}, {"external": ["health"]}, {"external": ["GET health"]},
    {"external": ["GET /a /b"]}, {"services": [{"name": "x"}]}, {"services": [{"base": "/relative"}]},
    {"services": [{"base": "https://x.example.com", "url": "y"}]}, {"services": "https://x"}])
def test_bad_external_and_services_entries_are_configuration_errors(data):
    with pytest.raises(ConfigError) as err:
        cfg(**data)
    assert str(err.value).startswith("routelink.toml: ")


def test_calls_to_a_service_base_are_not_checked():
    index = build_index(BACKEND)
    config = cfg(services=[{"base": "https://payments.example.com", "name": "payments"}])
    assert not [d for d in diagnostics(index, config) if d.code == "unmatched-call"]
    configured = configure(index, config)
    a = index.analysis()
    assert sorted(a.calls[i].path for i in configured.service_calls) == ["/v1/charges", "/v1/refunds"]
    assert {s.name for s in configured.service_calls.values()} == {"payments"}


def test_a_service_base_path_and_port_must_match():
    index = build_index(BACKEND)
    for base in ("https://payments.example.com/v2", "https://payments.example.com:8443",
                 "https://other.example.com"):
        config = cfg(services=[{"base": base}])
        assert len([d for d in diagnostics(index, config) if d.code == "unmatched-call"]) == 2, base
    config = cfg(services=[{"base": "https://payments.example.com/v1/charges"}])
    assert [d.message for d in diagnostics(index, config) if d.code == "unmatched-call"] == [
        "No route serves PUT /v1/refunds"]


def test_suppression_reasons_are_kept_and_an_idle_suppression_is_unused_ignore():
    index = build_index({**BACKEND, "server/extra.js": """
        const express = require('express');
        const app = express();
        // routelink-ignore unused-route -- called by the mobile app
        app.get('/api/mobile', (req, res) => res.json({}));
        app.get('/api/used', (req, res) => res.json({})); // routelink-ignore: unused-route -- obsolete
        /* routelink-ignore: unused-rout -- typo */
        app.get('/api/typo', (req, res) => res.json({}));
        module.exports = app;
    """, "web/more.js": "export const u = () => fetch('/api/used');\n"})
    configured = configure(index, Config())
    reasons = sorted((f.message, c.reason) for f, c in configured.suppressed)
    assert reasons == [("No indexed call reaches GET /api/mobile", "called by the mobile app")]
    idle = [(d.span.line, d.severity, d.message) for d in configured.diagnostics
            if d.code == "unused-ignore"]
    assert idle == [
        (5, "hint", "This routelink-ignore suppresses nothing: no unused-route finding on line 6"),
        (6, "hint", "This routelink-ignore suppresses nothing: unknown code 'unused-rout'")]
    # on the comment itself, with a fix that removes it
    d = next(d for d in configured.diagnostics if d.code == "unused-ignore")
    assert (d.span.column, d.span.end_column) == (50, 95) and d.fix[1] == ""
    # the typo suppresses nothing, so the route it meant is still reported
    assert "No indexed call reaches GET /api/typo" in [x.message for x in configured.diagnostics]


def test_an_ignore_made_redundant_by_external_is_unused_and_python_comments_work_too():
    index = build_index({"api/main.py": """
        from fastapi import FastAPI
        app = FastAPI()

        @app.get("/health")  # routelink-ignore: unused-route -- probed by the load balancer
        def health(): ...

        @app.get("/items")
        def items(): ...
    """, "web/a.js": "export const i = () => fetch('/items');\n"})
    assert [d.code for d in diagnostics(index, Config())] == []
    got = [(d.code, d.span.line) for d in diagnostics(index, cfg(external=["GET /health"]))]
    assert got == [("unused-ignore", 4)]
    assert [(c.reason, c.codes) for c in configure(index, Config()).suppressed[0][1:]] == [
        ("probed by the load balancer", ("unused-route",))]


def test_unused_ignore_can_be_turned_off():
    index = build_index({**BACKEND, "web/x.js": "export const x = () => fetch('/api/orders'); // routelink-ignore\n"})
    assert [d.code for d in diagnostics(index, Config()) if d.file.endswith("x.js")] == ["unused-ignore"]
    assert not [d for d in diagnostics(index, cfg(severity={"unused-ignore": "off"}))
                if d.code == "unused-ignore"]


def test_check_reads_external_and_services_from_routelink_toml(tmp_path):
    for name, text in BACKEND.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(textwrap.dedent(text))
    (tmp_path / "web" / "orders.js").write_text("export const o = () => fetch('/api/orders');\n")
    (tmp_path / "routelink.toml").write_text(textwrap.dedent("""
        external = ["GET /health", "POST /webhooks/**", "/oauth/callback"]
        [[services]]
        name = "payments"
        base = "https://payments.example.com"
    """))
    proc = subprocess.run([sys.executable, "-m", "routelink", "check", str(tmp_path), "--format", "json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert json.loads(proc.stdout)["diagnostics"] == []


def test_show_settings_prints_external_and_services_as_valid_toml(tmp_path):
    import tomllib

    (tmp_path / "routelink.toml").write_text(textwrap.dedent("""
        external = ["GET /health", "POST /webhooks/*"]
        [[services]]
        base = "https://payments.example.com/v1"
    """))
    proc = subprocess.run([sys.executable, "-m", "routelink", "check", "--show-settings", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    data = tomllib.loads(proc.stdout)
    assert data["external"] == ["GET /health", "POST /webhooks/*"]
    assert data["services"] == [{"name": "payments.example.com", "base": "https://payments.example.com/v1"}]
    assert Config().merged(data, "shown").services[0].path == "/v1"


def test_the_editor_gets_unused_ignore_with_a_fix_that_removes_the_comment():
    from routelink.facts import Span
    from routelink.ide.snapshot import QuickFix, Snapshot

    index = build_index({**BACKEND, "web/x.js": "export const x = () => fetch('/api/orders'); // routelink-ignore -- old\n"})
    snap = Snapshot.of_index(index, Config())
    [d] = [d for d in snap.diagnostics_in("/ws/web/x.js")]
    assert d.code == "unused-ignore" and d.severity == "hint"
    actions = [a for a in snap.code_actions("/ws/web/x.js", Span(0, 50, 0, 50)) if isinstance(a, QuickFix)]
    # the comment and the blank before it go, the code stays
    assert [(a.title, a.new_text, a.span) for a in actions] == [
        ("Remove the unused routelink-ignore comment", "", Span(0, d.span.column - 1, 0, d.span.end_column))]
    # a comment alone on its line goes with its line
    index = build_index({**BACKEND, "web/y.js": "// routelink-ignore: unused-route\nexport const y = () => fetch('/api/orders');\n"})
    [d] = Snapshot.of_index(index, Config()).diagnostics_in("/ws/web/y.js")
    assert d.span == Span(0, 0, 0, 33) and d.fix[0] == Span(0, 0, 1, 0)
