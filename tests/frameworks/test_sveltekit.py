"""SvelteKit ``+server`` endpoints, in the layout of real SvelteKit 2 apps."""

from __future__ import annotations

import pytest

from routelink.frameworks.sveltekit import sveltekit_path
from tests.conftest import build_index

PKG = '{"name": "app", "type": "module", "devDependencies": {"@sveltejs/kit": "^2.5.0", "svelte": "^4.2.0"}}'
CONFIG = """
    import adapter from '@sveltejs/adapter-auto';
    import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

    /** @type {import('@sveltejs/kit').Config} */
    const config = {
      preprocess: vitePreprocess(),
      kit: { adapter: adapter() },
    };

    export default config;
"""


def routes(files: dict[str, str], root: str = "/ws") -> set[tuple[str, str]]:
    return {(r.method, r.path) for r in build_index(files, root).routes if r.mounted}


def links(a) -> dict[tuple[str, str], list[str]]:
    return {(c.method, c.path): sorted(a.routes[i].path for i in m.routes) for c, m in zip(a.calls, a.matches)}


@pytest.mark.parametrize("raw, expected", [
    ("/api/todos", ["/api/todos"]),
    ("/(app)/api/todos/[id]", ["/api/todos/{id}"]),
    ("/api/posts/[slug=slug]", ["/api/posts/{slug}"]),
    ("/api/files/[...path]", ["/api/files/{path*}"]),
    ("/[[lang]]/api/items", ["/api/items", "/{lang}/api/items"]),
    ("/[[lang=locale]]/feed", ["/feed", "/{lang}/feed"]),
    ("/api/[org]-[repo]", ["/api/{org}-{repo}"]),
    ("/api/smileys/[x+3a]-[x+29]", ["/api/smileys/:-)"]),
    ("/", ["/"]),
])
def test_folder_names_become_path_templates(raw, expected):
    assert sveltekit_path(raw) == expected


APP = {
    "package.json": PKG,
    "svelte.config.js": CONFIG,
    "src/routes/+page.svelte": "<script>\n  export let data;\n</script>\n<h1>Todos</h1>",
    "src/routes/api/todos/+server.ts": """
        import { json } from '@sveltejs/kit';
        import type { RequestHandler } from './$types';

        export const GET: RequestHandler = async ({ locals }) => {
          return json(await locals.db.todos.findMany());
        };

        export const POST: RequestHandler = async ({ request, locals }) => {
          const { text } = await request.json();
          return json(await locals.db.todos.create({ text }), { status: 201 });
        };
    """,
    "src/routes/(authed)/api/todos/[id=integer]/+server.ts": """
        import { error } from '@sveltejs/kit';

        export async function PATCH({ params, request }) {
          return new Response(null, { status: 204 });
        }

        export async function DELETE({ params }) {
          if (!params.id) error(404);
          return new Response(null, { status: 204 });
        }
    """,
    "src/routes/api/proxy/[...path]/+server.js": """
        /** @type {import('./$types').RequestHandler} */
        export async function fallback({ request, params }) {
          return fetch(`https://upstream.example.com/${params.path}`, { method: request.method });
        }
    """,
    "src/routes/[[lang]]/api/health/+server.ts": """
        const handler = () => new Response('ok');
        export { handler as GET, handler as HEAD };
        export const trailingSlash = 'ignore';
    """,
    "src/routes/todos/+page.server.ts": """
        export const actions = { create: async ({ request }) => ({ ok: true }) };
    """,
    "src/lib/api.ts": """
        export const todos = () => fetch('/api/todos');
        export const addTodo = (text: string) => fetch('/api/todos', { method: 'POST', body: JSON.stringify({ text }) });
        export const toggle = (id: number) => fetch(`/api/todos/${id}`, { method: 'PATCH' });
        export const rename = (id: number) => fetch(`/api/todos/${id}`, { method: 'PUT' });
        export const stats = () => fetch('/api/stats');
        export const health = () => fetch('/de/api/health/');
    """,
}


def test_endpoints_and_their_methods():
    assert routes(APP) == {
        ("GET", "/api/todos"), ("POST", "/api/todos"),
        ("PATCH", "/api/todos/{id}"), ("DELETE", "/api/todos/{id}"),
        ("ANY", "/api/proxy/{path*}"),
        ("GET", "/api/health"), ("HEAD", "/api/health"),
        ("GET", "/{lang}/api/health"), ("HEAD", "/{lang}/api/health"),
    }


