"""FastAPI / Starlette rules (routelink.frameworks.fastapi): decorators, routers and
prefixes across modules, mounts, WebSockets, first-match shadowing, settings-driven
prefixes, app factories, path syntax."""

from __future__ import annotations

import pytest
from routelink.facts import Lit
from routelink.frameworks.fastapi import starlette_path

from tests.conftest import build_index, written_path

from .helpers import all_routes, facts, findings, routes

MAIN = """
    from fastapi import FastAPI
    from .routers import items, users

    app = FastAPI(title="shop")
    app.include_router(items.router, prefix="/api")
    app.include_router(users.router, prefix="/api/users", tags=["users"])

    @app.get("/health")
    def health():
        return {"ok": True}
"""
ITEMS = """
    from fastapi import APIRouter

    router = APIRouter(prefix="/items", tags=["items"])

    @router.get("")
    async def list_items(): ...

    @router.post("/", status_code=201)
    async def create_item(item: dict): ...

    @router.get("/{item_id}")
    async def read_item(item_id: int): ...

    @router.api_route("/{item_id}/stock", methods=["PUT", "PATCH"])
    async def stock(item_id: int): ...

    @router.get("/files/{file_path:path}")
    async def read_file(file_path: str): ...
"""
USERS = """
    from fastapi import APIRouter, WebSocket

    router = APIRouter()

    @router.get("/me")
    def me(): ...

    @router.websocket("/ws/{client_id}")
    async def ws(websocket: WebSocket, client_id: str): ...
"""


def test_decorators_methods_and_paths_in_one_module():
    f = facts(ITEMS)
    assert [(r.method, written_path(r)) for r in f.routes] == [
        ("GET", ""), ("POST", "/"), ("GET", "/{item_id}"), ("PUT", "/{item_id}/stock"),
        ("PATCH", "/{item_id}/stock"), ("GET", "/files/{file_path*}")]
    assert {r.handler for r in f.routes} == {"list_items", "create_item", "read_item", "stock",
                                             "read_file"}
    assert all(r.trailing_slash == "redirect" and r.framework == "fastapi" for r in f.routes)
    (router,) = f.routers
    assert (router.key, router.prefix, router.is_app) == ("router", Lit("/items"), False)
    # orders follow registration
    assert [r.order for r in f.routes] == sorted(r.order for r in f.routes)
    # route span is the decorator, handler span the def
    first = f.routes[0]
    assert first.span.line == 5 and first.handler_span.line == 6


def test_include_router_across_modules_with_prefixes():
    got = routes({"app/main.py": MAIN, "app/routers/__init__.py": "",
                  "app/routers/items.py": ITEMS, "app/routers/users.py": USERS})
    assert got == {
        ("GET", "/health"),
        ("GET", "/api/items"), ("POST", "/api/items/"), ("GET", "/api/items/{item_id}"),
        ("PUT", "/api/items/{item_id}/stock"), ("PATCH", "/api/items/{item_id}/stock"),
        ("GET", "/api/items/files/{file_path*}"),
        ("GET", "/api/users/me"), ("WS", "/api/users/ws/{client_id}"),
    }


def test_import_forms_and_nested_routers():
    got = routes({
        "app/main.py": """
            from fastapi import FastAPI
            from app.api.api import api_router as v1
            app = FastAPI()
            app.include_router(v1, prefix="/api/v1")
        """,
        "app/api/api.py": """
            from fastapi import APIRouter
            from app.api.endpoints import login, orders
            api_router = APIRouter()
            api_router.include_router(login.router, tags=["login"])
            api_router.include_router(orders.router, prefix="/orders")
        """,
        "app/api/endpoints/login.py": """
            from fastapi import APIRouter
            router = APIRouter()
            @router.post("/login/access-token")
            def login(): ...
        """,
        "app/api/endpoints/orders.py": """
            import fastapi
            router = fastapi.APIRouter()
            @router.delete("/{order_id}")
            def cancel(order_id: int): ...
        """,
    })
    assert got == {("POST", "/api/v1/login/access-token"), ("DELETE", "/api/v1/orders/{order_id}")}


