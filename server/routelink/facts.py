"""Per-file facts: what one source file declares, independent of every other file.

Extractors (``routelink.extract``) turn one file's text into one :class:`FileFacts`.
Everything here is a frozen, hashable value: two extractions of the same text are
equal, which is what lets the index compare old and new facts and re-link only what
changed.

Facts never refer to other files directly. A reference to something defined elsewhere
is a :class:`Ref` to a local name plus the :class:`Import` that binds it; the resolver
(``routelink.resolve``) follows those across files.

Expressions (URLs, base URLs, constants, call arguments) are kept as a small
expression tree (``Expr``) rather than as strings, because most of a URL's meaning is
only known after resolution: a constant imported from another module, an env var with a
literal default, a wrapper parameter substituted at each call site.

Positions are :class:`Span` values: 0-based lines and UTF-16 columns, as in LSP.

Architecture Invariant: this module imports nothing from tree-sitter, pygls or
lsprotocol. Facts are plain data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


@dataclass(frozen=True, slots=True)
class Span:
    """A source range. Lines are 0-based; columns are 0-based UTF-16 code units (LSP)."""

    line: int
    column: int
    end_line: int
    end_column: int


# --------------------------------------------------------------------------- expressions


@dataclass(frozen=True, slots=True)
class Lit:
    """A literal string piece, exactly as the program would produce it."""

    value: str


@dataclass(frozen=True, slots=True)
class Dyn:
    """A piece whose value is unknown statically.

    ``kind`` is ``"segment"`` (likely one path segment, e.g. ``${id}``), ``"rest"`` (may
    span segments, or extent unknown) or ``"query"`` (belongs to the query string), or
    ``"none"`` (no value at all: ``null``, ``undefined``, a local declared and not yet
    assigned; an alternative beside others, it is dropped, alone it is unknown); the
    resolver also uses ``"arg"`` for an unbound parameter, with its ``index``, and may
    say in ``note`` what the value is when that explains why it is unknown (the
    evaluator: ``routes.recipe(...)``, a call it could not evaluate).
    """

    kind: str = "segment"
    index: int | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to a name in the file's scope, with an optional member path.

    ``Ref("items", ("router",))`` is ``items.router``; ``Ref("this", ("baseURL",))`` is
    ``this.baseURL`` inside a class. Resolution looks the name up in the file, then in
    its imports.
    """

    name: str
    attrs: tuple[str, ...] = ()

    def dotted(self) -> str:
        """``name.attr1.attr2`` as written."""
        return ".".join((self.name, *self.attrs))


@dataclass(frozen=True, slots=True)
class Arg:
    """The ``index``-th parameter of the enclosing function (0-based).

    ``default`` is the parameter's default value when it has one; ``attrs`` a member
    path read from it (``options.method`` -> ``Arg(1, attrs=("method",))``). With
    ``attrs``, ``default`` is the default of that member (``function f({ url = '/x' })``,
    a Vue prop's default), used when the argument does not set it.

    ``outer`` is 0 for a parameter of the function the expression is written in; ``n``
    for one of the function ``n`` levels out that encloses it (a closure: ``client`` read
    in ``get(url)`` of ``function makeApi(client) { return { get(url) { ... } } }`` is
    ``Arg(0, outer=1)``), bound to the arguments of the call that made the function.
    """

    index: int
    default: "Expr | None" = None
    attrs: tuple[str, ...] = ()
    outer: int = 0


@dataclass(frozen=True, slots=True)
class Concat:
    """String concatenation or a template literal: the parts in order."""

    parts: tuple["Expr", ...]


@dataclass(frozen=True, slots=True)
class Alt:
    """One of several values (a conditional expression or ``a || b`` on strings)."""

    options: tuple["Expr", ...]


@dataclass(frozen=True, slots=True)
class EnvVar:
    """An environment variable read (``process.env.X``, ``import.meta.env.X``).

    ``default`` is the literal fallback from ``X || '...'`` / ``X ?? '...'``, if any.
    """

    name: str
    default: "Expr | None" = None


