"""View-class route expansion (Django CBVs, DRF ViewSets/APIViews, Flask MethodView).

``expand_view_routes(view_routes, file, evaluator)`` turns one
:class:`~routelink.facts.ViewRoutes` into plain :class:`~routelink.facts.Route` facts on
the same router, with the methods the referenced class (and its bases, followed across
files through ``evaluator``) provides.

Kinds (written by :mod:`routelink.extract.python`):

- ``drf-viewset`` — ``router.register(prefix, ViewSet)``. Follows DRF 3.15
  ``SimpleRouter``: list route ``prefix/`` (``get``->list, ``post``->create), extra
  actions with ``detail=False`` (``prefix/url_path/``, alphabetical), detail route
  ``prefix/{lookup}/`` (``get``->retrieve, ``put``->update, ``patch``->partial_update,
  ``delete``->destroy), extra actions with ``detail=True`` (``prefix/{lookup}/url_path/``);
  a route is generated only for the actions the class has (``ModelViewSet`` all six,
  ``ReadOnlyModelViewSet`` list/retrieve, ``GenericViewSet``/``ViewSet`` + ``mixins.*``
  as declared, plus the action methods the workspace classes define). ``lookup`` is
  ``lookup_url_kwarg`` or ``lookup_field`` or ``pk``; ``http_method_names`` filters.
  Options: ``trailing_slash`` (``/``, ``''`` or ``/?``).
- ``django-view`` — ``path(..., View.as_view())``: the HTTP method handlers (``get``,
  ``post``...) the class and its workspace bases define, plus the methods of known
  generic bases (Django ``TemplateView``/``ListView``/``DetailView`` GET,
  ``FormView``/``CreateView``/``UpdateView`` GET+POST, ``DeleteView`` GET+POST+DELETE,
  ``RedirectView`` every method; DRF ``ListAPIView`` GET, ``CreateAPIView`` POST,
  ``ListCreateAPIView`` GET+POST, ``RetrieveUpdateDestroyAPIView`` GET+PUT+PATCH+DELETE
  ...; ``APIView``/``View`` only what is defined). ``as_view({"get": "list"})`` (a
  ViewSet bound to actions) uses that mapping (option ``actions``).
- ``django-function`` — a function view: the methods its decorators allow
  (``@require_http_methods``, ``@require_GET``/``POST``/``safe``, DRF ``@api_view``),
  else ``ANY``.
- ``method-view`` — Flask ``MethodView``/Flask-RESTful and RESTX ``Resource``/Starlette
  ``HTTPEndpoint``: the HTTP method handlers the classes define (or the class's
  ``methods`` attribute, or the ``methods`` option of ``add_url_rule``); a plain Flask
  ``View`` serves GET.

A view that cannot be found in the workspace (a third-party class) whose base is not
known either gives one ``ANY`` route (two for a ViewSet: the list and detail URLs), so
calls to it still link. Each route points at the method that handles it when a workspace
class defines it (``Route.file`` is then that class's file), else at the declaration.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from routelink.facts import ClassInfo, Expr, Lit, Ref, Route, Span, ViewRoutes
from routelink.resolve.evaluate import ClassRef, Ctx, Evaluator, ModuleVal

HTTP_METHODS = ("get", "post", "put", "patch", "delete", "head", "options", "trace")
VIEWSET_ACTIONS = ("list", "create", "retrieve", "update", "partial_update", "destroy")
LIST_MAPPING = (("get", "list"), ("post", "create"))
DETAIL_MAPPING = (("get", "retrieve"), ("put", "update"), ("patch", "partial_update"),
                  ("delete", "destroy"))
_SUB_STEP = 1  # sub-order of generated routes within a registration (< ORDER_STEP)

#: DRF ViewSet bases -> the actions they provide
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

_ALL = "*"
#: known non-workspace view bases -> {http method: action method that handles it}
GENERIC_VIEWS: dict[str, dict[str, str] | str] = {
    # Django
    "View": {},
    "TemplateView": {"get": "get"},
    "RedirectView": _ALL,
    "ListView": {"get": "get"},
    "DetailView": {"get": "get"},
    "ArchiveIndexView": {"get": "get"},
    "YearArchiveView": {"get": "get"},
    "MonthArchiveView": {"get": "get"},
    "WeekArchiveView": {"get": "get"},
    "DayArchiveView": {"get": "get"},
    "TodayArchiveView": {"get": "get"},
    "DateDetailView": {"get": "get"},
    "FormView": {"get": "get", "post": "post"},
    "CreateView": {"get": "get", "post": "post"},
    "UpdateView": {"get": "get", "post": "post"},
    "DeleteView": {"get": "get", "post": "post", "delete": "delete"},
    "LoginView": {"get": "get", "post": "post"},
    "LogoutView": {"get": "get", "post": "post"},
    "PasswordChangeView": {"get": "get", "post": "post"},
    "PasswordResetView": {"get": "get", "post": "post"},
    "PasswordResetConfirmView": {"get": "get", "post": "post"},
    "PasswordChangeDoneView": {"get": "get"},
    "PasswordResetDoneView": {"get": "get"},
    "PasswordResetCompleteView": {"get": "get"},
    # Django REST framework
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
    "TokenObtainPairView": {"post": "post"},
    "TokenRefreshView": {"post": "post"},
    "TokenVerifyView": {"post": "post"},
    "TokenBlacklistView": {"post": "post"},
    "TokenObtainSlidingView": {"post": "post"},
    "TokenRefreshSlidingView": {"post": "post"},
    "GraphQLView": {"get": "get", "post": "post"},
    "SpectacularAPIView": {"get": "get"},
    "SpectacularSwaggerView": {"get": "get"},
    "SpectacularRedocView": {"get": "get"},
    # Flask / Flask-RESTful / RESTX / Starlette
    "MethodView": {},
    "Resource": {},
    "HTTPEndpoint": {},
}
_DRF_BASES = frozenset({"APIView", "GenericAPIView", "ListAPIView", "CreateAPIView",
                        "RetrieveAPIView", "DestroyAPIView", "UpdateAPIView",
                        "ListCreateAPIView", "RetrieveUpdateAPIView", "RetrieveDestroyAPIView",
                        "RetrieveUpdateDestroyAPIView", "ObtainAuthToken", "TokenObtainPairView",
                        "TokenRefreshView", "TokenVerifyView", "GenericViewSet", "ViewSet",
                        "ModelViewSet", "ReadOnlyModelViewSet"})


def expand_view_routes(vr: ViewRoutes, path: str, file: str, evaluator: Evaluator) -> list[Route]:
    """The routes ``vr`` declares at ``path`` (its path, evaluated and converted to a
    template); empty for an unknown ``vr.kind``. Generated routes carry template paths
    (``syntax="template"``)."""
    if vr.kind == "drf-viewset":
        return _viewset_routes(vr, path, file, evaluator)
    if vr.kind == "django-view":
        return _class_view_routes(vr, path, file, evaluator, flask=False)
    if vr.kind == "method-view":
        return _class_view_routes(vr, path, file, evaluator, flask=True)
    if vr.kind == "django-function":
        return _function_view_routes(vr, path, file, evaluator)
    return []


# ---------------------------------------------------------------------- class hierarchy


@dataclass
class _Hierarchy:
    """A view class, its workspace ancestors (MRO-like, depth first) and the names of
    its non-workspace bases (``ModelViewSet``, ``mixins.ListModelMixin`` -> last part)."""

    name: str
    classes: list[tuple[str, ClassInfo]] = field(default_factory=list)
    external: list[str] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.classes)

    def method(self, name: str) -> tuple[str, Span] | None:
        """(file, span) of the first definition of method ``name``."""
        for f, info in self.classes:
            for m, span in info.methods:
                if m == name:
                    return f, span
        return None

    def handler(self, action: str) -> tuple[str, Span] | None:
        """Where ``action`` is handled: its own definition, or for DRF's
        ``partial_update`` (which calls ``self.update(partial=True)``) an overridden
        ``update``."""
        where = self.method(action)
        if where is None and action == "partial_update":
            where = self.method("update")
        return where

    def attr(self, name: str) -> Expr | None:
        for _, info in self.classes:
            for a, value in info.attrs:
                if a == name:
                    return value
        return None

    def literal_attr(self, name: str) -> str | None:
        v = self.attr(name)
        return v.value if isinstance(v, Lit) else None

    def decorated(self) -> list[tuple[str, dict[str, str]]]:
        """Decorator facts by method name (subclass definitions win)."""
        seen: set[str] = set()
        out: list[tuple[str, dict[str, str]]] = []
        for _, info in self.classes:
            for m, facts in info.decorated:
                if m not in seen:
                    seen.add(m)
                    out.append((m, dict(facts)))
        return out

    def allowed(self, methods: list[str]) -> list[str]:
        """``methods`` filtered by ``http_method_names`` when the class sets it."""
        names = self.literal_attr("http_method_names")
        if names is None:
            return methods
        allow = {n.strip().lower() for n in names.split(",")}
        return [m for m in methods if m.lower() in allow or m == "ANY"]


def _hierarchy(view: Expr, file: str, evaluator: Evaluator) -> _Hierarchy:
    name = view.attrs[-1] if isinstance(view, Ref) and view.attrs else (
        view.name if isinstance(view, Ref) else "")
    h = _Hierarchy(name)
    value = evaluator.eval(view, Ctx(file))
    if isinstance(value, ClassRef):
        _walk(value, evaluator, h, set(), 0)
    elif name:
        h.external.append(name)
    return h


def _walk(cls: ClassRef, evaluator: Evaluator, h: _Hierarchy, seen: set, depth: int) -> None:
    key = (cls.file, cls.info.name)
    if key in seen or depth > 10:
        return
    seen.add(key)
    h.classes.append((cls.file, cls.info))
    for base in cls.info.bases:
        value = evaluator.eval(base, Ctx(cls.file))
        if isinstance(value, ClassRef):
            _walk(value, evaluator, h, seen, depth + 1)
        elif isinstance(base, Ref):
            h.external.append(base.attrs[-1] if base.attrs else base.name)


def _route(vr: ViewRoutes, method: str, path: str, sub: int, handler: str | None,
           where: tuple[str, Span] | None, framework: str | None = None,
           trailing_slash: str | None = None) -> Route:
    """A generated route: at the handler's definition when known, else at ``vr``."""
    if where is not None:
        file, span = where
        return Route(router=vr.router, method=method, path=Lit(path), span=span,
                     framework=framework or vr.framework, order=vr.order + sub * _SUB_STEP,
                     handler=handler, handler_span=span,
                     trailing_slash=trailing_slash or vr.trailing_slash, file=file,
                     syntax="template")
    return Route(router=vr.router, method=method, path=Lit(path), span=vr.span,
                 framework=framework or vr.framework, order=vr.order + sub * _SUB_STEP,
                 handler=handler, handler_span=None,
                 trailing_slash=trailing_slash or vr.trailing_slash, syntax="template")


