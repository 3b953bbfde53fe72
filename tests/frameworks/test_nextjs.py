"""Next.js route handlers (App Router ``route.ts``, Pages Router ``pages/api``) and
``next.config`` options, in the layout of real Next.js 14/15 apps."""

from __future__ import annotations

import pytest

from routelink.frameworks.nextjs import next_path
from tests.conftest import build_index

PKG = '{"name": "web", "dependencies": {"next": "15.1.0", "react": "19.0.0"}}'


def routes(files: dict[str, str], root: str = "/ws") -> set[tuple[str, str]]:
    index = build_index(files, root)
    return {(r.method, r.path) for r in index.routes if r.mounted}


def analysis(files: dict[str, str], root: str = "/ws"):
    return build_index(files, root).analysis()


def links(a) -> dict[tuple[str, str], list[str]]:
    return {(c.method, c.path): sorted(a.routes[i].path for i in m.routes) for c, m in zip(a.calls, a.matches)}


def codes(a) -> set[tuple[str, str]]:
    return {(f.code, f.message) for f in a.findings}


# ---------------------------------------------------------------------- path syntax


@pytest.mark.parametrize("raw, syntax, expected", [
    ("/api/users", "app", ["/api/users"]),
    ("/(dashboard)/api/users/[userId]", "app", ["/api/users/{userId}"]),
    ("/api/auth/[...nextauth]", "app", ["/api/auth/{nextauth+}"]),
    ("/docs/[[...slug]]", "app", ["/docs", "/docs/{slug+}"]),
    ("/@modal/api/photos/[id]", "app", ["/api/photos/{id}"]),
    ("/_components/api", "app", []),
    ("/feed/(..)photo/[id]", "app", []),
    ("/feed/(.)photo", "app", []),
    ("/%5Finternal/health", "app", ["/_internal/health"]),
    ("/", "app", ["/"]),
    ("/api/(group)/x", "pages", ["/api/(group)/x"]),
    ("/api/posts/[pid]", "pages", ["/api/posts/{pid}"]),
])
def test_folder_names_become_path_templates(raw, syntax, expected):
    assert next_path(raw, syntax) == expected


# ---------------------------------------------------------------------- App Router


APP = {
    "package.json": PKG,
    "tsconfig.json": '{"compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["./*"]}}}',
    "app/(marketing)/page.tsx": "export default function Home() { return <main/>; }",
    "app/api/posts/route.ts": """
        import { NextResponse } from 'next/server';
        import { db } from '@/lib/db';

        export const dynamic = 'force-dynamic';
        export const runtime = 'nodejs';

        export async function GET() {
          const posts = await db.post.findMany();
          return NextResponse.json(posts);
        }

        export async function POST(req: Request) {
          const json = await req.json();
          return NextResponse.json(await db.post.create({ data: json }), { status: 201 });
        }
    """,
    "app/(editor)/api/posts/[postId]/route.ts": """
        import { z } from 'zod';
        const routeContextSchema = z.object({ params: z.object({ postId: z.string() }) });

        export async function DELETE(req: Request, context: z.infer<typeof routeContextSchema>) {
          return new Response(null, { status: 204 });
        }

        export const PATCH = async (req: Request) => {
          return new Response(null, { status: 200 });
        };
    """,
    "app/api/auth/[...nextauth]/route.ts": """
        export { GET, POST } from '@/auth';
    """,
    "auth.ts": """
        import NextAuth from 'next-auth';
        export const { handlers: { GET, POST }, auth, signIn, signOut } = NextAuth({ providers: [] });
    """,
    "app/api/webhooks/stripe/route.ts": """
        export { POST } from '@/lib/stripe/webhook';
    """,
    "lib/stripe/webhook.ts": """
        import Stripe from 'stripe';

        export async function POST(req: Request) {
          const body = await req.text();
          return new Response(null, { status: 200 });
        }
    """,
    "app/api/og/route.tsx": """
        import { ImageResponse } from 'next/og';
        async function handler(req: Request) { return new ImageResponse(<div/>); }
        export { handler as GET, handler as HEAD };
    """,
    "app/api/uploadthing/route.ts": """
        import { createRouteHandler } from 'uploadthing/next';
        import { ourFileRouter } from './core';
        export const { GET, POST } = createRouteHandler({ router: ourFileRouter });
    """,
    "app/api/uploadthing/core.ts": "export const ourFileRouter = {};",
    "app/actions.ts": """
        'use server';
        export async function createPost(formData: FormData) { return { ok: true }; }
    """,
    "app/docs/[[...slug]]/route.ts": "export function GET() { return new Response('docs'); }",
    "app/_lib/route.ts": "export function GET() { return new Response('private'); }",
    "app/@modal/(.)photos/[id]/route.ts": "export function GET() { return new Response('x'); }",
    "app/%5Fstatus/route.ts": "export function GET() { return new Response('ok'); }",
}


