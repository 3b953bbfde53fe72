"""View-class route expansion (Django CBVs, DRF ViewSets/APIViews, Flask MethodView).

``expand_view_routes(view_routes, file, evaluator)`` turns one
:class:`~routelink.facts.ViewRoutes` into plain :class:`~routelink.facts.Route` facts on
the same router, with the methods the referenced class (and its bases, followed across
files through ``evaluator``) provides.
"""

from __future__ import annotations

from routelink.facts import Route, ViewRoutes
from routelink.resolve.evaluate import Evaluator


def expand_view_routes(vr: ViewRoutes, file: str, evaluator: Evaluator) -> list[Route]:
    """The routes ``vr`` declares; empty for an unknown ``vr.kind``."""
    return []
