"""Nuxt 3/4 server routes and standalone Nitro route files, in the layout of real apps
(``server/api/todos/[id].patch.ts``, ``$fetch`` in pages)."""

from __future__ import annotations

import pytest

from routelink.frameworks.nuxt import nitro_file_route, nitro_path
from tests.conftest import build_index

PKG = '{"name": "todos", "private": true, "devDependencies": {"nuxt": "^3.15.0"}}'


def routes(files: dict[str, str], root: str = "/ws") -> set[tuple[str, str]]:
    return {(r.method, r.path) for r in build_index(files, root).routes if r.mounted}


def links(a) -> dict[tuple[str, str], list[str]]:
    return {(c.method, c.path): sorted(a.routes[i].path for i in m.routes) for c, m in zip(a.calls, a.matches)}


@pytest.mark.parametrize("parts, prefix, expected", [
    (["todos", "index.get.ts"], "/api", ("/api/todos", "GET")),
    (["todos", "[id].delete.ts"], "/api", ("/api/todos/[id]", "DELETE")),
    (["todos", "stats.ts"], "/api", ("/api/todos/stats", "ANY")),
    (["hello.get.dev.ts"], "/api", ("/api/hello", "GET")),
    (["index.ts"], "/api", ("/api", "ANY")),
    (["index.ts"], "", ("/", "ANY")),
    (["sitemap.xml.ts"], "", ("/sitemap.xml", "ANY")),
    (["types.d.ts"], "/api", None),
    (["README.md"], "/api", None),
])
def test_file_names(parts, prefix, expected):
    assert nitro_file_route(parts, prefix) == expected


@pytest.mark.parametrize("raw, expected", [
    ("/api/todos/[id]", "/api/todos/{id}"),
    ("/api/(admin)/users/[userId]/roles", "/api/users/{userId}/roles"),
    ("/api/files/[...path]", "/api/files/{path*}"),
    ("/proxy/[...]", "/proxy/{_*}"),
    ("/api/[org]-[repo]", "/api/{org}-{repo}"),
])
def test_path_syntax(raw, expected):
    assert nitro_path(raw) == expected


APP = {
    "package.json": PKG,
    "nuxt.config.ts": """
        export default defineNuxtConfig({
          modules: ['@nuxt/ui', 'nuxt-auth-utils'],
          future: { compatibilityVersion: 4 },
          compatibilityDate: '2024-07-30',
        })
    """,
    "server/api/todos/index.get.ts": """
        export default eventHandler(async (event) => {
          const { user } = await requireUserSession(event)
          return await useDB().select().from(tables.todos).where(eq(tables.todos.userId, user.id)).all()
        })
    """,
    "server/api/todos/index.post.ts": """
        export default eventHandler(async (event) => {
          const { title } = await readValidatedBody(event, z.object({ title: z.string() }).parse)
          return await useDB().insert(tables.todos).values({ title }).returning().get()
        })
    """,
    "server/api/todos/[id].patch.ts": """
        import { z } from 'zod'

        export default defineEventHandler(async (event) => {
          const { id } = await getValidatedRouterParams(event, z.object({ id: z.string() }).parse)
          return { id }
        })
    """,
    "server/api/todos/[id].delete.ts": """
        export default defineEventHandler(async (event) => ({ deleted: getRouterParam(event, 'id') }))
    """,
    "server/api/todos/stats.ts": "export default eventHandler(async () => ({ todos: 0 }))",
    "server/routes/sitemap.xml.ts": "export default defineEventHandler(() => '<urlset/>')",
    "server/routes/_ws.ts": """
        export default defineWebSocketHandler({
          open(peer) { peer.send('hello') },
          message(peer, message) { peer.send(message.text()) },
        })
    """,
    "server/middleware/log.ts": "export default defineEventHandler((event) => { console.log(event.path) })",
    "server/utils/db.ts": "export const useDB = () => drizzle(hubDatabase())",
    "server/api/files/[...pathname].get.ts": """
        export default eventHandler(async (event) => hubBlob().serve(event, getRouterParam(event, 'pathname')))
    """,
    "app/pages/todos.vue": """
        <script setup lang="ts">
        const { data: todos, refresh } = await useFetch('/api/todos')
        const newTodo = ref('')

        async function addTodo() {
          await $fetch('/api/todos', { method: 'POST', body: { title: newTodo.value } })
          await refresh()
        }
        async function toggleTodo(todo) {
          await $fetch(`/api/todos/${todo.id}`, { method: 'PATCH', body: { completed: !todo.completed } })
        }
        async function clearTodos() {
          await $fetch('/api/todos', { method: 'DELETE' })
        }
        async function archiveTodo(todo) {
          await $fetch(`/api/todos/${todo.id}/archive`, { method: 'POST' })
        }
        const socket = new WebSocket(`ws://${location.host}/_ws`)
        </script>
        <template><ul><li v-for="todo of todos" :key="todo.id">{{ todo.title }}</li></ul></template>
    """,
}


def test_server_api_and_routes_files():
    assert routes(APP) == {
        ("GET", "/api/todos"), ("POST", "/api/todos"),
        ("PATCH", "/api/todos/{id}"), ("DELETE", "/api/todos/{id}"),
        ("ANY", "/api/todos/stats"), ("ANY", "/sitemap.xml"), ("WS", "/_ws"),
        ("GET", "/api/files/{pathname*}"),
    }


