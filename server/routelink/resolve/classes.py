"""Class hierarchies and function definitions for view expansion; no framework knowledge.

A view declaration (:class:`~routelink.facts.ViewRoutes`) names a class or a function
that may live in another module. The framework that owns the declaration's kind expands
it (:meth:`routelink.frameworks.base.Framework.expand_view`) with these helpers:

- :func:`hierarchy` follows a view class and its bases across files (through the
  :class:`~routelink.resolve.evaluate.Evaluator`, which records the files read as
  dependencies) into a :class:`Hierarchy`: the workspace classes, depth first, and the
  names of the bases that are not in the workspace (a framework's generic views);
- :func:`method_handlers` reads which HTTP methods a class handles, from its own methods
  and from the generic bases every framework lists
  (:func:`routelink.frameworks.registry.generic_view`);
- :func:`method_routes` and :func:`generated_route` build the routes, each at the method
  that handles it when a workspace class defines it, else at the declaration;
- :func:`construction` follows a call of a workspace class to the constructor of the
  external class it derives from (a project's ``APIRouter`` subclass) with the arguments
  that reach it;
- :func:`find_function` finds a module-level function view and the HTTP methods its
  decorators allow (recorded by the Python builder as the value ``"<view:NAME>"``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

from routelink.facts import (
    Arg,
    CallExpr,
    ClassInfo,
    Concat,
    Dyn,
    Expr,
    Lit,
    Obj,
    Ref,
    Route,
    Span,
    ViewRoutes,
)
from routelink.frameworks.base import TEMPLATE_SYNTAX
from routelink.resolve.evaluate import ClassRef, Ctx, Evaluator, ModuleVal

#: method names of a view class that handle one HTTP method, in the order routes are
#: generated
HTTP_METHODS = ("get", "post", "put", "patch", "delete", "head", "options", "trace")
#: a generic view that serves every HTTP method (:attr:`PyFramework.generic_views`)
ALL_METHODS = "*"
#: sub-order of the routes generated from one declaration (below the builder's order step)
SUB_STEP = 1
MAX_DEPTH = 10

#: a (file, span) where a route's handler is defined
Where = tuple[str, Span]


@dataclass
class Hierarchy:
    """A view class, its workspace ancestors (MRO-like, depth first) and the last names
    of its bases that are not in the workspace (``mixins.ListModelMixin`` ->
    ``ListModelMixin``), in the order met.

    ``name`` is the class name as the declaration writes it (its last part); ``classes``
    are (file, class facts) pairs; ``external`` stays empty for a class routelink cannot
    find at all (then ``found`` is False and ``external`` holds the name itself).
    """

    name: str
    classes: list[tuple[str, ClassInfo]] = field(default_factory=list)
    external: list[str] = field(default_factory=list)

    @property
    def found(self) -> bool:
        """Whether the class itself is a workspace class."""
        return bool(self.classes)

    def method(self, name: str) -> Where | None:
        """(file, span) of the first definition of method ``name``."""
        for f, info in self.classes:
            for m, span in info.methods:
                if m == name:
                    return f, span
        return None

    def attr(self, name: str) -> Expr | None:
        """The first class-level assignment to ``name`` (``lookup_field = "slug"``)."""
        for _, info in self.classes:
            for a, value in info.attrs:
                if a == name:
                    return value
        return None

    def literal_attr(self, name: str) -> str | None:
        """The string value of class attribute ``name`` when it is a literal (a list of
        strings reads as one string joined with ``,``)."""
        v = self.attr(name)
        return v.value if isinstance(v, Lit) else None

    def decorated(self) -> list[tuple[str, dict[str, str]]]:
        """Decorator facts by method name (:attr:`ClassInfo.decorated`); a subclass's
        definition wins."""
        seen: set[str] = set()
        out: list[tuple[str, dict[str, str]]] = []
        for _, info in self.classes:
            for m, facts in info.decorated:
                if m not in seen:
                    seen.add(m)
                    out.append((m, dict(facts)))
        return out


def hierarchy(view: Expr, file: str, evaluator: Evaluator) -> Hierarchy:
    """The hierarchy of the class ``view`` references from ``file``."""
    name = view.attrs[-1] if isinstance(view, Ref) and view.attrs else (
        view.name if isinstance(view, Ref) else "")
    h = Hierarchy(name)
    value = evaluator.eval(view, Ctx(file))
    if isinstance(value, ClassRef):
        _walk(value, evaluator, h, set(), 0)
    elif name:
        h.external.append(name)
    return h


def _walk(cls: ClassRef, evaluator: Evaluator, h: Hierarchy, seen: set, depth: int) -> None:
    key = (cls.file, cls.info.name)
    if key in seen or depth > MAX_DEPTH:
        return
    seen.add(key)
    h.classes.append((cls.file, cls.info))
    for base in cls.info.bases:
        value = evaluator.eval(base, Ctx(cls.file))
        if isinstance(value, ClassRef):
            _walk(value, evaluator, h, seen, depth + 1)
        elif isinstance(base, Ref):
            h.external.append(base.attrs[-1] if base.attrs else base.name)


@dataclass
class Construction:
    """What a call of a workspace class hands to the constructor of an external base
    class it derives from (``UserAPIRouter(prefix="/foods")`` with ``class
    UserAPIRouter(APIRouter)``, whose ``__init__`` passes ``prefix`` on to
    ``super().__init__``).

    ``base`` is the external class's dotted name through the imports of the file that
    names it (``fastapi.APIRouter``); ``imported`` tells whether its head came from an
    import. ``args``/``kwargs`` are the arguments that reach that constructor, each with the
    file it is written in (a parameter's default is written in the subclass's file); a
    value routelink cannot follow is ``Dyn("rest")``. ``complete`` is False when some
    argument may be missing (an ``__init__`` that does not visibly call
    ``super().__init__``). ``classes`` are the workspace classes from the one called to
    the one deriving from ``base``.
    """

    base: str
    imported: bool
    args: list[tuple[Expr, str]] = field(default_factory=list)
    kwargs: dict[str, tuple[Expr, str]] = field(default_factory=dict)
    complete: bool = True
    classes: list[tuple[str, ClassInfo]] = field(default_factory=list)

    def attr(self, name: str) -> tuple[Expr, str] | None:
        """(value, file) of ``self.name = ...`` in an ``__init__`` or of a class-level
        ``name = ...`` of the classes, the called class first."""
        for file, info in self.classes:
            for a, value in (*info.fields, *info.attrs):
                if a == name:
                    return value, file
        return None


def construction(call: CallExpr, file: str, evaluator: Evaluator,
                 accept: Callable[[str, bool], bool]) -> Construction | None:
    """How ``call`` (written in ``file``) constructs an external base class that
    ``accept(dotted name, imported)`` accepts, when its callee is a workspace class
    deriving from it through any number of workspace classes and modules; else None.

    Arguments follow each ``__init__`` on the way (:attr:`ClassInfo.init_super`):
    parameters bind by position and keyword, unbound ones take their default, ``*args``
    and ``**kwargs`` pass the rest on; a class without ``__init__`` passes everything.
    """
    callee = evaluator.eval(call.callee, Ctx(file))
    if not isinstance(callee, ClassRef):
        return None
    found = _path_to_base(callee, evaluator, accept, set(), 0)
    if found is None:
        return None
    chain, base, imported = found
    args: list[tuple[Expr, str]] = []
    kwargs: dict[str, tuple[Expr, str]] = {}
    for a in call.args:
        if isinstance(a, Obj) and a is call.args[-1]:
            kwargs.update((k, (v, file)) for k, v in a.items)
        else:
            args.append((a, file))
    complete = True
    for cls in chain:
        if not any(m == "__init__" for m, _ in cls.info.methods):
            continue
        if cls.info.init_super is None:
            complete, args, kwargs = False, [], {}
            continue
        args, kwargs = _through_init(cls, args, kwargs)
    return Construction(base, imported, args, kwargs, complete,
                        [(c.file, c.info) for c in chain])


def _path_to_base(cls: ClassRef, evaluator: Evaluator, accept: Callable[[str, bool], bool],
                  seen: set, depth: int) -> tuple[list[ClassRef], str, bool] | None:
    """(the workspace classes from ``cls`` down to the one naming the base, the base's
    dotted name, whether imported), depth first in base order."""
    key = (cls.file, cls.info.name)
    if key in seen or depth > MAX_DEPTH:
        return None
    seen.add(key)
    for base in cls.info.bases:
        value = evaluator.eval(base, Ctx(cls.file))
        if isinstance(value, ClassRef):
            found = _path_to_base(value, evaluator, accept, seen, depth + 1)
            if found is not None:
                return [cls, *found[0]], found[1], found[2]
        elif isinstance(base, Ref):
            dotted, imported = _qualified(base, cls.file, evaluator)
            if accept(dotted, imported):
                return [cls], dotted, imported
    return None


def _qualified(ref: Ref, file: str, evaluator: Evaluator) -> tuple[str, bool]:
    """``ref``'s dotted name through ``file``'s imports (``APIRouter`` after ``from fastapi
    import APIRouter`` -> ``fastapi.APIRouter``), and whether its head was imported."""
    facts = evaluator.facts_of(file)
    for imp in facts.imports if facts is not None else ():
        if imp.local == ref.name:
            head = imp.module if imp.name == "*" else f"{imp.module}.{imp.name}"
            return ".".join((head, *ref.attrs)), True
    return ref.dotted(), False


def _through_init(cls: ClassRef, args: list[tuple[Expr, str]], kwargs: dict[str, tuple[Expr, str]]
                  ) -> tuple[list[tuple[Expr, str]], dict[str, tuple[Expr, str]]]:
    """The arguments ``cls.__init__`` passes on to ``super().__init__`` when called with
    ``args``/``kwargs``."""
    params = cls.info.ctor_params
    sup = cls.info.init_super
    assert sup is not None
    positional = [i for i, p in enumerate(params) if not p.startswith("*")]
    first_star = next((i for i, p in enumerate(params) if p.startswith("*")), len(params))
    positional = [i for i in positional if i < first_star]
    bound: dict[int, tuple[Expr, str]] = {}
    rest_args: list[tuple[Expr, str]] = []
    rest_kwargs: dict[str, tuple[Expr, str]] = {}
    for n, a in enumerate(args):
        if n < len(positional):
            bound[positional[n]] = a
        else:
            rest_args.append(a)
    for k, v in kwargs.items():
        if k in params:
            bound[params.index(k)] = v
        else:
            rest_kwargs[k] = v

    def value(e: Expr) -> tuple[Expr, str]:
        if isinstance(e, Arg):
            if e.index in bound:
                return bound[e.index]
            return (e.default, cls.file) if e.default is not None else (Dyn("rest"), cls.file)
        if isinstance(e, Concat):
            parts: list[Expr] = []
            for p in e.parts:
                v, f = value(p) if isinstance(p, Arg) else (p, cls.file)
                # a piece bound in another file is kept only when it is a literal
                parts.append(v if f == cls.file or isinstance(v, Lit) else Dyn("rest"))
            return Concat(tuple(parts)), cls.file
        return e, cls.file

    out_args: list[tuple[Expr, str]] = []
    out_kwargs: dict[str, tuple[Expr, str]] = {}
    for a in sup.args:
        if isinstance(a, Obj) and a is sup.args[-1]:
            for k, v in a.items:
                out_kwargs[k] = value(v)
            if a.spreads:
                for k, v in rest_kwargs.items():
                    out_kwargs.setdefault(k, v)
        elif isinstance(a, Arg) and a.attrs == ("*",):
            out_args.extend(rest_args)
        else:
            out_args.append(value(a))
    return out_args, out_kwargs


def generated_route(vr: ViewRoutes, method: str, path: str, sub: int, handler: str | None,
                    where: Where | None, framework: str | None = None,
                    trailing_slash: str | None = None) -> Route:
    """The ``sub``-th route generated from ``vr``: at the handler's definition ``where``
    (``Route.file`` is then its file) when known, else at the declaration. ``path`` is a
    path template (``syntax=TEMPLATE_SYNTAX``); ``framework`` and ``trailing_slash``
    default to the declaration's."""
    if where is not None:
        file, span = where
        return Route(router=vr.router, method=method, path=Lit(path), span=span,
                     framework=framework or vr.framework, order=vr.order + sub * SUB_STEP,
                     handler=handler, handler_span=span,
                     trailing_slash=trailing_slash or vr.trailing_slash, file=file,
                     syntax=TEMPLATE_SYNTAX)
    return Route(router=vr.router, method=method, path=Lit(path), span=vr.span,
                 framework=framework or vr.framework, order=vr.order + sub * SUB_STEP,
                 handler=handler, handler_span=None,
                 trailing_slash=trailing_slash or vr.trailing_slash, syntax=TEMPLATE_SYNTAX)