def test_calls_link_to_endpoints():
    a = build_index(APP).analysis()
    got = links(a)
    assert got[("GET", "/api/todos")] == ["/api/todos"]
    assert got[("PATCH", "/api/todos/{}")] == ["/api/todos/{id}"]
    assert got[("PUT", "/api/todos/{}")] == []
    assert got[("GET", "/api/stats")] == []
    assert got[("GET", "/de/api/health/")] == ["/{lang}/api/health"]  # trailingSlash = 'ignore'
    found = {(f.code, f.message.split(":")[0]) for f in a.findings if f.code != "unused-route"}
    assert found == {("method-mismatch", "PUT /api/todos/{}"), ("unmatched-call", "No route serves GET /api/stats")}
    by = {(r.method, r.path): r for r in a.routes}
    assert by[("GET", "/api/todos")].trailing_slash == "redirect"
    assert by[("GET", "/api/health")].trailing_slash == "ignore"
    assert by[("DELETE", "/api/todos/{id}")].handler == "DELETE"
    assert by[("DELETE", "/api/todos/{id}")].span.line == 7
    assert by[("GET", "/api/health")].handler == "handler"


def test_trailing_slash_always_and_the_redirect():
    files = {
        "package.json": PKG,
        "src/routes/api/feed/+server.ts": """
            export const trailingSlash = 'always';
            export async function GET() { return new Response('<rss/>'); }
        """,
        "src/lib/feed.ts": """
            export const feed = () => fetch('/api/feed');
            export const post = () => fetch('/api/feed', { method: 'POST' });
        """,
    }
    a = build_index(files).analysis()
    assert [(r.method, r.path) for r in a.routes] == [("GET", "/api/feed/")]
    assert links(a)[("GET", "/api/feed")] == ["/api/feed/"]  # 308 keeps the method


def test_base_path_and_routes_folder_from_svelte_config():
    files = {
        "web/package.json": PKG,
        "web/svelte.config.js": """
            import adapter from '@sveltejs/adapter-static';
            const dev = process.argv.includes('dev');
            export default {
              kit: {
                adapter: adapter(),
                paths: { base: '/todo-app' },
                files: { routes: 'app/routes' },
              },
            };
        """,
        "web/app/routes/api/todos/+server.ts": "export const GET = async () => new Response('[]');",
        "web/src/routes/api/old/+server.ts": "export const GET = async () => new Response('[]');",
    }
    assert routes(files, root="/home/me/routes") == {("GET", "/todo-app/api/todos")}


def test_an_endpoint_outside_any_sveltekit_project_is_not_a_route():
    files = {"src/routes/api/x/+server.ts": "export const GET = () => new Response('x');"}
    assert routes(files) == set()


# SvelteKit's own fetch, given to load functions, form actions, endpoints and hooks in
# their event: a request to the app's own endpoints (client side even on the server).
def test_the_fetch_of_load_actions_and_hooks_is_the_fetch_api_of_the_app():
    files = {
        **APP,
        "src/routes/(app)/+layout.ts": """
            export async function load({ data, fetch }) {
              const todos = fetch('/api/todos').then((res) => res.json());
              return { todos, ...data };
            }
        """,
        "src/routes/todos/[id]/+page.server.ts": """
            import type { Actions, PageServerLoad } from './$types';

            export const load: PageServerLoad = async (event) => {
              const res = await event.fetch(`/api/todos/${event.params.id}`);
              return { todo: await res.json() };
            };

            export const actions: Actions = {
              remove: async ({ params, fetch: kitFetch }) => {
                await kitFetch(`/api/todos/${params.id}`, { method: 'DELETE' });
              },
            };
        """,
        "src/routes/stats/+page.js": """
            /** @type {import('./$types').PageLoad} */
            export async function load({ fetch }) {
              return { stats: await (await fetch('/api/stats')).json() };
            }
        """,
        "src/hooks.server.ts": """
            import type { HandleFetch } from '@sveltejs/kit';

            export const handleFetch: HandleFetch = async ({ request, fetch }) => {
              if (request.url.startsWith('https://api.example.com/')) {
                request = new Request(request.url.replace('https://api.example.com/', 'http://localhost:9999/'), request);
              }
              return fetch(request);
            };
        """,
        # a `fetch` parameter of a plain module is nothing routelink knows
        "src/lib/load-helpers.ts": """
            export async function loadAll({ fetch }) { return fetch('/api/everything'); }
        """,
    }
    a = build_index(files).analysis()
    kit = {(c.method, c.path, c.side): sorted(a.routes[i].path for i in m.routes)
           for c, m in zip(a.calls, a.matches)
           if c.file.rsplit("/", 1)[-1] in ("+layout.ts", "+page.server.ts", "+page.js", "hooks.server.ts")}
    assert kit == {
        ("GET", "/api/todos", "client"): ["/api/todos"],
        ("GET", "/api/todos/{}", "client"): [],
        ("DELETE", "/api/todos/{}", "client"): ["/api/todos/{id}"],
        ("GET", "/api/stats", "client"): [],
    }
    assert not any("/api/everything" in c.path for c in a.calls)