def test_pages_call_server_routes():
    index = build_index(APP)
    a = index.analysis()
    got = links(a)
    assert got[("GET", "/api/todos")] == ["/api/todos"]
    assert got[("POST", "/api/todos")] == ["/api/todos"]
    assert got[("PATCH", "/api/todos/{}")] == ["/api/todos/{id}"]
    assert got[("DELETE", "/api/todos")] == []
    assert got[("POST", "/api/todos/{}/archive")] == []
    assert got[("WS", "/_ws")] == ["/_ws"]
    messages = {(f.code, f.message) for f in a.findings if f.code in ("method-mismatch", "unmatched-call")}
    assert messages == {
        ("method-mismatch", "DELETE /api/todos: the route exists but only for GET, POST (index.get.ts:2)"),
        ("unmatched-call", "No route serves POST /api/todos/{}/archive"),
    }
    patch = next(r for r in a.routes if r.method == "PATCH")
    assert patch.framework == "nuxt" and patch.span.line == 3 and patch.trailing_slash == "ignore"


def test_a_trailing_slash_never_matters():
    files = {
        "package.json": PKG,
        "server/api/health.get.ts": "export default defineEventHandler(() => 'ok')",
        "pages/index.vue": "<script setup>\nconst { data } = await useFetch('/api/health/')\n</script>",
    }
    a = build_index(files).analysis()
    assert links(a)[("GET", "/api/health/")] == ["/api/health"]


def test_src_dir_server_dir_and_the_project_root():
    files = {
        "apps/shop/package.json": PKG,
        "apps/shop/nuxt.config.ts": "export default defineNuxtConfig({ srcDir: 'src/' })",
        "apps/shop/src/server/api/cart.get.ts": "export default defineEventHandler(() => [])",
        "apps/shop/server/api/ping.ts": "export default defineEventHandler(() => 'pong')",
        "apps/admin/nuxt.config.ts": "export default defineNuxtConfig({ serverDir: 'backend' })",
        "apps/admin/backend/api/users.get.ts": "export default defineEventHandler(() => [])",
        "apps/admin/server/api/ignored.get.ts": "export default defineEventHandler(() => [])",
        # an Express app's routes folder is not a Nitro one
        "services/legacy/package.json": '{"dependencies": {"express": "^4.18.0"}}',
        "services/legacy/routes/users.js": "export default defineEventHandler(() => [])",
    }
    assert routes(files, root="/home/me/server") == {
        ("GET", "/api/cart"), ("ANY", "/api/ping"), ("GET", "/api/users")}


def test_standalone_nitro_with_base_url_and_api_base_url():
    files = {
        "package.json": '{"devDependencies": {"nitropack": "latest"}}',
        "nitro.config.ts": """
            export default defineNitroConfig({
              srcDir: 'server',
              baseURL: '/svc',
              apiBaseURL: '/rest',
            })
        """,
        "server/api/items/[id].get.ts": "export default defineEventHandler((event) => ({ id: event.context.params.id }))",
        "server/routes/index.ts": "export default defineEventHandler(() => 'home')",
        "server/routes/helper.ts": "export const notAHandler = 1",
    }
    assert routes(files) == {("GET", "/svc/rest/items/{id}"), ("ANY", "/svc")}


def test_route_rules_redirect_and_proxy_make_aliases():
    files = {
        "package.json": PKG,
        "nuxt.config.ts": """
            export default defineNuxtConfig({
              routeRules: {
                '/old-api/**': { redirect: '/api/**' },
                '/blog/**': { swr: 3600 },
                '/external/**': { proxy: 'https://example.com/**' },
              },
              nitro: {
                routeRules: {
                  '/v1/todos/**': { proxy: { to: '/api/todos/**' } },
                },
              },
            })
        """,
        "server/api/todos/[id].get.ts": "export default defineEventHandler(() => ({}))",
        "server/api/todos/index.get.ts": "export default defineEventHandler(() => [])",
        "pages/index.vue": """
            <script setup>
            const todo = await $fetch(`/v1/todos/${id}`)
            const all = await $fetch('/old-api/todos')
            </script>
        """,
    }
    a = build_index(files).analysis()
    assert {(r.method, r.path, r.via) for r in a.routes} == {
        ("GET", "/api/todos/{id}", ""), ("GET", "/api/todos", ""),
        ("GET", "/old-api/todos/{id}", "redirect /old-api/** -> /api/**"),
        ("GET", "/old-api/todos", "redirect /old-api/** -> /api/**"),
        ("GET", "/v1/todos/{id}", "proxy /v1/todos/** -> /api/todos/**"),
        ("GET", "/v1/todos", "proxy /v1/todos/** -> /api/todos/**"),
    }
    assert links(a)[("GET", "/v1/todos/{}")] == ["/v1/todos/{id}"]
    assert not [f for f in a.findings if f.code == "unused-route"]


def test_a_file_outside_any_nuxt_project_is_not_a_route():
    files = {"server/api/x.get.ts": "export default defineEventHandler(() => 1)"}
    assert routes(files) == set()


def test_an_express_package_in_a_monorepo_whose_root_depends_on_nuxt():
    files = {
        # a workspace root that hoists nuxt for its client package
        "package.json": '{"private": true, "workspaces": ["client", "server"], "devDependencies": {"nuxt": "^3.12.0"}}',
        "client/nuxt.config.ts": "export default defineNuxtConfig({})",
        "client/server/api/session.get.ts": "export default defineEventHandler(() => ({}))",
        "server/package.json": '{"name": "api", "dependencies": {"express": "^4.19.0"}}',
        "server/routes/users.js": """
            import { Router } from 'express';
            const router = Router();
            router.get('/', (req, res) => res.json([]));
            export default router;
        """,
    }
    got = {(r.method, r.path, r.framework) for r in build_index(files).routes if r.framework == "nuxt"}
    assert got == {("GET", "/api/session", "nuxt")}
