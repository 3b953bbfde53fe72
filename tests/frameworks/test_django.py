"""Django URL dispatcher rules (routelink.frameworks.django): path/re_path/url, include() in
every form, ROOT_URLCONF, function views (method decorators across modules), class-based
views, APPEND_SLASH, first-match shadowing, path and regex syntax."""

from __future__ import annotations

import pytest
from routelink.frameworks.django import django_path, regex_path

from tests.conftest import build_index, written_path, written_policy

from .helpers import all_routes, facts, findings, routes

SETTINGS = """
    ROOT_URLCONF = "mysite.urls"
    INSTALLED_APPS = ["blog", "shop"]
"""


def test_urlpatterns_forms_and_converters():
    f = facts("""
        from django.urls import path, re_path, include
        from django.conf.urls import url
        from . import views

        urlpatterns = [
            path("", views.index, name="index"),
            path("posts/<int:pk>/", views.PostDetail.as_view(), name="post"),
            re_path(r"^archive/(?P<year>[0-9]{4})/$", views.archive),
            url(r"^legacy/(?P<slug>[-\\w]+)/?$", views.legacy),
            path("docs/<path:rest>", views.docs),
        ]
    """)
    (router,) = f.routers
    assert (router.key, router.framework, router.root_candidate) == ("urlpatterns", "django", True)
    got = [(v.kind, written_path(v), v.view.dotted(), written_policy(v)) for v in f.view_routes]
    assert got == [
        ("django-function", "", "views.index", "append-get"),
        ("django-view", "/posts/{pk}/", "views.PostDetail", "append-get"),
        ("django-function", "/archive/{year}/", "views.archive", "append-get"),
        ("django-function", "/legacy/{slug}", "views.legacy", "ignore"),
        ("django-function", "/docs/{rest+}", "views.docs", "append-get"),
    ]
    assert [v.order for v in f.view_routes] == sorted(v.order for v in f.view_routes)


PROJECT = {
    "mysite/settings.py": SETTINGS,
    "mysite/urls.py": """
        from django.contrib import admin
        from django.urls import include, path
        from shop import urls as shop_urls

        urlpatterns = [
            path("admin/", admin.site.urls),
            path("blog/", include("blog.urls", namespace="blog")),
            path("shop/", include(shop_urls)),
            path("api/", include(("blog.api_urls", "api"), namespace="api")),
            path("inline/", include([
                path("a/", include("blog.urls")),
            ])),
        ]
    """,
    "blog/__init__.py": "",
    "blog/urls.py": """
        from django.urls import path
        from . import views
        app_name = "blog"
        urlpatterns = [
            path("", views.post_list),
            path("<slug:slug>/", views.post_detail),
        ]
    """,
    "blog/api_urls.py": """
        from django.urls import path
        from blog.views import post_api
        urlpatterns = [path("posts/", post_api)]
    """,
    "blog/views.py": """
        from django.views.decorators.http import require_http_methods, require_GET, require_POST
        from rest_framework.decorators import api_view

        @require_GET
        def post_list(request): ...

        def post_detail(request, slug): ...

        @api_view(["GET", "POST"])
        def post_api(request): ...
    """,
    "shop/__init__.py": "",
    "shop/urls.py": """
        from django.urls import path
        from .views import checkout
        urlpatterns = [path("checkout/", checkout)]
    """,
    "shop/views.py": """
        from django.views.decorators.http import require_POST
        @require_POST
        def checkout(request): ...
    """,
    "legacy/urls.py": """
        from django.urls import path
        from django.http import HttpResponse
        def old(request): ...
        urlpatterns = [path("old/", old)]
    """,
}


def test_includes_across_apps_and_function_view_methods():
    got = routes(PROJECT)
    assert got == {
        ("GET", "/blog/"), ("ANY", "/blog/{slug}/"),
        ("POST", "/shop/checkout/"),
        ("GET", "/api/posts/"), ("POST", "/api/posts/"),
        ("GET", "/inline/a/"), ("ANY", "/inline/a/{slug}/"),
        ("ANY", "/admin/{?}"),  # admin.site.urls: an installed package's URLconf
    }


def test_function_view_routes_point_at_the_def_and_drf_is_reported():
    rs = {(r.method, r.path): r for r in all_routes(PROJECT) if r.mounted}
    r = rs[("POST", "/api/posts/")]
    assert r.file.endswith("blog/views.py") and r.span.line == 10 and r.handler == "post_api"
    assert r.framework == "drf"
    assert rs[("GET", "/blog/")].framework == "django"


