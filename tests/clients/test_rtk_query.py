"""RTK Query: createApi / injectEndpoints endpoints whose query returns the URL, base URLs
from fetchBaseQuery (env, constants, custom baseQuery wrappers)."""

from __future__ import annotations

from tests.conftest import build_index

API = """
    import { createApi, fetchBaseQuery } from '@reduxjs/toolkit/query/react';
    import type { BaseQueryFn, FetchArgs, FetchBaseQueryError } from '@reduxjs/toolkit/query';
    import { logout, setCredentials } from '../features/auth/authSlice';

    const baseQuery = fetchBaseQuery({
      baseUrl: import.meta.env.VITE_API_URL ?? '/api',
      credentials: 'include',
      prepareHeaders: (headers, { getState }) => {
        const token = (getState() as RootState).auth.token;
        if (token) headers.set('authorization', `Bearer ${token}`);
        return headers;
      },
    });

    const baseQueryWithReauth: BaseQueryFn<string | FetchArgs, unknown, FetchBaseQueryError> = async (
      args, api, extraOptions,
    ) => {
      let result = await baseQuery(args, api, extraOptions);
      if (result.error && result.error.status === 401) {
        const refreshResult = await baseQuery({ url: '/auth/refresh', method: 'POST' }, api, extraOptions);
        if (refreshResult.data) {
          api.dispatch(setCredentials(refreshResult.data));
          result = await baseQuery(args, api, extraOptions);
        } else {
          api.dispatch(logout());
        }
      }
      return result;
    };

    export const apiSlice = createApi({
      reducerPath: 'api',
      baseQuery: baseQueryWithReauth,
      tagTypes: ['Post', 'User'],
      endpoints: (builder) => ({
        getPosts: builder.query<Post[], void>({
          query: () => '/posts',
          providesTags: ['Post'],
        }),
        getPost: builder.query<Post, string>({ query: (id) => `/posts/${id}` }),
        addPost: builder.mutation<Post, Partial<Post>>({
          query: (body) => ({
            url: '/posts',
            method: 'POST',
            body,
          }),
          invalidatesTags: ['Post'],
        }),
        editPost: builder.mutation<Post, Partial<Post> & Pick<Post, 'id'>>({
          query: ({ id, ...patch }) => ({ url: `/posts/${id}`, method: 'PATCH', body: patch }),
        }),
        searchPosts: builder.query<Post[], string>({
          query(term) {
            return { url: '/posts/search', params: { q: term } };
          },
        }),
        getStats: builder.query<Stats, void>({
          async queryFn() {
            return { data: await computeStats() };
          },
        }),
      }),
    });

    export const { useGetPostsQuery, useGetPostQuery, useAddPostMutation } = apiSlice;
"""

USERS = """
    import { apiSlice } from '../../app/api';

    export const usersApiSlice = apiSlice.injectEndpoints({
      endpoints: (builder) => ({
        getUsers: builder.query<User[], void>({ query: () => 'users' }),
        deleteUser: builder.mutation<void, string>({
          query: (id) => ({ url: `users/${id}`, method: 'DELETE' }),
        }),
      }),
      overrideExisting: false,
    });

    export const { useGetUsersQuery, useDeleteUserMutation } = usersApiSlice;
"""

COMPONENT = """
    import { useGetPostsQuery, useAddPostMutation } from '../../app/api';
    import { useGetUsersQuery } from '../users/usersApiSlice';

    export function PostsList() {
      const { data: posts } = useGetPostsQuery();
      const { data: users } = useGetUsersQuery();
      const [addPost] = useAddPostMutation();
      return null;
    }
"""


def calls(files):
    a = build_index(files).analysis()
    return sorted((c.method or "ANY", c.path, c.client, c.file.rsplit("/", 1)[-1], c.span.line + 1)
                  for c in a.calls)


