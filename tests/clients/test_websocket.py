"""WebSocket connections: the browser constructor and the websocket packages."""

from __future__ import annotations

from tests.conftest import calls_of


def test_websocket_calls():
    assert calls_of({"src/ws.ts": """
        const WS_BASE = import.meta.env.VITE_WS_URL || 'ws://localhost:8000';
        export const chat = (room: string) => new WebSocket(`${WS_BASE}/ws/chat/${room}/`);
    """}) == [("WS", "/ws/chat/{}/", "websocket", True)]

def test_websocket_packages_and_unknown_methods():
    assert calls_of({"src/chat.js": """
        import { w3cwebsocket as W3CWebSocket } from 'websocket';
        import ReconnectingWebSocket from 'reconnecting-websocket';
        export const a = (id) => new W3CWebSocket(`ws://localhost:8000/ws/game/${id}/`);
        export const b = () => new ReconnectingWebSocket('ws://localhost:8000/ws/lobby/');
        export async function call({ url, data, method }) {
          return fetch('/api/moves', { method: method.toUpperCase(), body: data });
        }
    """}) == [
        ("ANY", "/api/moves", "fetch", True),
        ("WS", "/ws/game/{}/", "websocket", True),
        ("WS", "/ws/lobby/", "websocket", True),
    ]
