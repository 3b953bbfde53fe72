"""SWR: useSWR / useSWRImmutable / useSWRInfinite / useSWRMutation keys are the URLs; the
fetcher (a wrapper, a client, a global one from SWRConfig) gives the method and base."""

from __future__ import annotations

import textwrap

from tests.conftest import build_index, calls_of

PKG = '{"name": "web", "dependencies": {"next": "15.1.0", "react": "19.0.0", "swr": "2.2.5"}}'
TSCONFIG = '{"compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["./*"]}}}'

UTILS = """
    export const fetcher = async (url: string) => {
      const res = await fetch(url);
      if (!res.ok) {
        const { code, cause } = await res.json();
        throw new ChatError(code, cause);
      }
      return res.json();
    };
"""


def where(files):
    """(method, path, client, line) of every call."""
    a = build_index(files).analysis()
    return sorted((c.method or "ANY", c.path, c.client, c.span.line + 1) for c in a.calls)


def test_keys_strings_conditional_arrays_and_functions():
    assert where({"package.json": PKG, "tsconfig.json": TSCONFIG, "lib/utils.ts": UTILS,
                  "components/chat.tsx": """
        'use client';
        import useSWR from 'swr';
        import { fetcher } from '@/lib/utils';

        const fetchWithTokenV1 = (url: string, token: string) =>
          fetch(url, { headers: { Authorization: token } }).then((res) => res.json());

        export function Chat({ id, messages, documentId, token }) {
          const { data: votes } = useSWR<Vote[]>(
            messages.length >= 2 ? `/api/vote?chatId=${id}` : null,
            fetcher
          );
          const { data: doc } = useSWR(documentId ? `/api/document/${documentId}` : null, fetcher);
          const { data: me } = useSWR(['/api/user', token], ([url, t]) => fetchWithToken(url, t));
          const { data: org } = useSWR(token ? ['/api/org', token] : null, ([url, t]) =>
            fetch(url, { headers: { Authorization: `Bearer ${t}` } }).then((r) => r.json()));
          const { data: team } = useSWR(['/api/team', token], fetchWithTokenV1);
          const { data: item } = useSWR(() => (id ? `/api/items/${id}` : null), fetcher);
          const { data: off } = useSWR(null, fetcher);
          const { data: brand } = useSWR(documentId && token && `/api/teams/${token}/branding`, fetcher);
          return null;
        }
    """}) == [
        ("GET", "/api/document/{}", "swr", 14),
        ("GET", "/api/items/{}", "swr", 19),
        ("GET", "/api/org", "swr", 16),  # SWR 2: the array key to a destructuring fetcher
        ("GET", "/api/team", "swr", 18),  # SWR 1: its elements as the fetcher's arguments
        ("GET", "/api/teams/{}/branding", "swr", 21),
        ("GET", "/api/user", "swr", 15),
        ("GET", "/api/vote", "swr", 10),
    ]


def test_infinite_key_function_mutation_and_immutable():
    assert where({"package.json": PKG, "tsconfig.json": TSCONFIG, "lib/utils.ts": UTILS,
                  "components/sidebar-history.tsx": """
        import useSWRInfinite from 'swr/infinite';
        import useSWRImmutable from 'swr/immutable';
        import useSWRMutation from 'swr/mutation';
        import { fetcher } from '@/lib/utils';

        const PAGE_SIZE = 20;

        export function getChatHistoryPaginationKey(pageIndex: number, previousPageData: ChatHistory) {
          if (previousPageData && previousPageData.hasMore === false) {
            return null;
          }
          if (pageIndex === 0) return `/api/history?limit=${PAGE_SIZE}`;
          const firstChatFromPage = previousPageData.chats.at(-1);
          if (!firstChatFromPage) return null;
          return `/api/history?ending_before=${firstChatFromPage.id}&limit=${PAGE_SIZE}`;
        }

        async function updateUser(url: string, { arg }: { arg: { name: string } }) {
          await fetch(url, { method: 'PATCH', body: JSON.stringify(arg) });
        }

        export function SidebarHistory() {
          const { data, setSize } = useSWRInfinite<ChatHistory>(getChatHistoryPaginationKey, fetcher, {
            fallbackData: [],
          });
          const { data: config } = useSWRImmutable('/api/config', fetcher);
          const { trigger } = useSWRMutation('/api/user', updateUser);
          const { trigger: upload } = useSWRMutation('/api/upload', uploadFile);
          return null;
        }
    """}) == [
        ("ANY", "/api/upload", "swr", 29),
        ("GET", "/api/config", "swr", 27),
        ("GET", "/api/history", "swr", 24),
        ("PATCH", "/api/user", "swr", 28),
    ]


