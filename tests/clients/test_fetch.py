"""The Fetch API: methods from init, templates, absolute URLs, env values, Vue/Svelte script blocks."""

from __future__ import annotations

from tests.conftest import build_index, calls_of


def test_fetch_method_from_init_and_templates():
    assert calls_of({"src/api.js": """
        export async function load(id) {
          await fetch('/api/items');
          await fetch(`/api/items/${id}`, { method: 'DELETE' });
          await fetch(`/api/items/${id}/photos/${encodeURIComponent(name)}.png`);
          await fetch(`/api/search?q=${q}&page=${page}`);
          await fetch(`/api/items${buildQuery(filters)}`);
          await fetch('/api/items', { method: 'post', body: JSON.stringify(x) });
        }
    """}) == [
        ("DELETE", "/api/items/{}", "fetch", True),
        ("GET", "/api/items", "fetch", True),
        ("GET", "/api/items", "fetch", True),
        ("GET", "/api/items/{}/photos/{}.png", "fetch", True),
        ("GET", "/api/search", "fetch", True),
        ("POST", "/api/items", "fetch", True),
    ]

def test_absolute_urls_env_defaults_and_other_hosts():
    assert calls_of({"src/api.ts": """
        const API_URL = import.meta.env.VITE_API_URL || 'http://localhost:8000';
        const BASE = process.env.REACT_APP_API ?? 'https://shop.example.com/api/v1';
        export const a = () => fetch(`${API_URL}/api/users`);
        export const b = () => fetch(BASE + '/orders');
        export const c = () => fetch('http://localhost:3000/api/ping');
        export const d = () => fetch('https://api.github.com/repos/x/y');
    """}) == [
        ("GET", "/api/ping", "fetch", True),
        ("GET", "/api/users", "fetch", True),
        ("GET", "/api/v1/orders", "fetch", True),
    ]

def test_env_var_without_default_is_the_origin_or_comes_from_dotenv():
    index = build_index({
        "web/src/api.js": """
            export const a = () => fetch(`${process.env.REACT_APP_API}/api/users`);
            export const b = () => fetch(`${import.meta.env.VITE_BACKEND}/things`);
        """,
        "web/package.json": "{}",
    })
    index.apply_changes({"/ws/web/.env": b"VITE_BACKEND=http://localhost:5000/api\n"})
    assert sorted(c.path for c in index.analysis().calls) == ["/api/things", "/api/users"]

def test_unresolved_url_is_a_hint_not_a_warning():
    index = build_index({"src/a.js": "export const go = (url) => fetch(url);\nfetch(window.location.href);\n"})
    a = index.analysis()
    # `go` is a wrapper: its requests are its call sites (it may be called out of sight,
    # passed as a callback), so only the direct call is reported
    assert [f.code for f in a.findings] == ["unresolved-call"]

def test_a_client_method_nothing_calls_is_reported_where_written():
    index = build_index({"src/api.js": """
        const http = {
          get: (path) => fetch(`/api${path}`),
          remove: (path) => fetch(`/api${path}`, { method: 'DELETE' }),
        };
        export const users = () => http.get('/users');
    """})
    a = index.analysis()
    assert sorted((c.method, c.path, c.resolved) for c in a.calls) == [
        ("DELETE", "/api{*}", False), ("GET", "/api/users", True)]
    (f,) = [f for f in a.findings if f.code == "unresolved-call"]
    assert "parameter 'path' of http.remove(), which no indexed code calls" in f.message


def test_vue_sfc_script_block(tmp_path):
    from routelink.index import index_workspace

    (tmp_path / "src").mkdir()
    (tmp_path / "src/Tags.vue").write_text(
        "<template>\n  <ul><li v-for='t in tags'>{{ t }}</li></ul>\n</template>\n"
        "<script setup lang=\"ts\">\nimport axios from 'axios';\n"
        "const tags = await axios.get('/api/tags');\n</script>\n")
    index = index_workspace([str(tmp_path)])
    calls = index.analysis().calls
    assert [(c.path, c.span.line) for c in calls] == [("/api/tags", 5)]
