"""What the Python web frameworks' names mean: constructors, decorators, policies.

Names are matched on their *qualified* form (``fastapi.APIRouter``,
``rest_framework.routers.DefaultRouter``), computed from the file's imports; a name
used without any import (a star import, a re-export) falls back to its bare spelling.
"""

from __future__ import annotations

HTTP_VERBS = ("get", "post", "put", "patch", "delete", "options", "head", "trace")

#: router kinds -> the ``framework`` reported for their routes
FRAMEWORK = {
    "fastapi-app": "fastapi",
    "fastapi-router": "fastapi",
    "flask-app": "flask",
    "flask-bp": "flask",
    "restful-api": "flask",
    "restx-ns": "flask",
    "drf-router": "drf",
    "django": "django",
    "channels": "channels",
    "ninja": "ninja",
}

#: framework -> trailing-slash policy of its HTTP routes (see ``routelink.link.slash_allows``):
#: Starlette redirect_slashes redirects both ways keeping the method (307); Werkzeug
#: redirects a slash-less request to a rule that ends with a slash (308), never the
#: reverse; Django's CommonMiddleware APPEND_SLASH redirects GET/HEAD only (a POST
#: raises / loses its body). WebSockets are never redirected.
POLICY = {
    "fastapi": "redirect",
    "flask": "append",
    "django": "append-get",
    "drf": "append-get",
    "ninja": "append-get",
    "channels": "strict",
}

# (top-level package(s), class name) -> router kind
_CTORS: list[tuple[frozenset[str], frozenset[str], str]] = [
    (frozenset({"fastapi", "starlette"}), frozenset({"FastAPI", "Starlette"}), "fastapi-app"),
    (frozenset({"fastapi"}), frozenset({"APIRouter"}), "fastapi-router"),
    (frozenset({"starlette"}), frozenset({"Router"}), "fastapi-router"),
    (frozenset({"flask", "quart", "apiflask"}), frozenset({"Flask", "Quart", "APIFlask"}), "flask-app"),
    (frozenset({"flask", "quart", "apiflask", "flask_smorest"}),
     frozenset({"Blueprint", "APIBlueprint"}), "flask-bp"),
    (frozenset({"flask_restful", "flask_restx", "flask_restplus", "flask_smorest"}),
     frozenset({"Api"}), "restful-api"),
    (frozenset({"flask_restx", "flask_restplus"}), frozenset({"Namespace"}), "restx-ns"),
    (frozenset({"rest_framework", "rest_framework_nested", "rest_framework_extensions"}),
     frozenset({"DefaultRouter", "SimpleRouter", "ExtendedDefaultRouter",
                "ExtendedSimpleRouter"}), "drf-router"),
    (frozenset({"rest_framework_nested"}),
     frozenset({"NestedSimpleRouter", "NestedDefaultRouter"}), "drf-nested"),
    (frozenset({"ninja"}), frozenset({"NinjaAPI", "Router"}), "ninja"),
    (frozenset({"channels"}), frozenset({"ProtocolTypeRouter"}), "channels-protocol"),
    (frozenset({"channels"}), frozenset({"URLRouter"}), "channels-urlrouter"),
]

#: bare names recognised when they are not imported at all
_BARE = {
    "FastAPI": "fastapi-app",
    "Starlette": "fastapi-app",
    "APIRouter": "fastapi-router",
    "Flask": "flask-app",
    "Blueprint": "flask-bp",
    "DefaultRouter": "drf-router",
    "SimpleRouter": "drf-router",
    "NinjaAPI": "ninja",
    "ProtocolTypeRouter": "channels-protocol",
    "URLRouter": "channels-urlrouter",
}


def constructor_kind(qualified: str, imported: bool) -> str | None:
    """The router kind a call to ``qualified`` creates, or None.

    ``imported`` tells whether the name's first part came from an import (then only the
    qualified form counts).
    """
    parts = qualified.split(".")
    top, last = parts[0], parts[-1]
    for tops, names, kind in _CTORS:
        if last in names and top in tops:
            return kind
    if not imported and len(parts) == 1:
        return _BARE.get(last)
    return None


#: django.urls / django.conf.urls functions that declare one URL pattern
DJANGO_PATTERN_FUNCS = {"path": "path", "re_path": "regex", "url": "regex"}

#: function decorators that restrict a Django / DRF function view's methods
#: (django.views.decorators.http, rest_framework.decorators.api_view)
VIEW_METHOD_DECORATORS = {
    "require_GET": ("GET",),
    "require_POST": ("POST",),
    "require_safe": ("GET", "HEAD"),
}
