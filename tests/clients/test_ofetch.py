"""ofetch and Nuxt's $fetch / useFetch: globals, imports, baseURL options and instances."""

from __future__ import annotations

from tests.conftest import build_index, calls_of


def test_ofetch_imports_nuxt_globals_and_instances():
    assert calls_of({"web/composables/api.ts": """
        import { ofetch } from 'ofetch';
        const api = ofetch.create({ baseURL: '/api/v1' });
        export const items = () => ofetch('/api/items');
        export const create = (body) => $fetch('/api/items', { method: 'POST', body });
        export const mine = () => api('/me');
        export const raw = () => $fetch.raw('/api/health');
        export function useItems() { return useFetch('/api/items', { method: 'get' }); }
        export const withBase = () => $fetch('/stats', { baseURL: '/api/admin' });
    """}) == [
        ("GET", "/api/admin/stats", "ofetch", True),
        ("GET", "/api/health", "ofetch", True),
        ("GET", "/api/items", "ofetch", True),
        ("GET", "/api/items", "ofetch", True),
        ("GET", "/api/v1/me", "ofetch", True),
        ("POST", "/api/items", "ofetch", True),
    ]


def test_a_local_function_named_like_a_global_is_not_the_library():
    # a project's own `useFetch` wrapper shadows Nuxt's: its body decides what it calls
    assert calls_of({"web/src/hooks.ts": """
        export function useFetch(path: string) {
          return fetch(`/api${path}`);
        }
        export const load = () => useFetch('/items');
    """}) == [("GET", "/api/items", "fetch", True)]


def test_ofetch_call_links_and_its_route_is_used():
    index = build_index({
        "server/app.js": """
            const express = require('express');
            const app = express();
            app.get('/api/items', listItems);
            app.post('/api/items', createItem);
        """,
        "web/pages/items.vue": """
            <script setup lang="ts">
            const { data } = await useFetch('/api/items');
            async function add(item) { await $fetch('/api/items', { method: 'POST', body: item }); }
            </script>
            <template><div /></template>
        """,
    })
    a = index.analysis()
    assert all(m.routes for m in a.matches) and len(a.calls) == 2
    assert not [f for f in a.findings if f.code == "unused-route"]


def test_use_request_fetch_getter_urls_and_instances_of_instances():
    assert calls_of({"web/composables/useApi.ts": """
        export const useApi = () => {
          const requestFetch = useRequestFetch();
          const api = $fetch.create({ baseURL: '/api' });
          const admin = api.create({ baseURL: '/api/admin' });
          return {
            me: () => requestFetch('/api/me'),
            items: () => api('/items'),
            stats: () => admin.raw('/stats', { method: 'POST' }),
          };
        };
    """, "web/pages/items/[id].vue": """
        <script setup lang="ts">
        import { useRequestFetch } from '#app';
        const route = useRoute();
        const fetcher = useRequestFetch();
        const { data: todos } = await useAsyncData('todos', () => fetcher('/api/todos'));
        const { data: item } = await useFetch(() => `/api/items/${route.params.id}`);
        const { data: saved } = useLazyFetch(() => `/items/${route.params.id}/save`, { baseURL: '/api', method: 'PUT' });
        </script>
        <template><div>{{ item }}</div></template>
    """}) == [
        ("GET", "/api/items", "ofetch", True),
        ("GET", "/api/items/{}", "ofetch", True),
        ("GET", "/api/me", "ofetch", True),
        ("GET", "/api/todos", "ofetch", True),
        ("POST", "/api/admin/stats", "ofetch", True),
        ("PUT", "/api/items/{}/save", "ofetch", True),
    ]


def test_use_request_fetch_called_at_once_is_a_request():
    assert calls_of({"web/pages/todos.vue": """
        <script setup lang="ts">
        const { data } = await useAsyncData('todos', () => useRequestFetch()('/api/todos'));
        const { data: done } = await useAsyncData('done', () =>
          useRequestFetch()('/api/todos/done', { method: 'POST', body: { all: true } }));
        </script>
        <template><div>{{ data }}{{ done }}</div></template>
    """, "web/composables/useProfile.ts": """
        import { useRequestFetch as requestFetch } from '#imports';
        export const useProfile = () => useAsyncData('me', () => requestFetch()('/api/me'));
        // a project's own function of that shape is not Nuxt's
        const makeFetcher = () => (url: string) => url;
        export const label = makeFetcher()('/api/not-a-request');
    """}) == [
        ("GET", "/api/me", "ofetch", True),
        ("GET", "/api/todos", "ofetch", True),
        ("POST", "/api/todos/done", "ofetch", True),
    ]


def test_nuxt_runtime_config_base_url_with_its_env_override():
    files = {
        "web/package.json": '{"dependencies": {"nuxt": "^3.12.0"}}',
        "web/nuxt.config.ts": """
            export default defineNuxtConfig({
              runtimeConfig: {
                apiSecret: '',
                public: { apiBase: process.env.NUXT_PUBLIC_API_BASE || '/api' },
              },
            })
        """,
        "web/pages/todos.vue": """
            <script setup lang="ts">
            const { data } = await useFetch('/todos', { baseURL: useRuntimeConfig().public.apiBase })
            const config = useRuntimeConfig()
            async function add(title: string) {
              await $fetch('/todos', { baseURL: config.public.apiBase, method: 'POST', body: { title } })
            }
            </script>
        """,
    }
    assert calls_of(files) == [("GET", "/api/todos", "ofetch", True),
                               ("POST", "/api/todos", "ofetch", True)]
    # Nuxt sets runtimeConfig.public.apiBase from NUXT_PUBLIC_API_BASE
    files["web/.env"] = "NUXT_PUBLIC_API_BASE=http://localhost:8080/v1\n"
    assert calls_of(files) == [("GET", "/v1/todos", "ofetch", True),
                               ("POST", "/v1/todos", "ofetch", True)]


def test_nuxt_auto_imported_composable_client_and_util():
    assert calls_of({
        "web/package.json": '{"dependencies": {"nuxt": "^3.12.0"}}',
        "web/nuxt.config.ts": "export default defineNuxtConfig({ runtimeConfig: { public: { apiBase: '/v1' } } })",
        "web/composables/useApi.ts": """
            export const api = $fetch.create({ baseURL: useRuntimeConfig().public.apiBase })
        """,
        "web/utils/index.ts": """
            export function fetchTodo(id: string) { return $fetch(`/v1/todos/${id}`) }
        """,
        # not auto-imported: a nested module of composables/
        "web/composables/admin/client.ts": "export const adminApi = $fetch.create({ baseURL: '/admin' })",
        "web/pages/index.vue": """
            <script setup lang="ts">
            const created = await api('/todos', { method: 'POST' })
            const todo = await fetchTodo('1')
            const other = await adminApi('/users')
            </script>
        """,
    }) == [("GET", "/v1/todos/{}", "ofetch", True), ("POST", "/v1/todos", "ofetch", True)]
