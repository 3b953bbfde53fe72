"""umi-request and UmiJS's request: calls, extend({ prefix }), the runtime config's
baseURL in src/app.tsx, and UmiJS's config/proxy.ts as the dev proxy."""

from __future__ import annotations

from tests.conftest import build_index, calls_of


def test_umi_request_calls_members_and_extend_prefix():
    assert calls_of({"web/src/utils/request.ts": """
        import request, { extend } from 'umi-request';
        const api = extend({ prefix: '/api/v1', timeout: 3000 });
        export const list = (params) => request.get('/api/users', { params });
        export const create = (data) => request.post('/api/users', { data });
        export const remove = (id) => request(`/api/users/${id}`, { method: 'DELETE' });
        export const me = () => request('/api/me');
        export const stats = () => api.get('/stats');
        export const other = () => request('/x', { prefix: '/api/v2' });
    """}) == [
        ("DELETE", "/api/users/{}", "umi-request", True),
        ("GET", "/api/me", "umi-request", True),
        ("GET", "/api/users", "umi-request", True),
        ("GET", "/api/v1/stats", "umi-request", True),
        ("GET", "/api/v2/x", "umi-request", True),
        ("POST", "/api/users", "umi-request", True),
    ]


UMI_APP = {
    "web/package.json": '{"name": "web", "dependencies": {"@umijs/max": "^4.3.0", "react": "18"}}',
    "web/src/app.tsx": """
        import type { RequestConfig } from '@umijs/max';
        export async function getInitialState() { return {}; }
        export const request: RequestConfig = {
          baseURL: '/dev-api',
          timeout: 10000,
          requestInterceptors: [],
        };
    """,
    "web/src/services/auth.ts": """
        import { request } from '@umijs/max';
        export async function login(data: API.LoginParams) {
          return request<API.Result>('/auth/login', { method: 'POST', data });
        }
        export async function getUserInfo() {
          return request('/auth/getInfo', { method: 'GET' });
        }
        export async function logout() {
          return request.post('/auth/logout');
        }
    """,
}


def test_umijs_request_takes_the_runtime_config_base_url():
    assert calls_of(UMI_APP) == [
        ("GET", "/dev-api/auth/getInfo", "umijs", True),
        ("POST", "/dev-api/auth/login", "umijs", True),
        ("POST", "/dev-api/auth/logout", "umijs", True),
    ]


def test_umijs_proxy_config_rewrites_to_the_nest_backend():
    index = build_index({**UMI_APP, "web/config/proxy.ts": """
        export default {
          dev: {
            '/dev-api/': { target: 'http://127.0.0.1:3123', changeOrigin: true, pathRewrite: { '^/dev-api': '' } },
          },
          test: { '/api/': { target: 'https://test.example.com', changeOrigin: true } },
        };
    """, "api/package.json": '{"name": "api", "dependencies": {"express": "^4.19.0"}}',
        "api/index.js": """
        const express = require('express');
        const app = express();
        app.post('/auth/login', (req, res) => res.end());
        app.get('/auth/getInfo', (req, res) => res.end());
        app.listen(3123);
    """})
    a = index.analysis()
    linked = sorted((c.method, c.path, [a.routes[i].path for i in m.routes]) for c, m in zip(a.calls, a.matches))
    assert linked == [
        ("GET", "/auth/getInfo", ["/auth/getInfo"]),
        ("POST", "/auth/login", ["/auth/login"]),
        ("POST", "/auth/logout", []),
    ]


def test_a_runtime_config_whose_interceptors_make_the_url_leaves_calls_unchecked():
    # vivy-nest-admin: `config.url = `${BASE_URL}${config.url}`` in requestInterceptors
    a = build_index({
        "server/src/main.ts": """
            import { NestFactory } from '@nestjs/core';
            import { AppModule } from './app.module';
            async function bootstrap() {
              const app = await NestFactory.create(AppModule);
              await app.listen(9200);
            }
            bootstrap();
        """,
        "server/src/app.module.ts": """
            import { Module } from '@nestjs/common';
            import { LoginController } from './login.controller';
            @Module({ controllers: [LoginController] })
            export class AppModule {}
        """,
        "server/src/login.controller.ts": """
            import { Controller, Post } from '@nestjs/common';
            @Controller('auth')
            export class LoginController {
              @Post('login')
              login() { return {}; }
            }
        """,
        "web/package.json": '{"name": "web", "dependencies": {"@umijs/max": "^4.3.0", "react": "18"}}',
        "web/src/app.tsx": """
            import type { RequestConfig } from '@umijs/max';
            const BASE_URL = process.env.BASE_URL;
            export const request: RequestConfig = {
              timeout: 60000,
              requestInterceptors: [
                [(config: any) => {
                  config.url = `${BASE_URL}${config.url}`;
                  return config;
                }],
              ],
            };
        """,
        "web/src/apis/auth.ts": """
            import { request } from '@umijs/max';
            export function login(data) {
              return request('/auth/login', { method: 'POST', data });
            }
        """,
    }).analysis()
    assert [(c.method, c.resolved) for c in a.calls] == [("POST", False)]
    [hint] = [f.message for f in a.findings if f.code == "unresolved-call"]
    assert "request interceptors of src/app.tsx" in hint
    assert not [f for f in a.findings if f.code == "unmatched-call"]
