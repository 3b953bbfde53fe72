"""Django REST framework rules: routers generating exactly the routes a ViewSet's bases,
mixins and @action methods provide; lookup fields; trailing_slash; the API root view;
generic views; routes pointing at the method that handles them."""

from __future__ import annotations

from tests.conftest import written_path

from .helpers import all_routes, facts, findings, routes

URLS = """
    from django.urls import include, path
    from rest_framework import routers
    from articles import views

    router = routers.DefaultRouter()
    router.register(r"articles", views.ArticleViewSet, basename="article")
    router.register(r"tags", views.TagViewSet)
    router.register(r"users", views.UserViewSet)
    router.register(r"stats", views.StatsViewSet, basename="stats")

    urlpatterns = [
        path("api/", include(router.urls)),
    ]
"""
VIEWS = """
    from rest_framework import mixins, viewsets
    from rest_framework.decorators import action

    class ArticleViewSet(viewsets.ModelViewSet):
        lookup_field = "slug"

        def list(self, request): ...

        @action(detail=True, methods=["post", "delete"], url_path="favorite")
        def favorite(self, request, slug=None): ...

        @action(detail=False)
        def feed(self, request): ...

        @favorite.mapping.put
        def refavorite(self, request, slug=None): ...

    class TagViewSet(viewsets.ReadOnlyModelViewSet):
        lookup_url_kwarg = "tag_id"

    class UserViewSet(mixins.CreateModelMixin, mixins.RetrieveModelMixin,
                      mixins.UpdateModelMixin, viewsets.GenericViewSet):
        http_method_names = ["get", "post", "patch"]

    class StatsViewSet(viewsets.ViewSet):
        def list(self, request): ...
        def retrieve(self, request, pk=None): ...
"""


def test_viewsets_generate_exactly_their_routes():
    got = routes({"project/urls.py": URLS, "articles/__init__.py": "", "articles/views.py": VIEWS})
    assert got == {
        ("GET", "/api/"),  # DefaultRouter's API root view
        ("GET", "/api/articles/"), ("POST", "/api/articles/"),
        ("GET", "/api/articles/feed/"),
        ("GET", "/api/articles/{slug}/"), ("PUT", "/api/articles/{slug}/"),
        ("PATCH", "/api/articles/{slug}/"), ("DELETE", "/api/articles/{slug}/"),
        ("POST", "/api/articles/{slug}/favorite/"), ("DELETE", "/api/articles/{slug}/favorite/"),
        ("PUT", "/api/articles/{slug}/favorite/"),
        ("GET", "/api/tags/"), ("GET", "/api/tags/{tag_id}/"),
        ("POST", "/api/users/"), ("GET", "/api/users/{pk}/"), ("PATCH", "/api/users/{pk}/"),
        ("GET", "/api/stats/"), ("GET", "/api/stats/{pk}/"),
    }


def test_generated_routes_point_at_methods_or_register_call():
    rs = all_routes({"project/urls.py": URLS, "articles/__init__.py": "",
                     "articles/views.py": VIEWS})
    where = {(r.method, r.path): (r.file.rsplit("/", 1)[-1], r.span.line, r.handler) for r in rs}
    assert where[("GET", "/api/articles/")] == ("views.py", 7, "ArticleViewSet.list")
    assert where[("POST", "/api/articles/{slug}/favorite/")] == ("views.py", 10, "ArticleViewSet.favorite")
    assert where[("PUT", "/api/articles/{slug}/favorite/")] == ("views.py", 16, "ArticleViewSet.refavorite")
    # inherited from ModelViewSet: at the register() call
    assert where[("POST", "/api/articles/")] == ("urls.py", 6, "ArticleViewSet.create")
    assert all(r.framework == "drf" and r.trailing_slash == "append-get" for r in rs)


def test_list_actions_come_before_the_detail_route():
    got = findings({"project/urls.py": URLS, "articles/__init__.py": "",
                    "articles/views.py": VIEWS})
    assert not any(code in ("shadowed-route", "duplicate-route") for code, _, _ in got)