def test_mounted_sub_application_and_starlette_routes():
    got = routes({
        "main.py": """
            from fastapi import FastAPI
            from starlette.routing import Route, Mount, WebSocketRoute
            from starlette.applications import Starlette
            from legacy import legacy_app

            async def homepage(request): ...
            async def ws_feed(ws): ...

            admin = Starlette(routes=[
                Route("/", homepage),
                Route("/users/{id:int}", homepage, methods=["GET", "DELETE"]),
                Mount("/reports", routes=[Route("/daily", homepage)]),
                WebSocketRoute("/feed", ws_feed),
            ])
            app = FastAPI()
            app.mount("/admin", admin)
            app.mount("/v1", legacy_app)
        """,
        "legacy.py": """
            from fastapi import FastAPI
            legacy_app = FastAPI()
            @legacy_app.get("/ping")
            def ping(): ...
        """,
    })
    assert got == {("GET", "/admin/"), ("GET", "/admin/users/{id}"), ("DELETE", "/admin/users/{id}"),
                   ("GET", "/admin/reports/daily"), ("WS", "/admin/feed"), ("GET", "/v1/ping")}
    # a mounted app is served under its mount only


def test_add_api_route_and_websocket_route():
    f = facts("""
        from fastapi import APIRouter
        router = APIRouter(prefix="/jobs")
        def list_jobs(): ...
        router.add_api_route("/", list_jobs, methods=["GET", "HEAD"])
        router.add_api_websocket_route("/live", list_jobs)
        router.add_api_route("/default", list_jobs)
    """)
    assert [(r.method, written_path(r), r.handler) for r in f.routes] == [
        ("GET", "/", "list_jobs"), ("HEAD", "/", "list_jobs"), ("WS", "/live", "list_jobs"),
        ("GET", "/default", "list_jobs")]
    assert f.routes[0].handler_span.line == 3


def test_shadowed_duplicate_and_unmounted():
    got = findings({
        "main.py": """
            from fastapi import FastAPI
            import items
            app = FastAPI()
            app.include_router(items.router)
        """,
        "items.py": """
            from fastapi import APIRouter
            router = APIRouter(prefix="/items")
            @router.get("/{item_id}")
            def read(item_id: str): ...
            @router.get("/search")
            def search(): ...
            @router.post("/")
            def create(): ...
            @router.post("/")
            def create_again(): ...
        """,
        "orphan.py": """
            from fastapi import APIRouter
            router = APIRouter(prefix="/orphans")
            @router.get("/")
            def orphans(): ...
        """,
    })
    assert ("shadowed-route", "items.py", 5) in got
    assert ("duplicate-route", "items.py", 9) in got
    assert ("unmounted-route", "orphan.py", 2) in got
    assert not any(code == "shadowed-route" and line != 5 for code, _, line in got)


def test_prefix_from_settings_object_in_another_module():
    got = routes({
        "app/main.py": """
            from fastapi import FastAPI
            from app.core.config import settings
            from app.api.main import api_router
            app = FastAPI(title=settings.PROJECT_NAME)
            app.include_router(api_router, prefix=settings.API_V1_STR)
        """,
        "app/core/config.py": """
            from pydantic_settings import BaseSettings
            class Settings(BaseSettings):
                PROJECT_NAME: str = "x"
                API_V1_STR: str = "/api/v1"
            settings = Settings()
        """,
        "app/api/main.py": """
            from fastapi import APIRouter
            api_router = APIRouter()
            @api_router.get("/utils/health-check/")
            def health(): ...
        """,
    })
    assert got == {("GET", "/api/v1/utils/health-check/")}


