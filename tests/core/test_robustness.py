"""Extraction never raises and stays a pure function of the bytes; ignore comments;
performance on a large module."""

from __future__ import annotations

import time

from routelink.extract import extract_file

from tests.conftest import written_path
from tests.frameworks.helpers import facts


def test_ignore_comments_target_lines():
    f = facts("""
        from fastapi import APIRouter
        router = APIRouter()
        # routelink-ignore: unused-route, shadowed-route
        @router.get("/a")
        def a(): ...
        @router.get("/b")  # routelink-ignore
        def b(): ...
        x = "# routelink-ignore in a string is not a comment"
    """)
    assert dict(f.ignores) == {4: ("unused-route", "shadowed-route"), 6: ()}


def test_garbage_and_half_typed_sources_never_raise():
    samples = [
        b"", b"\x00\x01", "é = 'ü'\n".encode(), b"def (:\n", b"urlpatterns = [path(",
        b"urlpatterns = [path('a/', include(", b"router.register(", b"@app.route(\n",
        b"app = Flask(\nbp = Blueprint(", b"class V(APIView:\n def get(self", b"api.add_resource(",
        b"urlpatterns += ", b"application = ProtocolTypeRouter({'websocket': URLRouter(",
        b"from . import", b"import", b"@router.get('/x')\n", b"x = [*]", b"urlpatterns = [*]",
        b"def create_app():\n    app = Flask(__name__)\n    app.register_blueprint(",
        b"ns = api.namespace(", b"@ns.route(\nclass A", b"app.include_router(r, prefix=)",
    ]
    for s in samples:
        extract_file("/ws/x.py", s)
        extract_file("/ws/urls.py", s + b"\nfrom django.urls import path\n")


def test_extraction_is_deterministic():
    src = b"""
from flask import Flask, Blueprint
app = Flask(__name__)
bp = Blueprint("b", __name__, url_prefix="/b")
@bp.route("/<int:x>")
def x(x): ...
app.register_blueprint(bp, url_prefix="/c")
"""
    assert extract_file("/ws/a.py", src) == extract_file("/ws/a.py", src)


def test_non_ascii_columns_are_utf16():
    f = facts("""
        from fastapi import FastAPI
        app = FastAPI()
        @app.get("/héllo/𝄞")
        def h(): ...
    """)
    (r,) = f.routes
    assert written_path(r) == "/héllo/𝄞"
    assert r.span.end_column == len('@app.get("/héllo/𝄞")'.encode("utf-16-le")) // 2


def test_large_module_is_fast():
    parts = ["from fastapi import APIRouter", "router = APIRouter(prefix='/big')"]
    for i in range(3000):
        parts.append(f"@router.get('/items/{i}/{{item_id}}')\nasync def handler_{i}(item_id: int):\n"
                     f"    x = [j for j in range(10)]\n    return {{'i': {i}, 'x': x}}\n")
    data = "\n".join(parts).encode()
    started = time.perf_counter()
    f = extract_file("/ws/big.py", data)
    elapsed = time.perf_counter() - started
    assert len(f.routes) == 3000
    assert elapsed < 6.0, elapsed  # ~0.25 s on an idle machine
