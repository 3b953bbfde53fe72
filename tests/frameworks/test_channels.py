"""Channels rules (routelink.frameworks.channels): WebSocket routes (method WS) to consumers,
ProtocolTypeRouter/URLRouter nesting, and their links to `new WebSocket`."""

from __future__ import annotations

from tests.conftest import written_path

from .helpers import facts, findings, routes

ASGI = """
    import os
    from channels.auth import AuthMiddlewareStack
    from channels.routing import ProtocolTypeRouter, URLRouter
    from channels.security.websocket import AllowedHostsOriginValidator
    from django.core.asgi import get_asgi_application
    import chat.routing

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
    django_asgi_app = get_asgi_application()

    application = ProtocolTypeRouter({
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(chat.routing.websocket_urlpatterns))
        ),
    })
"""
ROUTING = """
    from django.urls import path, re_path
    from . import consumers

    websocket_urlpatterns = [
        re_path(r"ws/chat/(?P<room_name>\\w+)/$", consumers.ChatConsumer.as_asgi()),
        path("ws/notifications/", consumers.NotificationConsumer.as_asgi()),
    ]
"""


def test_websocket_urlpatterns_are_ws_routes():
    f = facts(ROUTING)
    assert [(r.method, written_path(r), r.handler, r.framework, r.trailing_slash) for r in f.routes] == [
        ("WS", "/ws/chat/{room_name}/", "ChatConsumer", "channels", "strict"),
        ("WS", "/ws/notifications/", "NotificationConsumer", "channels", "strict"),
    ]
    (router,) = f.routers
    assert router.key == "websocket_urlpatterns" and router.root_candidate


def test_protocol_type_router_mounts_the_patterns_and_links_websocket_calls():
    files = {
        "mysite/asgi.py": ASGI,
        "chat/__init__.py": "",
        "chat/routing.py": ROUTING,
        "chat/consumers.py": """
            from channels.generic.websocket import AsyncWebsocketConsumer
            class ChatConsumer(AsyncWebsocketConsumer): ...
            class NotificationConsumer(AsyncWebsocketConsumer): ...
        """,
        "web/chat.js": """
            const WS_BASE = 'ws://localhost:8000';
            export function connect(room) {
              return new WebSocket(`${WS_BASE}/ws/chat/${room}/`);
            }
            export const bad = () => new WebSocket(`${WS_BASE}/ws/chats/lobby/`);
        """,
    }
    assert routes(files) == {("WS", "/ws/chat/{room_name}/"), ("WS", "/ws/notifications/")}
    got = findings(files)
    assert ("unmatched-call", "chat.js", 5) in got
    assert not any(c == "unmatched-call" and line == 3 for c, _, line in got)
    assert ("unused-route", "routing.py", 6) in got
    assert not any(c == "unmounted-route" for c, _, _ in got)


def test_nested_url_router_and_inline_list():
    got = routes({"asgi.py": """
        from channels.routing import ProtocolTypeRouter, URLRouter
        from django.urls import path
        from game.consumers import GameConsumer, LobbyConsumer
        application = ProtocolTypeRouter({
            "websocket": URLRouter([
                path("ws/game/", URLRouter([
                    path("<int:game_id>/", GameConsumer.as_asgi()),
                    path("lobby/", LobbyConsumer),
                ])),
            ]),
        })
    """})
    assert got == {("WS", "/ws/game/{game_id}/"), ("WS", "/ws/game/lobby/")}
