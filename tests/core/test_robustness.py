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


def test_json_config_nested_too_deep_is_read_as_unreadable(tmp_path):
    """A package.json or tsconfig.json nested deeper than Python's JSON decoder can
    recurse (a generated or hostile file) is an unreadable config, not a traceback: the
    project around it is still indexed."""
    import json
    import subprocess
    import sys

    web = tmp_path / "web"
    (web / "src").mkdir(parents=True)
    (web / "package.json").write_text(
        '{"dependencies": {"react": "18"}, "x": ' + "[" * 200_000 + "]" * 200_000 + "}")
    (web / "tsconfig.json").write_text(
        '{"compilerOptions": ' + '{"a":' * 100_000 + "1" + "}" * 100_000 + "}")
    (web / "src" / "orders.ts").write_text("import { x } from './x';\nfetch('/api/orders');\n")
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "package.json").write_text(
        '{"dependencies": {"express": "4"}, "y": ' + "[" * 200_000 + "]" * 200_000 + "}")
    (tmp_path / "api" / "app.js").write_text(
        "const app = require('express')();\napp.get('/api/orders', (req, res) => res.json([]));\n")
    proc = subprocess.run([sys.executable, "-m", "routelink", "check", "--no-cache", "--format",
                           "json", str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(proc.stdout)
    [call] = report["calls"]
    assert call["routes"], report