@dataclass
class MethodHandlers:
    """What a view class serves: ``handlers`` maps a lower-case HTTP method to the method
    of the class that handles it (its own ``get``, or ``list`` for a generic list view);
    ``every`` is true when a generic base serves every method; ``known`` when the class or
    one of its bases is known at all; ``opaque`` when some base is neither in the
    workspace nor a generic view any framework knows (a third-party view class)."""

    handlers: dict[str, str]
    every: bool
    known: bool
    opaque: bool = False

    def methods(self) -> list[str]:
        """The upper-case HTTP methods served, ``["ANY"]`` when every method is, nothing
        is known, or no handler is known and a third-party base may provide them
        (``class UploadView(ChunkedUploadView)`` defining only hooks)."""
        if self.every or not self.known or (self.opaque and not self.handlers):
            return ["ANY"]
        return [m.upper() for m in HTTP_METHODS if m in self.handlers]


def method_handlers(h: Hierarchy, generic_view: Callable[[str], "Mapping[str, str] | str | None"]
                    ) -> MethodHandlers:
    """The HTTP method handlers ``h`` defines plus those of its generic bases
    (``generic_view(name)``: {method: handler}, :data:`ALL_METHODS` or None)."""
    handlers = {m: m for m in HTTP_METHODS if h.method(m) is not None}
    every = False
    known = h.found
    opaque = False
    for ext in h.external:
        generic = generic_view(ext)
        if generic is None:
            opaque = True
            continue
        known = True
        if generic == ALL_METHODS:
            every = True
        else:
            for verb, action in generic.items():  # type: ignore[union-attr]
                handlers.setdefault(verb, action)
    return MethodHandlers(handlers, every, known, opaque)