# ---------------------------------------------------------------------- DRF ViewSets


def _drf_path(prefix: str, *segments: str, trailing: str) -> str:
    parts = [p.strip("/") for p in (prefix, *segments) if p.strip("/")]
    if not parts:
        return ""
    return "/" + "/".join(parts) + ("/" if trailing == "/" else "")


def _viewset_routes(vr: ViewRoutes, prefix: str, file: str, evaluator: Evaluator) -> list[Route]:
    from routelink.extract.python.paths import regex_path

    options = dict(vr.options)
    trailing = options.get("trailing_slash", "/")
    h = _hierarchy(vr.view, file, evaluator)
    actions: set[str] = set()
    unknown = not h.found
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
        if method != "ANY" and not h.allowed([method]):
            return
        out.append(_route(vr, method, path, sub, f"{cls}.{action}", h.handler(action)))
        sub += 1

    if unknown and not any(e in VIEWSET_BASES for e in h.external):
        # a ViewSet we cannot see: its URLs exist, its methods are unknown
        add("ANY", _drf_path(prefix, trailing=trailing), "list")
        add("ANY", _drf_path(prefix, "{%s}" % lookup, trailing=trailing), "retrieve")
        return out
    mappings = {m: f for m, f in extra if "mapping" in f}
    actions_list = sorted((m, f) for m, f in extra if "mapping" not in f)

    def extra_routes(detail: bool) -> None:
        for name, facts in actions_list:
            if (facts.get("detail") == "True") != detail:
                continue
            url_path = facts.get("url_path", name)
            seg, _ = regex_path(url_path)
            path = (_drf_path(prefix, "{%s}" % lookup, seg, trailing=trailing) if detail
                    else _drf_path(prefix, seg, trailing=trailing))
            for method in facts.get("methods", "GET").split(","):
                add(method.upper(), path, name)
            for mname, mfacts in mappings.items():
                if mfacts.get("mapping") == name:
                    for method in mfacts.get("methods", "").split(","):
                        if method:
                            add(method.upper(), path, mname)

    for method, action in LIST_MAPPING:
        if action in actions:
            add(method.upper(), _drf_path(prefix, trailing=trailing), action)
    extra_routes(False)
    for method, action in DETAIL_MAPPING:
        if action in actions:
            add(method.upper(), _drf_path(prefix, "{%s}" % lookup, trailing=trailing), action)
    extra_routes(True)
    return out