def test_endpoints_of_create_api_and_inject_endpoints_through_a_reauth_base_query():
    assert calls({"web/src/app/api.ts": API, "web/src/features/users/usersApiSlice.ts": USERS,
                  "web/src/features/posts/PostsList.tsx": COMPONENT}) == [
        ("DELETE", "/api/users/{}", "rtk-query", "usersApiSlice.ts", 8),
        ("GET", "/api/posts", "rtk-query", "api.ts", 38),
        ("GET", "/api/posts/search", "rtk-query", "api.ts", 55),
        ("GET", "/api/posts/{}", "rtk-query", "api.ts", 41),
        ("GET", "/api/users", "rtk-query", "usersApiSlice.ts", 6),
        ("PATCH", "/api/posts/{}", "rtk-query", "api.ts", 51),  # where the URL is written
        ("POST", "/api/auth/refresh", "rtk-query", "api.ts", 21),  # the reauth's own request
        ("POST", "/api/posts", "rtk-query", "api.ts", 44),
    ]


def test_base_url_from_a_constant_retry_and_a_method_in_the_query_object():
    assert calls({"src/config.ts": "export const API_BASE_URL = 'http://localhost:8000/api/v1';",
                  "src/store/api.js": """
        import { createApi, fetchBaseQuery, retry } from '@reduxjs/toolkit/query/react';
        import { API_BASE_URL } from '../config';

        const staggeredBaseQuery = retry(fetchBaseQuery({ baseUrl: `${API_BASE_URL}/` }), { maxRetries: 5 });

        export const api = createApi({
          baseQuery: staggeredBaseQuery,
          endpoints: (build) => ({
            login: build.mutation({ query: (credentials) => ({ url: 'auth/login', method: 'post', body: credentials }) }),
            me: build.query({ query: () => 'auth/me' }),
            legacy: build.mutation({ query: (id) => `items/${id}/archive` }),
          }),
        });
    """}) == [
        ("GET", "/api/v1/auth/me", "rtk-query", "api.js", 11),
        ("GET", "/api/v1/items/{}/archive", "rtk-query", "api.js", 12),  # fetchBaseQuery's default
        ("POST", "/api/v1/auth/login", "rtk-query", "api.js", 10),
    ]


def test_a_base_query_called_directly_is_a_request():
    assert calls({"src/api/base.ts": """
        import { fetchBaseQuery } from '@reduxjs/toolkit/query';
        const rawBaseQuery = fetchBaseQuery({ baseUrl: '/api' });
        export async function ping(api, extraOptions) {
          return rawBaseQuery({ url: 'health', method: 'HEAD' }, api, extraOptions);
        }
        export const refresh = (api, extra) => rawBaseQuery('/auth/refresh', api, extra);
    """}) == [("GET", "/api/auth/refresh", "rtk-query", "base.ts", 7),
              ("HEAD", "/api/health", "rtk-query", "base.ts", 5)]


def test_endpoints_link_to_express_routes_and_a_wrong_method_is_reported():
    index = build_index({
        "server/src/app.js": """
            const express = require('express');
            const app = express();
            const posts = express.Router();
            posts.get('/', list);
            posts.get('/search', search);
            posts.get('/:id', show);
            posts.post('/', create);
            posts.patch('/:id', update);
            app.use('/api/posts', posts);
            app.post('/api/auth/refresh', refresh);
        """,
        "web/src/app/api.ts": API,
    })
    a = index.analysis()
    linked = {(c.method, c.path): sorted(a.routes[i].path for i in m.routes) for c, m in zip(a.calls, a.matches)}
    assert linked[("GET", "/api/posts")] == ["/api/posts"]
    assert linked[("POST", "/api/posts")] == ["/api/posts"]
    assert linked[("PATCH", "/api/posts/{}")] == ["/api/posts/{id}"]
    assert linked[("GET", "/api/posts/search")] == ["/api/posts/search"]
    assert not [f for f in a.findings if f.code in ("unmatched-call", "method-mismatch")]
    # the POST mutation written as PUT: a method mismatch at the endpoint
    wrong = build_index({
        "server/src/app.js": "const app = require('express')();\napp.post('/api/posts', create);\n",
        "web/src/app/api.ts": """
            import { createApi, fetchBaseQuery } from '@reduxjs/toolkit/query/react';
            export const api = createApi({
              baseQuery: fetchBaseQuery({ baseUrl: '/api' }),
              endpoints: (build) => ({
                addPost: build.mutation({ query: (body) => ({ url: 'posts', method: 'PUT', body }) }),
              }),
            });
        """,
    }).analysis()
    assert sorted((f.code, f.file.rsplit("/", 1)[-1], f.span.line + 1) for f in wrong.findings) == [
        ("method-mismatch", "api.ts", 6), ("unused-route", "app.js", 2)]