def test_root_urlconf_makes_other_urlconfs_unmounted():
    got = findings(PROJECT)
    assert ("unmounted-route", "urls.py", 4) in got  # legacy/urls.py urlpatterns
    unmounted = {(r.method, r.path) for r in all_routes(PROJECT) if not r.mounted}
    assert unmounted == {("ANY", "/old/")}


def test_without_settings_every_unincluded_urlconf_is_a_root():
    files = {k: v for k, v in PROJECT.items() if k != "mysite/settings.py"}
    got = routes(files)
    assert ("ANY", "/old/") in got and ("GET", "/blog/") in got
    # an included URLconf is not also served at /
    assert ("ANY", "/{slug}/") not in got


def test_class_based_views_methods_from_class_bases_and_generics():
    got = routes({
        "urls.py": """
            from django.urls import path
            from django.views.generic import TemplateView, RedirectView
            from app import views
            urlpatterns = [
                path("about/", TemplateView.as_view(template_name="about.html")),
                path("go/", RedirectView.as_view(url="/")),
                path("notes/", views.NoteView.as_view()),
                path("notes/new/", views.NoteCreate.as_view()),
                path("notes/<int:pk>/delete/", views.NoteDelete.as_view()),
                path("api/notes/", views.NoteListAPI.as_view()),
                path("api/notes/<int:pk>/", views.NoteDetailAPI.as_view()),
                path("api/ping/", views.Ping.as_view()),
                path("api/limited/", views.Limited.as_view()),
            ]
        """,
        "app/__init__.py": "",
        "app/views.py": """
            from django.views import View
            from django.views.generic import CreateView, DeleteView
            from rest_framework import generics
            from rest_framework.views import APIView
            from .base import JsonView

            class NoteView(JsonView):
                def post(self, request): ...

            class NoteCreate(CreateView):
                model = None

            class NoteDelete(DeleteView):
                pass

            class NoteListAPI(generics.ListCreateAPIView):
                def create(self, request): ...

            class NoteDetailAPI(generics.RetrieveUpdateDestroyAPIView):
                http_method_names = ["get", "delete"]

            class Ping(APIView):
                def get(self, request): ...
                def head(self, request): ...

            class Limited(APIView):
                http_method_names = ["get"]
                def get(self, request): ...
                def post(self, request): ...
        """,
        "app/base.py": """
            from django.views import View
            class JsonView(View):
                def get(self, request): ...
        """,
    })
    assert got == {
        ("GET", "/about/"), ("ANY", "/go/"),
        ("GET", "/notes/"), ("POST", "/notes/"),
        ("GET", "/notes/new/"), ("POST", "/notes/new/"),
        ("GET", "/notes/{pk}/delete/"), ("POST", "/notes/{pk}/delete/"),
        ("DELETE", "/notes/{pk}/delete/"),
        ("GET", "/api/notes/"), ("POST", "/api/notes/"),
        ("GET", "/api/notes/{pk}/"), ("DELETE", "/api/notes/{pk}/"),
        ("GET", "/api/ping/"), ("HEAD", "/api/ping/"),
        ("GET", "/api/limited/"),
    }


def test_class_view_route_points_at_inherited_method_in_its_file():
    rs = all_routes({
        "urls.py": """
            from django.urls import path
            from views import NoteView
            urlpatterns = [path("notes/", NoteView.as_view())]
        """,
        "views.py": """
            from base import JsonView
            class NoteView(JsonView):
                def post(self, request): ...
        """,
        "base.py": """
            from django.views import View
            class JsonView(View):
                def get(self, request): ...
        """,
    })
    where = {(r.method, r.file.rsplit("/", 1)[-1], r.span.line, r.handler) for r in rs}
    assert where == {("GET", "base.py", 3, "NoteView.get"), ("POST", "views.py", 3, "NoteView.post")}


def test_append_slash_post_without_slash_fails_get_redirects():
    files = {
        "mysite/settings.py": SETTINGS,
        "mysite/urls.py": """
            from django.urls import path
            from django.views.decorators.http import require_http_methods
            @require_http_methods(["GET", "POST"])
            def contact(request): ...
            urlpatterns = [path("contact/", contact)]
        """,
        "web/api.ts": """
            export const load = () => fetch('/contact');
            export const send = (b: string) => fetch('/contact', {method: 'POST', body: b});
        """,
    }
    got = findings(files)
    assert ("unmatched-call", "api.ts", 2) in got  # POST /contact
    assert ("unmatched-call", "api.ts", 1) not in got  # GET /contact is redirected
    index = __import__("tests.conftest", fromlist=["build_index"]).build_index(files)
    (msg,) = [f.message for f in index.analysis().findings if f.code == "unmatched-call"]
    assert "slash" in msg
    no_append = dict(files)
    no_append["mysite/settings.py"] = SETTINGS + "APPEND_SLASH = False\n"
    got = findings(no_append)
    assert ("unmatched-call", "api.ts", 1) in got and ("unmatched-call", "api.ts", 2) in got