# ---------------------------------------------------------------------- class views


def _class_view_routes(vr: ViewRoutes, path: str, file: str, evaluator: Evaluator,
                       flask: bool) -> list[Route]:
    options = dict(vr.options)
    h = _hierarchy(vr.view, file, evaluator)
    cls = h.name
    framework = vr.framework
    if not flask and any(e in _DRF_BASES for e in h.external):
        framework = "drf"
    out: list[Route] = []
    if "actions" in options:
        # SomeViewSet.as_view({"get": "list", "post": "create"})
        for sub, pair in enumerate(p for p in options["actions"].split(",") if "=" in p):
            method, action = pair.split("=", 1)
            if h.allowed([method.upper()]):
                out.append(_route(vr, method.upper(), path, sub, f"{cls}.{action}",
                                  h.method(action), framework))
        return out
    handlers: dict[str, str] = {}
    any_method = False
    for m in HTTP_METHODS:
        if h.method(m) is not None:
            handlers[m] = m
    known = h.found
    for ext in h.external:
        generic = GENERIC_VIEWS.get(ext)
        if generic is None:
            if ext == "WebSocketEndpoint":
                return [_route(vr, "WS", path, 0, cls, h.method("on_receive"), framework,
                               "strict")]
            continue
        known = True
        if generic == _ALL:
            any_method = True
        else:
            for verb, action in generic.items():  # type: ignore[union-attr]
                handlers.setdefault(verb, action)
    declared = options.get("methods") or (h.literal_attr("methods") if flask else None)
    if declared:
        methods = [m.strip().upper() for m in declared.split(",") if m.strip()]
    elif any_method or not known:
        methods = ["ANY"]
    elif flask and not handlers and "View" in h.external and "MethodView" not in h.external:
        methods = ["GET"]  # flask.views.View: dispatch_request serves GET
    else:
        methods = [m.upper() for m in HTTP_METHODS if m in handlers]
    if "http_method_names" in options:
        allow = set(options["http_method_names"].split(","))
        methods = [m for m in methods if m.lower() in allow or m == "ANY"]
    for sub, method in enumerate(h.allowed(methods)):
        if method == "ANY":
            where = h.method("dispatch") or h.method("dispatch_request")
            out.append(_route(vr, "ANY", path, sub, cls or None, where, framework))
            continue
        verb = method.lower()
        action = handlers.get(verb, verb)
        where = h.method(verb) or h.handler(action)
        out.append(_route(vr, method, path, sub, f"{cls}.{action}" if cls else None, where,
                          framework))
    return out


