"""Path normalization rules of each Python framework (SPEC "Path templates")."""

from __future__ import annotations

import pytest

from routelink.frameworks.django import django_path, regex_path
from routelink.frameworks.fastapi import starlette_path
from routelink.frameworks.flask import flask_path


@pytest.mark.parametrize("raw, want", [
    ("/items/{item_id}", "/items/{item_id}"),
    ("/files/{file_path:path}", "/files/{file_path*}"),
    ("/users/{user_id:int}/orders/{order_id:uuid}", "/users/{user_id}/orders/{order_id}"),
    ("", ""),
    ("/", "/"),
    ("/items/", "/items/"),
    ("/events/{int:event_id}", "/events/{event_id}"),  # django-ninja writes the converter first
    ("/static/{path:rest}", "/static/{rest*}"),
])
def test_starlette_paths(raw, want):
    assert starlette_path(raw) == want


@pytest.mark.parametrize("raw, want", [
    ("/users/<int:user_id>", "/users/{user_id}"),
    ("/files/<path:filename>", "/files/{filename*}"),
    ("/articles/<slug>/comments/<cid>", "/articles/{slug}/comments/{cid}"),
    ("/pages/<any(about, help):page>", "/pages/{page}"),
    ("/sized/<string(length=2):code>/", "/sized/{code}/"),
    ("items", "/items"),
])
def test_flask_paths(raw, want):
    assert flask_path(raw) == want


@pytest.mark.parametrize("raw, want", [
    ("users/<int:pk>/", "/users/{pk}/"),
    ("docs/<path:rest>", "/docs/{rest*}"),
    ("posts/<slug:slug>/<uuid:uid>", "/posts/{slug}/{uid}"),
    ("<year>/", "/{year}/"),
    ("", ""),
])
def test_django_paths(raw, want):
    assert django_path(raw) == want


@pytest.mark.parametrize("raw, want, optional", [
    (r"^articles/(?P<slug>[-\w]+)/$", "/articles/{slug}/", False),
    (r"^articles/feed/?$", "/articles/feed", True),
    (r"^$", "", False),
    (r"^api/", "/api/", False),
    (r"^media/(?P<path>.*)$", "/media/{path*}", False),
    (r"^archive/(\d{4})/(\d{2})/$", "/archive/{arg1}/{arg2}/", False),
    (r"ws/chat/(?P<room_name>\w+)/$", "/ws/chat/{room_name}/", False),
    (r"^users/(?P<pk>[^/.]+)\Z", "/users/{pk}", False),
    (r"^about\.json$", "/about.json", False),
    (r"^v(?:1)/items/$", "/v1/items/", False),
    (r"^(?:.*)/?$", "/{arg1*}", True),  # a single-page app's catch-all
    (r"^.*$", "/{arg1*}", False),
    (r"^.*\.(?P<format>.+)$", "/{arg1}.{format}", False),
    (r"^api/(?P<version>(v1|v2))/", "/api/{version}/", False),
])
def test_regex_paths(raw, want, optional):
    assert regex_path(raw) == (want, optional)