def test_app_router_route_handlers():
    assert routes(APP) == {
        ("GET", "/api/posts"), ("POST", "/api/posts"),
        ("DELETE", "/api/posts/{postId}"), ("PATCH", "/api/posts/{postId}"),
        ("GET", "/api/auth/{nextauth+}"), ("POST", "/api/auth/{nextauth+}"),
        ("POST", "/api/webhooks/stripe"),
        ("GET", "/api/og"), ("HEAD", "/api/og"),
        ("GET", "/api/uploadthing"), ("POST", "/api/uploadthing"),
        ("GET", "/docs"), ("GET", "/docs/{slug+}"),
        ("GET", "/_status"),
    }


def test_route_lines_and_handlers():
    index = build_index(APP)
    by = {(r.method, r.path): r for r in index.routes}
    get = by[("GET", "/api/posts")]
    assert get.framework == "nextjs" and get.handler == "GET" and get.span.line == 7
    assert get.trailing_slash == "redirect"
    og = by[("HEAD", "/api/og")]
    assert og.handler == "handler" and og.handler_span.line == 2
    auth = by[("POST", "/api/auth/{nextauth+}")]
    # the re-exported handler is found in the module it comes from
    assert auth.span.line == 1 and auth.handler == "POST"
    stripe = by[("POST", "/api/webhooks/stripe")]
    assert stripe.handler_file == "/ws/lib/stripe/webhook.ts" and stripe.handler_span.line == 3


def test_client_components_call_their_route_handlers():
    files = dict(APP)
    files["components/post-operations.tsx"] = """
        'use client';
        import * as React from 'react';

        async function deletePost(postId: string) {
          const response = await fetch(`/api/posts/${postId}`, { method: 'DELETE' });
          return response.ok;
        }

        export function PostOperations({ post }) {
          const publish = async () => {
            await fetch(`/api/posts/${post.id}`, { method: 'PUT', body: JSON.stringify({ published: true }) });
          };
          const create = () => fetch('/api/posts/', { method: 'POST' });
          const missing = () => fetch('/api/comments');
          return <button onClick={() => deletePost(post.id)}>Delete</button>;
        }
    """
    a = analysis(files)
    got = links(a)
    assert got[("DELETE", "/api/posts/{}")] == ["/api/posts/{postId}"]
    assert got[("POST", "/api/posts/")] == ["/api/posts"]  # 308 to the slash-less path keeps POST
    assert got[("PUT", "/api/posts/{}")] == []
    assert got[("GET", "/api/comments")] == []
    messages = {m for c, m in codes(a) if c in ("unmatched-call", "method-mismatch")}
    assert any(m.startswith("PUT /api/posts/{}: the route exists but only for DELETE, PATCH") for m in messages)
    assert "No route serves GET /api/comments" in messages


def test_server_actions_and_pages_are_not_routes():
    got = routes(APP)
    assert not any("actions" in p or p == "/" for _, p in got)


# ---------------------------------------------------------------------- project root


