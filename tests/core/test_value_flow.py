"""Value flow from where a value is written to where a request is made: locals anywhere
in a function, values returned by functions, query strings, API-client classes, client
instances passed as arguments. Fixtures are written the way real frontends write them."""

from __future__ import annotations

from tests.conftest import build_index, calls_of


def test_locals_declared_in_blocks_branches_and_loops():
    assert calls_of({"web/src/services/orders.ts": """
        import axios from 'axios';
        export async function loadOrders(status?: string) {
          try {
            const url = '/api/orders';
            const res = await fetch(url);
            return await res.json();
          } catch (err) {
            console.error(err);
          }
        }
        export async function exportOrders(format: string) {
          let endpoint;
          if (format === 'csv') {
            endpoint = '/api/orders/export.csv';
          } else {
            endpoint = '/api/orders/export';
          }
          return fetch(endpoint);
        }
        export async function search(q: string, page: number) {
          let url = '/api/orders/search';
          url += `?q=${q}`;
          if (page) url += `&page=${page}`;
          return fetch(url);
        }
        export function remove(id: string) {
          for (const attempt of [1, 2]) {
            const target = `/api/orders/${id}`;
            fetch(target, { method: 'DELETE' });
          }
        }
        export function send(order, dryRun) {
          const url = dryRun ? '/api/orders/validate' : '/api/orders';
          const method = 'POST';
          return axios({ url, method, data: order });
        }
        export function maybe(id) {
          const url = id ? `/api/orders/${id}` : null;
          return fetch(url);
        }
    """}) == [
        ("DELETE", "/api/orders/{}", "fetch", True),
        ("GET", "/api/orders", "fetch", True),
        ("GET", "/api/orders/export", "fetch", True),
        ("GET", "/api/orders/export.csv", "fetch", True),
        ("GET", "/api/orders/search", "fetch", True),
        ("GET", "/api/orders/{}", "fetch", True),
        ("POST", "/api/orders", "axios", True),
        ("POST", "/api/orders/validate", "axios", True),
    ]


def test_values_returned_by_functions():
    assert calls_of({"web/src/lib/config.ts": """
        function pickBase() {
          const env = import.meta.env.VITE_API_URL;
          if (env) return env.trim();
          return '/api';
        }
        export const getApiUrl = () => (import.meta.env.VITE_API ?? 'http://localhost:8080/api').toString();
        export const API_BASE = pickBase();
        export const wsBase = () => getApiUrl().replace(/^http/, 'ws');
        """,
        "web/src/lib/api.ts": """
        import { API_BASE, getApiUrl, wsBase } from './config';
        export const users = () => fetch(`${API_BASE}/users`);
        export const items = () => fetch(`${getApiUrl()}/items`);
        export const live = () => new WebSocket(`${wsBase()}/live`);
    """}) == [
        ("GET", "/api/items", "fetch", True),
        ("GET", "/api/users", "fetch", True),
        ("WS", "/api/live", "websocket", True),
    ]


def test_holes_in_the_query_string_leave_a_resolved_call():
    assert calls_of({"web/src/chat.ts": """
        export const join = (roomId) => new WebSocket(`/chat?room=${roomId}`);
        export const find = (q, p) => fetch(`/api/search?q=${encodeURIComponent(q)}&page=${p}`);
        export const page = (params) => fetch('/api/items?' + new URLSearchParams(params));
    """}) == [
        ("GET", "/api/items", "fetch", True),
        ("GET", "/api/search", "fetch", True),
        ("WS", "/chat", "websocket", True),
    ]
