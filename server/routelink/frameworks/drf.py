"""Django REST Framework: routers (``DefaultRouter``/``SimpleRouter`` and nested
routers), ViewSets with their mixins and ``@action``s, APIViews and generics,
``@api_view`` function views.

Follows DRF 3.15 (``SimpleRouter`` URL generation; router prefixes are regexes) served by
Django's URL resolver: ``dispatch = "path"``, ``ordering = "app"``, policy
``append-get`` (``ignore`` for ``trailing_slash='/?'``).
"""

from __future__ import annotations

from typing import Mapping

from routelink.frameworks.base import PathTemplate, PyFramework
from routelink.frameworks.django import append_slash_policy, convert_django_path


class DRF(PyFramework):
    name = "drf"
    packages = ("rest_framework", "rest_framework_nested", "rest_framework_extensions")
    keywords = (rb"rest_framework|Router|ViewSet|APIView|api_view",)
    trailing_slash = "append-get"
    dispatch = "path"
    ordering = "app"
    view_kinds = ("drf-viewset",)

    def convert_path(self, raw: str, syntax: str = "") -> list[PathTemplate]:
        return convert_django_path(raw, syntax or "regex")

    def adjust_policy(self, policy: str, settings: Mapping[str, str]) -> str:
        return append_slash_policy(policy, settings)

    def expand_view(self, view_routes, template, file, evaluator):
        from routelink.resolve.views import expand_view_routes

        return expand_view_routes(view_routes, template, file, evaluator)


FRAMEWORK = DRF()
