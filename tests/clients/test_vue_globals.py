"""Vue global properties: a client, an API object or a wrapper function the app makes a
member of every component (``app.config.globalProperties.$http``, ``Vue.prototype.$api``),
called through ``this`` or ``getCurrentInstance().proxy``."""

from __future__ import annotations

from tests.conftest import build_index, calls_of


def test_vue3_global_property_client_in_options_api_and_setup_proxy():
    assert calls_of({
        "web/package.json": "{}",
        "web/src/main.ts": """
            import { createApp } from 'vue';
            import axios from 'axios';
            import App from './App.vue';
            const http = axios.create({ baseURL: 'http://localhost:3000/api' });
            const app = createApp(App);
            app.config.globalProperties.$http = http;
            app.mount('#app');
        """,
        "web/src/App.vue": """
            <script>
            export default {
              data: () => ({ users: [] }),
              async mounted() {
                this.users = (await this.$http.get('/users')).data;
              },
              methods: {
                exportUsers() { return this.$http.post('/users/export'); },
              },
            };
            </script>
            <template><div /></template>
        """,
        "web/src/components/Setup.vue": """
            <script setup>
            import { getCurrentInstance } from 'vue';
            const { proxy } = getCurrentInstance();
            const remove = (id) => proxy.$http.delete(`/users/${id}`);
            const instance = getCurrentInstance();
            const roles = () => instance.appContext.config.globalProperties.$http.get('/roles');
            </script>
            <template><div /></template>
        """,
    }) == [
        ("DELETE", "/api/users/{}", "axios", True),
        ("GET", "/api/roles", "axios", True),
        ("GET", "/api/users", "axios", True),
        ("POST", "/api/users/export", "axios", True),
    ]


def test_vue3_plugin_install_sets_a_global_wrapper_function_ruoyi_style():
    # RuoYi-Vue3: `download` of utils/request is a global property; pages call
    # `proxy.download(url, params, filename)`
    assert calls_of({
        "ui/package.json": "{}",
        "ui/src/utils/request.js": """
            import axios from 'axios';
            const service = axios.create({ baseURL: import.meta.env.VITE_APP_BASE_API || '/dev-api' });
            export function download(url, params, filename, config) {
              return service.post(url, params, { responseType: 'blob', ...config });
            }
            export default service;
        """,
        "ui/src/plugins/index.js": """
            import { download } from '@/utils/request';
            export default function installPlugins(app) {
              app.config.globalProperties.download = download;
            }
        """,
        "ui/src/views/system/user/index.vue": """
            <script setup name="User">
            const { proxy } = getCurrentInstance();
            function handleExport() {
              proxy.download('system/user/export', { pageNum: 1 }, `user_${new Date().getTime()}.xlsx`);
            }
            </script>
        """,
    }) == [("POST", "/dev-api/system/user/export", "axios", True)]


def test_vue2_prototype_api_object_and_wrapper_in_components_and_mixins():
    assert calls_of({
        "package.json": "{}",
        "src/api/index.js": """
            import axios from 'axios';
            const http = axios.create({ baseURL: '/api' });
            export default {
              listOrders: () => http.get('/orders'),
              getOrder: (id) => http.get(`/orders/${id}`),
            };
            export function download(url, params) { return http.post(url, params, { responseType: 'blob' }); }
        """,
        "src/main.js": """
            import Vue from 'vue';
            import api, { download } from './api';
            import App from './App.vue';
            Vue.prototype.$api = api;
            Vue.prototype.download = download;
            new Vue({ render: h => h(App) }).$mount('#app');
        """,
        "src/mixins/order.js": """
            export default {
              methods: { load(id) { return this.$api.getOrder(id); } },
            };
        """,
        "src/views/Orders.vue": """
            <template><button @click="exportAll">Export</button></template>
            <script>
            export default {
              created() { this.$api.listOrders(); },
              methods: { exportAll() { this.download('/orders/export', {}); } },
            };
            </script>
        """,
    }) == [
        ("GET", "/api/orders", "axios", True),
        ("GET", "/api/orders/{}", "axios", True),
        ("POST", "/api/orders/export", "axios", True),
    ]


def test_a_prototype_of_another_class_and_another_app_are_no_global_properties():
    index = build_index({
        "shop/package.json": "{}",
        "shop/src/main.js": """
            import axios from 'axios';
            function Store() {}
            Store.prototype.$http = axios.create({ baseURL: '/store' });
        """,
        "shop/src/App.vue": """
            <script>
            export default { mounted() { this.$http.get('/items'); } };
            </script>
        """,
        "admin/package.json": "{}",
        "admin/src/main.js": """
            import { createApp } from 'vue';
            import axios from 'axios';
            createApp({}).config.globalProperties.$http = axios.create({ baseURL: '/admin' });
        """,
    })
    # the shop's `this.$http` is nothing the shop's app assigns (not the admin app's
    # client, nor `Store.prototype`'s): an unresolved call saying so, never dropped
    a = index.analysis()
    assert [(c.path, c.resolved) for c in a.calls] == [("/{*}", False)]
    [hint] = [f.message for f in a.findings]
    assert "this.$http is no client routelink knows" in hint


def test_vue_axios_sets_axios_and_http_global_properties():
    # vue-axios 3: `Vue.use(VueAxios, http)` (Vue 2) / `app.use(VueAxios, { $api: api })`
    index = build_index({
        "api/index.js": """
            const app = require('express')();
            app.get('/api/users', (req, res) => res.json([]));
            app.get('/v2/reports', (req, res) => res.json([]));
            app.listen(3000);
        """,
        "web/package.json": '{"dependencies": {"vue": "^2.7.0", "axios": "^1.6.0", "vue-axios": "^3.5.0"}}',
        "web/src/main.js": """
            import Vue from 'vue';
            import axios from 'axios';
            import VueAxios from 'vue-axios';
            import App from './App.vue';
            const http = axios.create({ baseURL: '/api' });
            Vue.use(VueAxios, http);
            new Vue({ render: (h) => h(App) }).$mount('#app');
        """,
        "web/src/App.vue": """
            <template><div /></template>
            <script>
            export default {
              async mounted() {
                await this.$http.get('/users');
                await this.axios.get('/userz');
              },
            };
            </script>
        """,
        "admin/package.json": '{"dependencies": {"vue": "^3.4.0", "axios": "^1.6.0", "vue-axios": "^3.5.0"}}',
        "admin/src/main.js": """
            import { createApp } from 'vue';
            import axios from 'axios';
            import VueAxios from 'vue-axios';
            import App from './App.vue';
            const api = axios.create({ baseURL: '/v2' });
            createApp(App).use(VueAxios, { $api: api }).mount('#app');
        """,
        "admin/src/App.vue": """
            <script>
            export default { mounted() { this.$api.get('/reports'); } };
            </script>
        """,
    })
    a = index.analysis()
    assert sorted((c.path, c.resolved) for c in a.calls) == [
        ("/api/users", True), ("/api/userz", True), ("/v2/reports", True)]
    assert [f.message for f in a.findings] == ["No route serves GET /api/userz"]
