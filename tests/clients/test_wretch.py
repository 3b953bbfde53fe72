"""wretch: instances with a base URL, ``.url()`` appends, verbs with their own URL
argument, chains ending in a verb, a module-level instance used from other files."""

from __future__ import annotations

from tests.conftest import build_index, calls_of


def test_base_instance_verbs_and_url_chains():
    assert calls_of({"web/src/api.ts": """
        import wretch from 'wretch';
        import QueryStringAddon from 'wretch/addons/queryString';
        export const api = wretch('http://localhost:3000/api')
          .addon(QueryStringAddon)
          .resolve((r) => r.json());
        export const login = (data) => api.post(data, '/login');
        export const logout = () => api.post(undefined, '/logout');
        export const tickets = (q) => api.query(q).get('/tickets');
        export const ticket = (id) => api.url(`/tickets/${id}`).get().json();
        export const assign = (id, body) => api.url(`/tickets/${id}`).url('/assignments').json(body).post();
        export const archive = (id) => api.put(undefined, `/channels/${id}/archive`);
        export const remove = (id) => api.delete(`/tickets/${id}`);
        export const probe = () => api.opts('/health');
        export const raw = () => wretch('/api/raw').get();
        export const plain = () => wretch().url('/api/plain').post({ a: 1 });
        const users = api.url('/users');
        export const me = () => users.get('/me');
    """}) == [
        ("DELETE", "/api/tickets/{}", "wretch", True),
        ("GET", "/api/raw", "wretch", True),
        ("GET", "/api/tickets", "wretch", True),
        ("GET", "/api/tickets/{}", "wretch", True),
        ("GET", "/api/users/me", "wretch", True),
        ("OPTIONS", "/api/health", "wretch", True),
        ("POST", "/api/login", "wretch", True),
        ("POST", "/api/logout", "wretch", True),
        ("POST", "/api/plain", "wretch", True),
        ("POST", "/api/tickets/{}/assignments", "wretch", True),
        ("PUT", "/api/channels/{}/archive", "wretch", True),
    ]


def test_instance_from_another_module_links_to_express_routes_and_wrappers():
    index = build_index({
        "api/index.js": """
            const express = require('express');
            const app = express();
            const router = express.Router();
            router.post('/login', login);
            router.get('/tickets', listTickets);
            router.get('/tickets/:id', showTicket);
            router.delete('/tickets/:ticketId/assignments/:id', unassign);
            app.use('/api', router);
            app.listen(8000);
        """,
        "web/.env": "VITE_API_URL=http://localhost:8000\n",
        "web/src/libs/api.lib.ts": """
            import wretch from 'wretch';
            export const api = wretch(`${import.meta.env.VITE_API_URL}/api`).resolve((r) => r.json());
            export const getJson = (path: string) => api.url(path).get();
        """,
        "web/src/pages/login.tsx": """
            import { api, getJson } from '@/libs/api.lib';
            export function useLogin() {
              return async (data) => api.post(data, '/login');
            }
            export const useTicket = (id: string) => getJson(`/tickets/${id}`);
            export const unassign = (t: string, id: string) => api.delete(`/tickets/${t}/assignments/${id}`);
            export const stats = () => getJson('/stats');
        """,
        "web/tsconfig.json": '{"compilerOptions": {"paths": {"@/*": ["./src/*"]}}}',
    })
    a = index.analysis()
    linked = sorted((c.method, c.path, [a.routes[i].path for i in m.routes]) for c, m in zip(a.calls, a.matches))
    assert linked == [
        ("DELETE", "/api/tickets/{}/assignments/{}", ["/api/tickets/{ticketId}/assignments/{id}"]),
        ("GET", "/api/stats", []),
        ("GET", "/api/tickets/{}", ["/api/tickets/{id}"]),
        ("POST", "/api/login", ["/api/login"]),
    ]
