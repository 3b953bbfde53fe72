"""Dev-server proxies, independent of any tool: contexts, path rewrites, targets, the
table by frontend folder, and reading http-proxy-middleware style configs (JSON, and
JavaScript read statically). The Angular CLI / Nx readers are tested with the Angular
client (tests/clients/test_angular.py)."""

from __future__ import annotations

import textwrap

from routelink.resolve.devproxy import (
    DevProxyTable,
    ProxyRule,
    apply_dev_proxy,
    context_matches,
    parse_proxy_config,
)
from routelink.resolve.workspaces import read_frontend_workspaces


def test_contexts_are_prefixes_globs_or_regular_expressions():
    assert context_matches("/api", "/api/users")
    assert context_matches("/api", "/apiary")  # as http-proxy-middleware and Vite do
    assert not context_matches("/api", "/v1/api")
    assert context_matches("/api/**", "/api/users/{}") and context_matches("/api/**", "/api")
    assert context_matches("/api/*", "/api/users") and not context_matches("/api/*", "/api/users/1")
    assert context_matches("^/(api|auth)", "/auth/login") and not context_matches("^/(api|auth)", "/x")
    assert not context_matches("^/(api", "/api")  # a broken expression matches nothing


def test_the_first_matching_rule_and_rewrite_apply_then_the_target_path():
    rules = (
        ProxyRule("/api/v2", "http://localhost:4000", (("^/api/v2", "/v2"),)),
        ProxyRule("/api", "http://localhost:3000/backend",
                  (("^/api/legacy", "/old"), ("^/api", ""), ("^/api", "/never"))),
    )
    assert apply_dev_proxy("/api/v2/users", rules).path == "/v2/users"
    hit = apply_dev_proxy("/api/users/{}", rules)
    assert hit.path == "/backend/users/{}" and hit.rule is rules[1]
    assert apply_dev_proxy("/api/legacy/x", rules).path == "/backend/old/x"
    assert apply_dev_proxy("/api", rules).path == "/backend"
    assert apply_dev_proxy("/static/app.css", rules) is None
    groups = (ProxyRule("/api", "http://h", (("^/api/(\\w+)", "/$1/v1"),)),)
    assert apply_dev_proxy("/api/users/{}", groups).path == "/users/v1/{}"


def test_the_table_gives_the_rules_of_the_deepest_folder():
    rule = ProxyRule("/api", "http://localhost:3000")
    table = DevProxyTable({"/ws/web": (rule,), "/ws/web/libs/other": ()})
    assert table.rules_for("/ws/web/src/app/a.service.ts") == (rule,)
    assert table.rules_for("/ws/web/libs/other/src/b.ts") == ()
    assert table.rules_for("/ws/api/server.js") == ()
    assert not DevProxyTable({"/ws/web": ()}) and DevProxyTable({"/ws/web": (rule,)})


def test_json_config_with_object_and_array_forms():
    rules = parse_proxy_config(textwrap.dedent("""
        {
          // comments are allowed, as Angular CLI allows them
          "/api": { "target": "http://localhost:3000", "pathRewrite": { "^/api": "" } },
          "/auth/**": { "target": { "host": "localhost", "port": 4000, "protocol": "http:" } },
        }
    """), "/ws/proxy.conf.json")
    assert rules == (
        ProxyRule("/api", "http://localhost:3000", (("^/api", ""),), False, "/ws/proxy.conf.json"),
        ProxyRule("/auth/**", "http://localhost:4000", (), False, "/ws/proxy.conf.json"),
    )
    array = parse_proxy_config('[{"context": ["/a", "/b"], "target": "http://x:1"}]', "/p.json")
    assert [r.context for r in array] == ["/a", "/b"]
    assert parse_proxy_config("{ not json", "/p.json") == ()


def test_javascript_config_is_read_without_running_it():
    esm = """
        const TARGET = process.env.BACKEND ?? 'http://127.0.0.1:8080';
        export default {
          '/api': {
            target: TARGET,
            changeOrigin: true,
            pathRewrite: { '^/api': '/v1' },
            bypass(req) { if (req.headers.accept?.includes('html')) return '/index.html'; },
          },
          '/socket': { target: `ws://localhost:8080`, pathRewrite: (path) => path },
        };
    """
    rules = parse_proxy_config(textwrap.dedent(esm), "/ws/proxy.conf.mjs")
    assert rules[0] == ProxyRule("/api", "http://127.0.0.1:8080", (("^/api", "/v1"),), False,
                                 "/ws/proxy.conf.mjs")
    assert rules[1].rewrite_unknown and rules[1].target == "ws://localhost:8080"
    cjs = "module.exports = { '/api': { target: 'http://localhost:3000' } };"
    assert parse_proxy_config(cjs, "/p.js")[0].target == "http://localhost:3000"
    assert parse_proxy_config("module.exports = require('./other');", "/p.js") == ()


def test_nx_paths_with_project_root_tokens_and_no_nx_json():
    configs = {
        "/ws/apps/web/project.json": """{
          "name": "web", "projectType": "application",
          "targets": {
            "serve": { "executor": "@nx/webpack:dev-server",
                       "options": { "proxyConfig": "{projectRoot}/proxy.conf.json" } }
          }
        }""",
        "/ws/apps/web/proxy.conf.json": '{ "/api": { "target": "http://localhost:3333" } }',
        "/ws/libs/ui/project.json": '{ "name": "ui", "projectType": "library" }',
    }
    ws = read_frontend_workspaces(configs, lambda p: False)
    assert [(p.name, p.application, p.browser) for p in ws.projects] == [
        ("web", True, True), ("ui", False, False)]
    assert ws.app_of("/ws/libs/ui/src/button.ts") == "/ws/apps/web"
    assert ws.app_of("/ws/tools/x.ts") is None
    assert ws.dev_proxies().rules_for("/ws/libs/ui/src/button.ts")[0].target == "http://localhost:3333"