@dataclass(frozen=True, slots=True)
class Obj:
    """An object literal or keyword-argument set: ``items`` in source order.

    ``spreads`` are ``...x`` entries whose keys are unknown until resolution (a wrapper's
    ``options`` parameter spread into ``fetch``'s init, for instance). ``spread_at`` says
    where each spread is written: the number of ``items`` written before it, so a later
    entry overrides an earlier one as in JavaScript (``{ method: 'POST', ...opts }``: a
    ``method`` of ``opts`` wins; ``Object.assign(a, b)`` is ``{ ...a, ...b }``). Empty:
    every spread is written before every item (the items win).
    """

    items: tuple[tuple[str, "Expr"], ...] = ()
    spreads: tuple["Expr", ...] = ()
    spread_at: tuple[int, ...] = ()

    def get(self, key: str) -> "Expr | None":
        """The value of ``key`` if it is written literally in the object, else None."""
        for k, v in self.items:
            if k == key:
                return v
        return None


@dataclass(frozen=True, slots=True)
class CallExpr:
    """A call or ``new`` expression used as a value (``axios.create({...})``)."""

    callee: Ref
    args: tuple["Expr", ...] = ()
    new: bool = False


Expr = Union[Lit, Dyn, Ref, Arg, Concat, Alt, EnvVar, Obj, CallExpr]


# --------------------------------------------------------------------------- modules


@dataclass(frozen=True, slots=True)
class Import:
    """A local name bound to something another module exports.

    ``module`` is the specifier as written (``"./routes/users"``, ``"@/lib/api"``,
    ``".routers"``, ``"app.urls"``); ``name`` is the exported name, ``"default"`` for a
    default import, or ``"*"`` for the whole module (``import * as x``, ``require(...)``
    bound to one name, Python ``import x``).
    """

    local: str
    module: str
    name: str


@dataclass(frozen=True, slots=True)
class Export:
    """``name`` (``"default"`` for a default export) exported as ``value``."""

    name: str
    value: Expr


# --------------------------------------------------------------------------- backend


@dataclass(frozen=True, slots=True)
class Router:
    """A group of routes that is served under a mount prefix.

    ``key`` is the local name the file uses for it (``"router"``, ``"app"``,
    ``"urlpatterns"``), or a synthetic key for an anonymous router (``"<default>"``).
    ``framework`` is the name of the :mod:`routelink.frameworks` module that declared it.
    ``is_app`` marks a root (an Express/FastAPI/Flask app, a Django ROOT_URLCONF) that is
    served at ``/`` without being mounted. ``prefix`` is the router's own prefix as
    written (``APIRouter(prefix=settings.API_V1)``), an expression the resolver evaluates
    and the framework converts from its ``syntax``; None when it has none.
    ``root_candidate`` marks a router that becomes a root only when nothing mounts it
    (a Django urls module when ROOT_URLCONF cannot be found).
    """

    key: str
    framework: str
    span: Span
    is_app: bool = False
    prefix: "Expr | None" = None
    root_candidate: bool = False
    label: str = ""
    #: which of the framework's path syntaxes ``prefix`` is written in ("" = its default)
    syntax: str = ""
    #: a function parameter used like a router with no other evidence that it is one
    #: (``function f(api) { api.get('/x', data) }`` may be an HTTP client): its routes
    #: exist only where something mounts it, and it is never reported unmounted
    tentative: bool = False
    #: the class whose ``this`` the routes' paths read, for a router held in a field
    #: (``this.router.get(this.path, ...)`` in a controller class)
    owner: str = ""


def catch_all_min(seg: str) -> int | None:
    """How many segments a route's catch-all segment needs: 0 for ``{name*}`` (zero or
    more), 1 for ``{name+}`` (one or more); None for any other segment."""
    if len(seg) > 2 and seg[0] == "{" and seg[-1] == "}" and seg[-2] in "*+" and "{" not in seg[1:-1]:
        return 1 if seg[-2] == "+" else 0
    return None


