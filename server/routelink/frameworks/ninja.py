"""django-ninja: ``NinjaAPI``/``Router`` operations served through a Django URLconf.

Follows django-ninja 1.x: paths use ``{name}``/``{conv:name}`` braces; the API is
mounted where ``path("api/", api.urls)`` includes it, so Django's trailing-slash rule
(``append-get``) applies and the whole URL tree is one ordered list (``ordering =
"app"``); within one path the operation is picked by method.
"""

from __future__ import annotations

from typing import Mapping

from routelink.extract.python.paths import starlette_path
from routelink.frameworks.base import PathTemplate, PyFramework
from routelink.frameworks.django import append_slash_policy


class Ninja(PyFramework):
    name = "ninja"
    packages = ("ninja",)
    keywords = (rb"ninja",)
    trailing_slash = "append-get"
    ordering = "app"

    def convert_path(self, raw: str, syntax: str = "") -> list[PathTemplate]:
        return [(starlette_path(raw), None)]

    def adjust_policy(self, policy: str, settings: Mapping[str, str]) -> str:
        return append_slash_policy(policy, settings)


FRAMEWORK = Ninja()
