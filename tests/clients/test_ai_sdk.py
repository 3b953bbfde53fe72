"""AI SDK: useChat / useCompletion / useObject and chat transports POST to their api."""

from __future__ import annotations

from tests.conftest import build_index

PKG = '{"name": "chat", "dependencies": {"next": "15.3.0", "ai": "5.0.0", "@ai-sdk/react": "2.0.0"}}'


def test_hooks_transports_and_default_apis_link_to_route_handlers():
    a = build_index({
        "package.json": PKG,
        "app/(chat)/api/chat/route.ts": "export async function POST(request: Request) { return new Response(); }\n",
        "app/api/completion/route.ts": "export async function POST(req: Request) { return new Response(); }\n",
        "app/api/notifications/route.ts": "export async function POST(req: Request) { return new Response(); }\n",
        "components/chat.tsx": """
            'use client';
            import { useChat } from '@ai-sdk/react';
            import { DefaultChatTransport } from 'ai';
            import { fetchWithErrorHandlers } from '@/lib/utils';

            export function Chat({ id }) {
              const { messages, sendMessage } = useChat({
                id,
                transport: new DefaultChatTransport({
                  api: '/api/chat',
                  fetch: fetchWithErrorHandlers,
                }),
              });
              return null;
            }
        """,
        "components/legacy.tsx": """
            import { useChat, useCompletion, experimental_useObject as useObject } from 'ai/react';
            export function Legacy() {
              const chat = useChat();
              const completion = useCompletion();
              const { object, submit } = useObject({ api: '/api/notifications', schema });
              const support = useChat({ api: '/api/support' });
              return null;
            }
        """,
    }).analysis()
    got = sorted((c.method, c.path, c.client, c.file.rsplit("/", 1)[-1], c.span.line + 1,
                  [a.routes[i].path for i in m.routes]) for c, m in zip(a.calls, a.matches))
    assert got == [
        ("POST", "/api/chat", "ai-sdk", "chat.tsx", 10, ["/api/chat"]),
        ("POST", "/api/chat", "ai-sdk", "legacy.tsx", 4, ["/api/chat"]),
        ("POST", "/api/completion", "ai-sdk", "legacy.tsx", 5, ["/api/completion"]),
        ("POST", "/api/notifications", "ai-sdk", "legacy.tsx", 6, ["/api/notifications"]),
        ("POST", "/api/support", "ai-sdk", "legacy.tsx", 7, []),
    ]
    assert [f.code for f in a.findings] == ["unmatched-call"]
