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


def test_a_wrapper_whose_parameter_is_destructured():
    # idurar-style request module: methods of an object take one options object
    index = build_index({
        "api/app.js": """
            const express = require('express');
            const app = express();
            const router = express.Router();
            router.route('/forgetpassword').post((req, res) => res.json({}));
            router.route('/:entity/create').post((req, res) => res.json({}));
            app.use('/api', router);
        """,
        "web/src/request/request.js": """
            import axios from 'axios';
            axios.defaults.baseURL = 'http://localhost:8888/api/';
            const request = {
              create: async ({ entity, jsonData }) => {
                const response = await axios.post(entity + '/create', jsonData);
                return response.data;
              },
              post: async ({ entity, jsonData }) => (await axios.post(entity, jsonData)).data,
              get: async ({ entity }) => (await axios.get(entity)).data,
            };
            export default request;
        """,
        "web/src/pages/ForgetPassword.jsx": """
            import request from '../request/request';
            export default function ForgetPassword() {
              const onFinish = (values) =>
                request.post({ entity: 'forgetpassword', jsonData: values });
              const addClient = (values) =>
                request.create({ jsonData: values, entity: 'client' });
              return <form onSubmit={onFinish} />;
            }
        """,
    })
    a = index.analysis()
    calls = sorted((c.method, c.path, c.raw, c.resolved) for c in a.calls)
    assert calls == [
        ("GET", "/api/{}", "entity", False),
        # the callers' literals, reported where the URL is written in the call
        ("POST", "/api/client/create", "'client'", True),
        ("POST", "/api/forgetpassword", "'forgetpassword'", True),
    ]
    [post] = [c for c in a.calls if c.path == "/api/forgetpassword"]
    assert (post.url_span.line, post.url_span.column) == (4, 27)
    # the method nothing calls names the member its URL comes from
    assert [f.message for f in a.findings if f.code == "unresolved-call"] == [
        "The URL `entity` could not be resolved statically: it comes from parameter "
        "'{ entity }' of request.get(), which no indexed code calls, so this GET call was "
        "not checked"]


def test_a_wrapper_that_picks_the_method_by_a_parameter():
    # chatgpt-web-style: get()/post() default the method, http() branches on it
    assert calls_of({
        "src/utils/request/index.ts": """
            import axios from 'axios'
            const request = axios.create({ baseURL: '/api' })
            function http({ url, data, method }) {
              method = method || 'GET'
              return method === 'GET'
                ? request.get(url, { params: data })
                : request.post(url, data)
            }
            export function get({ url, data, method = 'GET' }) {
              return http({ url, method, data })
            }
            export function post({ url, data, method = 'POST' }) {
              return http({ url, method, data })
            }
        """,
        "src/api/index.ts": """
            import { get, post } from '../utils/request'
            export function fetchChatConfig() {
              return post({ url: '/config' })
            }
            export function fetchUsers(page, size) {
              return get({ url: '/users', data: { page, size } })
            }
            export function fetchKeys() {
              return post({ url: '/setting-keys', method: 'GET' })
            }
        """,
    }) == [
        ("GET", "/api/setting-keys", "axios", True),
        ("GET", "/api/users", "axios", True),
        ("POST", "/api/config", "axios", True),
    ]


def test_a_call_through_a_wrapper_reports_the_argument_its_url_comes_from():
    # async-labs/saas-style: the URL is the wrapper's second parameter
    index = build_index({
        "app/lib/api/sendRequestAndGetResponse.ts": """
            export default async function sendRequestAndGetResponse(path, opts: any = {}) {
              const response = await fetch(
                `${process.env.NEXT_PUBLIC_URL_API}${path}`,
                Object.assign({ method: 'POST', credentials: 'include' }, opts, { headers: {} }),
              );
              return response.json();
            }
        """,
        "app/lib/api/team-member.ts": """
            import sendRequestAndGetResponse from './sendRequestAndGetResponse';
            export const uploadFileUsingSignedPutRequestApiMethod = (file, signedRequest, headers = {}) =>
              sendRequestAndGetResponse(signedRequest, {
                externalServer: true,
                method: 'PUT',
                body: file,
                headers,
              });
        """,
        "app/components/PostEditor.tsx": """
            import { uploadFileUsingSignedPutRequestApiMethod, getSignedRequest } from '../lib/api/team-member';
            export async function upload(resizedFile) {
              const responseFromApiServerForUpload = await getSignedRequest(resizedFile.name);
              await uploadFileUsingSignedPutRequestApiMethod(
                resizedFile,
                responseFromApiServerForUpload.signedRequest,
                { 'Cache-Control': 'max-age=2592000' },
              );
              await uploadFileUsingSignedPutRequestApiMethod(resizedFile, '/api/v1/uploads');
            }
        """,
    })
    a = index.analysis()
    got = sorted((c.method, c.path, c.raw, c.url_span.line, c.url_span.column) for c in a.calls)
    assert got == [
        ("PUT", "/api/v1/uploads", "'/api/v1/uploads'", 9, 62),
        ("PUT", "/{*}", "responseFromApiServerForUpload.signedRequest", 6, 4),
    ]
    assert [(f.code, f.span.line, f.span.column) for f in a.findings] == [("unresolved-call", 6, 4)]


