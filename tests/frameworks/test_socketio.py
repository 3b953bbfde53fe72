"""socket.io 4 servers: a WS endpoint at the ``path`` option (default ``/socket.io/``,
trailing slash ignored), however the server is created, linked to socket.io-client calls."""

from __future__ import annotations

from tests.conftest import build_index


def ws_routes(index) -> set[tuple[str, str, str, bool]]:
    return {(r.method, r.path, r.trailing_slash, r.mounted) for r in index.analysis().routes
            if r.framework == "socketio"}


def links(index) -> dict[tuple[str, str, str], list[str]]:
    a = index.analysis()
    return {(c.file.rsplit("/", 1)[-1], c.method or "ANY", c.path):
            sorted(f"{a.routes[i].method} {a.routes[i].path}" for i in m.routes)
            for c, m in zip(a.calls, a.matches)}


def test_server_forms_and_path_option():
    index = build_index({
        "server/index.js": """
            const express = require('express');
            const http = require('http');
            const { Server } = require('socket.io');
            const app = express();
            const server = http.createServer(app);
            const io = new Server(server, { cors: { origin: '*' } });
            io.of('/chat').on('connection', (socket) => socket.join('lobby'));
            server.listen(3000);
        """,
        "server/legacy.js": """
            const http = require('http');
            const server = http.createServer();
            const io = require('socket.io')(server, { path: '/realtime' });
            io.on('connection', (socket) => {});
        """,
        "server/io.js": """
            const Server = require('socket.io');
            const ioOptions = { path: '/socket', serveClient: false };
            const io = new Server(ioOptions);
            module.exports = io;
        """,
        "server/game.ts": """
            import { Server as SocketServer } from 'socket.io';
            import * as socketio from 'socket.io';
            export class GameServer {
              private io: SocketServer;
              start(httpServer) {
                this.io = new SocketServer(httpServer, { path: '/game/socket.io/' });
                const admin = new socketio.Server(4000);
              }
            }
        """,
    })
    assert ws_routes(index) == {
        ("WS", "/socket.io", "ignore", True),
        ("WS", "/realtime", "ignore", True),
        ("WS", "/game/socket.io", "ignore", True),
        ("WS", "/socket", "ignore", True),
    }
    labels = sorted(r.router_label for r in index.analysis().routes if r.framework == "socketio")
    assert labels == ["admin", "io", "io", "io", "this.io"]


def test_namespaces_do_not_change_the_path_and_calls_link():
    index = build_index({
        "server/app.ts": """
            import { createServer } from 'node:http';
            import { Server } from 'socket.io';
            const httpServer = createServer();
            export const io = new Server(httpServer, { path: '/ws' });
            io.of('/admin').on('connection', () => {});
        """,
        "web/src/socket.ts": """
            import { io } from 'socket.io-client';
            const URL = import.meta.env.VITE_SERVER_URL ?? 'http://localhost:3000';
            export const socket = io(URL, { path: '/ws', autoConnect: false });
            export const admin = io(`${URL}/admin`, { path: '/ws/' });
            export const wrong = io(URL);
        """,
    })
    got = links(index)
    assert got[("socket.ts", "WS", "/ws/")] == ["WS /ws"]
    assert got[("socket.ts", "WS", "/socket.io/")] == []
    unmatched = [f for f in index.analysis().findings if f.code == "unmatched-call"]
    assert [(f.file.rsplit("/", 1)[-1], f.span.line) for f in unmatched] == [("socket.ts", 5)]
