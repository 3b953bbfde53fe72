"""Flask (and Quart, APIFlask), with Flask-RESTful, Flask-RESTX and flask-smorest.

Follows Flask 3 / Werkzeug 3: rules ``/users/<int:id>`` (``<path:p>`` is a catch-all);
a rule ending in ``/`` is reached without the slash through a 308 redirect, never the
reverse: policy ``append`` (``ignore`` for ``strict_slashes=False`` or
``app.url_map.strict_slashes = False``). Werkzeug's matcher tries static segments before
converters and converters before ``path``, whatever the registration order
(:meth:`Flask.order_key`).
"""

from __future__ import annotations

from typing import Mapping

from routelink.extract.python.paths import flask_path
from routelink.frameworks.base import PathTemplate, PyFramework


class Flask(PyFramework):
    name = "flask"
    packages = ("flask", "quart", "apiflask", "flask_restful", "flask_restx",
                "flask_restplus", "flask_smorest")
    keywords = (rb"flask|Flask|Blueprint|Resource|quart|MethodView",)
    trailing_slash = "append"
    router_noun = "blueprint"
    view_kinds = ("method-view",)

    def convert_path(self, raw: str, syntax: str = "") -> list[PathTemplate]:
        return [(flask_path(raw), None)]

    def order_key(self, template: str) -> tuple:
        """Per-segment precedence: static 0, static with a converter 1, converter 2, path 3."""
        out = []
        for seg in template.strip("/").split("/"):
            if "{" not in seg:
                out.append(0)
            elif seg.endswith("*}"):
                out.append(3)
            elif seg.startswith("{") and seg.endswith("}") and seg.count("{") == 1:
                out.append(2)
            else:
                out.append(1)
        return tuple(out)

    def adjust_policy(self, policy: str, settings: Mapping[str, str]) -> str:
        if policy == "append" and settings.get("FLASK_STRICT_SLASHES") == "False":
            return "ignore"  # app.url_map.strict_slashes = False
        return policy

    def expand_view(self, view_routes, template, file, evaluator):
        from routelink.resolve.views import expand_view_routes

        return expand_view_routes(view_routes, template, file, evaluator)


FRAMEWORK = Flask()