def test_the_project_root_is_found_from_the_path_not_the_workspace_root():
    # a monorepo whose checkout folder is itself called `app`, with the Next.js app in
    # apps/web/src/app and a route folder that is also called `app`
    files = {
        "package.json": '{"private": true, "workspaces": ["apps/*"]}',
        "apps/web/package.json": PKG,
        "apps/web/src/app/api/app/route.ts": "export async function GET() { return Response.json({}); }",
        "apps/web/src/app/api/health/route.ts": "export const GET = () => new Response('ok');",
        "apps/docs/next.config.js": "module.exports = { basePath: '/docs' };",
        "apps/docs/app/api/search/route.js": "export async function POST(req) { return Response.json([]); }",
    }
    assert routes(files, root="/home/me/app") == {
        ("GET", "/api/app"), ("GET", "/api/health"), ("POST", "/docs/api/search")}


def test_a_route_file_outside_any_nextjs_project():
    files = {
        # no next.config, no package.json naming next: only a file importing next counts
        "server/app/api/x/route.ts": "export function GET() { return 1; }",
        "web/app/api/y/route.ts": """
            import { NextResponse } from 'next/server';
            export function GET() { return NextResponse.json({}); }
        """,
    }
    assert routes(files) == {("GET", "/api/y")}


def test_app_and_pages_outside_the_routing_folders_are_not_routes():
    files = {
        "package.json": PKG,
        "lib/app/route.ts": "export function GET() { return 1; }",
        "components/pages/api/thing.ts": "export default function handler(req, res) {}",
    }
    assert routes(files) == set()


# ---------------------------------------------------------------------- Pages Router


PAGES = {
    "package.json": PKG,
    "src/pages/index.tsx": "export default function Home() { return null; }",
    "src/pages/api/hello.ts": """
        import type { NextApiRequest, NextApiResponse } from 'next';
        export default function handler(req: NextApiRequest, res: NextApiResponse) {
          res.status(200).json({ name: 'John Doe' });
        }
    """,
    "src/pages/api/posts/index.ts": """
        import type { NextApiRequest, NextApiResponse } from 'next';
        export default async function handle(req: NextApiRequest, res: NextApiResponse) {
          if (req.method === 'GET') {
            return res.json(await prisma.post.findMany());
          } else if (req.method === 'POST') {
            return res.status(201).json(await prisma.post.create({ data: req.body }));
          }
          res.setHeader('Allow', ['GET', 'POST']);
          res.status(405).end(`Method ${req.method} Not Allowed`);
        }
    """,
    "src/pages/api/posts/[id].ts": """
        export default async function handler(req, res) {
          const { method, query: { id } } = req;
          switch (method) {
            case 'GET':
              return res.json({ id });
            case 'PUT':
              return res.json({ id });
            case 'DELETE':
              return res.status(204).end();
            default:
              res.status(405).end();
          }
        }
    """,
    "src/pages/api/subscribe.ts": """
        import { withSessionRoute } from '@/lib/session';
        async function subscribe(req, res) {
          if (req.method !== 'POST') {
            return res.status(405).json({ error: 'Method not allowed' });
          }
          return res.status(200).json({ ok: true });
        }
        export default withSessionRoute(subscribe);
    """,
    "src/pages/api/webhook.ts": """
        const ALLOWED = ['POST', 'PUT'];
        export const config = { api: { bodyParser: false } };
        export default async (req, res) => {
          if (!ALLOWED.includes(req.method)) return res.status(405).end();
          res.end();
        };
    """,
    "src/pages/api/cors.js": """
        module.exports = function handler(req, res) {
          if (req.method === 'OPTIONS') return res.status(200).end();
          res.json({ ok: true });
        };
    """,
    "src/pages/api/items/[...path].ts": """
        import { createRouter } from 'next-connect';
        const router = createRouter();
        router.get(async (req, res) => res.json([])).post(async (req, res) => res.json({}));
        export default router.handler();
    """,
    "src/pages/api/lib/helper.d.ts": "export default function x(): void;",
    "src/pages/api/auth/[...nextauth].ts": """
        import NextAuth from 'next-auth';
        import { authOptions } from '@/lib/auth';

        export default NextAuth(authOptions);
    """,
}