def test_generated_hooks_and_initiate_are_not_calls():
    assert calls({"web/src/app/api.ts": API, "web/src/main.tsx": """
        import { store } from './store';
        import { apiSlice } from './app/api';
        store.dispatch(apiSlice.endpoints.getPosts.initiate());
        apiSlice.util.resetApiState();
    """, "web/src/features/posts/PostsList.tsx": COMPONENT}) == calls({"web/src/app/api.ts": API})


def test_base_query_calls_in_a_query_fn_are_requests_of_the_api():
    index = build_index({
        "server/app.js": """
            const app = require('express')();
            app.post('/api/photos/download', download);
            app.get('/api/photos/download', status);
            app.get('/api/photos/recent', recent);
            app.listen(8000);
        """,
        "web/src/api/api.ts": """
            import { createApi, fetchBaseQuery } from '@reduxjs/toolkit/query/react';
            export const api = createApi({
              baseQuery: fetchBaseQuery({ baseUrl: '/api/' }),
              endpoints: (build) => ({
                recent: build.query<Photo[], void>({ query: () => 'photos/recent' }),
                zip: build.mutation<void, string>({
                  async queryFn(name, _api, _extraOptions, fetchWithBQ) {
                    const res = await fetchWithBQ({ url: `photos/zip/${name}`, method: 'DELETE' });
                    return res.error ? { error: res.error } : { data: undefined };
                  },
                }),
              }),
            });
        """,
        "web/src/api/download.ts": """
            import { api } from './api';

            async function startDownload(baseQuery: BaseQuery<Job>, image_hashes: string[]) {
              return (await baseQuery({ url: 'photos/download', method: 'POST', body: { image_hashes } })).data!;
            }
            const checkStatus = async (baseQuery: BaseQuery<Status>, jobId: string) =>
              (await baseQuery(`photos/download?job_id=${jobId}`)).data!;

            export const downloadApi = api.injectEndpoints({
              endpoints: (build) => ({
                downloadPhotos: build.query<void, { image_hashes: string[] }>({
                  queryFn: async ({ image_hashes }, baseQueryApi, _extraOptions, baseQuery) => {
                    const { job_id } = await startDownload(baseQuery as BaseQuery<Job>, image_hashes);
                    const timer = setInterval(async () => {
                      const { status } = await checkStatus(baseQuery, job_id);
                      if (status === 'SUCCESS') {
                        clearInterval(timer);
                        await baseQuery({ url: `/delete/zip/${job_id}`, method: 'DELETE' });
                      }
                    }, 3000);
                    return { data: undefined };
                  },
                }),
                stats: build.query<Stats, void>({
                  async queryFn() {
                    return { data: await computeStats() };
                  },
                }),
              }),
            });
        """,
    })
    a = index.analysis()
    assert sorted((c.method, c.path, c.file.rsplit("/", 1)[-1], c.span.line + 1) for c in a.calls) == [
        ("DELETE", "/api/delete/zip/{}", "download.ts", 19),  # in a callback of the queryFn
        ("DELETE", "/api/photos/zip/{}", "api.ts", 9),
        ("GET", "/api/photos/download", "download.ts", 8),  # through a helper function
        ("GET", "/api/photos/recent", "api.ts", 6),
        ("POST", "/api/photos/download", "download.ts", 5),
    ]
    assert sorted((f.code, f.message) for f in a.findings) == [
        ("unmatched-call", "No route serves DELETE /api/delete/zip/{}"),
        ("unmatched-call", "No route serves DELETE /api/photos/zip/{}"),
    ]