def test_local_state_and_cache_keys_are_no_requests():
    # useSWR as a store (`null` fetcher), mutate() and cache reads: not requests
    assert where({"package.json": PKG, "hooks/use-artifact.ts": """
        import useSWR, { useSWRConfig } from 'swr';

        export function useArtifact(chatId: string) {
          const { mutate, cache } = useSWRConfig();
          const history = cache.get('/api/history')?.data;
          const { data: localArtifact, mutate: setLocalArtifact } = useSWR<UIArtifact>('artifact', null, {
            fallbackData: initialArtifactData,
          });
          const { data: visibility } = useSWR(`${chatId}-visibility`, null, { fallbackData: 'private' });
          const { data: meta } = useSWR(() => (chatId ? `artifact-metadata-${chatId}` : null), null);
          mutate('/api/history');
          return localArtifact;
        }
    """}) == []


def test_inline_fetchers_go_through_their_client_and_are_counted_once():
    assert where({"package.json": PKG, "tsconfig.json": TSCONFIG,
                  "lib/api.ts": """
        import axios from 'axios';
        export const api = axios.create({ baseURL: '/api/v1' });
    """,
                  "components/profile.tsx": """
        import useSWR from 'swr';
        import { api } from '@/lib/api';

        export function Profile({ id }) {
          const { data: user } = useSWR(`/users/${id}`, (url) => api.get(url).then((res) => res.data));
          const { data: teams } = useSWR('/teams', (...args) => fetch(...args).then((res) => res.json()));
          const { data: me } = useSWR('/api/v1/me', () => api.get('/me').then((res) => res.data));
          return null;
        }
    """}) == [
        ("GET", "/api/v1/me", "axios", 8),  # the fetcher's own request, once
        ("GET", "/api/v1/users/{}", "swr", 6),
        ("GET", "/teams", "swr", 7),
    ]


def test_a_fetcher_is_never_an_orphan_call():
    # the wrapper fetcher's body is no call of its own, inline or imported
    a = build_index({"package.json": PKG, "tsconfig.json": TSCONFIG, "lib/utils.ts": UTILS,
                     "lib/fetchers.ts": """
        export const jsonFetcher = (...args: Parameters<typeof fetch>) =>
          fetch(...args).then((res) => res.json());
    """, "components/a.tsx": """
        import useSWR from 'swr';
        import { jsonFetcher } from '@/lib/fetchers';
        export const A = () => {
          useSWR('/api/a', jsonFetcher);
          useSWR('/api/b', (u: string) => fetch(u, { credentials: 'include' }).then((r) => r.json()));
          return null;
        };
    """}).analysis()
    assert sorted((c.method, c.path, c.file.rsplit("/", 1)[-1]) for c in a.calls) == [
        ("GET", "/api/a", "a.tsx"), ("GET", "/api/b", "a.tsx")]
    assert not [f for f in a.findings if f.code == "unresolved-call"]


def test_global_fetcher_from_swrconfig_adds_its_base():
    assert where({
        "web/package.json": PKG,
        "web/pages/_app.tsx": """
            import { SWRConfig } from 'swr';
            const API = process.env.NEXT_PUBLIC_API_URL ?? '/api';
            export default function App({ Component, pageProps }) {
              return (
                <SWRConfig value={{ fetcher: (resource, init) => fetch(`${API}${resource}`, init).then((res) => res.json()), refreshInterval: 3000 }}>
                  <Component {...pageProps} />
                </SWRConfig>
              );
            }
        """,
        "web/components/team.tsx": """
            import useSWR from 'swr';
            export function Team({ id }) {
              const { data } = useSWR(`/teams/${id}`);
              const { data: members } = useSWR(`/teams/${id}/members`, { refreshInterval: 0 });
              return null;
            }
        """,
    }) == [("GET", "/api/teams/{}", "swr", 4), ("GET", "/api/teams/{}/members", "swr", 5)]