@dataclass(frozen=True, slots=True)
class Route:
    """One method + path declared on a router of this file.

    ``path`` is the path relative to the router exactly as written, as an expression
    (``Lit("/users/:id")``, ``Ref("USERS")`` imported from a paths module): the resolver
    evaluates it and the framework converts it from its ``syntax`` to path templates
    (``{name}`` parameters, ``{name*}`` catch-alls of zero or more segments, ``{name+}``
    catch-alls of one or more: :func:`catch_all_min`). ``order`` is the registration order
    within the router (shadowing follows it). ``trailing_slash`` is the framework's rule
    for a request whose trailing slash differs from the route's (see
    :func:`routelink.link.templates.slash_allows`): ``"ignore"`` (Express non-strict routing),
    ``"redirect"`` (FastAPI redirect_slashes: either way, method kept), ``"append"``
    (Flask: only a slash route is reached without the slash), ``"append-get"`` (Django
    APPEND_SLASH: as ``append`` for GET/HEAD only) or ``"strict"``.
    """

    router: str
    method: str
    path: "Expr"
    span: Span
    framework: str
    order: int
    handler: str | None = None
    handler_span: Span | None = None
    trailing_slash: str = "ignore"
    #: the file ``span``/``handler_span`` are in, when not the file that declares the
    #: route (a DRF ViewSet route points at the ``def`` in the views module)
    file: str | None = None
    #: (if-statement offset, 0 = ``if`` branch / 1 = ``else``) for each enclosing ``if``,
    #: outermost first: routes in different branches of one ``if`` never coexist
    branch: tuple[tuple[int, int], ...] = ()
    #: which of the framework's path syntaxes ``path`` is written in ("" = its default)
    syntax: str = ""
    #: a middleware registered like a route that hands every request on (Express
    #: ``app.all('*', (req, res, next) => { ...; next() })``): it serves nothing itself
    passthrough: bool = False
    #: framework-private named expressions read back at resolution by the framework's
    #: :meth:`~routelink.frameworks.base.Framework.served_paths` (NestJS: the route's
    #: API version, ``(("version", Lit("2")),)``)
    extra: tuple[tuple[str, "Expr"], ...] = ()


@dataclass(frozen=True, slots=True)
class Listen:
    """A server started on a port: ``app.listen(3000)``, ``server.listen(PORT)`` of an
    ``http.createServer(app)``, Fastify ``listen({ port })``, Hono ``serve({ fetch:
    app.fetch, port })``, Flask ``app.run(port=5000)``, ``uvicorn.run(app, port=8000)``.

    ``router`` names the app that listens: a router key of this file or a name it binds
    (an imported app), '' when unknown; ``port`` is the port as written (an expression the
    resolver evaluates: ``const PORT = process.env.PORT || 5000``), or None when the
    server's default port applies (``default``: ``app.run()`` listens on 5000).
    Recorded by the framework modules (``b.add_listen``); the index reads them to tell
    several backends of a workspace apart by port."""

    router: str
    port: "Expr | None"
    span: Span
    framework: str
    default: int | None = None


@dataclass(frozen=True, slots=True)
class Mount:
    """``parent`` router serves ``child`` under ``prefix``.

    ``child`` is an expression naming the child router (usually a :class:`Ref`).
    ``prefix`` is the mount prefix as written (None: no prefix), evaluated by the resolver
    and converted from ``syntax`` by ``framework`` (the framework whose call mounted it).
    ``replaces_prefix`` is true when the mount-time prefix replaces the child's own
    prefix instead of being prepended (Flask ``register_blueprint(url_prefix=...)``).
    ``prefix_or_child`` is true when ``prefix`` may instead be one more child (Express
    ``app.use(X, router)`` with ``X`` imported: a path constant or a middleware); the
    resolver decides from its value.
    ``call_result`` is true when ``child`` is the result of a call (``createUserRouter(db)``,
    ``require('./users')(db)``): a router when the called workspace function returns one
    (built inside it), else a middleware (``cors()``), which mounts nothing.
    """

    parent: str
    prefix: "Expr | None"
    child: Expr
    span: Span
    order: int = 0
    replaces_prefix: bool = False
    framework: str = ""
    syntax: str = ""
    prefix_or_child: bool = False
    call_result: bool = False


@dataclass(frozen=True, slots=True)
class ViewRoutes:
    """Routes whose methods come from a view class, expanded at resolution time.

    Used where the methods depend on a class that may live in another file (Django
    class-based views, DRF ViewSets and APIViews, Flask MethodView/Resource). ``kind``
    names the expander (a framework's ``view_kinds``); ``path`` is the path as written
    (an expression, as for :class:`Route`); ``view`` references the class;
    ``options`` carries the declaration's arguments (``basename``, ``methods``...).
    """

    router: str
    kind: str
    path: "Expr"
    view: Expr
    span: Span
    framework: str
    order: int
    trailing_slash: str = "ignore"
    options: tuple[tuple[str, str], ...] = ()
    #: which of the framework's path syntaxes ``path`` is written in ("" = its default)
    syntax: str = ""