def test_pages_router_api_routes_and_their_methods():
    assert routes(PAGES) == {
        ("ANY", "/api/hello"),
        ("GET", "/api/posts"), ("POST", "/api/posts"),
        ("GET", "/api/posts/{id}"), ("PUT", "/api/posts/{id}"), ("DELETE", "/api/posts/{id}"),
        ("POST", "/api/subscribe"),
        ("POST", "/api/webhook"), ("PUT", "/api/webhook"),
        ("ANY", "/api/cors"),
        ("GET", "/api/items/{path+}"), ("POST", "/api/items/{path+}"),
        ("ANY", "/api/auth/{nextauth+}"),
    }


def test_a_pages_api_route_that_re_exports_its_handler():
    # papermark: `export { default } from "@/ee/features/..."`; the handler's method checks
    # live in the other module, so the route accepts any method here
    assert routes({
        "package.json": PKG,
        "lib/jobs-handler.ts": """
            export default async function handler(req, res) {
              if (req.method !== 'POST') return res.status(405).end();
              res.json({ queued: true });
            }
        """,
        "pages/api/jobs/send-notification.ts": 'export { default } from "../../../lib/jobs-handler";\n',
        "pages/api/jobs/cancel.ts": 'import h from "../../../lib/jobs-handler";\nexport { h as default };\n',
        "pages/api/jobs/types.ts": 'export { type JobKind } from "../../../lib/jobs-handler";\n',
    }) == {("ANY", "/api/jobs/send-notification"), ("ANY", "/api/jobs/cancel")}


def test_pages_route_handler_and_link():
    files = dict(PAGES)
    files["src/components/Feed.tsx"] = """
        export async function remove(id) {
          await fetch(`/api/posts/${id}`, { method: 'DELETE' });
        }
        export async function patch(id) {
          await fetch(`/api/posts/${id}`, { method: 'PATCH' });
        }
    """
    a = analysis(files)
    by = {(r.method, r.path): r for r in a.routes}
    assert by[("GET", "/api/posts")].handler == "handle"
    assert by[("POST", "/api/subscribe")].handler == "subscribe"
    assert by[("ANY", "/api/auth/{nextauth+}")].handler is None  # NextAuth(authOptions) itself
    got = links(a)
    assert got[("DELETE", "/api/posts/{}")] == ["/api/posts/{id}"]
    assert got[("PATCH", "/api/posts/{}")] == []



def test_a_catch_all_needs_a_segment_and_an_optional_one_does_not():
    # `/api/folders` is a 404 for pages/api/folders/[...name].ts: a required catch-all
    # takes one or more segments; `[[...path]]` also serves the folder itself
    a = analysis({
        "package.json": PKG,
        "pages/api/folders/[...name].ts": "export default function handler(req, res) { res.json([]); }",
        "app/api/docs/[[...path]]/route.ts": "export async function GET() { return Response.json([]); }",
        "components/folders.tsx": """
            export const listFolders = () => fetch('/api/folders');
            export const openFolder = (name: string) => fetch(`/api/folders/${name}`);
            export const nested = (a: string, b: string) => fetch(`/api/folders/${a}/${b}`);
            export const allDocs = () => fetch('/api/docs');
            export const oneDoc = (slug: string) => fetch(`/api/docs/${slug}`);
        """,
    })
    got = links(a)
    assert got[("GET", "/api/folders")] == []
    assert got[("GET", "/api/folders/{}")] == ["/api/folders/{name+}"]
    assert got[("GET", "/api/folders/{}/{}")] == ["/api/folders/{name+}"]
    assert got[("GET", "/api/docs")] == ["/api/docs"]
    assert got[("GET", "/api/docs/{}")] == ["/api/docs/{path+}"]
    assert ("unmatched-call", "No route serves GET /api/folders") in codes(a)


# ---------------------------------------------------------------------- next.config


