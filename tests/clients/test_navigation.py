"""Browser navigations: links, forms, location changes and redirects that reach the
backend are GET (or the form's method) calls of client ``navigation``; navigations to
pages of the frontend are not calls at all."""

from __future__ import annotations

from tests.conftest import build_index

#: an Express + Passport backend in the style of MERN OAuth tutorials
EXPRESS = """
    const express = require('express');
    const passport = require('passport');
    const app = express();
    const auth = express.Router();
    auth.get('/github', passport.authenticate('github', { scope: ['user:email'] }));
    auth.get('/github/callback', passport.authenticate('github'), (req, res) => res.redirect('/'));
    auth.get('/google', passport.authenticate('google', { scope: ['profile', 'email'] }));
    auth.get('/google/callback', passport.authenticate('google'), (req, res) => res.redirect('/'));
    auth.post('/logout', (req, res) => { req.logout(); res.sendStatus(204); });
    app.use('/api/auth', auth);
    app.get('/api/users/me', (req, res) => res.json(req.user));
    app.post('/api/newsletter', (req, res) => res.sendStatus(201));
    app.listen(5000);
"""


def links(index):
    """(method, path, client, [linked route paths]) of every call, sorted."""
    a = index.analysis()
    return sorted((c.method or "ANY", c.path, c.client, [a.routes[i].path for i in m.routes])
                  for c, m in zip(a.calls, a.matches))


def findings(index):
    return sorted((f.code, f.file.rsplit("/", 1)[-1], f.message) for f in index.analysis().findings)


def test_react_oauth_buttons_link_to_the_express_routes_and_page_links_are_not_calls():
    index = build_index({"server/index.js": EXPRESS, "client/src/components/SocialAuth.jsx": """
        import { Link } from 'react-router-dom';
        import axios from 'axios';

        export default function SocialAuth() {
          const me = () => axios.get('/api/users/me');
          const google = () => {
            window.location.href = '/api/auth/google';
          };
          return (
            <div className="social">
              <a href="/api/auth/github" className="btn btn-dark">Sign in with GitHub</a>
              <button onClick={google}>Sign in with Google</button>
              <a href="/about">About</a>
              <a href="#top">Top</a>
              <a href="mailto:support@example.com">Support</a>
              <a href="https://github.com/acme/app">Source</a>
              <Link to="/dashboard">Dashboard</Link>
            </div>
          );
        }
    """})
    assert links(index) == [
        ("GET", "/api/auth/github", "navigation", ["/api/auth/github"]),
        ("GET", "/api/auth/google", "navigation", ["/api/auth/google"]),
        ("GET", "/api/users/me", "axios", ["/api/users/me"]),
    ]
    # the callbacks are reached by the providers' redirects, the rest by nothing: unused;
    # the start routes are not
    unused = sorted(m for code, _, m in findings(index) if code == "unused-route")
    assert unused == ["No indexed call reaches GET /api/auth/github/callback",
                      "No indexed call reaches GET /api/auth/google/callback",
                      "No indexed call reaches POST /api/auth/logout",
                      "No indexed call reaches POST /api/newsletter"]
    # no unmatched-call for /about and friends
    assert [c for c, *_ in findings(index) if c != "unused-route"] == []
    # reported where written: the attribute, its value the URL
    call = next(c for c in index.analysis().calls if c.path == "/api/auth/github")
    assert (call.span.line, call.raw) == (11, '"/api/auth/github"')


def test_location_forms_of_every_kind_and_a_local_location_that_is_not_the_browsers():
    index = build_index({"server/index.js": EXPRESS, "client/src/auth.js": """
        import { useLocation } from 'react-router-dom';

        export function github() { window.location.assign('/api/auth/github'); }
        export function google() { location.replace('/api/auth/google'); }
        export function google2() { window.location = '/api/auth/google'; }
        export function google3() { document.location.href = '/api/auth/google'; }
        export function popup() { window.open('/api/auth/github', '_blank', 'width=500'); }
        export function usePage() {
          const location = useLocation();
          location.replace('/api/auth/github');  // not the browser's location
          return location.pathname;
        }
        export function Nav({ navigate }) { navigate('/api/auth/google'); }
    """})
    assert links(index) == [
        ("GET", "/api/auth/github", "navigation", ["/api/auth/github"]),
        ("GET", "/api/auth/github", "navigation", ["/api/auth/github"]),
        ("GET", "/api/auth/google", "navigation", ["/api/auth/google"]),
        ("GET", "/api/auth/google", "navigation", ["/api/auth/google"]),
        ("GET", "/api/auth/google", "navigation", ["/api/auth/google"]),
    ]