def test_app_factory_with_settings_function_and_constant_prefix():
    got = routes({
        "app/main.py": """
            from fastapi import FastAPI
            from app.api.routes import router as api_router
            from app.core.config import get_app_settings

            API = "/api"

            def get_application() -> FastAPI:
                settings = get_app_settings()
                application = FastAPI(**settings.fastapi_kwargs)
                application.include_router(api_router, prefix=settings.api_prefix)
                application.include_router(api_router, prefix=API + "/v2")
                return application

            app = get_application()
        """,
        "app/core/config.py": """
            from functools import lru_cache
            from app.core.settings import AppSettings
            @lru_cache
            def get_app_settings() -> AppSettings:
                return AppSettings()
        """,
        "app/core/settings.py": """
            from pydantic import BaseSettings
            class AppSettings(BaseSettings):
                api_prefix: str = "/api"
        """,
        "app/api/routes.py": """
            from fastapi import APIRouter
            router = APIRouter()
            @router.get("/tags")
            def tags(): ...
        """,
    })
    assert got == {("GET", "/api/tags"), ("GET", "/api/v2/tags")}


def test_env_var_prefix_with_default():
    got = routes({
        "main.py": """
            import os
            from fastapi import FastAPI, APIRouter
            PREFIX = os.getenv("API_PREFIX", "/api")
            router = APIRouter()
            @router.get("/ping")
            def ping(): ...
            app = FastAPI()
            app.include_router(router, prefix=PREFIX)
        """,
    })
    assert got == {("GET", "/api/ping")}


def test_route_on_router_imported_from_another_module():
    got = routes({
        "app/__init__.py": """
            from fastapi import FastAPI
            app = FastAPI()
        """,
        "app/views.py": """
            from app import app
            @app.get("/hello")
            def hello(): ...
        """,
    })
    assert got == {("GET", "/hello")}


def test_unmounted_router_routes_are_listed_unmounted():
    rs = all_routes({"r.py": """
        from fastapi import APIRouter
        router = APIRouter(prefix="/x")
        @router.get("/y")
        def y(): ...
    """})
    assert [(r.method, r.path, r.mounted) for r in rs] == [("GET", "/x/y", False)]


def test_half_typed_code_does_not_raise():
    for src in ["@app.get(\n", "from fastapi import", "app = FastAPI(\n@app.get('/x')\ndef f(",
                "router.include_router(", "@router.get('/x'", "app.mount(", "class A(:\n  def"]:
        facts(src)
    f = facts("""
        from fastapi import FastAPI
        app = FastAPI()
        @app.get(
        def broken(): ...
        @app.get("/ok")
        def ok(): ...
    """)
    assert ("GET", "/ok") in {(r.method, written_path(r)) for r in f.routes}


def test_shadowing_follows_include_order_across_routers():
    files = {
        "main.py": """
            from fastapi import FastAPI
            import catalog, search
            app = FastAPI()
            app.include_router(catalog.router, prefix="/api")
            app.include_router(search.router, prefix="/api/products")
        """,
        "catalog.py": """
            from fastapi import APIRouter
            router = APIRouter()
            @router.get("/products/{product_id}")
            def product(product_id: str): ...
        """,
        "search.py": """
            from fastapi import APIRouter
            router = APIRouter()
            @router.get("/search")
            def search(): ...
        """,
    }
    assert ("shadowed-route", "search.py", 3) in findings(files)
    files["main.py"] = files["main.py"].replace(
        'app.include_router(catalog.router, prefix="/api")\n',
        "").replace('prefix="/api/products")', 'prefix="/api/products")\n'
                    '            app.include_router(catalog.router, prefix="/api")')
    assert not any(c == "shadowed-route" for c, _, _ in findings(files))


def test_class_based_view_methods_decorated_with_the_router():
    f = facts("""
        from fastapi import APIRouter
        from fastapi_utils.cbv import cbv
        router = APIRouter(prefix="/items")
        @cbv(router)
        class ItemCBV:
            @router.get("/")
            def list(self): ...
            @router.post("/")
            def create(self): ...
    """)
    assert [(r.method, written_path(r), r.handler) for r in f.routes] == [
        ("GET", "/", "ItemCBV.list"), ("POST", "/", "ItemCBV.create")]