def test_base_path_from_a_constant_and_trailing_slash():
    files = {
        "package.json": PKG,
        "next.config.mjs": """
            const BASE = process.env.NEXT_PUBLIC_BASE_PATH || '/shop';
            /** @type {import('next').NextConfig} */
            const nextConfig = { basePath: BASE, trailingSlash: true, reactStrictMode: true };
            export default nextConfig;
        """,
        "app/api/cart/route.ts": "export async function GET() { return Response.json([]); }",
        "app/route.ts": "export async function GET() { return Response.json({}); }",
        "components/cart.tsx": """
            export const loadCart = () => fetch('/shop/api/cart');
            export const forgotBase = () => fetch('/api/cart');
        """,
    }
    a = analysis(files)
    assert {(r.method, r.path, r.trailing_slash) for r in a.routes} == {
        ("GET", "/shop/api/cart/", "redirect"), ("GET", "/shop/", "redirect")}
    got = links(a)
    assert got[("GET", "/shop/api/cart")] == ["/shop/api/cart/"]
    assert got[("GET", "/api/cart")] == []


def test_skip_trailing_slash_redirect_makes_the_slash_strict():
    files = {
        "package.json": PKG,
        "next.config.js": "module.exports = { skipTrailingSlashRedirect: true };",
        "app/api/cart/route.ts": "export async function POST() { return Response.json([]); }",
        "components/cart.tsx": "export const add = () => fetch('/api/cart/', { method: 'POST' });",
    }
    a = analysis(files)
    assert [r.trailing_slash for r in a.routes] == ["strict"]
    assert links(a)[("POST", "/api/cart/")] == []


def test_page_extensions():
    files = {
        "package.json": PKG,
        "next.config.js": """
            const withMDX = require('@next/mdx')();
            module.exports = withMDX({ pageExtensions: ['page.tsx', 'api.ts'] });
        """,
        "pages/api/users.api.ts": "export default function handler(req, res) {}",
        "pages/api/utils.ts": "export default function notARoute() {}",
        "app/api/status/route.api.ts": "export function GET() {}",
        "app/api/other/route.ts": "export function GET() {}",
    }
    assert routes(files) == {("ANY", "/api/users"), ("GET", "/api/status")}


REWRITES = {
    "package.json": PKG,
    "next.config.js": """
        const { withSentryConfig } = require('@sentry/nextjs');

        /** @type {import('next').NextConfig} */
        const nextConfig = {
          async rewrites() {
            return {
              beforeFiles: [{ source: '/v1/:path*', destination: '/api/:path*' }],
              afterFiles: [
                { source: '/feed.xml', destination: '/api/rss' },
                { source: '/backend/:path*', destination: `${process.env.API_URL}/:path*` },
              ],
              fallback: [],
            };
          },
          async redirects() {
            return [
              { source: '/api/old-posts/:id', destination: '/api/posts/:id', permanent: true },
              { source: '/github', destination: 'https://github.com/acme', permanent: false },
            ];
          },
        };

        module.exports = withSentryConfig(nextConfig, { silent: true });
    """,
    "app/api/posts/[id]/route.ts": """
        export async function GET() { return Response.json({}); }
        export async function DELETE() { return new Response(null, { status: 204 }); }
    """,
    "app/api/rss/route.ts": "export async function GET() { return new Response('<rss/>'); }",
    "app/api/v1/status/route.ts": "export async function GET() { return Response.json({}); }",
}