def test_trailing_slash_false_and_simple_router_without_root_view():
    got = routes({
        "urls.py": """
            from django.urls import path, include
            from rest_framework.routers import SimpleRouter, DefaultRouter
            from views import NoteViewSet
            router = SimpleRouter(trailing_slash=False)
            router.register("notes", NoteViewSet)
            optional = DefaultRouter(trailing_slash="/?")
            optional.register("opt", NoteViewSet)
            urlpatterns = [path("v1/", include(router.urls)), path("v2/", include(optional.urls))]
        """,
        "views.py": """
            from rest_framework import viewsets
            from rest_framework.decorators import action
            class NoteViewSet(viewsets.ReadOnlyModelViewSet):
                @action(detail=True, methods=["post"], url_path="pin")
                def pin(self, request, pk=None): ...
        """,
    })
    assert got == {("GET", "/v1/notes"), ("GET", "/v1/notes/{pk}"), ("POST", "/v1/notes/{pk}/pin"),
                   ("GET", "/v2"), ("GET", "/v2/opt"), ("GET", "/v2/opt/{pk}"),
                   ("POST", "/v2/opt/{pk}/pin")}


def test_register_extraction_options():
    f = facts("""
        from rest_framework.routers import DefaultRouter
        from .views import A
        router = DefaultRouter(trailing_slash=False)
        router.register(r"a/(?P<parent_pk>[^/.]+)/children", A, basename="child")
    """)
    (vr,) = f.view_routes
    assert (vr.kind, written_path(vr), vr.view.dotted(), vr.framework) == (
        "drf-viewset", "/a/{parent_pk}/children", "A", "drf")
    assert dict(vr.options) == {"trailing_slash": "", "basename": "child"}
    assert [(r.method, written_path(r), r.handler) for r in f.routes] == [("GET", "", "api_root")]


def test_viewset_as_view_with_actions_and_generic_api_views():
    got = routes({
        "urls.py": """
            from django.urls import path
            from views import ItemViewSet, ItemList, ItemDetail, Login
            urlpatterns = [
                path("items/", ItemViewSet.as_view({"get": "list", "post": "create"})),
                path("items/<int:pk>/", ItemViewSet.as_view({"get": "retrieve", "delete": "destroy"})),
                path("generic/", ItemList.as_view()),
                path("generic/<int:pk>/", ItemDetail.as_view()),
                path("login/", Login.as_view()),
            ]
        """,
        "views.py": """
            from rest_framework import generics, viewsets
            from rest_framework.authtoken.views import ObtainAuthToken
            class ItemViewSet(viewsets.ModelViewSet): ...
            class ItemList(generics.ListCreateAPIView): ...
            class ItemDetail(generics.RetrieveUpdateAPIView): ...
            class Login(ObtainAuthToken): ...
        """,
    })
    assert got == {("GET", "/items/"), ("POST", "/items/"), ("GET", "/items/{pk}/"),
                   ("DELETE", "/items/{pk}/"), ("GET", "/generic/"), ("POST", "/generic/"),
                   ("GET", "/generic/{pk}/"), ("PUT", "/generic/{pk}/"),
                   ("PATCH", "/generic/{pk}/"), ("POST", "/login/")}


def test_viewset_with_base_class_in_another_module_and_nested_router():
    got = routes({
        "urls.py": """
            from django.urls import path, include
            from rest_framework_nested import routers
            from shop.views import ShopViewSet, ProductViewSet
            router = routers.SimpleRouter()
            router.register(r"shops", ShopViewSet)
            products = routers.NestedSimpleRouter(router, r"shops", lookup="shop")
            products.register(r"products", ProductViewSet, basename="shop-products")
            urlpatterns = [path("", include(router.urls)), path("", include(products.urls))]
        """,
        "shop/__init__.py": "",
        "shop/base.py": """
            from rest_framework import mixins, viewsets
            class ListRetrieve(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                               viewsets.GenericViewSet):
                pass
        """,
        "shop/views.py": """
            from .base import ListRetrieve
            class ShopViewSet(ListRetrieve):
                def destroy(self, request, pk=None): ...
            class ProductViewSet(ListRetrieve):
                pass
        """,
    })
    assert got == {("GET", "/shops/"), ("GET", "/shops/{pk}/"), ("DELETE", "/shops/{pk}/"),
                   ("GET", "/shops/{shop_pk}/products/"), ("GET", "/shops/{shop_pk}/products/{pk}/")}