def test_a_navigation_through_the_backend_url_the_requests_use_is_reported_when_no_route_serves_it():
    files = {
        "server/package.json": '{ "name": "server", "dependencies": { "express": "^4.19.2" } }',
        "server/index.js": EXPRESS,
        "client/package.json": '{ "name": "client", "dependencies": { "react": "^18.3.1" } }',
        "client/src/config.js": "export const API_URL = 'http://localhost:5000';",
        "client/src/api.js": """
            import axios from 'axios';
            import { API_URL } from './config';
            export const api = axios.create({ baseURL: `${API_URL}/api` });
            export const me = () => api.get('/users/me');
        """,
        "client/src/Login.jsx": """
            import { API_URL } from './config';
            export function Login() {
              const google = () => window.open(`${API_URL}/api/auth/google`, '_self');
              const twitter = () => window.open(`${API_URL}/api/auth/twitter`, '_self');
              return (
                <>
                  <button onClick={google}>Google</button>
                  <button onClick={twitter}>Twitter</button>
                  <a href="/api/auth/github">GitHub</a>
                </>
              );
            }
        """,
    }
    index = build_index(files)
    assert links(index) == [
        ("GET", "/api/auth/google", "navigation", ["/api/auth/google"]),
        ("GET", "/api/auth/twitter", "navigation", []),
        ("GET", "/api/users/me", "axios", ["/api/users/me"]),
    ]
    # the absolute URL goes to localhost:5000, where the axios calls go: a real 404
    assert [(c, f) for c, f, _ in findings(index) if c != "unused-route"] == [
        ("unmatched-call", "Login.jsx")]
    # the relative link reaches the client's own dev server, not the backend: every
    # request of the client goes to http://localhost:5000, and the route is another
    # package's, so `/api/auth/github` there is a page of the client, not a call


def test_a_link_through_the_base_url_constant_of_the_requests_is_a_call_even_unmatched():
    index = build_index({"server/index.js": EXPRESS, "client/src/lib/config.ts": """
        export const API_BASE = '/api';
    """, "client/src/lib/http.ts": """
        import axios from 'axios';
        import { API_BASE } from './config';
        export const http = axios.create({ baseURL: API_BASE, withCredentials: true });
        export const currentUser = () => http.get('/users/me');
    """, "client/src/pages/Login.tsx": """
        import { API_BASE } from '../lib/config';
        const ROUTES = { signup: '/signup', home: '/' };
        export default function Login() {
          return (
            <>
              <a href={`${API_BASE}/auth/github`}>GitHub</a>
              <a href={`${API_BASE}/auth/twitter`}>Twitter</a>
              <a href="/api/auth/gitlab">GitLab</a>
              <a href={ROUTES.signup}>Sign up</a>
            </>
          );
        }
    """})
    assert links(index) == [
        ("GET", "/api/auth/github", "navigation", ["/api/auth/github"]),
        ("GET", "/api/auth/twitter", "navigation", []),
        ("GET", "/api/users/me", "axios", ["/api/users/me"]),
    ]
    assert [(c, f, m) for c, f, m in findings(index) if c != "unused-route"] == [
        ("unmatched-call", "Login.tsx", "No route serves GET /api/auth/twitter")]


def test_a_relative_link_that_matches_no_route_is_simply_not_a_call():
    index = build_index({"server/index.js": EXPRESS, "client/src/Footer.tsx": """
        export const Footer = () => (
          <footer>
            <a href="/api/auth/githubb">GitHub</a>
            <a href="/terms">Terms</a>
            <a href={`/blog/${new Date().getFullYear()}`}>Blog</a>
          </footer>
        );
    """})
    a = index.analysis()
    assert [c.path for c in a.calls] == []
    assert not [f for f in a.findings if f.code != "unused-route"]


