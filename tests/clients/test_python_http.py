"""Python HTTP clients (requests, httpx, aiohttp): a backend calling other services.

Python code is backend code: its requests are outbound (``side="server"``, listed, never
reported) unless they reach a backend of the workspace on its port, where they link like
a frontend's calls."""

from __future__ import annotations

import textwrap

from tests.conftest import build_index

# LibrePhotos-style: a Django backend and its Flask microservices, each started on a port
THUMBNAIL_SERVICE = """
    from flask import Flask, request
    from gevent.pywsgi import WSGIServer

    app = Flask(__name__)


    @app.route("/", methods=["POST"])
    def create_thumbnail():
        return {"thumbnail": request.json["source"]}, 201


    @app.route("/health", methods=["GET"])
    def health():
        return {"status": "OK"}, 200


    if __name__ == "__main__":
        server = WSGIServer(("0.0.0.0", 8003), app)
        server.serve_forever()
"""

DJANGO_URLS = """
    from django.urls import path
    from . import views

    urlpatterns = [path("api/thumb/", views.make)]
"""


def calls(index) -> list[tuple[str, str | None, str, str, str, bool]]:
    return sorted((c.file.rsplit("/", 1)[-1], c.method, c.path, c.client, c.side, c.resolved)
                  for c in index.analysis().calls)


def findings(index) -> list[tuple[str, str, str]]:
    return sorted((f.code, f.file.rsplit("/", 1)[-1], f.message)
                  for f in index.analysis().findings if f.code != "unused-route")


def unused(index) -> list[str]:
    return sorted(f.message for f in index.analysis().findings if f.code == "unused-route")


def test_requests_calls_to_other_services_are_server_side_and_silent():
    index = build_index({
        "api/urls.py": DJANGO_URLS,
        "api/views.py": """
            import os

            import requests
            from django.http import JsonResponse

            GEOCODER = "https://nominatim.openstreetmap.org"
            WEBHOOK = os.environ.get("WEBHOOK_URL", "https://hooks.example.com/photos")


            def make(request):
                place = requests.get(f"{GEOCODER}/reverse", params={"lat": 1, "lon": 2}).json()
                requests.request("POST", WEBHOOK, json=place)
                r = requests.put("https://api.github.com/repos/%s/%s" % ("acme", "photos"))
                return JsonResponse({"status": r.status_code})
        """,
    })
    assert calls(index) == [
        ("views.py", "GET", "/reverse", "requests", "server", True),
        ("views.py", "POST", "/photos", "requests", "server", True),
        ("views.py", "PUT", "/repos/acme/photos", "requests", "server", True),
    ]
    assert findings(index) == []


def test_a_call_into_a_sibling_service_on_its_port_links_and_a_missing_path_is_unmatched():
    index = build_index({
        "api/urls.py": DJANGO_URLS,
        "api/views.py": """
            from django.http import JsonResponse
            from .thumbnails import create_thumbnail

            def make(request):
                return JsonResponse(create_thumbnail(request.GET["p"]))
        """,
        "api/thumbnails.py": """
            import requests


            def create_thumbnail(path):
                return requests.post("http://localhost:8003/", json={"source": path}).json()


            def thumbnail_health():
                return requests.get("http://localhost:8003/healthz")
        """,
        "service/thumbnail/main.py": THUMBNAIL_SERVICE,
    })
    assert calls(index) == [
        ("thumbnails.py", "GET", "/healthz", "requests", "client", True),
        ("thumbnails.py", "POST", "/", "requests", "client", True),
    ]
    assert findings(index) == [("unmatched-call", "thumbnails.py", "No route serves GET /healthz")]
    # the service's POST / is no longer unused; its /health is. No frontend is indexed,
    # so the Django app nothing calls gets no unused-route (it is a backend indexed alone)
    assert unused(index) == ["No indexed call reaches GET /health"]


def test_a_local_port_no_backend_listens_on_is_outbound():
    index = build_index({
        "api/urls.py": DJANGO_URLS,
        "api/views.py": """
            import requests

            def make(request):
                # a model server run outside the workspace
                return requests.post("http://127.0.0.1:11434/api/generate", json={})
        """,
        "service/thumbnail/main.py": THUMBNAIL_SERVICE,
    })
    assert calls(index) == [("views.py", "POST", "/api/generate", "requests", "server", True)]
    assert findings(index) == []


