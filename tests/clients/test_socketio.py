"""socket.io-client: WS requests to the engine.io path (``/socket.io/`` unless ``path``
says otherwise); namespaces and origins do not change it."""

from __future__ import annotations

from tests.conftest import build_index, calls_of


def test_import_forms_urls_and_options():
    assert calls_of({"src/socket.js": """
        import io from 'socket.io-client';
        import { io as connectTo, Manager } from 'socket.io-client';
        const { connect } = require('socket.io-client');
        export const a = io();
        export const b = io('/chat');
        export const c = io('http://localhost:4000/admin', { transports: ['websocket'] });
        export const d = connectTo({ path: '/api/socket.io' });
        export const e = io.connect(process.env.VUE_APP_SOCKET_URL, { path: '/rt/' });
        export const f = connect(window.location.origin, { path: '/live' });
        export const g = new Manager('https://example.com', { path: '/mgr' }).socket('/ns');
        export const h = io('https://push.example.org');
    """}) == [
        ("WS", "/api/socket.io/", "socketio", True),
        ("WS", "/live/", "socketio", True),
        ("WS", "/rt/", "socketio", True),
        ("WS", "/socket.io/", "socketio", True),
        ("WS", "/socket.io/", "socketio", True),
        ("WS", "/socket.io/", "socketio", True),
    ]


def test_the_global_io_of_the_served_script_and_a_local_io_that_is_not_the_client():
    assert calls_of({
        "public/js/chat.js": """
            const socket = io();
            socket.on('message', (msg) => render(msg));
            document.querySelector('form').addEventListener('submit', () => socket.emit('message', input.value));
        """,
        "server/io.js": """
            const io = require('socket.io')(3000);
            io.emit('tick');
            io.to('room').emit('x');
        """,
    }) == [("WS", "/socket.io/", "socketio", True)]


def test_calls_link_to_a_socket_io_route_of_any_framework():
    index = build_index({
        "server/index.js": """
            const { Server } = require('socket.io');
            const io = new Server(3000);
        """,
        "web/a.js": "import { io } from 'socket.io-client'; export const s = io('http://localhost:3000/chat');",
    })
    a = index.analysis()
    assert [(c.method, c.path, [a.routes[i].path for i in m.routes]) for c, m in zip(a.calls, a.matches)] == [
        ("WS", "/socket.io/", ["/socket.io"])]