def test_holes_that_may_stand_for_route_literals_are_no_evidence():
    # chatbot-ui: pages /[workspaceid]/chat/[chatid] beside the route POST /api/chat/openai
    index = build_index({
        "package.json": '{ "dependencies": { "next": "14.1.0" } }',
        "app/api/chat/openai/route.ts": "export async function POST(request: Request) {}",
        "app/api/auth/[provider]/route.ts": "export async function GET(request: Request) {}",
        "app/api/chats/route.ts": "export async function GET(request: Request) {}",
        "app/sitemap.xml/route.ts": "export async function GET() {}",
        "lib/http.ts": """
            import axios from 'axios';
            export const baseApiUrl = '/api';
            export const http = axios.create({ baseURL: baseApiUrl });
            export const listChats = () => http.get('/chats');
        """,
        "components/sidebar/chat-item.tsx": """
            'use client';
            import { useRouter } from 'next/navigation';
            import { baseApiUrl } from '@/lib/http';
            export function ChatItem({ chat, workspace, files }) {
              const router = useRouter();
              return (
                <div onClick={() => router.push(`/${workspace.id}/chat/${chat.id}`)}>
                  {chat.name}
                  {files.map((f) => <a href={baseApiUrl + f.path} target="_blank">{f.name}</a>)}
                  <a href={`/api/auth/${chat.provider}`}>Reconnect</a>
                  <a href={`/${document.documentElement.lang}`}>Home</a>
                </div>
              );
            }
        """,
    })
    assert links(index) == [("GET", "/api/auth/{}", "navigation", ["/api/auth/{provider}"]),
                            ("GET", "/api/chats", "axios", ["/api/chats"])]
    assert not [f for f in index.analysis().findings if f.code != "unused-route"]


def test_html_forms_post_with_their_method_and_handled_forms_are_not_navigations():
    index = build_index({"server/index.js": EXPRESS, "client/src/Forms.jsx": """
        export function Newsletter() {
          return (
            <form action="/api/newsletter" method="POST">
              <input name="email" />
            </form>
          );
        }
        export function Logout() {
          // a plain GET form: the route only takes POST
          return <form action="/api/auth/logout" method="get"><button>Log out</button></form>;
        }
        export function Search({ onSearch }) {
          return (
            <form action="/api/newsletter" onSubmit={(e) => { e.preventDefault(); onSearch(); }}>
              <input name="q" />
            </form>
          );
        }
        export const Dialog = () => <form method="dialog"><button>Close</button></form>;
    """})
    assert links(index) == [
        ("GET", "/api/auth/logout", "navigation", []),
        ("POST", "/api/newsletter", "navigation", ["/api/newsletter"]),
    ]
    mismatch = next(f for f in index.analysis().findings if f.code == "method-mismatch")
    assert mismatch.message.startswith("GET /api/auth/logout: the route exists but only for POST")
    span, text, title = mismatch.fix
    assert (text, title) == ('"post"', "Change the method to POST")
    assert (span.line, span.column) == (10, 48)  # the method attribute's value


def test_a_link_component_whose_href_prop_is_the_url_is_a_wrapper():
    index = build_index({"server/index.js": EXPRESS, "client/src/components/ButtonLink.tsx": """
        type Props = { href: string; children: React.ReactNode };
        export function ButtonLink({ href, children }: Props) {
          return <a className="btn" href={href}>{children}</a>;
        }
    """, "client/src/pages/Login.tsx": """
        import { ButtonLink } from '../components/ButtonLink';
        export default function Login() {
          return (
            <main>
              <ButtonLink href="/api/auth/github">GitHub</ButtonLink>
              <ButtonLink href="/api/auth/google">Google</ButtonLink>
              <ButtonLink href="/signup">Create an account</ButtonLink>
            </main>
          );
        }
    """})
    a = index.analysis()
    assert sorted((c.path, c.file.rsplit("/", 1)[-1], c.raw) for c in a.calls) == [
        ("/api/auth/github", "Login.tsx", '"/api/auth/github"'),
        ("/api/auth/google", "Login.tsx", '"/api/auth/google"'),
    ]
    assert not [f for f in a.findings if f.code == "unresolved-call"]


