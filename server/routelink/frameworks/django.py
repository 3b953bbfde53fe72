"""Django URLconfs (``path``/``re_path``/``url``/``include``) and class/function views.

Follows the Django 5 URL dispatcher: the URLconf the settings' ``ROOT_URLCONF`` names is
the root (any ``urlpatterns`` nothing includes when it is unknown); patterns are tried in
order and the first whose *path* matches answers, whatever the method (``dispatch =
"path"``, ``ordering = "app"``); ``CommonMiddleware`` with ``APPEND_SLASH`` redirects a
GET/HEAD without the trailing slash (a POST fails): policy ``append-get``, ``strict`` when
``APPEND_SLASH = False``. Syntaxes: ``"path"`` (``<int:pk>``, ``<path:p>``) and
``"regex"`` (``re_path``/``url``: named groups; an optional trailing ``/?`` accepts both
slash forms).
"""

from __future__ import annotations

from typing import Callable, Mapping

from routelink.extract.python.paths import django_path, regex_path
from routelink.frameworks.base import PathTemplate, PyFramework


def append_slash_policy(policy: str, settings: Mapping[str, str]) -> str:
    """``append-get`` becomes ``strict`` when the settings say ``APPEND_SLASH = False``
    (for every framework served by Django's URL resolver)."""
    if policy == "append-get" and settings.get("APPEND_SLASH") == "False":
        return "strict"
    return policy


def convert_django_path(raw: str, syntax: str) -> list[PathTemplate]:
    """A ``path()`` route or, with ``syntax == "regex"``, a ``re_path()`` regex."""
    if syntax == "regex":
        path, optional = regex_path(raw)
        return [(path, "ignore" if optional else None)]
    return [(django_path(raw), None)]


class Django(PyFramework):
    name = "django"
    packages = ("django",)
    keywords = (rb"urlpatterns|django|ROOT_URLCONF|include|View",)
    trailing_slash = "append-get"
    dispatch = "path"
    ordering = "app"
    router_noun = "URLconf"
    view_kinds = ("django-view", "django-function")

    def convert_path(self, raw: str, syntax: str = "") -> list[PathTemplate]:
        return convert_django_path(raw, syntax)

    def explicit_roots(self, settings: Mapping[str, str],
                       resolve_module: Callable[[str], str | None]) -> set[tuple[str, str]]:
        module = settings.get("ROOT_URLCONF")
        target = resolve_module(module) if module else None
        return {(target, "urlpatterns")} if target else set()

    def adjust_policy(self, policy: str, settings: Mapping[str, str]) -> str:
        return append_slash_policy(policy, settings)

    def expand_view(self, view_routes, template, file, evaluator):
        from routelink.resolve.views import expand_view_routes

        return expand_view_routes(view_routes, template, file, evaluator)


FRAMEWORK = Django()