def test_fastapi_and_starlette_websockets():
    got = routes({"main.py": """
        from fastapi import FastAPI, WebSocket
        from starlette.routing import WebSocketRoute
        app = FastAPI()
        @app.websocket("/ws/{client_id}")
        async def ws(websocket: WebSocket, client_id: int): ...
        async def feed(websocket): ...
        app.router.routes.append(WebSocketRoute("/ignored", feed))
        app.add_api_websocket_route("/feed", feed)
    """})
    assert got == {("WS", "/ws/{client_id}"), ("WS", "/feed")}


@pytest.mark.parametrize("raw, want", [
    ("/items/{item_id}", "/items/{item_id}"),
    ("/files/{file_path:path}", "/files/{file_path*}"),
    ("/users/{user_id:int}/orders/{order_id:uuid}", "/users/{user_id}/orders/{order_id}"),
    ("", ""),
    ("/", "/"),
    ("/items/", "/items/"),
])
def test_starlette_paths(raw, want):
    assert starlette_path(raw) == want


def test_f_string_paths_with_escaped_braces_and_imported_parts():
    from tests.conftest import build_index

    index = build_index({
        "app/versions.py": 'V1 = "v1"\n',
        "app/main.py": """
            from fastapi import FastAPI
            from .versions import V1
            app = FastAPI()
            @app.get(f"/api/{V1}/items/{{item_id}}")
            def read_item(item_id: int): ...
        """,
    })
    assert [(r.method, r.path, r.resolved) for r in index.routes] == [
        ("GET", "/api/v1/items/{item_id}", True)]


def test_listen_port_of_uvicorn_run_and_the_default():
    from tests.conftest import backend_ports

    app = """
        import uvicorn
        from fastapi import FastAPI
        app = FastAPI()

        @app.get("/api/items")
        def items():
            return []
    """
    assert backend_ports({"api/main.py": app + '\nif __name__ == "__main__":\n    uvicorn.run("main:app", host="0.0.0.0", port=8001)\n'}) == {
        ".": [8001], "other": [9000]}
    assert backend_ports({"api/main.py": app + "\nuvicorn.run(app)\n"}) == {".": [8000], "other": [9000]}
    assert backend_ports({"api/main.py": app}) == {".": [8000], "other": [9000]}