def test_vue_login_page_links_and_forms_in_the_template():
    index = build_index({"server/index.js": EXPRESS, "web/src/views/LoginView.vue": """
        <script setup lang="ts">
        import { ref } from 'vue';
        const apiBase = '/api';
        const providers = ['github', 'google'];
        const email = ref('');
        </script>

        <template>
          <div class="login">
            <a v-for="p in providers" :key="p" :href="`${apiBase}/auth/${p}`" class="oauth">{{ p }}</a>
            <a v-bind:href="apiBase + '/auth/google'">Google</a>
            <router-link to="/register">Register</router-link>
            <a href="/help">Help</a>
            <form action="/api/newsletter" method="post">
              <input v-model="email" name="email" />
            </form>
            <form action="/api/newsletter" @submit.prevent="subscribe">
              <input v-model="email" />
            </form>
          </div>
        </template>
    """})
    assert links(index) == [
        ("GET", "/api/auth/google", "navigation", ["/api/auth/google"]),
        ("GET", "/api/auth/{}", "navigation", ["/api/auth/github", "/api/auth/google"]),
        ("POST", "/api/newsletter", "navigation", ["/api/newsletter"]),
    ]
    # positions are the .vue file's
    call = next(c for c in index.analysis().calls if c.method == "POST")
    assert (call.span.line, call.span.column, call.raw) == (14, 10, '"/api/newsletter"')


def test_a_vue_template_with_no_script_and_a_vue_script_that_navigates():
    index = build_index({"server/index.js": EXPRESS, "web/src/components/GithubButton.vue": """
        <template>
          <a class="btn" href="/api/auth/github">Continue with GitHub</a>
        </template>
    """, "web/src/components/GoogleButton.vue": """
        <template>
          <button @click="login">Continue with Google</button>
        </template>
        <script>
        export default {
          methods: {
            login() {
              window.location.href = '/api/auth/google';
            },
          },
        };
        </script>
    """})
    assert links(index) == [
        ("GET", "/api/auth/github", "navigation", ["/api/auth/github"]),
        ("GET", "/api/auth/google", "navigation", ["/api/auth/google"]),
    ]


def test_svelte_form_links_and_sveltekit_redirects():
    index = build_index({
        "package.json": '{ "devDependencies": { "@sveltejs/kit": "^2.5.0" } }',
        "svelte.config.js": "export default { kit: {} };",
        "src/routes/api/subscribe/+server.ts": """
            export async function POST({ request }) { return new Response(null, { status: 201 }); }
        """,
        "src/routes/api/auth/[provider]/+server.ts": """
            import { redirect } from '@sveltejs/kit';
            export function GET({ params }) { redirect(302, `https://auth.example.com/${params.provider}`); }
        """,
        "src/routes/account/+page.server.ts": """
            import { redirect } from '@sveltejs/kit';
            export function load({ locals }) {
              if (!locals.user) redirect(303, '/api/auth/github');
              if (locals.user.banned) redirect(303, '/banned');
            }
        """,
        "src/routes/+page.svelte": """
            <script>
              export let data;
              const providers = ['github', 'google'];
              function logout() { window.location.href = '/logout'; }
            </script>

            {#each providers as provider}
              <a href="/api/auth/{provider}">Sign in with {provider}</a>
            {/each}
            <form method="POST" action="/api/subscribe">
              <input name="email" />
            </form>
            <form method="POST" action="/api/subscribe" on:submit|preventDefault={() => {}}>
              <input name="email" />
            </form>
            <form method="POST" action="?/login"><button>Log in</button></form>
            <button on:click={logout}>Log out</button>
        """,
    })
    assert links(index) == [
        ("GET", "/api/auth/github", "navigation", ["/api/auth/{provider}"]),
        ("GET", "/api/auth/{}", "navigation", ["/api/auth/{provider}"]),
        ("POST", "/api/subscribe", "navigation", ["/api/subscribe"]),
    ]


def test_svelte_event_handlers_in_the_markup_navigate_in_place():
    index = build_index({"server/index.js": EXPRESS, "web/src/lib/SocialLogin.svelte": """
        <script lang="ts">
          export let label = 'Sign in';
        </script>

        <div class="social">
          <button class="github" on:click={() => (window.location.href = '/api/auth/github')}>
            {label} — GitHub
          </button>
          <button class="google" title="Connexion Google — rapide" onclick={() => window.open('/api/auth/google', '_self')}>Google</button>
          <button on:click|once={() => (location.href = '/help')}>Help</button>
        </div>
    """, "web/src/lib/Logout.svelte": """
        <button on:click={async () => { await fetch('/api/auth/logout', { method: 'POST' }); }}>
          Log out
        </button>
    """})
    a = index.analysis()
    got = sorted((c.method, c.path, c.client, c.span.line, c.span.column) for c in a.calls)
    # spans cover the assignment / the call; columns are UTF-16 columns of the .svelte
    # file (after the em dash of the title, a byte column would be 2 more)
    assert got == [
        ("GET", "/api/auth/github", "navigation", 6, 42),
        ("GET", "/api/auth/google", "navigation", 9, 74),
        ("POST", "/api/auth/logout", "fetch", 1, 38),
    ]