@dataclass(frozen=True, slots=True)
class ClassInfo:
    """A class declared in the file: its bases, methods and instance fields.

    ``methods`` maps method name to its span. ``fields`` are ``this.x = expr`` /
    ``self.x = expr`` assignments in the constructor and class field initializers.
    ``ctor_params`` are the constructor's parameter names. ``decorated`` maps a method
    name to decorator facts the framework extractor recorded (e.g. DRF ``@action``).
    ``attrs`` are class-level assignments (``http_method_names = [...]``).

    Python: ``ctor_params`` are ``__init__``'s parameters after ``self`` (``"*args"`` and
    ``"**kwargs"`` keep their stars); ``init_super`` is what ``__init__`` passes on to
    ``super().__init__(...)`` (or ``Base.__init__(self, ...)``): positional arguments then
    one :class:`Obj` of keyword arguments, a parameter written ``Arg(i, default)`` (its
    index in ``ctor_params``), ``*args`` as ``Arg(i, attrs=("*",))`` among the positional
    ones and ``**kwargs`` as ``Arg(i, attrs=("**",))`` in the Obj's ``spreads``
    (``class UserAPIRouter(APIRouter)`` passing ``prefix=prefix`` on; see
    :func:`routelink.resolve.classes.construction`).
    """

    name: str
    span: Span
    bases: tuple[Expr, ...] = ()
    methods: tuple[tuple[str, Span], ...] = ()
    fields: tuple[tuple[str, Expr], ...] = ()
    ctor_params: tuple[str, ...] = ()
    decorated: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    attrs: tuple[tuple[str, Expr], ...] = ()
    #: the arguments the constructor passes to ``super(...)`` (constructor parameters
    #: are ``Arg`` values), None when it calls none: what the base class's constructor
    #: parameters are for an instance of this class
    super_args: tuple[Expr, ...] | None = None
    #: Python: what ``__init__`` passes to ``super().__init__(...)``, keywords included
    #: (see the class docstring)
    init_super: "CallExpr | None" = None


# --------------------------------------------------------------------------- frontend


@dataclass(frozen=True, slots=True)
class CallSite:
    """A call that may be an HTTP request: ``fetch(...)``, ``api.get(...)``, ``request(...)``.

    ``callee`` names the function called (``Ref("fetch")``, ``Ref("api", ("get",))``,
    ``Ref("this", ("request",))``). ``args`` are the arguments as expressions.
    ``function`` is the key of the enclosing function when the call is inside one whose
    parameters flow into the arguments (see :class:`Function`): such a call is only
    reported through the function's own call sites. ``url_span`` covers the first
    argument (the URL expression), ``raw`` is its source text. ``method_span`` is where
    the HTTP method is written, for quick fixes: the member name (``api.get``, style
    ``"member"``), a ``method: 'POST'`` string (style ``"literal"``), or an empty span
    after the URL argument of a ``fetch`` with no init (style ``"insert"``).
    """

    callee: Ref
    args: tuple[Expr, ...]
    span: Span
    url_span: Span
    raw: str
    function: str | None = None
    is_new: bool = False
    method_span: Span | None = None
    method_style: str | None = None
    #: a component usage (``<DataTable url="/x" />``): ("", tag name span, tag name span,
    #: tag name), then (prop, attribute span, value span, value text) of each prop
    #: written, so that its request is reported on the attribute its URL comes from
    #: (``span``/``url_span``/``raw`` are a guess made without the component:
    #: :func:`routelink.extract.javascript.url_attribute`); () for any other call
    attributes: tuple[tuple[str, Span, Span, str], ...] = ()
    #: where the other arguments are written, for a call whose URL turns out to come from
    #: one of them (a wrapper ``upload(file, url)``, ``request.post({ entity })``):
    #: (argument index, member of an object-literal argument or "" for the whole
    #: argument, span, source text) for each argument after the first and each member of
    #: an object-literal argument
    arg_texts: tuple[tuple[int, str, Span, str], ...] = ()
    #: the conditions the call runs under that compare a value read from a parameter with
    #: a string (``method === 'GET' ? http.get(url) : http.post(url)``): (value, string,
    #: whether they are equal) for each enclosing ``?:`` / ``if`` branch of its function;
    #: a wrapper's call whose argument decides one false does not make that request
    guards: tuple[tuple["Expr", str, bool], ...] = ()


