"""FastAPI and Starlette.

Follows FastAPI 0.11x / Starlette 0.4x: an app matches one flat route list built by
following ``include_router``/``mount`` in order and takes the first match (``ordering =
"app"``); ``redirect_slashes`` redirects a request whose trailing slash differs, both
ways, keeping the method (307): policy ``redirect``. Paths use ``{name}`` and
``{name:convertor}`` (``{p:path}`` is a catch-all).
"""

from __future__ import annotations

from routelink.extract.python.paths import starlette_path
from routelink.frameworks.base import PathTemplate, PyFramework


class FastAPI(PyFramework):
    name = "fastapi"
    packages = ("fastapi", "starlette")
    keywords = (rb"fastapi|FastAPI|APIRouter|starlette|Starlette",)
    trailing_slash = "redirect"
    ordering = "app"

    def convert_path(self, raw: str, syntax: str = "") -> list[PathTemplate]:
        return [(starlette_path(raw), None)]


FRAMEWORK = FastAPI()