def test_nextjs_redirects_to_a_route_handler_and_router_pushes():
    index = build_index({
        "package.json": '{ "dependencies": { "next": "15.0.3", "react": "19.0.0" } }',
        "app/api/auth/guest/route.ts": """
            import { NextResponse } from 'next/server';
            export async function GET(request: Request) {
              return NextResponse.redirect(new URL('/', request.url));
            }
        """,
        "app/api/export/route.ts": "export async function GET() { return Response.json([]); }",
        "app/(chat)/chat/[id]/page.tsx": """
            import { notFound, redirect } from 'next/navigation';
            import { auth } from '@/app/(auth)/auth';
            export default async function Page({ params }) {
              const session = await auth();
              if (!session) {
                redirect('/api/auth/guest');
              }
              if (!session.user) redirect('/login');
              return null;
            }
        """,
        "middleware.ts": """
            import { NextResponse, type NextRequest } from 'next/server';
            export async function middleware(request: NextRequest) {
              const redirectUrl = encodeURIComponent(request.url);
              if (!request.cookies.get('token')) {
                return NextResponse.redirect(
                  new URL(`/api/auth/guest?redirectUrl=${redirectUrl}`, request.url),
                );
              }
              return NextResponse.next();
            }
        """,
        "components/export-button.tsx": """
            'use client';
            import Link from 'next/link';
            import { useRouter } from 'next/navigation';
            export function ExportButton() {
              const router = useRouter();
              return (
                <>
                  <button onClick={() => router.push('/api/export')}>Export</button>
                  <button onClick={() => router.push('/settings')}>Settings</button>
                  <Link href="/api/export">Download</Link>
                  <Link href="/dashboard">Dashboard</Link>
                </>
              );
            }
        """,
    })
    assert links(index) == [
        ("GET", "/api/auth/guest", "navigation", ["/api/auth/guest"]),
        ("GET", "/api/auth/guest", "navigation", ["/api/auth/guest"]),
        ("GET", "/api/export", "navigation", ["/api/export"]),
        ("GET", "/api/export", "navigation", ["/api/export"]),
    ]
    assert not [f for f in index.analysis().findings]


def test_a_frontend_whose_requests_go_to_an_absolute_backend_url_does_not_reach_it_at_slash():
    # koa-vue-notes: the API is at VUE_APP_API_URL; `location.href = '/'` is the web app's
    # home page even though the API also serves GET /
    index = build_index({
        "api/package.json": '{ "dependencies": { "koa": "^2.15.0", "koa-router": "^12.0.1" } }',
        "api/src/routes.js": """
            const Router = require('koa-router');
            const router = new Router();
            router.get('/', (ctx) => { ctx.body = { message: 'Hi there.' }; });
            router.post('/api/v1/user/login', login);
            module.exports = router;
        """,
        "api/src/index.js": """
            const Koa = require('koa');
            const router = require('./routes');
            const app = new Koa();
            app.use(router.routes());
            app.listen(4000);
        """,
        "web/package.json": '{ "dependencies": { "vue": "^2.7.16", "axios": "^1.6.0" } }',
        "web/src/common/axios.ts": """
            import axios from 'axios';
            export default axios.create({ baseURL: `${process.env.VUE_APP_API_URL}/api/v1` });
        """,
        "web/src/store/user.ts": """
            import axios from '@/common/axios';
            export async function login(user) { return axios.post('user/login', user); }
            export function logout() { document.location.href = '/'; }
        """,
    })
    assert links(index) == [("POST", "/api/v1/user/login", "axios", ["/api/v1/user/login"])]


