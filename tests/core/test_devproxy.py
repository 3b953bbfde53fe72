"""Dev-server proxies (vite.config, vue.config): a same-origin call is linked at the path
the proxy forwards it to."""

from __future__ import annotations

from routelink import devproxy
from tests.conftest import build_index


def test_a_vite_proxy_rewrite_gives_the_path_the_backend_receives():
    # chatgpt-web-style: the axios base is /api, the dev server strips it
    index = build_index({
        "package.json": "{}",
        "vite.config.ts": """
            import { defineConfig, loadEnv } from 'vite'
            export default defineConfig((env) => {
              const viteEnv = loadEnv(env.mode, process.cwd())
              return {
                server: {
                  port: 1002,
                  proxy: {
                    '/api': {
                      target: viteEnv.VITE_APP_API_BASE_URL,
                      changeOrigin: true,
                      rewrite: path => path.replace('/api/', '/'),
                    },
                    '/uploads': { target: viteEnv.VITE_APP_API_BASE_URL, changeOrigin: true },
                  },
                },
              }
            })
        """,
        "src/utils/request.ts": """
            import axios from 'axios'
            const service = axios.create({ baseURL: '/api' })
            export const fetchConfig = () => service.post('/config')
            export const fetchImage = (name) => fetch(`/uploads/${name}`)
            export const fetchOther = () => fetch('http://localhost:3002/api/health')
        """,
        "service/src/index.ts": """
            import express from 'express'
            const app = express()
            const router = express.Router()
            router.post('/config', config)
            router.get('/uploads/:name', image)
            router.get('/api/health', health)
            app.use('', router)
            app.listen(3002)
        """,
    })
    a = index.analysis()
    # the proxied call reaches /config; a prefix without a rewrite keeps its path; an
    # absolute URL does not go through the dev server
    assert sorted((c.method, c.path) for c in a.calls) == [
        ("GET", "/api/health"), ("GET", "/uploads/{}"), ("POST", "/config")]
    assert all(m.routes for m in a.matches)


def test_a_vue_cli_path_rewrite_and_a_regex_key():
    index = build_index({
        "web/package.json": "{}",
        "web/vue.config.js": """
            module.exports = {
              devServer: {
                proxy: {
                  '^/backend': { target: 'http://localhost:8000', pathRewrite: { '^/backend': '' } },
                },
              },
            }
        """,
        "web/src/api.js": """
            import axios from 'axios'
            export const users = () => axios.get('/backend/users')
            export const other = () => axios.get('/api/backend/users')
        """,
    })
    assert sorted(c.path for c in index.analysis().calls) == ["/api/backend/users", "/users"]


def test_rewrite_rules():
    rules = [("^/api", [(r"^\/api", True, "")]), ("/files", [])]
    assert devproxy.rewrite("/api/users/{}", rules) == "/users/{}"
    assert devproxy.rewrite("/api", rules) == "/"
    assert devproxy.rewrite("/files/a.txt", rules) == "/files/a.txt"
    assert devproxy.rewrite("/other/api", rules) == "/other/api"
    # a regular expression routelink does not read is no rewrite
    assert devproxy.rewrite("/x/1", [("/x", [("(a+)+$", True, "")])]) == "/x/1"