def method_routes(vr: ViewRoutes, path: str, h: Hierarchy, methods: list[str],
                  handlers: Mapping[str, str], *, framework: str | None,
                  dispatch: tuple[str, ...], locate: Callable[[Hierarchy, str], Where | None]
                  ) -> list[Route]:
    """One route per method of ``methods`` at ``path``: an ``ANY`` route at the first
    ``dispatch`` method the class defines; another method at its own definition or where
    ``locate`` finds its handler (``handlers`` maps it to an action, ``list`` for GET)."""
    cls = h.name
    out: list[Route] = []
    for sub, method in enumerate(methods):
        if method == "ANY":
            where = next((w for w in map(h.method, dispatch) if w is not None), None)
            out.append(generated_route(vr, "ANY", path, sub, cls or None, where, framework))
            continue
        verb = method.lower()
        action = handlers.get(verb, verb)
        where = h.method(verb) or locate(h, action)
        out.append(generated_route(vr, method, path, sub, f"{cls}.{action}" if cls else None,
                                   where, framework))
    return out


@dataclass(frozen=True)
class FunctionView:
    """A module-level function used as a view: where it is defined, the HTTP methods its
    decorators allow (empty: any) and the framework whose decorator said so ("" when
    none did)."""

    file: str
    name: str
    span: Span
    methods: tuple[str, ...]
    framework: str