def test_a_proxied_frontend_reaches_the_backend_at_its_own_origin_but_not_at_slash():
    # a Vite app whose requests are relative (a dev proxy or the same host in
    # production) and whose login button goes to the backend URL of an env var
    index = build_index({
        "backend/package.json": '{ "dependencies": { "@nestjs/core": "^10.2.0" } }',
        "backend/src/main.ts": """
            import { NestFactory } from '@nestjs/core';
            import { AppModule } from './app.module';
            async function bootstrap() {
              const app = await NestFactory.create(AppModule);
              await app.listen(8080);
            }
            bootstrap();
        """,
        "backend/src/app.module.ts": """
            import { Module } from '@nestjs/common';
            import { AppController } from './app.controller';
            import { AuthController } from './auth.controller';
            @Module({ controllers: [AppController, AuthController] })
            export class AppModule {}
        """,
        "backend/src/app.controller.ts": """
            import { Controller, Get } from '@nestjs/common';
            @Controller()
            export class AppController {
              @Get()
              getHello(): string { return 'Hello World!'; }
            }
        """,
        "backend/src/auth.controller.ts": """
            import { Controller, Get, Post } from '@nestjs/common';
            @Controller('auth')
            export class AuthController {
              @Get('google/login') googleLogin() {}
              @Get('google/callback') googleCallback() {}
              @Post('logout') logout() {}
            }
        """,
        "frontend/package.json": '{ "dependencies": { "react": "^18.2.0", "axios": "^1.6.2" } }',
        "frontend/.env.development": "VITE_API_URL=http://localhost:8080\n",
        "frontend/src/constants/url.ts": "export const URL = { API: import.meta.env.VITE_API_URL };",
        "frontend/src/services/auth.ts": """
            import axios from 'axios';
            export const logout = () => axios.post('/auth/logout');
        """,
        "frontend/src/pages/Main.tsx": """
            import { URL } from '@/constants/url';
            import { logout } from '@/services/auth';
            export function MainPage() {
              const onClickGoogleLogin = () => {
                window.location.href = `${URL.API}/auth/google/login`;
              };
              const onLogout = async () => {
                await logout();
                window.location.href = '/';
              };
              return (<>
                <button onClick={onClickGoogleLogin}>Google</button>
                <button onClick={onLogout}>Log out</button>
              </>);
            }
        """,
    })
    assert links(index) == [
        ("GET", "/auth/google/login", "navigation", ["/auth/google/login"]),
        ("POST", "/auth/logout", "axios", ["/auth/logout"]),
    ]


NEXT_PKG = '{"name": "dataroom", "dependencies": {"next": "14.2.3", "react": "18.2.0"}}'


def test_a_navigation_to_a_page_of_the_same_nextjs_app_is_no_api_call():
    files = {
        "package.json": NEXT_PKG,
        ".env": "NEXT_PUBLIC_BASE_URL=http://localhost:3000\n",
        "pages/api/links/[id].ts": "export default function handler(req, res) { res.json({}); }",
        "pages/view/[linkId].tsx": "export default function ViewPage() { return null; }",
        "pages/_app.tsx": "export default function App({ Component }) { return <Component />; }",
        "app/(dashboard)/settings/[[...tab]]/page.tsx": "export default function Settings() { return null; }",
        "components/links/link-actions.tsx": """
            export const load = (id: string) => fetch(`${process.env.NEXT_PUBLIC_BASE_URL}/api/links/${id}`);
            export const preview = (id: string) =>
              window.open(`${process.env.NEXT_PUBLIC_BASE_URL}/view/${id}`, "_blank");
            export const settings = () => { window.location.href = `${process.env.NEXT_PUBLIC_BASE_URL}/settings`; };
            export const billing = () => { window.location.href = `${process.env.NEXT_PUBLIC_BASE_URL}/settings/billing`; };
            export const broken = () => window.open(`${process.env.NEXT_PUBLIC_BASE_URL}/viewer/${'x'}`);
            export const app = () => window.open(`${process.env.NEXT_PUBLIC_BASE_URL}/_app`);
            export const page = (id: string) => fetch(`/view/${id}`);
        """,
    }
    index = build_index(files)
    assert links(index) == [
        ("GET", "/_app", "navigation", []),  # _app is no page
        ("GET", "/api/links/{}", "fetch", ["/api/links/{id}"]),
        ("GET", "/view/{}", "fetch", []),  # a fetch is checked against the API routes
        ("GET", "/viewer/x", "navigation", []),
    ]
    assert [m for code, _, m in findings(index) if code == "unmatched-call"] == [
        "No route serves GET /_app", "No route serves GET /view/{}", "No route serves GET /viewer/x"]