# a project's own router classes, in the style of mealie (mealie/routes/_base/routers.py)
ROUTERS_BASE = """
    from enum import Enum
    from fastapi import APIRouter, Depends
    from fastapi.routing import APIRoute

    from shop.core.dependencies import get_admin_user, get_current_user


    class AdminAPIRouter(APIRouter):
        \"\"\"Router for functions to be protected behind admin authentication\"\"\"

        def __init__(self, tags: list[str | Enum] | None = None, prefix: str = "", **kwargs):
            super().__init__(tags=tags, prefix=prefix, dependencies=[Depends(get_admin_user)], **kwargs)


    class UserAPIRouter(APIRouter):
        def __init__(self, tags: list[str | Enum] | None = None, prefix: str = "", **kwargs):
            super().__init__(tags=tags, prefix=prefix, dependencies=[Depends(get_current_user)], **kwargs)


    class MealieCrudRoute(APIRoute):
        pass
"""
SUBCLASS_PROJECT = {
    "shop/__init__.py": "",
    "shop/app.py": """
        from fastapi import FastAPI
        from shop.routes import router

        app = FastAPI(title="shop")

        def api_routers():
            app.include_router(router)

        api_routers()
    """,
    "shop/routes/__init__.py": """
        from fastapi import APIRouter
        from . import foods, rules, admin, v2

        router = APIRouter(prefix="/api")
        router.include_router(foods.router)
        router.include_router(rules.router)
        router.include_router(admin.router)
        router.include_router(v2.router)
    """,
    "shop/routes/_base/__init__.py": "from .routers import AdminAPIRouter, UserAPIRouter\n",
    "shop/routes/_base/routers.py": ROUTERS_BASE,
    "shop/routes/foods.py": """
        from shop.routes._base.routers import MealieCrudRoute, UserAPIRouter

        router = UserAPIRouter(tags=["Recipes: Foods"], prefix="/foods", route_class=MealieCrudRoute)

        @router.get("")
        def get_all(): ...

        @router.get("/{item_id}")
        def get_one(item_id: str): ...
    """,
    "shop/routes/rules.py": """
        from shop.routes._base.routers import UserAPIRouter

        router = UserAPIRouter(prefix="/households/mealplans/rules")

        @router.get("")
        def get_all(): ...

        @router.get("/{item_id}")
        def get_one(item_id: str): ...
    """,
    # two levels of subclasses, a prefix default passed on, *args/**kwargs passed through
    "shop/routes/admin.py": """
        from shop.routes._base import AdminAPIRouter

        class MaintenanceRouter(AdminAPIRouter):
            def __init__(self, *args, prefix: str = "/admin/maintenance", **kwargs):
                super().__init__(*args, prefix=prefix, **kwargs)

        router = MaintenanceRouter(tags=["Admin: Maintenance"])

        @router.get("")
        def summary(): ...

        @router.post("/clean/temp")
        def clean_temp(): ...
    """,
    "shop/routes/v2.py": """
        from fastapi import APIRouter

        class VersionedRouter(APIRouter):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)

        router = VersionedRouter(prefix="/v2/foods")

        @router.get("")
        def list_v2(): ...
    """,
}


def test_routers_built_by_a_project_subclass_of_api_router_keep_their_prefix():
    got = routes(SUBCLASS_PROJECT)
    assert got == {
        ("GET", "/api/foods"), ("GET", "/api/foods/{item_id}"),
        ("GET", "/api/households/mealplans/rules"),
        ("GET", "/api/households/mealplans/rules/{item_id}"),
        ("GET", "/api/admin/maintenance"), ("POST", "/api/admin/maintenance/clean/temp"),
        ("GET", "/api/v2/foods"),
    }
    # not one router prefix lost: no false duplicates or shadowing between the routers
    assert not {c for c, _, _ in findings(SUBCLASS_PROJECT)} & {"duplicate-route", "shadowed-route"}


def test_a_subclass_router_nothing_includes_is_unmounted_and_a_subclass_app_is_a_root():
    got = findings({
        "app/routers.py": ROUTERS_BASE.replace("shop.core", "app.core"),
        "app/orphan.py": """
            from app.routers import UserAPIRouter
            router = UserAPIRouter(prefix="/orphans")

            @router.get("/{id}")
            def orphan(id: int): ...
        """,
        "app/main.py": """
            from fastapi import FastAPI

            class ShopAPI(FastAPI):
                def __init__(self, **kwargs):
                    super().__init__(title="shop", **kwargs)

            app = ShopAPI()

            @app.get("/health")
            def health(): ...
        """,
    })
    assert ("unmounted-route", "orphan.py", 2) in got
    rs = {(r.method, r.path, r.mounted) for r in all_routes({
        "app/main.py": """
            from fastapi import FastAPI
            class ShopAPI(FastAPI):
                pass
            app = ShopAPI()
            @app.get("/health")
            def health(): ...
        """})}
    assert rs == {("GET", "/health", True)}


