"""ws 8 servers: a WS endpoint at ``path`` (exact pathname: strict trailing slash), or
any path without one."""

from __future__ import annotations

from tests.conftest import build_index


def links(index) -> dict[tuple[str, str], list[str]]:
    a = index.analysis()
    return {(c.method or "ANY", c.path): sorted(f"{a.routes[i].method} {a.routes[i].path}"
                                                for i in m.routes)
            for c, m in zip(a.calls, a.matches)}


def test_server_forms_paths_and_the_exact_path_rule():
    index = build_index({
        "server/index.js": """
            import express from 'express';
            import { createServer } from 'http';
            import { WebSocketServer } from 'ws';
            const app = express();
            const server = createServer(app);
            const wss = new WebSocketServer({ server, path: '/live' });
            wss.on('connection', (ws) => ws.send('hello'));
            app.get('/api/ping', (req, res) => res.send('pong'));
            server.listen(8080);
        """,
        "web/live.js": """
            const host = window.location.host;
            export const live = () => new WebSocket(`ws://${host}/live`);
            export const liveSlash = () => new WebSocket(`ws://${host}/live/`);
            export const ping = () => fetch('/api/ping');
        """,
    })
    routes = {(r.method, r.path, r.framework) for r in index.analysis().routes}
    assert routes == {("WS", "/live", "ws"), ("GET", "/api/ping", "express")}
    got = links(index)
    assert got[("WS", "/live")] == ["WS /live"]
    assert got[("WS", "/live/")] == []  # ws compares the pathname exactly


def test_servers_without_a_path_accept_any_path():
    index = build_index({
        "server.js": """
            const WebSocket = require('ws');
            const wss = new WebSocket.Server({ port: 8081 });
            wss.on('connection', (socket) => {});
        """,
        "client.js": "export const feed = () => new WebSocket('ws://localhost:8081/feed/prices');",
    })
    assert {(r.method, r.path) for r in index.analysis().routes} == {("WS", "/{path*}")}
    assert links(index) == {("WS", "/feed/prices"): ["WS /{path*}"]}


def test_a_client_websocket_is_not_a_server():
    index = build_index({"client.ts": """
        import WebSocket from 'ws';
        export const connect = () => new WebSocket('ws://localhost:9000/stream');
    """})
    assert index.analysis().routes == []