def test_third_party_viewset_gives_any_routes():
    got = routes({
        "urls.py": """
            from django.urls import path, include
            from rest_framework.routers import SimpleRouter
            from djoser.views import UserViewSet
            router = SimpleRouter()
            router.register("auth/users", UserViewSet)
            urlpatterns = router.urls
        """,
    })
    assert got == {("ANY", "/auth/users/"), ("ANY", "/auth/users/{pk}/")}


def test_partial_update_points_at_an_overridden_update():
    rs = all_routes({
        "urls.py": """
            from django.urls import path
            from views import Profile
            urlpatterns = [path("profile/", Profile.as_view())]
        """,
        "views.py": """
            from rest_framework.generics import UpdateAPIView
            class Profile(UpdateAPIView):
                def update(self, request, *args, **kwargs): ...
        """,
    })
    where = {(r.method, r.file.rsplit("/", 1)[-1], r.span.line, r.handler) for r in rs}
    assert where == {("PUT", "views.py", 3, "Profile.update"),
                     ("PATCH", "views.py", 3, "Profile.partial_update")}


def test_cookiecutter_api_router_module():
    got = routes({
        "config/settings/base.py": 'ROOT_URLCONF = "config.urls"\nAPPEND_SLASH = True\n',
        "config/urls.py": """
            from django.conf import settings
            from django.urls import include, path
            urlpatterns = [path("api/", include("config.api_router"))]
        """,
        "config/api_router.py": """
            from django.conf import settings
            from rest_framework.routers import DefaultRouter, SimpleRouter
            from proj.users.api.views import UserViewSet
            router = DefaultRouter() if settings.DEBUG else SimpleRouter()
            router.register("users", UserViewSet)
            app_name = "api"
            urlpatterns = router.urls
        """,
        "proj/__init__.py": "",
        "proj/users/__init__.py": "",
        "proj/users/api/__init__.py": "",
        "proj/users/api/views.py": """
            from rest_framework.decorators import action
            from rest_framework.mixins import ListModelMixin, RetrieveModelMixin, UpdateModelMixin
            from rest_framework.viewsets import GenericViewSet
            class UserViewSet(RetrieveModelMixin, ListModelMixin, UpdateModelMixin, GenericViewSet):
                lookup_field = "username"
                @action(detail=False)
                def me(self, request): ...
        """,
    })
    assert got == {("GET", "/api/"), ("GET", "/api/users/"), ("GET", "/api/users/me/"),
                   ("GET", "/api/users/{username}/"), ("PUT", "/api/users/{username}/"),
                   ("PATCH", "/api/users/{username}/")}


def test_router_subclass_with_an_optional_trailing_slash():
    # the common OptionalSlashRouter recipe, in a routers module of its own
    files = {
        "config/settings.py": 'ROOT_URLCONF = "config.urls"\n',
        "config/urls.py": """
            from django.urls import include, path
            urlpatterns = [path("api/v2/", include("core.urls"))]
        """,
        "common/routers.py": """
            from rest_framework.routers import DefaultRouter

            class OptionalSlashRouter(DefaultRouter):
                def __init__(self, *args, **kwargs):
                    super().__init__(*args, **kwargs)
                    self.trailing_slash = "/?"
        """,
        "core/urls.py": """
            from common.routers import OptionalSlashRouter
            from core import views

            router = OptionalSlashRouter()
            router.register(r"pins", views.PinViewSet)
            urlpatterns = router.urls
        """,
        "core/views.py": """
            from rest_framework import viewsets

            class PinViewSet(viewsets.ModelViewSet):
                pass
        """,
        "web/api.js": """
            import axios from 'axios';
            export const createPin = (pin) => axios.post('/api/v2/pins', pin);
            export const pin = (id) => axios.get(`/api/v2/pins/${id}/`);
        """,
    }
    rs = {(r.method, r.path, r.trailing_slash) for r in all_routes(files)}
    assert ("POST", "/api/v2/pins", "ignore") in rs and ("GET", "/api/v2/pins/{pk}", "ignore") in rs
    # both slash forms reach the routes: no call is reported
    assert not [f for f in findings(files) if f[0] in ("unmatched-call", "method-mismatch")]