def test_first_match_shadowing_and_debug_block_and_router_urls():
    files = {
        "urls.py": """
            from django.conf import settings
            from django.urls import path, re_path
            from rest_framework.routers import SimpleRouter
            from views import detail, search, debug_view, NoteViewSet

            router = SimpleRouter()
            router.register("notes", NoteViewSet)

            urlpatterns = [
                path("items/<str:name>/", detail),
                path("items/search/", search),
            ]
            urlpatterns += router.urls
            if settings.DEBUG:
                urlpatterns += [path("__debug__/", debug_view)]
        """,
        "views.py": """
            from rest_framework import viewsets
            def detail(request, name): ...
            def search(request): ...
            def debug_view(request): ...
            class NoteViewSet(viewsets.ReadOnlyModelViewSet):
                pass
        """,
    }
    assert routes(files) == {("ANY", "/items/{name}/"), ("ANY", "/items/search/"),
                             ("ANY", "/__debug__/"), ("GET", "/notes/"), ("GET", "/notes/{pk}/")}
    got = findings(files)
    assert ("shadowed-route", "views.py", 3) in got  # search() never runs


def test_view_wrappers_are_looked_through():
    f = facts("""
        from django.urls import path
        from django.views.decorators.csrf import csrf_exempt
        from django.views.decorators.cache import cache_page
        from graphene_django.views import GraphQLView
        from . import views
        urlpatterns = [
            path("graphql", csrf_exempt(GraphQLView.as_view(graphiql=True))),
            path("cached/", cache_page(60)(views.cached)),
            path("health/", lambda request: None),
        ]
    """)
    assert [(v.kind, written_path(v), v.view.dotted()) for v in f.view_routes] == [
        ("django-view", "/graphql", "GraphQLView"), ("django-function", "/cached/", "views.cached")]
    assert [(r.method, written_path(r)) for r in f.routes] == [("ANY", "/health/")]


def test_shadowing_follows_include_order_across_urlconfs():
    files = {
        "settings.py": 'ROOT_URLCONF = "urls"\n',
        "urls.py": """
            from django.urls import include, path, re_path
            from rest_framework.routers import DefaultRouter
            from views import ArticleViewSet, FeedView
            router = DefaultRouter(trailing_slash=False)
            router.register("articles", ArticleViewSet)
            urlpatterns = [
                re_path(r"^api/", include(router.urls)),
                re_path(r"^api/articles/feed/?$", FeedView.as_view()),
            ]
        """,
        "views.py": """
            from rest_framework import generics, viewsets
            class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
                lookup_field = "slug"
            class FeedView(generics.ListAPIView):
                def list(self, request): ...
        """,
    }
    got = findings(files)
    # the router's detail route /api/articles/{slug} comes first and matches /api/articles/feed
    assert ("shadowed-route", "views.py", 5) in got
    files["urls.py"] = files["urls.py"].replace(
        """                re_path(r"^api/", include(router.urls)),
                re_path(r"^api/articles/feed/?$", FeedView.as_view()),""",
        """                re_path(r"^api/articles/feed/?$", FeedView.as_view()),
                re_path(r"^api/", include(router.urls)),""")
    assert not any(c == "shadowed-route" for c, _, _ in findings(files))


def test_star_import_of_views():
    got = routes({
        "urls.py": """
            from django.urls import path
            from views import *
            urlpatterns = [path("notes/", NoteList.as_view()), path("ping/", ping)]
        """,
        "views.py": """
            from rest_framework import generics
            from rest_framework.decorators import api_view
            class NoteList(generics.ListCreateAPIView): ...
            @api_view(["POST"])
            def ping(request): ...
        """,
    })
    assert got == {("GET", "/notes/"), ("POST", "/notes/"), ("POST", "/ping/")}