# ---------------------------------------------------------------------- function views


def _function_view_routes(vr: ViewRoutes, path: str, file: str, evaluator: Evaluator) -> list[Route]:
    found = _find_function(vr.view, file, evaluator, 0)
    name = (vr.view.attrs[-1] if vr.view.attrs else vr.view.name) if isinstance(vr.view, Ref) else None
    if found is None:
        return [_route(vr, "ANY", path, 0, name, None)]
    ffile, fname, span, methods, drf = found
    framework = "drf" if drf else vr.framework
    return [_route(vr, m, path, sub, fname, (ffile, span), framework)
            for sub, m in enumerate(methods or ["ANY"])]


def _find_function(view: Expr, file: str, evaluator: Evaluator, depth: int
                   ) -> tuple[str, str, Span, list[str], bool] | None:
    """(file, name, def span, methods, is a DRF ``@api_view``) of a module-level function
    view, following imports. The extractor records the methods as the value
    ``"<view:NAME>"`` = ``"GET,POST"`` (``"GET,POST;drf"`` for ``@api_view``)."""
    if not isinstance(view, Ref) or depth > 6:
        return None
    if view.attrs:
        module = evaluator.eval(Ref(view.name, view.attrs[:-1]), Ctx(file))
        if not isinstance(module, ModuleVal):
            return None
        return _find_function(Ref(view.attrs[-1]), module.file, evaluator, depth + 1)
    facts = evaluator.facts_of(file)
    if facts is None:
        return None
    key = f"<view:{view.name}>"
    for fn in facts.functions:
        if fn.key == key:
            methods: list[str] = []
            drf = False
            for k, v in facts.values:
                if k == key and isinstance(v, Lit):
                    text, _, marker = v.value.partition(";")
                    methods = [m for m in text.split(",") if m]
                    drf = marker == "drf"
            return file, view.name, fn.span, methods, drf
    for imp in facts.imports:
        if imp.local != view.name or imp.name == "*":
            continue
        target = evaluator.modules.resolve(file, imp.module, "python")
        if target is None:
            return None
        return _find_function(Ref(imp.name), target, evaluator, depth + 1)
    for imp in facts.imports:  # `from .views import *`
        if imp.local.startswith("<star:"):
            target = evaluator.modules.resolve(file, imp.module, "python")
            if target is not None and target != file:
                found = _find_function(view, target, evaluator, depth + 1)
                if found is not None:
                    return found
    return None
