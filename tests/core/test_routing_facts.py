"""Only real routing facts count as routing: a frontend file that sends data with an
imported client or a client parameter (``api.post('/users', body)``) declares no router,
route or mount, so editing it never rebuilds the route graph; a file that does declare
routes on an imported router or a router parameter keeps them."""

from __future__ import annotations

import textwrap

from routelink.extract import extract_file
from tests.conftest import build_index


def routing(path: str, source: str):
    facts = extract_file(path, textwrap.dedent(source).encode())
    return facts.routers, facts.routes, facts.mounts


def test_data_sent_through_an_imported_client_is_no_route():
    routers, routes, mounts = routing("/ws/web/src/pages/Users.tsx", """
        import { api } from '../lib/api';
        import { http } from '../lib/http';
        const DEFAULTS = { role: 'user' };
        export function UsersPage({ id }: { id: string }) {
          const save = (body: unknown) => http.post('/users', body);
          const form = { name: 'x' };
          const create = () => api.post('/users', form);
          const update = () => api.put(`/users/${id}`, { ...form, id });
          const rename = (user) => api.patch(`/users/${id}`, user.name);
          const invite = () => api.post('/invites', DEFAULTS);
          const note = () => api.post('/notes', 'text');
          return <button onClick={() => { save({}); create(); update(); invite(); note(); }} />;
        }
        export const login = createAsyncThunk('user/login', async (user, { dispatch }) => {
          const res = await api.post(`/login`, user);
          return res.data;
        });
    """)
    assert (routers, routes, mounts) == ((), (), ())


def test_data_sent_through_a_client_parameter_is_no_router():
    routers, routes, mounts = routing("/ws/web/src/lib/users.js", """
        export function usersApi(client) {
          return { create: (body) => client.post('/users', body) };
        }
        export function save(client, payload) { return client.post('/save', { payload }); }
    """)
    assert (routers, routes, mounts) == ((), (), ())


def test_a_held_field_used_with_a_key_is_no_router():
    routers, routes, _ = routing("/ws/api/src/guards/rbac.guard.ts", """
        import { Reflector } from '@nestjs/core';
        import { ALLOW_ANON_KEY } from '../constants';
        export class RbacGuard {
          constructor(private reflector: Reflector) {}
          canActivate(context) {
            return this.reflector.get(ALLOW_ANON_KEY, context.getHandler());
          }
        }
    """)
    assert (routers, routes) == ((), ())


def test_routes_on_an_imported_router_and_a_router_parameter_are_kept():
    _, routes, _ = routing("/ws/api/src/routes/users.js", """
        import router from './router';
        import * as users from '../controllers/users';
        import { requireAuth } from '../middleware/auth';
        router.get('/users', users.list);
        router.post('/users', requireAuth, users.create);
        router.delete('/users/:id', async (req, res) => res.sendStatus(204));
    """)
    assert [(r.method, r.router) for r in routes] == [
        ("GET", "router"), ("POST", "router"), ("DELETE", "router")]
    routers, routes, _ = routing("/ws/api/src/routes/auth.js", """
        const passport = require('passport');
        module.exports = (app, handler) => {
          app.get('/auth/google', passport.authenticate('google'));
          app.post('/auth/hook', handler);
        };
    """)
    assert [r.method for r in routes] == ["GET", "POST"]
    assert len(routers) == 1


def test_the_index_still_links_through_an_imported_router():
    index = build_index({
        "api/package.json": '{"dependencies": {"express": "4"}}',
        "api/app.js": """
            const express = require('express');
            const router = require('./router');
            require('./users');
            const app = express();
            app.use('/api', router);
            app.listen(3000);
        """,
        "api/router.js": "const express = require('express');\nmodule.exports = express.Router();\n",
        "api/users.js": """
            const router = require('./router');
            const users = require('./controllers/users');
            router.get('/users', users.list);
        """,
        "web/package.json": '{"dependencies": {"react": "18"}}',
        "web/src/api.js": "import axios from 'axios';\nexport const api = axios.create({ baseURL: '/api' });\n",
        "web/src/Users.jsx": """
            import { api } from './api';
            export function Users() {
              const load = () => api.get('/users');
              const create = (body) => api.post('/users', body);
              return <button onClick={() => { load(); create({}); }} />;
            }
        """,
    })
    analysis = index.analysis()
    assert sorted((r.method, r.path) for r in analysis.routes) == [("GET", "/api/users")]
    web = "/ws/web/src/Users.jsx"
    assert not index.files[web].facts.routes
    assert sorted((c.method, c.path) for p, c, _ in index.iter_calls() if p == web) == [
        ("GET", "/api/users"), ("POST", "/api/users")]