def find_function(view: Expr, file: str, evaluator: Evaluator, depth: int = 0) -> FunctionView | None:
    """The module-level function ``view`` references from ``file``, following imports
    (``from .views import *`` too).

    The Python builder records each module-level function as
    ``Function("<view:NAME>", ...)`` and the methods its decorators allow as the value
    ``"<view:NAME>"`` = ``"GET,POST;<framework>"``.
    """
    if not isinstance(view, Ref) or depth > 6:
        return None
    if view.attrs:
        module = evaluator.eval(Ref(view.name, view.attrs[:-1]), Ctx(file))
        if not isinstance(module, ModuleVal):
            return None
        return find_function(Ref(view.attrs[-1]), module.file, evaluator, depth + 1)
    facts = evaluator.facts_of(file)
    if facts is None:
        return None
    key = f"<view:{view.name}>"
    for fn in facts.functions:
        if fn.key == key:
            methods: list[str] = []
            framework = ""
            for k, v in facts.values:
                if k == key and isinstance(v, Lit):
                    text, _, framework = v.value.partition(";")
                    methods = [m for m in text.split(",") if m]
            return FunctionView(file, view.name, fn.span, tuple(methods), framework)
    for imp in facts.imports:
        if imp.local != view.name or imp.name == "*":
            continue
        target = evaluator.modules.resolve(file, imp.module, "python")
        if target is None:
            return None
        return find_function(Ref(imp.name), target, evaluator, depth + 1)
    for imp in facts.imports:  # `from .views import *`
        if imp.local.startswith("<star:"):
            target = evaluator.modules.resolve(file, imp.module, "python")
            if target is not None and target != file:
                found = find_function(view, target, evaluator, depth + 1)
                if found is not None:
                    return found
    return None
