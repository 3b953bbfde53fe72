"""Client call extraction and URL resolution: fetch, axios, instances, wrappers, bases."""

from __future__ import annotations

from tests.conftest import build_index


def calls_of(files: dict[str, str]) -> list[tuple[str, str, str, bool]]:
    index = build_index(files)
    return sorted((c.method or "ANY", c.path, c.client, c.resolved) for c in index.analysis().calls)


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


def test_wrapper_function_and_api_client_class():
    assert calls_of({
        "src/lib/client.ts": """
            const API_BASE = import.meta.env.VITE_API_URL ?? 'http://localhost:8000';

            class ApiClient {
              constructor(private baseURL: string = API_BASE) {}

              private async request<T>(endpoint: string, options: RequestInit = {}): Promise<T> {
                const url = `${this.baseURL}${endpoint}`;
                const res = await fetch(url, { ...options, headers: { 'Content-Type': 'application/json' } });
                return res.json();
              }

              get<T>(path: string) { return this.request<T>(path); }
              post<T>(path: string, body: unknown) {
                return this.request<T>(path, { method: 'POST', body: JSON.stringify(body) });
              }
              delete(path: string) { return this.request(path, { method: 'DELETE' }); }
            }

            export const apiClient = new ApiClient();
        """,
        "src/pages/Items.tsx": """
            import { apiClient } from '../lib/client';
            export async function Items(itemId: string) {
              await apiClient.get('/items');
              await apiClient.post('/items', { name: 'x' });
              await apiClient.delete(`/items/${itemId}`);
            }
        """,
    }) == [
        ("DELETE", "/items/{}", "fetch", True),
        ("GET", "/items", "fetch", True),
        ("POST", "/items", "fetch", True),
    ]


def test_wrapper_method_from_name_and_options_argument():
    assert calls_of({
        "src/http.js": """
            export async function request(path, opts) {
              return fetch('/api' + path, opts).then((r) => r.json());
            }
            export const getJSON = (path) => request(path);
            export function postData(path, data) { return request(path, { method: 'POST', body: data }); }
        """,
        "src/app.js": """
            import { request, getJSON, postData } from './http';
            request('/a', { method: 'PUT' });
            getJSON('/b');
            postData('/c', {});
        """,
    }) == [
        ("GET", "/api/b", "fetch", True),
        ("POST", "/api/c", "fetch", True),
        ("PUT", "/api/a", "fetch", True),
    ]


def test_function_filling_a_hole_is_reported_where_written():
    index = build_index({
        "src/users.js": """
            import axios from 'axios';
            export function getUser(id) { return axios.get(`/api/users/${id}`); }
        """,
        "src/page.js": """
            import { getUser } from './users';
            getUser(1);
            getUser(2);
        """,
    })
    calls = index.analysis().calls
    assert [(c.file.rsplit("/", 1)[-1], c.path) for c in calls] == [("users.js", "/api/users/{}")]


def test_unresolved_url_is_a_hint_not_a_warning():
    index = build_index({"src/a.js": "export const go = (url) => fetch(url);\nfetch(window.location.href);\n"})
    a = index.analysis()
    assert [f.code for f in a.findings] == ["unresolved-call"]


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


def test_websocket_calls():
    assert calls_of({"src/ws.ts": """
        const WS_BASE = import.meta.env.VITE_WS_URL || 'ws://localhost:8000';
        export const chat = (room: string) => new WebSocket(`${WS_BASE}/ws/chat/${room}/`);
    """}) == [("WS", "/ws/chat/{}/", "websocket", True)]


def test_websocket_packages_and_unknown_methods():
    assert calls_of({"src/chat.js": """
        import { w3cwebsocket as W3CWebSocket } from 'websocket';
        import ReconnectingWebSocket from 'reconnecting-websocket';
        export const a = (id) => new W3CWebSocket(`ws://localhost:8000/ws/game/${id}/`);
        export const b = () => new ReconnectingWebSocket('ws://localhost:8000/ws/lobby/');
        export async function call({ url, data, method }) {
          return fetch('/api/moves', { method: method.toUpperCase(), body: data });
        }
    """}) == [
        ("ANY", "/api/moves", "fetch", True),
        ("WS", "/ws/game/{}/", "websocket", True),
        ("WS", "/ws/lobby/", "websocket", True),
    ]


def test_generated_openapi_client_request_calls():
    assert calls_of({
        "src/client/core/request.ts": """
            export const request = <T>(config: OpenAPIConfig, options: ApiRequestOptions): CancelablePromise<T> => {
              return new CancelablePromise(async (resolve, reject) => { /* axios inside */ });
            };
        """,
        "src/client/sdk.gen.ts": """
            import { request as __request } from './core/request';
            import { OpenAPI } from './core/OpenAPI';
            export class ItemsService {
              public static readItem(data: ItemsReadItemData) {
                return __request(OpenAPI, { method: 'GET', url: '/api/v1/items/{id}', path: { id: data.id } });
              }
              public static createItem(data: ItemsCreateItemData) {
                return __request(OpenAPI, { method: 'POST', url: '/api/v1/items/', body: data.requestBody });
              }
            }
        """,
    }) == [
        ("GET", "/api/v1/items/{}", "openapi", True),
        ("POST", "/api/v1/items/", "openapi", True),
    ]


def test_hey_api_generated_sdk_calls():
    assert calls_of({"src/client/sdk.gen.ts": """
        import { client } from './client.gen';
        export class UsersService {
          public static readUserMe(options?: Options<usersReadUserMeData>) {
            return (options?.client ?? client).get<usersReadUserMeResponses>({ url: '/api/v1/users/me', ...options });
          }
          public static deleteUser(options: Options<usersDeleteUserData>) {
            return (options.client ?? client).delete({ responseType: 'json', url: '/api/v1/users/{user_id}', ...options });
          }
        }
    """}) == [
        ("DELETE", "/api/v1/users/{}", "openapi", True),
        ("GET", "/api/v1/users/me", "openapi", True),
    ]


def test_a_parameter_after_base_and_slash_is_a_hole_unless_named_like_a_path():
    index = build_index({
        "client/src/api/index.js": """
            import axios from 'axios';
            const url = 'http://localhost:5000/posts';
            const API = 'http://localhost:5000/api';
            export const likePost = (id) => axios.patch(`${url}/${id}/likePost`);
            export const deletePost = (id) => axios.delete(`${url}/${id}`);
            export const get = (resource) => axios.get(`${API}/${resource}`);
        """,
        "client/src/components/Post.js": """
            import { likePost, deletePost, get } from '../api';
            export const Post = ({ post }) => [likePost(post._id), deletePost(post._id), get('tags')];
        """,
    })
    got = sorted((c.file.rsplit("/", 1)[-1], c.method, c.path, c.resolved) for c in index.analysis().calls)
    assert got == [
        ("Post.js", "GET", "/api/tags", True),                 # through the `get(resource)` wrapper
        ("index.js", "DELETE", "/posts/{}", True),             # reported where written
        ("index.js", "PATCH", "/posts/{}/likePost", True),
    ]
