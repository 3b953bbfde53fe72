"""NextAuth.js client: signIn, signOut, useSession, getSession reach the app's own
[...nextauth] route, which is then no longer unused."""

from __future__ import annotations

from tests.conftest import build_index

NEXT_APP = {
    "package.json": '{"name": "app", "dependencies": {"next": "14", "next-auth": "4", "react": "18"}}',
    "pages/api/auth/[...nextauth].ts": """
        import NextAuth from 'next-auth';
        import { authOptions } from '@/lib/auth';
        export default NextAuth(authOptions);
    """,
    "pages/api/teams/index.ts": """
        export default async function handle(req, res) { res.json([]); }
    """,
    "app/(auth)/login/page-client.tsx": """
        'use client';
        import { signIn } from 'next-auth/react';
        export default function Login({ email }) {
          return (
            <form onSubmit={() => signIn('email', { email, redirect: false })}>
              <button onClick={() => signIn('google', { callbackUrl: '/documents' })}>Google</button>
              <button onClick={() => signIn('credentials', { email })}>Password</button>
            </form>
          );
        }
    """,
    "components/profile-menu.tsx": """
        import { signOut, useSession, getSession } from 'next-auth/react';
        export function ProfileMenu() {
          const { data: session } = useSession();
          const refresh = () => getSession();
          return <button onClick={() => signOut({ callbackUrl: '/login' })}>{session?.user?.name}</button>;
        }
    """,
}


def test_client_functions_make_their_documented_requests():
    index = build_index(NEXT_APP)
    a = index.analysis()
    calls = sorted({(c.method, c.path, c.client) for c in a.calls})
    assert calls == [
        ("GET", "/api/auth/csrf", "next-auth"),
        ("GET", "/api/auth/providers", "next-auth"),
        ("GET", "/api/auth/session", "next-auth"),
        ("POST", "/api/auth/callback/credentials", "next-auth"),
        ("POST", "/api/auth/signin/email", "next-auth"),
        ("POST", "/api/auth/signin/google", "next-auth"),
        ("POST", "/api/auth/signout", "next-auth"),
    ]
    assert all(m.routes for m in a.matches)
    unused = [a.routes[f.subject[1]].path for f in a.findings if f.code == "unused-route"]
    assert unused == ["/api/teams"]  # the [...nextauth] route is used


def test_nextauth_url_with_a_path_moves_the_base_path():
    index = build_index({**NEXT_APP, ".env": "NEXTAUTH_URL=https://example.com/custom/auth\n"})
    paths = {c.path for c in index.analysis().calls}
    assert "/custom/auth/session" in paths and "/api/auth/session" not in paths
