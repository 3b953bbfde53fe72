"""Value flow through wrapper functions and API-client classes (any client library)."""

from __future__ import annotations

from tests.conftest import build_index, calls_of


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


def test_a_parameter_used_only_in_the_query_string_does_not_make_a_wrapper():
    # the request is written here; `data` only fills the query string
    assert calls_of({"src/auth.ts": """
        import axios from 'axios';
        export const verifyEmail = async (data: { token: string }) =>
          axios.post(`/api/auth/verify-email?token=${data.token}`);
        export const search = (q) => fetch('/api/search?q=' + q);
    """}) == [("GET", "/api/search", "fetch", True), ("POST", "/api/auth/verify-email", "axios", True)]


def test_a_default_import_of_a_commonjs_module_is_its_exports():
    assert calls_of({
        "web/src/config.js": "exports.API_URL = 'http://localhost:3001/api';\n",
        "web/src/api.js": """
            import config from './config';
            export const users = () => fetch(`${config.API_URL}/users`);
        """,
    }) == [("GET", "/api/users", "fetch", True)]