def test_rewrites_and_redirects_make_aliases_of_the_destination_route():
    a = analysis(REWRITES)
    got = {(r.method, r.path, r.via) for r in a.routes}
    assert got == {
        ("GET", "/api/posts/{id}", ""), ("DELETE", "/api/posts/{id}", ""),
        ("GET", "/api/rss", ""), ("GET", "/api/v1/status", ""),
        ("GET", "/v1/posts/{id}", "rewrite /v1/:path* -> /api/:path*"),
        ("DELETE", "/v1/posts/{id}", "rewrite /v1/:path* -> /api/:path*"),
        ("GET", "/v1/rss", "rewrite /v1/:path* -> /api/:path*"),
        ("GET", "/v1/v1/status", "rewrite /v1/:path* -> /api/:path*"),
        ("GET", "/feed.xml", "rewrite /feed.xml -> /api/rss"),
        ("GET", "/api/old-posts/{id}", "redirect /api/old-posts/:id -> /api/posts/:id"),
        ("DELETE", "/api/old-posts/{id}", "redirect /api/old-posts/:id -> /api/posts/:id"),
    }
    alias = next(r for r in a.routes if r.path == "/feed.xml")
    rss = next(r for r in a.routes if r.path == "/api/rss")
    assert (alias.file, alias.span, alias.handler) == (rss.file, rss.span, rss.handler)


def test_a_call_through_a_rewrite_reaches_the_handler_and_aliases_are_never_unused():
    files = dict(REWRITES)
    files["components/feed.tsx"] = """
        export const feed = () => fetch('/feed.xml');
        export const old = (id) => fetch(`/api/old-posts/${id}`, { method: 'DELETE' });
    """
    a = analysis(files)
    assert links(a)[("GET", "/feed.xml")] == ["/feed.xml"]
    unused = {m for c, m in codes(a) if c == "unused-route"}
    # the rss handler is reached through the rewrite, DELETE through the redirect
    assert unused == {"No indexed call reaches GET /api/posts/{id}",
                      "No indexed call reaches GET /api/v1/status"}


def test_base_path_applies_to_rewrites_unless_the_rule_opts_out():
    files = {
        "package.json": PKG,
        "next.config.ts": """
            import type { NextConfig } from 'next';
            const nextConfig: NextConfig = {
              basePath: '/docs',
              rewrites: async () => [
                { source: '/search', destination: '/api/search' },
                { source: '/s', destination: '/docs/api/search', basePath: false },
              ],
            };
            export default nextConfig;
        """,
        "app/api/search/route.ts": "export async function GET() { return Response.json([]); }",
    }
    assert routes(files) == {("GET", "/docs/api/search"), ("GET", "/docs/search"), ("GET", "/s")}


def test_a_config_function_and_an_unused_config_are_read_statically():
    files = {
        "package.json": PKG,
        "next.config.js": """
            const { PHASE_DEVELOPMENT_SERVER } = require('next/constants');
            module.exports = (phase, { defaultConfig }) => {
              if (phase === PHASE_DEVELOPMENT_SERVER) {
                return { basePath: '/dev' };
              }
              return { basePath: '/prod' };
            };
        """,
        "app/api/ping/route.ts": "export const GET = () => new Response('pong');",
    }
    # the first object the function returns (development) is read
    assert routes(files) == {("GET", "/dev/api/ping")}


def test_editing_next_config_updates_the_routes():
    files = {
        "package.json": PKG,
        "next.config.js": "module.exports = { basePath: '/a' };",
        "app/api/ping/route.ts": "export const GET = () => new Response('pong');",
        "components/ping.ts": "export const ping = () => fetch('/b/api/ping');",
    }
    index = build_index(files)
    assert [r.path for r in index.routes] == ["/a/api/ping"]
    assert [m.routes for m in index.analysis().matches] == [()]
    index.apply_changes({"/ws/next.config.js": b"module.exports = { basePath: '/b' };"})
    assert [r.path for r in index.routes] == ["/b/api/ping"]
    assert [len(m.routes) for m in index.analysis().matches] == [1]
    fresh = build_index({**files, "next.config.js": "module.exports = { basePath: '/b' };"})
    assert fresh.snapshot() == index.snapshot()


def test_route_groups_resolving_to_one_path_are_duplicates():
    files = {
        "package.json": PKG,
        "app/(shop)/api/cart/route.ts": "export async function GET() { return Response.json([]); }",
        "app/(admin)/api/cart/route.ts": "export async function GET() { return Response.json([]); }",
    }
    a = analysis(files)
    assert [f.code for f in a.findings] == ["duplicate-route"]