def test_imports_resolve_when_the_folder_checked_is_the_package_itself():
    # `routelink check mealie frontend` from the repository: mealie/ is the package and
    # the code imports `from mealie.routes import router`
    files = {
        "__init__.py": "",
        "app.py": """
            from fastapi import FastAPI
            from mealie.routes import router

            app = FastAPI()
            app.include_router(router)
        """,
        "routes/__init__.py": """
            from fastapi import APIRouter
            from mealie.routes import about

            router = APIRouter(prefix="/api")
            router.include_router(about.router)
        """,
        "routes/about.py": """
            from fastapi import APIRouter
            router = APIRouter(prefix="/app/about")

            @router.get("/theme")
            def get_theme(): ...
        """,
    }
    index = build_index(files, root="/ws/mealie")
    assert {(r.method, r.path, r.mounted) for r in index.routes} == {
        ("GET", "/api/app/about/theme", True)}
    assert not [f for f in index.analysis().findings if f.code == "unmounted-route"]


def test_duplicates_are_compared_within_one_app_and_name_an_unambiguous_file():
    service = """
        from fastapi import FastAPI
        from .api import router
        app = FastAPI()
        app.include_router(router, prefix="/v1")

        @app.get("/health")
        def health(): ...
    """
    index = build_index({
        # two services of one repository, each its own app: both serve /health
        "services/exif/__init__.py": "",
        "services/exif/main.py": service,
        "services/exif/api.py": """
            from fastapi import APIRouter
            router = APIRouter()

            @router.post("/work")
            def work(): ...
        """,
        "services/thumbnail/__init__.py": "",
        "services/thumbnail/main.py": service,
        "services/thumbnail/api.py": """
            from fastapi import APIRouter
            router = APIRouter()

            @router.post("/work")
            def work(): ...

            @router.post("/work")
            def work_again(): ...
        """,
    })
    got = [(f.code, f.file.rsplit("/", 2)[-2], f.message) for f in index.analysis().findings
           if f.code == "duplicate-route"]
    # only the duplicate inside the thumbnail app; its message names api.py unambiguously
    assert got == [("duplicate-route", "thumbnail",
                    "POST /v1/work is already declared at thumbnail/api.py:5; "
                    "this declaration never runs")]


def test_editing_the_router_class_module_re_resolves_the_routers_it_builds():
    import textwrap

    index = build_index(SUBCLASS_PROJECT)
    files = dict(SUBCLASS_PROJECT)
    files["shop/routes/_base/routers.py"] = textwrap.dedent(ROUTERS_BASE).replace(
        "super().__init__(tags=tags, prefix=prefix, dependencies=[Depends(get_current_user)]",
        "super().__init__(tags=tags, prefix='/me' + prefix, dependencies=[Depends(get_current_user)]")
    index.apply_changes({"/ws/shop/routes/_base/routers.py": files["shop/routes/_base/routers.py"].encode()})
    assert ("GET", "/api/me/foods/{item_id}") in {(r.method, r.path) for r in index.routes}
    assert index.snapshot() == build_index(files).snapshot()


def test_routers_built_and_returned_by_factory_functions_are_included_where_called():
    # dependency-injected routers (`include_router(create_items_router(repo), prefix=...)`)
    files = {
        "app/main.py": """
            from fastapi import FastAPI
            from app.routers import items
            from app.routers.users import create_users_router
            from app.db import repo

            app = FastAPI()
            app.include_router(items.create_items_router(repo), prefix="/api/items")
            app.include_router(router=create_users_router(), prefix="/api/users")
        """,
        "app/__init__.py": "",
        "app/routers/__init__.py": "",
        "app/routers/items.py": """
            from fastapi import APIRouter

            def create_items_router(repo):
                router = APIRouter(tags=["items"])

                @router.get("")
                async def list_items():
                    return await repo.all()

                @router.delete("/{item_id}")
                async def delete_item(item_id: int):
                    await repo.delete(item_id)

                return router
        """,
        "app/routers/users.py": """
            from fastapi import APIRouter

            def create_users_router() -> APIRouter:
                router = APIRouter()

                @router.get("/me")
                def me():
                    return {}

                if router:
                    return router
        """,
    }
    assert routes(files) == {("GET", "/api/items"), ("DELETE", "/api/items/{item_id}"),
                             ("GET", "/api/users/me")}
    assert not {f for f in findings(files) if f[0] == "unmounted-route"}