@dataclass(frozen=True, slots=True)
class Function:
    """A function or method whose parameters flow into a request's URL or options.

    ``key`` is its name in the file: ``"request"`` for a function, ``"ApiClient.get"`` for
    a class method, ``"ApiService.get"`` for a method of an object literal. ``params``
    are its parameter names in order. Its request calls are the :class:`CallSite` facts
    whose ``function`` equals ``key``.
    """

    key: str
    params: tuple[str, ...]
    span: Span
    #: a UI component (a React function component that renders JSX, a Vue or Svelte
    #: single-file component): parameter 0 is its props object, its call sites are the
    #: places that render it (``<DataTable url="/x" />``, an ``Obj`` of the props)
    component: bool = False
    #: declared in function ``key.rsplit(".", 1)[0]`` and reading its parameters
    #: (``Arg(i, outer=1)``): a value of it carries the context of the call of the
    #: enclosing function that made it (``Evaluator``: ``FuncRef.closure``)
    closure: bool = False


@dataclass(frozen=True, slots=True)
class Assignment:
    """A module-level assignment to a member path, e.g. ``axios.defaults.baseURL = X``."""

    target: Ref
    value: Expr
    span: Span


# --------------------------------------------------------------------------- per file


@dataclass(frozen=True, slots=True)
class IgnoreComment:
    """A ``routelink-ignore`` comment: the 0-based ``line`` it covers, the ``codes`` it
    suppresses (empty: every code), its ``span`` (the comment itself) and the ``reason``
    written after ``--`` ('' when none). See :mod:`routelink.extract.ignores`."""

    line: int
    codes: tuple[str, ...]
    span: Span
    reason: str = ""
    #: what deleting the comment cleanly removes: its whole line (newline included) when
    #: it is alone on it, else the comment and the blanks before it; None when unknown
    removal: Span | None = None


@dataclass(frozen=True, slots=True)
class FileFacts:
    """Everything routelink extracted from one file.

    ``language`` is ``"typescript"``, ``"tsx"``, ``"javascript"`` or ``"python"``.
    ``values`` are module-level bindings (``const API = '/api'``, ``router = APIRouter()``)
    by local name. ``ignores`` maps a 0-based line to the codes suppressed on it by a
    ``routelink-ignore`` comment (an empty tuple suppresses every code): a trailing
    comment covers its own line, a comment alone on its line covers the next line.
    ``settings`` carries module-level framework settings the resolver needs (Django
    ``ROOT_URLCONF``, ``APPEND_SLASH``).
    """

    language: str
    imports: tuple[Import, ...] = ()
    exports: tuple[Export, ...] = ()
    values: tuple[tuple[str, Expr], ...] = ()
    classes: tuple[ClassInfo, ...] = ()
    functions: tuple[Function, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    routers: tuple[Router, ...] = ()
    routes: tuple[Route, ...] = ()
    view_routes: tuple[ViewRoutes, ...] = ()
    mounts: tuple[Mount, ...] = ()
    calls: tuple[CallSite, ...] = ()
    ignores: tuple[tuple[int, tuple[str, ...]], ...] = ()
    settings: tuple[tuple[str, str], ...] = ()
    errors: tuple[str, ...] = field(default=())
    #: servers started on a port (:class:`Listen`)
    listens: tuple[Listen, ...] = ()
    #: where module-level functions, class methods and object-literal methods are
    #: defined (``"getUsers"``, ``"UserController.list"``), so a route whose handler is
    #: imported from another module can point at its definition
    symbols: tuple[tuple[str, Span], ...] = ()
    #: what module-level functions and methods return (``"pickBase"`` -> the
    #: alternatives of its ``return`` expressions; an arrow's expression body), so a
    #: base URL computed by a helper can be evaluated where the helper is called
    returns: tuple[tuple[str, Expr], ...] = ()
    #: the ``routelink-ignore`` comments with their spans and reasons, in source order
    #: (``ignores`` is the line -> codes view the suppression uses)
    ignore_comments: tuple[IgnoreComment, ...] = ()