def test_only_the_member_the_url_starts_with_is_of_unknown_extent():
    # idurar-style: a thunk action passes { entity, id } on to the request module
    assert calls_of({
        "web/src/request.js": """
            import axios from 'axios';
            const api = axios.create({ baseURL: '/api/' });
            export const request = {
              read: async ({ entity, id }) => (await api.get(entity + '/read/' + id)).data,
            };
        """,
        "web/src/actions.js": """
            import { request } from './request';
            export const erp = {
              read: ({ entity, id }) => async (dispatch) => {
                const data = await request.read({ entity, id });
                dispatch({ type: 'READ', payload: data });
              },
            };
        """,
        "web/src/InvoiceRead.jsx": """
            import { useParams } from 'react-router-dom';
            import { erp } from './actions';
            export default function InvoiceRead({ dispatch }) {
              const { id } = useParams();
              dispatch(erp.read({ entity: 'invoice', id }));
              return <div />;
            }
        """,
    }) == [("GET", "/api/invoice/read/{}", "axios", True)]


UMI_REQUEST_APP = """
    const express = require('express')
    const app = express()
    app.post('/api/auth/login', (req, res) => res.json({}))
    app.get('/api/auth/captcha', (req, res) => res.json({}))
    app.listen(3001)
"""


def test_wrapper_init_through_an_object_rest_element():
    # vue3-antdv-admin-style request wrapper: custom options destructured off the config
    index = build_index({
        "server/src/app.js": UMI_REQUEST_APP,
        "web/src/utils/request.ts": """
            import axios, { type AxiosRequestConfig } from 'axios'
            interface RequestOptions extends AxiosRequestConfig { isReturnResult?: boolean; isShowErrorMsg?: boolean }
            const service = axios.create({ baseURL: '/api', timeout: 10000 })
            export async function request<T = any>(url: string, config: RequestOptions = {}): Promise<T> {
              const { isReturnResult = true, isShowErrorMsg = true, ...rest } = config
              const response = await service.request({ url, ...rest })
              return isReturnResult ? response.data.data : response.data
            }
        """,
        "web/src/api/auth.ts": """
            import { request } from '@/utils/request'
            export const login = (data: API.LoginParams) => request('/auth/login', { method: 'POST', data })
            export const captcha = () => request('/auth/captcha', { isShowErrorMsg: false })
        """,
        "web/tsconfig.json": '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"] } } }',
    })
    a = index.analysis()
    assert sorted((c.method, c.path) for c in a.calls) == [
        ("GET", "/api/auth/captcha"), ("POST", "/api/auth/login")]
    assert [f.code for f in a.findings] == []


def test_wrapper_with_an_overloaded_first_argument():
    # umi/openapi-generated `request(url | config, config?)`
    index = build_index({
        "server/src/app.js": UMI_REQUEST_APP,
        "web/src/utils/request.ts": """
            import axios, { type AxiosRequestConfig } from 'axios'
            const service = axios.create({ baseURL: '/api' })
            export async function request(_url: string | AxiosRequestConfig, _config: AxiosRequestConfig = {}) {
              const url = typeof _url === 'string' ? _url : _url.url
              const config = typeof _url === 'string' ? _config : _url
              const response = await service.request({ url, ...config })
              return response.data
            }
        """,
        "web/src/api/auth.ts": """
            import { request } from '../utils/request'
            export async function login(body: API.LoginParams, options?: { [key: string]: any }) {
              return request('/auth/login', { method: 'POST', data: body, ...(options || {}) })
            }
            export async function captcha() {
              return request({ url: '/auth/captcha', method: 'GET' })
            }
        """,
    })
    a = index.analysis()
    assert sorted((c.method, c.path) for c in a.calls) == [
        ("GET", "/api/auth/captcha"), ("POST", "/api/auth/login")]
    assert [f.code for f in a.findings] == []


