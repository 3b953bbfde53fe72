"""django-ninja rules (routelink.frameworks.ninja): NinjaAPI and Router operations,
add_router with a router object or a dotted string, served where a Django URLconf includes
``api.urls``; brace paths with the converter first."""

from __future__ import annotations

import pytest
from routelink.frameworks.ninja import FRAMEWORK

from .helpers import routes


def test_django_ninja_api_and_routers():
    got = routes({
        "settings.py": 'ROOT_URLCONF = "urls"\n',
        "urls.py": """
            from django.urls import path
            from api import api
            urlpatterns = [path("api/", api.urls)]
        """,
        "api.py": """
            from ninja import NinjaAPI
            from events.api import router as events_router
            api = NinjaAPI()
            api.add_router("/events/", events_router)
            api.add_router("/blog/", "blog.api.router")

            @api.get("/hello")
            def hello(request): ...
        """,
        "events/__init__.py": "",
        "events/api.py": """
            from ninja import Router
            router = Router()
            @router.get("/")
            def list_events(request): ...
            @router.api_operation(["POST", "PATCH"], "/{int:event_id}")
            def change(request, event_id: int): ...
        """,
        "blog/__init__.py": "",
        "blog/api.py": """
            from ninja import Router
            router = Router()
            @router.delete("/posts/{post_id}")
            def delete_post(request, post_id: int): ...
        """,
    })
    assert got == {("GET", "/api/hello"), ("GET", "/api/events/"), ("POST", "/api/events/{event_id}"),
                   ("PATCH", "/api/events/{event_id}"), ("DELETE", "/api/blog/posts/{post_id}")}


@pytest.mark.parametrize("raw, want", [
    ("/events/{int:event_id}", "/events/{event_id}"),  # django-ninja writes the converter first
    ("/static/{path:rest}", "/static/{rest*}"),
])
def test_ninja_paths(raw, want):
    assert FRAMEWORK.convert_path(raw) == [(want, None)]