@pytest.mark.parametrize("raw, want", [
    ("users/<int:pk>/", "/users/{pk}/"),
    ("docs/<path:rest>", "/docs/{rest+}"),
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


THIRD_PARTY = {
    "proj/settings.py": """
        ROOT_URLCONF = "proj.urls"
        INSTALLED_APPS = ["rest_framework", "chunked_upload", "api"]
    """,
    "proj/urls.py": """
        from django.contrib import admin
        from django.urls import include, path, re_path
        from api import views

        urlpatterns = [
            path("api/health/", views.health),
            re_path(r"^api/upload/complete/", views.UploadPhotosChunkedComplete.as_view()),
            re_path(r"^api/upload/", views.UploadPhotosChunked.as_view()),
            path("api-auth/", include("rest_framework.urls", namespace="rest_framework")),
            path("accounts/", include("api.accounts_urls")),
            path("admin/", admin.site.urls),
        ]
    """,
    "api/__init__.py": "",
    "api/views.py": """
        from chunked_upload.views import ChunkedUploadView, ChunkedUploadCompleteView
        from django.http import JsonResponse

        class UploadPhotosChunked(ChunkedUploadView):
            model = None

            def check_permissions(self, request):
                return True

        class UploadPhotosChunkedComplete(ChunkedUploadCompleteView):
            def on_completion(self, uploaded_file, request):
                pass

        def health(request):
            return JsonResponse({})
    """,
    "web/api.js": """
        import axios from 'axios';
        export const up = (fd) => axios.post('/api/upload/', fd);
        export const done = (fd) => axios.post('/api/upload/complete/', fd);
        export const logout = () => axios.get('/api-auth/logout/');
        export const login = () => axios.post('/accounts/login/');
        export const health = () => axios.get('/api/healthz/');
    """,
}


def test_views_whose_handlers_all_come_from_a_third_party_base_serve_any():
    got = {(r.method, r.path, r.handler) for r in all_routes(THIRD_PARTY) if r.resolved}
    assert ("ANY", "/api/upload/", "UploadPhotosChunked") in got
    assert ("ANY", "/api/upload/complete/", "UploadPhotosChunkedComplete") in got


def test_an_include_of_a_urlconf_outside_the_workspace_is_an_opaque_mount():
    index = build_index(THIRD_PARTY)
    opaque = {(r.method, r.path, r.resolved, r.note) for r in index.routes if not r.resolved}
    assert opaque == {
        ("ANY", "/api-auth/{?}", False, "third-party URLconf 'rest_framework.urls'"),
        ("ANY", "/admin/{?}", False, "third-party URLconf 'admin.site.urls'"),
        # a workspace module that is not there: said so, not taken for a package's
        ("ANY", "/accounts/{?}", False, "URLconf 'api.accounts_urls', which could not be resolved"),
    }
    got = {(f.code, f.file.rsplit("/", 1)[-1], f.span.line, f.message) for f in index.analysis().findings
           if f.code in ("unmatched-call", "unresolved-route")}
    assert got == {
        # calls under the opaque mounts may be served there: not reported
        ("unmatched-call", "api.js", 6, "No route serves GET /api/healthz/"),
        ("unresolved-route", "urls.py", 9,
         "ANY /api-auth/{?}: served by third-party URLconf 'rest_framework.urls', whose routes "
         "routelink cannot see, so calls under it are not checked"),
        ("unresolved-route", "urls.py", 10,
         "ANY /accounts/{?}: served by URLconf 'api.accounts_urls', which could not be resolved, "
         "whose routes routelink cannot see, so calls under it are not checked"),
        ("unresolved-route", "urls.py", 11,
         "ANY /admin/{?}: served by third-party URLconf 'admin.site.urls', whose routes "
         "routelink cannot see, so calls under it are not checked"),
    }


def test_a_regex_without_end_anchor_also_serves_its_path_with_a_slash():
    # librephotos style: re_path(r"^api/dirtree", ...) is searched, not fully matched
    files = {
        "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\n',
        "proj/urls.py": """
            from django.urls import re_path
            from api import views

            urlpatterns = [
                re_path(r"^api/dirtree", views.RootPathTreeView.as_view()),
                re_path(r"^api/stats$", views.StatsView.as_view()),
                re_path(r"api/upload/", views.UploadView.as_view()),
            ]
        """,
        "api/views.py": """
            from rest_framework.views import APIView

            class RootPathTreeView(APIView):
                def get(self, request): ...

            class StatsView(APIView):
                def get(self, request): ...

            class UploadView(APIView):
                def post(self, request): ...
        """,
        "web/api.js": """
            import axios from 'axios';
            export const tree = () => axios.get('/api/dirtree/');
            export const stats = () => axios.get('/api/stats/');
            export const upload = (fd) => axios.post('/api/upload', fd);
        """,
    }
    got = {(c, line) for c, f, line in findings(files) if c == "unmatched-call"}
    # /api/dirtree/ is served; /api/stats$ is anchored; api/upload/ needs its slash
    assert got == {("unmatched-call", 3), ("unmatched-call", 4)}