def test_sveltekit_and_nuxt_pages_are_no_api_calls_either():
    index = build_index({
        "web/package.json": '{"name": "web", "devDependencies": {"@sveltejs/kit": "2.5.0"}}',
        "web/src/routes/api/items/+server.ts": "export async function GET() { return new Response('[]'); }",
        "web/src/routes/items/[id]/+page.svelte": "<h1>Item</h1>",
        "web/src/lib/api.ts": """
            const ORIGIN = 'http://localhost:5173';
            export const items = () => fetch(`${ORIGIN}/api/items`);
            export const show = (id: string) => { location.assign(`${ORIGIN}/items/${id}`); };
            export const lost = () => { location.assign(`${ORIGIN}/item`); };
        """,
        "shop/package.json": '{"name": "shop", "dependencies": {"nuxt": "3.12.0"}}',
        "shop/nuxt.config.ts": "export default defineNuxtConfig({})",
        "shop/server/api/orders.get.ts": "export default defineEventHandler(() => [])",
        "shop/pages/orders/[id].vue": "<template><div>order</div></template>",
        "shop/composables/orders.ts": """
            const BASE = 'http://localhost:3000';
            export const list = () => $fetch(`${BASE}/api/orders`);
            export const open = (id: string) => window.open(`${BASE}/orders/${id}`);
            export const missing = (id: string) => window.open(`${BASE}/invoices/${id}`);
        """,
    })
    assert links(index) == [
        ("GET", "/api/items", "fetch", ["/api/items"]),
        ("GET", "/api/orders", "ofetch", ["/api/orders"]),
        ("GET", "/invoices/{}", "navigation", []),
        ("GET", "/item", "navigation", []),
    ]


def test_navigation_calls_follow_edits():
    files = {
        "server/index.js": EXPRESS,
        "client/src/Login.jsx": "export const L = () => <a href='/api/auth/github'>GitHub</a>;",
    }
    index = build_index(files)
    assert [c.path for c in index.analysis().calls] == ["/api/auth/github"]
    index.apply_changes({"/ws/client/src/Login.jsx":
                         b"export const L = () => <a href='/api/auth/gitlab'>GitLab</a>;"})
    assert index.analysis().calls == []
    assert build_index({**files, "client/src/Login.jsx":
                        "export const L = () => <a href='/api/auth/gitlab'>GitLab</a>;"}
                       ).snapshot() == index.snapshot()


def test_nuxt_external_links_and_navigate_to():
    # nuxt-auth-utils apps: the login button is a full navigation to a server route
    index = build_index({
        "package.json": '{ "dependencies": { "nuxt": "^3.12.0", "nuxt-auth-utils": "^0.3.0" } }',
        "nuxt.config.ts": "export default defineNuxtConfig({ modules: ['@nuxt/ui', 'nuxt-auth-utils'] });",
        "server/api/auth/github.get.ts": "export default oauthGitHubEventHandler({ async onSuccess(event, { user }) {} });",
        "server/api/auth/google.get.ts": "export default oauthGoogleEventHandler({ async onSuccess(event, { user }) {} });",
        "server/api/todos.get.ts": "export default eventHandler(async () => []);",
        "app.vue": """
            <script setup lang="ts">
            const { loggedIn, clear } = useUserSession();
            async function google() {
              await navigateTo('/api/auth/google', { external: true });
            }
            async function logout() {
              await clear();
              navigateTo('/');
            }
            </script>

            <template>
              <UCard>
                <NuxtLink to="/">Atidone</NuxtLink>
                <UButton v-if="!loggedIn" to="/api/auth/github" icon="i-simple-icons-github"
                  label="Login with GitHub" color="black" size="xs" external />
                <UButton v-else @click="logout">Logout</UButton>
                <UButton @click="google">Google</UButton>
                <NuxtLink to="/api/todos">Todos (client-side route, not external)</NuxtLink>
              </UCard>
            </template>
        """,
    })
    assert links(index) == [
        ("GET", "/api/auth/github", "navigation", ["/api/auth/github"]),
        ("GET", "/api/auth/google", "navigation", ["/api/auth/google"]),
    ]