def test_a_prop_passed_on_through_several_components_keeps_its_value():
    # idurar: Page -> Module -> Item -> request.create({ entity }), the config passed on
    files = {
        "api/server.js": """
            const express = require('express');
            const app = express();
            app.post('/api/invoice/create', create);
            app.patch('/api/settings/updateManySetting', updateMany);
            app.listen(8888);
        """,
        "web/src/request/request.js": """
            import axios from 'axios';
            axios.defaults.baseURL = 'http://localhost:8888/api/';
            const request = {
              create: ({ entity, jsonData }) => axios.post(entity + '/create', jsonData),
              patch: ({ entity, jsonData }) => axios.patch(entity, jsonData),
            };
            export default request;
        """,
        "web/src/modules/CreateItem.jsx": """
            import request from '@/request/request';
            export default function CreateItem({ config }) {
              const { entity } = config;
              return <form onSubmit={(v) => request.create({ entity, jsonData: v })} />;
            }
        """,
        "web/src/modules/CreateModule.jsx": """
            import CreateItem from './CreateItem';
            export default function CreateModule({ config }) {
              return <Layout><CreateItem config={config} /></Layout>;
            }
        """,
        "web/src/modules/InvoiceModule.jsx": """
            import CreateModule from './CreateModule';
            export default function InvoiceModule({ config }) {
              return <CreateModule config={config} />;
            }
        """,
        "web/src/pages/Invoice.jsx": """
            import InvoiceModule from '@/modules/InvoiceModule';
            export default function Invoice() {
              const config = { entity: 'invoice' };
              return <InvoiceModule config={config} />;
            }
        """,
        "web/src/modules/SettingsForm.jsx": """
            import request from '@/request/request';
            export default function SettingsForm({ config }) {
              const { entity } = config;
              return <form onSubmit={(v) => request.patch({ entity: entity + '/updateManySetting', jsonData: v })} />;
            }
        """,
        "web/src/modules/SettingsModule.jsx": """
            import SettingsForm from './SettingsForm';
            export default function SettingsModule({ config }) {
              return <div><SettingsForm config={config} /></div>;
            }
        """,
        "web/src/pages/Settings.jsx": """
            import SettingsModule from '@/modules/SettingsModule';
            import { useEntityConfig } from 'crud-kit';
            export default function Settings() {
              return <>
                <SettingsModule config={{ entity: 'setting' }} />
                <SettingsModule config={useEntityConfig()} />
              </>;
            }
        """,
        "web/jsconfig.json": '{"compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["src/*"]}}}',
    }
    a = build_index(files).analysis()
    assert sorted((c.method, c.path, c.resolved) for c in a.calls) == [
        ("PATCH", "/api/setting/updateManySetting", True),
        ("PATCH", "/api/{*}/updateManySetting", False),
        ("POST", "/api/invoice/create", True),
    ]
    # the typo (`setting` for `settings`) is found three components up
    assert sorted(f.code for f in a.findings if f.code != "unused-route") == [
        "unmatched-call", "unresolved-call"]
    [hint] = [f.message for f in a.findings if f.code == "unresolved-call"]
    assert "prop 'config' of <SettingsModule>" in hint


def test_wrappers_a_composable_returns_are_followed_to_where_they_are_called():
    # Vue 3 composable / React hook: `const { get, del } = useApi(); get('/api/voices')`
    files = {
        "server/src/index.ts": """
            import { Hono } from 'hono';
            const app = new Hono();
            app.get('/api/voices', (c) => c.json([]));
            app.post('/api/voices', (c) => c.json({}));
            app.delete('/api/voices/:id', (c) => c.json({}));
            app.get('/api/podcasts/:id', (c) => c.json({}));
            export default app;
        """,
        "web/src/composables/useApi.ts": """
            export function useApi() {
              async function get<T>(path: string): Promise<T> {
                const res = await fetch(path);
                if (!res.ok) throw new Error(`API error: ${res.status}`);
                return res.json() as Promise<T>;
              }
              const post = async (path: string, body: FormData) => {
                const res = await fetch(path, { method: 'POST', body });
                return res;
              };
              async function remove(path: string): Promise<void> {
                await fetch(path, { method: 'DELETE' });
              }
              function put(path: string, body: unknown) {
                return fetch(path, { method: 'PUT', body: JSON.stringify(body) });
              }
              return { get, post, del: remove, put };
            }
        """,
        "web/src/composables/useVoiceList.ts": """
            import { ref } from 'vue';
            import { useApi } from './useApi';
            export function useVoiceList() {
              const voices = ref([]);
              const { get, del } = useApi();
              async function fetchVoices() {
                voices.value = (await get('/api/voices')).voices;
              }
              async function deleteVoice(id: string) {
                await del(`/api/voices/${id}`);
              }
              return { voices, fetchVoices, deleteVoice };
            }
        """,
        "web/src/composables/usePodcast.ts": """
            import { useApi } from './useApi';
            export function usePodcast() {
              const api = useApi();
              const poll = (id: string) => api.get(`/api/podcast/${id}`);
              return { poll };
            }
        """,
        "web/src/components/VoiceRecorder.vue": """
            <script setup lang="ts">
            import { useApi } from '../composables/useApi';
            const { post } = useApi();
            async function upload(formData: FormData) {
              await post('/api/voices', formData);
            }
            </script>
            <template><button @click="upload">Save</button></template>
        """,
    }
    a = build_index(files).analysis()
    assert sorted((c.method, c.path, c.resolved) for c in a.calls) == [
        ("DELETE", "/api/voices/{}", True),
        ("GET", "/api/podcast/{}", True),
        ("GET", "/api/voices", True),
        ("POST", "/api/voices", True),
        ("PUT", "/{*}", False),
    ]
    # the typo (`podcast` for `podcasts`) is found where the composable's get is called
    assert sorted((f.code, f.file.rsplit("/", 1)[-1]) for f in a.findings) == [
        ("unmatched-call", "usePodcast.ts"),
        ("unresolved-call", "useApi.ts"),
        ("unused-route", "index.ts"),
    ]
    [hint] = [f.message for f in a.findings if f.code == "unresolved-call"]
    assert "parameter 'path' of useApi.put()" in hint


