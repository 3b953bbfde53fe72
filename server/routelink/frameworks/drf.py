"""Django REST Framework: routers (``DefaultRouter``/``SimpleRouter`` and nested
routers), ViewSets with their mixins and ``@action``s, APIViews and generics,
``@api_view`` function views.

Follows DRF 3.15 served by Django's URL resolver (``dispatch = "path"``, ``ordering =
"app"``, policy ``append-get``, ``ignore`` for ``trailing_slash='/?'``):

- Routers: ``DefaultRouter(trailing_slash=...)`` / ``SimpleRouter`` (and
  drf-extensions' ``Extended*``), and a project's subclass of them in any module
  (``class OptionalSlashRouter(DefaultRouter)`` setting ``self.trailing_slash = '/?'``):
  trailing slash ``'/'`` by default, ``''`` for ``False``, ``'/?'`` optional; a ``DefaultRouter`` also serves the API root view at its
  root (unless ``include_root_view=False``). drf-nested-routers
  ``NestedSimpleRouter(parent, parent_prefix, lookup=...)`` has the prefix
  ``parent_prefix/{<lookup>_pk}`` and the parent's trailing slash. Routers are mounted
  where ``router.urls`` is included (Django's URLconf walker).
- ``router.register(prefix, ViewSet, basename=...)`` (prefixes are regexes) ->
  ``drf-viewset`` view routes, expanded as ``SimpleRouter`` does
  (:meth:`DRF.expand_view`): list route ``prefix/`` (``get``->list, ``post``->create),
  extra actions with ``detail=False`` (``prefix/url_path/``, alphabetical), detail
  route ``prefix/{lookup}/`` (``get``->retrieve, ``put``->update,
  ``patch``->partial_update, ``delete``->destroy), extra actions with ``detail=True``
  (``prefix/{lookup}/url_path/``); a route only for the actions the class has
  (``ModelViewSet`` all six, ``ReadOnlyModelViewSet`` list/retrieve,
  ``GenericViewSet``/``ViewSet`` + ``mixins.*`` as declared, plus the action methods the
  workspace classes define). ``lookup`` is ``lookup_url_kwarg`` or ``lookup_field`` or
  ``pk``; ``http_method_names`` filters. A ViewSet routelink cannot see gives ``ANY`` on
  the list and detail URLs.
- ``@action(detail=..., methods=[...], url_path=...)`` (and the legacy
  ``@detail_route``/``@list_route``, and ``@<action>.mapping.<verb>``) are read from the
  class (:meth:`DRF.method_decorator_facts`).
- APIViews and generics routed by ``View.as_view()`` in a URLconf are expanded by
  Django's class-view rules with this module's generic views (``ListAPIView`` GET,
  ``CreateAPIView`` POST, ``RetrieveUpdateDestroyAPIView`` GET+PUT+PATCH+DELETE...) and
  report ``drf`` (:meth:`DRF.owns_view`); ``partial_update`` is handled by an
  overridden ``update`` (:meth:`DRF.locate_action`).
- ``@api_view([...])`` function views (``["GET"]`` when called without methods) report
  ``drf``; ``format_suffix_patterns(urlpatterns)`` returns its first argument's patterns.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Mapping

from routelink.extract.python.nodes import (
    arg,
    call_parts,
    decorator_expr,
    dotted,
    literal_string,
    string_list,
)
from routelink.facts import CallExpr, Lit, Ref, Route
from routelink.frameworks.base import TEMPLATE_SYNTAX, PathTemplate, PyFramework
from routelink.frameworks.common import HTTP_VERBS
from routelink.frameworks.django import (
    allowed,
    append_slash_policy,
    convert_django_path,
    regex_path,
)
from routelink.resolve.classes import construction, generated_route, hierarchy
from routelink.resolve.evaluate import Ctx, RouterVal

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from routelink.extract.python.extractor import PyBuilder, RouterHandle, Scope
    from routelink.facts import Expr, Span
    from routelink.resolve.classes import Construction, Hierarchy
    from routelink.resolve.evaluate import Evaluator

#: router kinds: a router (the constructor kind of a nested router is NESTED)
ROUTER = "router"
NESTED = "nested"
#: the view kind of ``router.register(prefix, ViewSet)``
VIEWSET = "drf-viewset"

VIEWSET_ACTIONS = ("list", "create", "retrieve", "update", "partial_update", "destroy")
LIST_MAPPING = (("get", "list"), ("post", "create"))
DETAIL_MAPPING = (("get", "retrieve"), ("put", "update"), ("patch", "partial_update"),
                  ("delete", "destroy"))

#: ViewSet bases -> the actions they provide
VIEWSET_BASES: dict[str, frozenset[str]] = {
    "ModelViewSet": frozenset(VIEWSET_ACTIONS),
    "ReadOnlyModelViewSet": frozenset({"list", "retrieve"}),
    "GenericViewSet": frozenset(),
    "ViewSet": frozenset(),
    "ViewSetMixin": frozenset(),
    "ListModelMixin": frozenset({"list"}),
    "CreateModelMixin": frozenset({"create"}),
    "RetrieveModelMixin": frozenset({"retrieve"}),
    "UpdateModelMixin": frozenset({"update", "partial_update"}),
    "DestroyModelMixin": frozenset({"destroy"}),
}
#: routers whose URLs include the API root view
_ROOT_VIEW_ROUTERS = frozenset({"DefaultRouter", "ExtendedDefaultRouter", "NestedDefaultRouter"})
#: the imported bases that make a view class routed by Django's as_view() a DRF view
_OWN_BASES = frozenset({"APIView", "GenericAPIView", "ListAPIView", "CreateAPIView",
                        "RetrieveAPIView", "DestroyAPIView", "UpdateAPIView",
                        "ListCreateAPIView", "RetrieveUpdateAPIView", "RetrieveDestroyAPIView",
                        "RetrieveUpdateDestroyAPIView", "ObtainAuthToken", "TokenObtainPairView",
                        "TokenRefreshView", "TokenVerifyView", "GenericViewSet", "ViewSet",
                        "ModelViewSet", "ReadOnlyModelViewSet"})


def _policy(trailing: str) -> str:
    return "ignore" if trailing == "/?" else "append-get"


def _join(prefix: str, *segments: str, trailing: str) -> str:
    parts = [p.strip("/") for p in (prefix, *segments) if p.strip("/")]
    if not parts:
        return ""
    return "/" + "/".join(parts) + ("/" if trailing == "/" else "")


class DRF(PyFramework):
    """DRF routers, ViewSets, APIViews and function views (see the module docstring)."""

    name = "drf"
    packages = ("rest_framework", "rest_framework_nested", "rest_framework_extensions")
    keywords = (rb"rest_framework|Router|ViewSet|APIView|api_view",)
    trailing_slash = "append-get"
    dispatch = "path"
    ordering = "app"
    view_kinds = (VIEWSET,)

    constructors = (
        (frozenset({"rest_framework", "rest_framework_nested", "rest_framework_extensions"}),
         frozenset({"DefaultRouter", "SimpleRouter", "ExtendedDefaultRouter",
                    "ExtendedSimpleRouter"}), ROUTER),
        (frozenset({"rest_framework_nested"}),
         frozenset({"NestedSimpleRouter", "NestedDefaultRouter"}), NESTED),
    )
    bare_constructors = {"DefaultRouter": ROUTER, "SimpleRouter": ROUTER}
    router_methods = frozenset({"register"})
    pattern_functions = {"format_suffix_patterns": 1}

    #: DRF's generic views (and those of packages built on it) -> {method: handler}
    generic_views: Mapping[str, "Mapping[str, str] | str"] = {
        "APIView": {},
        "GenericAPIView": {},
        "ListAPIView": {"get": "list"},
        "CreateAPIView": {"post": "create"},
        "RetrieveAPIView": {"get": "retrieve"},
        "DestroyAPIView": {"delete": "destroy"},
        "UpdateAPIView": {"put": "update", "patch": "partial_update"},
        "ListCreateAPIView": {"get": "list", "post": "create"},
        "RetrieveUpdateAPIView": {"get": "retrieve", "put": "update", "patch": "partial_update"},
        "RetrieveDestroyAPIView": {"get": "retrieve", "delete": "destroy"},
        "RetrieveUpdateDestroyAPIView": {"get": "retrieve", "put": "update",
                                         "patch": "partial_update", "delete": "destroy"},
        "ObtainAuthToken": {"post": "post"},
        # djangorestframework-simplejwt
        "TokenObtainPairView": {"post": "post"},
        "TokenRefreshView": {"post": "post"},
        "TokenVerifyView": {"post": "post"},
        "TokenBlacklistView": {"post": "post"},
        "TokenObtainSlidingView": {"post": "post"},
        "TokenRefreshSlidingView": {"post": "post"},
        # drf-spectacular
        "SpectacularAPIView": {"get": "get"},
        "SpectacularSwaggerView": {"get": "get"},
        "SpectacularRedocView": {"get": "get"},
    }

    def convert_path(self, raw: str, syntax: str = "") -> list[PathTemplate]:
        """Router prefixes are regexes (Django's ``re_path`` syntax)."""
        return convert_django_path(raw, syntax or "regex")

    def adjust_policy(self, policy: str, settings: Mapping[str, str]) -> str:
        """Django's ``APPEND_SLASH`` applies."""
        return append_slash_policy(policy, settings)

    # ------------------------------------------------------------------ extraction

    def construct_router(self, b: "PyBuilder", name: str, kind: str, qualified: str, call: "Node",
                         pos: list["Node"], kw: dict[str, "Node"], scope: "Scope") -> None:
        """``DefaultRouter(trailing_slash=...)`` / ``NestedSimpleRouter(parent, prefix,
        lookup=...)``; the router's trailing slash is kept in ``b.opts[key]``."""
        ts_node = kw.get("trailing_slash")
        ts = "/"
        if ts_node is not None:
            text = b.src.text(ts_node)
            if text == "False":
                ts = ""
            elif text != "True":
                ts = literal_string(ts_node, b.src) or "/"
        prefix = None
        if kind == NESTED:
            parent = b.router_of(arg(pos, kw, 0, "parent_router"), scope)
            if parent is not None and ts_node is None:
                ts = b.opts.get(parent.key, {}).get("trailing_slash", "/")
            pp = b.static_string(arg(pos, kw, 1, "parent_prefix"), scope)
            lookup = literal_string(kw.get("lookup"), b.src) or "parent"
            if pp is not None:
                base, _ = regex_path(pp)
                prefix = Lit(base.rstrip("/") + "/{%s_pk}" % lookup)
        key = b.new_router(self, ROUTER, name, call, scope, prefix=prefix, syntax=TEMPLATE_SYNTAX)
        b.opts.setdefault(key, {})["trailing_slash"] = ts
        irv = kw.get("include_root_view")
        if qualified.rsplit(".", 1)[-1] in _ROOT_VIEW_ROUTERS and not (
                irv is not None and b.src.text(irv) == "False"):
            b.route(key, "GET", Lit(""), call, handler="api_root", policy=_policy(ts),
                    syntax=TEMPLATE_SYNTAX)

    def subclass_router(self, kind: str, made: "Construction"
                        ) -> "tuple[bool, tuple[Expr, str] | None] | None":
        """A project's ``DefaultRouter``/``SimpleRouter`` subclass makes a router (its
        trailing slash is read when its ViewSets are expanded); nested routers stay as
        guessed."""
        return (False, None) if kind == ROUTER else None

    def _subclass_trailing_slash(self, router: str, file: str, evaluator: "Evaluator") -> str | None:
        """The trailing slash (``"/"``, ``""`` or ``"/?"``) of router ``router`` of
        ``file`` when a workspace subclass of a DRF router builds it: the
        ``trailing_slash`` argument that reaches the router's constructor, else the
        class's ``self.trailing_slash = ...`` (``OptionalSlashRouter``); None otherwise."""
        value = evaluator.eval(Ref(router), Ctx(file)) if router.isidentifier() else None
        where = (value.file, value.key) if isinstance(value, RouterVal) else (file, router)
        facts = evaluator.facts_of(where[0])
        call = next((v for k, v in facts.values if k == where[1]), None) if facts else None
        if not isinstance(call, CallExpr):
            return None
        made = construction(call, where[0], evaluator,
                            lambda dotted, imported: self.constructor_kind(dotted, imported) == ROUTER)
        if made is None:
            return None
        found = made.kwargs.get("trailing_slash") or made.attr("trailing_slash")
        if found is None:
            return "/"
        ts = found[0]
        if not isinstance(ts, Lit):
            return None
        return {"False": "", "True": "/"}.get(ts.value, ts.value)

    def guess_router(self, method: str, imports: frozenset[str]) -> "tuple[int, str] | None":
        """``register`` is a router's method."""
        return (0, ROUTER) if method == "register" else None

    def router_call(self, b: "PyBuilder", router: "RouterHandle", method: str, call: "Node",
                    pos: list["Node"], kw: dict[str, "Node"], scope: "Scope") -> None:
        """``router.register(prefix, ViewSet, basename=...)`` -> ``drf-viewset`` view
        routes with options ``trailing_slash`` (``"/"``, ``""`` or ``"/?"``) and
        ``basename``."""
        if method != "register":
            return
        raw = b.path_expr(arg(pos, kw, 0, "prefix"), scope)
        view = b.ref(arg(pos, kw, 1, "viewset"))
        if raw is None or view is None:
            return
        ts = b.opts.get(router.key, {}).get("trailing_slash", "/")
        options = [("trailing_slash", ts)]
        bn = literal_string(kw.get("basename") or kw.get("base_name"), b.src)
        if bn is not None:
            options.append(("basename", bn))
        b.view_route(router.key, VIEWSET, raw, view, call, options=tuple(options),
                     policy=_policy(ts), syntax="regex")

    def function_view_methods(self, b: "PyBuilder", decorator: "Node") -> list[str] | None:
        """``@api_view(["GET", "POST"])``; ``["GET"]`` without methods."""
        if decorator.type == "call":
            fn, pos, kw = call_parts(decorator)
            if (dotted(fn, b.src) or "").rsplit(".", 1)[-1] != "api_view":
                return None
            a = pos[0] if pos else kw.get("http_method_names")
            ms = string_list(a, b.src) if a is not None else ["GET"]
            return ([m.upper() for m in ms] or ["GET"]) if ms is not None else None
        if (dotted(decorator, b.src) or "").rsplit(".", 1)[-1] == "api_view":
            return ["GET"]
        return None

    def method_decorator_facts(self, b: "PyBuilder", decorators: list["Node"]
                               ) -> tuple[tuple[str, str], ...] | None:
        """``@action(detail=..., methods=[...], url_path=...)`` (and ``@detail_route`` /
        ``@list_route``, and ``@<action>.mapping.<verb>``) -> facts.

        Shape: ``(("detail", "True"), ("methods", "GET,POST"), ("url_path", "x"))`` or
        ``(("mapping", "<action>"), ("methods", "DELETE"))``.
        """
        for dec in decorators:
            e = decorator_expr(dec)
            if e is None:
                continue
            if e.type == "call":
                fn, _, kw = call_parts(e)
            else:
                fn, kw = e, {}
            parts = (dotted(fn, b.src) or "").split(".")
            last = parts[-1]
            if len(parts) == 3 and parts[1] == "mapping" and last in HTTP_VERBS:
                return (("mapping", parts[0]), ("methods", last.upper()))
            if last not in ("action", "detail_route", "list_route"):
                continue
            if last == "action":
                detail_node = kw.get("detail")
                detail = b.src.text(detail_node) if detail_node is not None else "False"
            else:
                detail = "True" if last == "detail_route" else "False"
            ms = string_list(kw.get("methods"), b.src) or ["get"]
            out = [("detail", "True" if detail == "True" else "False"),
                   ("methods", ",".join(m.upper() for m in ms))]
            url_path = literal_string(kw.get("url_path"), b.src)
            if url_path is not None:
                out.append(("url_path", url_path))
            return tuple(out)
        return None

    # ------------------------------------------------------------------ resolution

    def owns_view(self, bases: list[str]) -> bool:
        """A view with an APIView, a generic API view or a ViewSet among its bases."""
        return any(b in _OWN_BASES for b in bases)

    def locate_action(self, h: "Hierarchy", action: str) -> "tuple[str, Span] | None":
        """An action's own definition; ``partial_update`` (which calls
        ``self.update(partial=True)``) falls back to an overridden ``update``."""
        where = h.method(action)
        if where is None and action == "partial_update":
            where = h.method("update")
        return where

    def expand_view(self, view_routes, template, file, evaluator) -> list[Route]:
        """``router.register(prefix, ViewSet)`` as ``SimpleRouter`` generates it."""
        vr = view_routes
        if vr.kind != VIEWSET:
            return []
        prefix = template
        trailing = dict(vr.options).get("trailing_slash", "/")
        subclassed = self._subclass_trailing_slash(vr.router, file, evaluator)
        if subclassed is not None and subclassed != trailing:
            trailing = subclassed
            vr = replace(vr, trailing_slash=_policy(trailing))
        h = hierarchy(vr.view, file, evaluator)
        actions: set[str] = set()
        for ext in h.external:
            if ext in VIEWSET_BASES:
                actions |= VIEWSET_BASES[ext]
        for action in VIEWSET_ACTIONS:
            if h.method(action) is not None:
                actions.add(action)
        extra = h.decorated()
        lookup = h.literal_attr("lookup_url_kwarg") or h.literal_attr("lookup_field") or "pk"
        cls = h.name
        out: list[Route] = []
        sub = 0

        def add(method: str, path: str, action: str) -> None:
            nonlocal sub
            if method != "ANY" and not allowed(h, [method]):
                return
            out.append(generated_route(vr, method, path, sub, f"{cls}.{action}",
                                       self.locate_action(h, action)))
            sub += 1

        if not h.found and not any(e in VIEWSET_BASES for e in h.external):
            # a ViewSet we cannot see: its URLs exist, its methods are unknown
            add("ANY", _join(prefix, trailing=trailing), "list")
            add("ANY", _join(prefix, "{%s}" % lookup, trailing=trailing), "retrieve")
            return out
        mappings = {m: f for m, f in extra if "mapping" in f}
        actions_list = sorted((m, f) for m, f in extra if "mapping" not in f)

        def extra_routes(detail: bool) -> None:
            for name, facts in actions_list:
                if (facts.get("detail") == "True") != detail:
                    continue
                seg, _ = regex_path(facts.get("url_path", name))
                path = (_join(prefix, "{%s}" % lookup, seg, trailing=trailing) if detail
                        else _join(prefix, seg, trailing=trailing))
                for method in facts.get("methods", "GET").split(","):
                    add(method.upper(), path, name)
                for mname, mfacts in mappings.items():
                    if mfacts.get("mapping") == name:
                        for method in mfacts.get("methods", "").split(","):
                            if method:
                                add(method.upper(), path, mname)

        for method, action in LIST_MAPPING:
            if action in actions:
                add(method.upper(), _join(prefix, trailing=trailing), action)
        extra_routes(False)
        for method, action in DETAIL_MAPPING:
            if action in actions:
                add(method.upper(), _join(prefix, "{%s}" % lookup, trailing=trailing), action)
        extra_routes(True)
        return out


FRAMEWORK = DRF()