def test_href_of_ui_library_link_components_is_a_navigation():
    index = build_index({"server/index.js": EXPRESS, "client/src/config.js": """
        export const API_URL = 'http://localhost:5000';
        export const me = () => fetch(`${API_URL}/api/users/me`, { credentials: 'include' });
    """, "client/src/components/LoginCard.jsx": """
        import Button from '@mui/material/Button';
        import { Link as MuiLink, IconButton } from '@mui/material';
        import { Anchor } from '@mantine/core';
        import { Link as ChakraLink } from '@chakra-ui/react';
        import { Nav, Button as BsButton } from 'react-bootstrap';
        import { Button as AntButton, Typography } from 'antd';
        import { Link } from 'react-router-dom';
        import { API_URL } from '../config';

        export default function LoginCard() {
          return (
            <>
              <Button variant="contained" href={`${API_URL}/api/auth/google`}>Google</Button>
              <MuiLink href={`${API_URL}/api/auth/github`}>GitHub</MuiLink>
              <Anchor href={`${API_URL}/api/auth/gogle`}>typo</Anchor>
              <ChakraLink href={`${API_URL}/api/auth/github/callback`}>callback</ChakraLink>
              <Nav.Link href={`${API_URL}/api/users/me`}>me</Nav.Link>
              <AntButton href={`${API_URL}/api/newsletter`}>subscribe</AntButton>
              <Typography.Link href={`${API_URL}/api/auth/logout`}>out</Typography.Link>
              <BsButton href="/settings">settings</BsButton>
              <IconButton onClick={() => setOpen(true)}>menu</IconButton>
              <Link to="/profile">profile</Link>
            </>
          );
        }
    """})
    assert [c for c in links(index) if c[2] == "navigation"] == [
        ("GET", "/api/auth/github", "navigation", ["/api/auth/github"]),
        ("GET", "/api/auth/github/callback", "navigation", ["/api/auth/github/callback"]),
        ("GET", "/api/auth/gogle", "navigation", []),
        ("GET", "/api/auth/google", "navigation", ["/api/auth/google"]),
        ("GET", "/api/auth/logout", "navigation", []),  # POST routes: a link cannot reach them
        ("GET", "/api/newsletter", "navigation", []),
        ("GET", "/api/users/me", "navigation", ["/api/users/me"]),
    ]
    assert [f for f in findings(index) if f[0] != "unused-route"] == [
        ("method-mismatch", "LoginCard.jsx", "GET /api/auth/logout: the route exists but only for POST (index.js:10)"),
        ("method-mismatch", "LoginCard.jsx", "GET /api/newsletter: the route exists but only for POST (index.js:13)"),
        ("unmatched-call", "LoginCard.jsx", "No route serves GET /api/auth/gogle"),
    ]


def test_angular_component_templates_links_and_forms():
    index = build_index({"server/index.js": EXPRESS, "web/src/app/login/login.component.ts": """
        import { Component } from '@angular/core';

        @Component({ selector: 'app-login', templateUrl: './login.component.html' })
        export class LoginComponent {
          providers = ['github', 'google'];
          save() {}
        }
    """, "web/src/app/login/login.component.html": """
        <div class="login">
          <a class="btn" href="/api/auth/github">Continue with GitHub</a>
          <a [href]="'/api/auth/' + 'google'" class="btn">Continue with Google</a>
          <a *ngIf="loggedIn" href="/api/users/{{ 'me' }}">{{ user.name }}</a>
          <a routerLink="/register">Register</a>
          <a href="/help">Help</a>
          <form action="/api/newsletter" method="post" ngNoForm>
            <input name="email" />
          </form>
          <form #f="ngForm" (ngSubmit)="save()" action="/api/newsletter">
            <input name="email" ngModel />
          </form>
        </div>
    """, "web/src/index.html": """
        <!doctype html>
        <html><body><app-root></app-root><a href="/api/users/me">me</a></body></html>
    """})
    assert links(index) == [
        ("GET", "/api/auth/github", "navigation", ["/api/auth/github"]),
        ("GET", "/api/auth/google", "navigation", ["/api/auth/google"]),
        ("GET", "/api/users/me", "navigation", ["/api/users/me"]),
        ("POST", "/api/newsletter", "navigation", ["/api/newsletter"]),
    ]
    # positions are the template's
    call = next(c for c in index.analysis().calls if c.path == "/api/auth/github")
    assert (call.file.rsplit("/", 1)[-1], call.span.line, call.raw) == (
        "login.component.html", 2, '"/api/auth/github"')