def test_a_query_string_added_only_when_given_leaves_the_path_known():
    # async-labs/saas-style fetch wrapper: `(opts.qs && `?${makeQueryString(opts.qs)}`) || ''`
    a = build_index({
        "api/server/api/public.ts": """
            import * as express from 'express';
            const router = express.Router();
            router.get('/get-user', getUser);
            router.post('/get-user-by-slug', getUserBySlug);
            export default router;
        """,
        "api/server/app.ts": """
            import * as express from 'express';
            import publicApi from './api/public';
            const server = express();
            server.use('/api/v1/public', publicApi);
            server.listen(8000);
        """,
        "app/lib/api/sendRequestAndGetResponse.ts": """
            import { makeQueryString } from './makeQueryString';
            export default async function sendRequestAndGetResponse(path, opts: any = {}) {
              const qs = (opts.qs && `?${makeQueryString(opts.qs)}`) || '';
              const response = await fetch(`${path}${qs}`,
                Object.assign({ method: 'POST', credentials: 'include' }, opts));
              return response.json();
            }
        """,
        "app/lib/api/public.ts": """
            import sendRequestAndGetResponse from './sendRequestAndGetResponse';
            const BASE_PATH = '/api/v1/public';
            export const getUserApiMethod = (request) =>
              sendRequestAndGetResponse(`${BASE_PATH}/get-user`, { request, method: 'GET' });
            export const getUserBySlugApiMethod = (slug) =>
              sendRequestAndGetResponse(`${BASE_PATH}/get-user-by-slug`, { body: JSON.stringify({ slug }) });
            export const searchApiMethod = (qs) =>
              sendRequestAndGetResponse(`${BASE_PATH}/search`, { method: 'GET', qs });
        """,
    }).analysis()
    assert sorted((c.method, c.path, c.resolved) for c in a.calls) == [
        ("GET", "/api/v1/public/get-user", True),
        ("GET", "/api/v1/public/search", True),
        ("POST", "/api/v1/public/get-user-by-slug", True),
    ]
    assert [f.message for f in a.findings] == ["No route serves GET /api/v1/public/search"]


def test_an_unknown_value_after_a_named_base_that_ends_a_segment_is_one_segment():
    # bradtraversy/mern-tutorial goalService: `API_URL = '/api/goals/'`, `API_URL + goalId`,
    # called from a createAsyncThunk callback whose id routelink cannot know
    a = build_index({
        "backend/server.js": """
            const express = require('express');
            const app = express();
            app.delete('/api/goals/:id', deleteGoal);
            app.listen(5000);
        """,
        "frontend/src/features/goals/goalService.js": """
            import axios from 'axios'
            const API_URL = '/api/goals/'
            const deleteGoal = async (goalId, token) => {
              const response = await axios.delete(API_URL + goalId, { headers: { Authorization: `Bearer ${token}` } })
              return response.data
            }
            const goalService = { deleteGoal }
            export default goalService
        """,
        "frontend/src/features/goals/goalSlice.js": """
            import { createAsyncThunk } from '@reduxjs/toolkit'
            import goalService from './goalService'
            export const deleteGoal = createAsyncThunk('goals/delete', async (id, thunkAPI) => {
              return await goalService.deleteGoal(id, thunkAPI.getState().auth.user.token)
            })
        """,
    }).analysis()
    assert [(c.method, c.path, c.resolved, c.file.rsplit("/", 1)[-1]) for c in a.calls] == [
        ("DELETE", "/api/goals/{}", True, "goalSlice.js")]
    assert a.findings == []