def test_httpx_clients_with_a_base_url_and_requests_sessions():
    index = build_index({
        "app/main.py": """
            from fastapi import FastAPI
            import httpx
            import requests
            from httpx import AsyncClient
            from .config import settings

            app = FastAPI()
            session = requests.Session()
            TAGS = settings.TAGS_URL


            class Tagger:
                def __init__(self):
                    self.http = requests.Session()

                def tags(self, photo_id):
                    return self.http.get(f"http://localhost:8011/photos/{photo_id}/tags").json()


            @app.get("/api/photos/{photo_id}")
            async def photo(photo_id: int):
                with httpx.Client(base_url="http://localhost:8011") as client:
                    client.get(f"/photos/{photo_id}")
                async with AsyncClient(base_url="http://localhost:8011/v2") as c:
                    await c.post("/photos", json={"id": photo_id})
                url = "http://localhost:8011/photos/{}/faces".format(photo_id)
                session.delete(url)
                httpx.get(TAGS)
                return {}
        """,
        "app/config.py": """
            import os

            class Settings:
                TAGS_URL: str = os.getenv("TAGS_URL", "http://localhost:8011/tags")

            settings = Settings()
        """,
        "tags/main.py": """
            from flask import Flask

            app = Flask(__name__)

            @app.get("/photos/<int:photo_id>")
            def photo(photo_id): ...

            @app.get("/photos/<int:photo_id>/tags")
            def tags(photo_id): ...

            @app.delete("/photos/<int:photo_id>/faces")
            def faces(photo_id): ...

            @app.post("/v2/photos")
            def create(): ...

            @app.get("/tags")
            def all_tags(): ...

            if __name__ == "__main__":
                app.run(host="0.0.0.0", port=8011)
        """,
    })
    assert calls(index) == [
        ("main.py", "DELETE", "/photos/{}/faces", "requests", "client", True),
        ("main.py", "GET", "/photos/{}", "httpx", "client", True),
        ("main.py", "GET", "/photos/{}/tags", "requests", "client", True),
        ("main.py", "GET", "/tags", "httpx", "client", True),
        ("main.py", "POST", "/v2/photos", "httpx", "client", True),
    ]
    assert findings(index) == []
    # only the services the backend calls are checked for unused routes: no frontend is
    # indexed, so the FastAPI app's own routes are not
    assert unused(index) == []


def test_aiohttp_sessions_and_a_helper_whose_url_is_a_parameter():
    index = build_index({
        "bot/main.py": """
            import aiohttp
            from fastapi import FastAPI

            app = FastAPI()


            async def fetch_json(url):
                async with aiohttp.ClientSession() as session:
                    async with session.get(url) as resp:
                        return await resp.json()


            @app.post("/api/notify")
            async def notify():
                async with aiohttp.ClientSession(base_url="https://slack.com") as s:
                    await s.post("/api/chat.postMessage", json={})
                return await fetch_json("https://example.com/feed.json")
        """,
    })
    # the helper's URL is its parameter: unknown, outbound, listed (never dropped)
    assert calls(index) == [
        ("main.py", "GET", "/{*}", "aiohttp", "server", False),
        ("main.py", "POST", "/api/chat.postMessage", "aiohttp", "server", True),
    ]
    assert findings(index) == []


def test_only_modules_that_import_a_client_library_record_calls():
    index = build_index({
        "app/main.py": """
            from fastapi import FastAPI
            from .store import cache

            app = FastAPI()

            @app.get("/api/items")
            def items():
                return cache.get("http://localhost:8000/api/items")
        """,
        "app/store.py": "cache = {}\n",
    })
    assert index.files["/ws/app/main.py"].facts.calls == ()


def test_a_changed_service_port_re_resolves_the_calls_into_it_as_a_fresh_index_does():
    files = {
        "api/urls.py": DJANGO_URLS,
        "api/views.py": """
            import requests

            def make(request):
                return requests.post("http://localhost:8003/", json={})
        """,
        "service/thumbnail/main.py": THUMBNAIL_SERVICE,
    }
    index = build_index(files)
    assert calls(index) == [("views.py", "POST", "/", "requests", "client", True)]
    moved = THUMBNAIL_SERVICE.replace("8003", "8004")
    index.apply_changes({"/ws/service/thumbnail/main.py": textwrap.dedent(moved).encode()})
    assert calls(index) == [("views.py", "POST", "/", "requests", "server", True)]
    assert index.snapshot() == build_index({**files, "service/thumbnail/main.py": moved}).snapshot()


def test_a_backend_alone_that_calls_itself_is_not_flagged_route_by_route():
    # a warm-up request to the app's own health route, and no frontend in the workspace
    index = build_index({
        "app.py": """
            import requests
            from flask import Flask, jsonify

            app = Flask(__name__)

            @app.get("/api/health")
            def health():
                return jsonify(ok=True)

            @app.get("/api/users")
            def users():
                return jsonify([])

            def warm_up():
                requests.get("http://localhost:5000/api/health", timeout=2)

            if __name__ == "__main__":
                app.run(port=5000)
        """,
    })
    assert [(c.method, c.path) for c in index.analysis().calls] == [("GET", "/api/health")]
    assert unused(index) == []