def test_no_known_fetcher_links_as_get_of_a_url_key():
    # a fetcher from a package, a parameter, or none (and no SWRConfig in sight)
    assert calls_of({"package.json": PKG, "src/hooks.ts": """
        import useSWR from 'swr';
        import { request } from 'graphql-request';
        export const useStats = () => useSWR('/api/stats');
        export const useFeed = (fetcher) => useSWR('/api/feed', fetcher);
        export const useNamed = () => useSWR('stats-key', request);
    """}) == [("GET", "/api/feed", "swr", True), ("GET", "/api/stats", "swr", True)]


def test_a_custom_hook_over_useswr_is_a_wrapper():
    assert where({"package.json": PKG, "tsconfig.json": TSCONFIG, "lib/utils.ts": UTILS,
                  "hooks/use-api.ts": """
        import useSWR from 'swr';
        import { fetcher } from '@/lib/utils';
        export function useApi<T>(path: string | null) {
          return useSWR<T>(path ? `/api${path}` : null, fetcher);
        }
    """, "components/list.tsx": """
        import { useApi } from '@/hooks/use-api';
        export function List() {
          const { data } = useApi('/projects');
          return null;
        }
    """}) == [("GET", "/api/projects", "swr", 4)]


NEXT_ROUTES = {
    "package.json": PKG,
    "tsconfig.json": TSCONFIG,
    "lib/utils.ts": UTILS,
    "app/(chat)/api/document/route.ts": """
        export async function GET(request: Request) { return Response.json([]); }
        export async function POST(request: Request) { return Response.json({}); }
    """,
    "app/(chat)/api/history/route.ts": """
        export async function GET(request: Request) { return Response.json({}); }
    """,
}


def test_swr_calls_link_to_next_route_handlers_and_keep_them_used():
    files = dict(NEXT_ROUTES)
    files["components/document-preview.tsx"] = """
        import useSWR from 'swr';
        import useSWRInfinite from 'swr/infinite';
        import { fetcher } from '@/lib/utils';
        const getKey = (pageIndex: number) => `/api/history?page=${pageIndex}`;
        export function DocumentPreview({ result }) {
          const { data } = useSWR(result ? `/api/document?id=${result.id}` : null, fetcher);
          const { data: pages } = useSWRInfinite(getKey, fetcher);
          const { data: bad } = useSWR('/api/documents', fetcher);
          return null;
        }
    """
    a = build_index(files).analysis()
    linked = {(c.method, c.path): [a.routes[i].path for i in m.routes] for c, m in zip(a.calls, a.matches)}
    assert linked == {("GET", "/api/document"): ["/api/document"],
                      ("GET", "/api/history"): ["/api/history"],
                      ("GET", "/api/documents"): []}
    unused = {f.message for f in a.findings if f.code == "unused-route"}
    assert unused == {"No indexed call reaches POST /api/document"}
    assert [(f.code, f.span.line + 1) for f in a.findings if f.code == "unmatched-call"] == [
        ("unmatched-call", 9)]


def test_adding_a_global_fetcher_re_resolves_the_hooks():
    # the incremental invariant: editing SWRConfig's file changes every useSWR call
    from routelink.index import WorkspaceIndex

    app_before = """
        export default function App({ Component, pageProps }) {
          return <Component {...pageProps} />;
        }
    """
    app_after = """
        import { SWRConfig } from 'swr';
        export default function App({ Component, pageProps }) {
          return (
            <SWRConfig value={{ fetcher: (u) => fetch('/backend' + u).then((r) => r.json()) }}>
              <Component {...pageProps} />
            </SWRConfig>
          );
        }
    """
    team = "import useSWR from 'swr';\nexport const Team = () => useSWR('/teams');\n"
    files = {"package.json": PKG, "pages/_app.tsx": app_before, "components/team.tsx": team}
    index = build_index(files)
    assert [c.path for c in index.analysis().calls] == ["/teams"]
    index.apply_changes({"/ws/pages/_app.tsx": textwrap.dedent(app_after).encode()})
    fresh = build_index({**files, "pages/_app.tsx": app_after})
    assert [c.path for c in index.analysis().calls] == ["/backend/teams"]
    assert index.snapshot() == fresh.snapshot()
    index.apply_changes({"/ws/pages/_app.tsx": textwrap.dedent(app_before).encode()})
    assert [c.path for c in index.analysis().calls] == ["/teams"]
    assert isinstance(index, WorkspaceIndex)
