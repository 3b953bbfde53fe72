"""axios: methods, config objects, instances with a baseURL across files, repeated base prefixes."""

from __future__ import annotations

from tests.conftest import build_index, calls_of


def test_axios_methods_config_and_instances_across_files():
    assert calls_of({
        "src/lib/api.ts": """
            import axios from 'axios';
            export const api = axios.create({ baseURL: '/api/v1' });
            export default api;
        """,
        "src/pages/Users.tsx": """
            import axios from 'axios';
            import { api } from '../lib/api';
            import client from '@/lib/api';
            export function Users({ id }) {
              api.get('/users');
              api.post(`/users/${id}/roles`, { role: 'admin' });
              client.delete(`/users/${id}`);
              axios({ url: '/health', method: 'head' });
              axios.patch('/api/v1/me', {});
            }
        """,
        "package.json": "{}",
    }) == [
        ("DELETE", "/api/v1/users/{}", "axios", True),
        ("GET", "/api/v1/users", "axios", True),
        ("HEAD", "/health", "axios", True),
        ("PATCH", "/api/v1/me", "axios", True),
        ("POST", "/api/v1/users/{}/roles", "axios", True),
    ]

def test_duplicate_prefix_on_instance_with_base_url():
    index = build_index({
        "src/api.ts": """
            import axios from 'axios';
            const http = axios.create({ baseURL: 'http://localhost:4000/api/v1' });
            export const list = () => http.get('/api/v1/alerts');
        """,
    })
    a = index.analysis()
    assert [c.path for c in a.calls] == ["/api/v1/api/v1/alerts"]
    dup = [f for f in a.findings if f.code == "duplicate-prefix"]
    assert len(dup) == 1
    assert dup[0].fix is not None and dup[0].fix[1] == "'/alerts'"


def test_vue_options_api_this_axios_and_vue_axios():
    assert calls_of({
        "web/src/components/TodoList.vue": """
            <template><ul><li v-for="t in todos">{{ t.title }}</li></ul></template>
            <script>
            export default {
              data: () => ({ todos: [] }),
              async mounted() {
                const { data } = await this.$axios.get('/api/v1/todos');
                this.todos = data;
              },
              methods: {
                remove(id) {
                  return this.$axios.delete(`/api/v1/todos/${id}`);
                },
              },
            };
            </script>
        """,
        "web/src/main.js": """
            import Vue from 'vue';
            import axios from 'axios';
            import VueAxios from 'vue-axios';
            Vue.use(VueAxios, axios);
            Vue.axios.get('/api/v1/me');
        """,
    }) == [
        ("DELETE", "/api/v1/todos/{}", "axios", True),
        ("GET", "/api/v1/me", "axios", True),
        ("GET", "/api/v1/todos", "axios", True),
    ]


def test_a_request_replayed_from_an_earlier_config_links_nothing():
    # the token-refresh retry of most axios apps
    index = build_index({
        "server/src/app.js": """
            const express = require('express');
            const app = express();
            app.get('/api/health', (req, res) => res.json({ ok: true }));
            app.get('/api/users', (req, res) => res.json([]));
            app.listen(3001);
        """,
        "web/src/api.ts": """
            import axios from 'axios';
            export const api = axios.create({ baseURL: '/api' });
            api.interceptors.response.use(
              (response) => response,
              async (error) => {
                const originalRequest = error.config;
                if (error.response?.status === 401 && !originalRequest._retry) {
                  originalRequest._retry = true;
                  await api.post('/auth/refresh');
                  return api(originalRequest);
                }
                if (error.response?.status >= 500) return axios.request(error.config);
                return Promise.reject(error);
              },
            );
        """,
    })
    a = index.analysis()
    assert sorted((c.method or "ANY", c.path, c.resolved) for c in a.calls) == [
        ("ANY", "/api/{*}", False), ("ANY", "/{*}", False), ("POST", "/api/auth/refresh", True)]
    codes = sorted(f.code for f in a.findings)
    assert codes == ["unmatched-call", "unresolved-call", "unresolved-call",
                     "unused-route", "unused-route"]
    hint = next(f for f in a.findings if f.code == "unresolved-call" and "originalRequest" in f.message)
    assert "a retry of an earlier request" in hint.message


def test_nuxt_axios_destructured_aliased_and_its_data_helpers():
    # Nuxt 2 with @nuxtjs/axios: the context's $axios reached every way mealie and Nuxt
    # apps write it, and the $get/$post helpers that return the data
    assert calls_of({
        "web/package.json": '{"dependencies": {"nuxt": "^2.15.8", "@nuxtjs/axios": "^5.13.6"}}',
        "web/composables/use-app-info.ts": """
            import { useAsync, useContext } from '@nuxtjs/composition-api';
            export function useAppInfo() {
              const { $axios } = useContext();
              return useAsync(async () => (await $axios.get('/api/app/about')).data);
            }
            export function useStartup() {
              const ctx = useContext();
              const ax = ctx.$axios;
              return ax.get('/api/app/about/startup-info');
            }
        """,
        "web/pages/recipes.vue": """
            <template><div /></template>
            <script>
            export default {
              async asyncData({ $axios, params }) {
                return { recipe: await $axios.$get(`/api/recipes/${params.slug}`) };
              },
              methods: {
                save(recipe) { return this.$axios.$put(`/api/recipes/${recipe.slug}`, recipe); },
                remove(slug) { return this.$axios.$delete(`/api/recipes/${slug}`); },
              },
            };
            </script>
        """,
        "web/plugins/api.js": """
            export default function ({ $axios: http }, inject) {
              inject('ping', () => http.$post('/api/ping', {}));
            }
        """,
    }) == [
        ("DELETE", "/api/recipes/{}", "axios", True),
        ("GET", "/api/app/about", "axios", True),
        ("GET", "/api/app/about/startup-info", "axios", True),
        ("GET", "/api/recipes/{}", "axios", True),
        ("POST", "/api/ping", "axios", True),
        ("PUT", "/api/recipes/{}", "axios", True),
    ]
