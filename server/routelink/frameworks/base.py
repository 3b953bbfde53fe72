"""The ``Framework`` protocol: everything routelink knows about one backend framework.

A framework module (``frameworks/express.py``, ``frameworks/django.py``...) defines one
subclass of :class:`Framework` and one instance of it, ``FRAMEWORK``, which the registry
(:mod:`routelink.frameworks.registry`) lists. Nothing outside the module and the registry
names the framework or its traits; the rest of routelink asks the registry.

A framework contributes at three moments:

1. **Extraction** (per file, pure): the language's extractor walks the module structure
   and hands nodes to the hooks of the frameworks of that language, with a builder that
   records facts (routers, routes, mounts, view routes, settings). The JavaScript hooks
   are documented on :class:`JsFramework`, the Python ones on :class:`PyFramework`.
   Route paths and prefixes are recorded *as written*, as expressions
   (:class:`~routelink.facts.Expr`): the resolver evaluates them across files.
2. **Resolution** (whole workspace): after a path or prefix is evaluated to a string,
   :meth:`Framework.convert_path` turns the framework's path syntax into path templates;
   :meth:`Framework.expand_view` expands view classes into routes; settings pick root
   routers and adjust trailing-slash policies; :meth:`Framework.finish_routes` adjusts
   the resolved routes with what only other files tell (file-based routing: the
   project a route file belongs to and its config file).
3. **Linking**: the traits below tell the one matcher how the framework dispatches.

Traits:

- ``trailing_slash``: the default policy of its HTTP routes, see
  :func:`routelink.link.templates.slash_allows` (``ignore``, ``redirect``, ``append``,
  ``append-get``, ``strict``). Extractors copy it (or a per-route override) into
  :attr:`routelink.facts.Route.trailing_slash`.
- ``dispatch``: ``"method"`` when the framework looks for a route matching both path and
  method (Express, Flask, Starlette), ``"path"`` when the first route matching the path
  answers, with 405 for another method (Django's URL resolver): a path-dispatch route
  shadows a later route with the same path whatever their methods.
- ``ordering``: ``"router"`` when shadowing is decided among the routes of one router
  (Express), ``"app"`` when an app matches one flat ordered list built by following its
  includes in order (Django, FastAPI), so a route of an included router can shadow a
  later one of another router.
- ``router_noun``: what users call a router of this framework (``router``,
  ``blueprint``, ``URLconf``, ``controller``), used in messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

if TYPE_CHECKING:  # pragma: no cover
    from routelink.facts import FileFacts, Mount, Route, Router, ViewRoutes
    from routelink.resolve.evaluate import Evaluator
    from routelink.resolve.routes import ResolvedRoute

#: A path template produced by :meth:`Framework.convert_path`: (template, trailing-slash
#: policy override or None). Django's ``re_path(r'^items/?$')`` gives
#: ``("/items/", "ignore")``: both slash forms are accepted.
PathTemplate = tuple[str, "str | None"]

#: A path syntax name every framework accepts: the value is already a normalized path
#: template (used for routes a view expansion generates).
TEMPLATE_SYNTAX = "template"


@dataclass
class PathScope:
    """What :meth:`Framework.served_paths` may consult, shared by one resolution of the
    mount graph: the routing files' facts (absolute path -> facts), the evaluator (it
    records the files read as dependencies), the roots of the mount graph as (file,
    router), and a cache a framework may fill for the duration of that resolution."""

    files: "Mapping[str, FileFacts]"
    evaluator: "Evaluator"
    roots: "tuple[tuple[str, Router], ...]" = ()
    cache: dict = field(default_factory=dict)


class Framework:
    """A backend framework. Subclass per framework; one instance per module.

    Class attributes are the traits (see the module docstring); methods are the hooks.
    Every hook has a default that does nothing, so a framework implements only what it
    needs.
    """

    #: the name reported in JSON (``"framework"``) and stored in facts
    name: str = ""
    #: routelink languages whose files it reads (``"javascript"``, ``"typescript"``,
    #: ``"tsx"``, ``"python"``; ``.vue``/``.svelte`` scripts count as JS/TS)
    languages: frozenset[str] = frozenset()
    #: import sources that identify it (``"express"``, ``"fastapi"``); calls through
    #: bindings of these packages are never client requests
    packages: tuple[str, ...] = ()
    #: regular-expression alternatives (bytes) for the text prefilter: a file that
    #: matches none of the keywords of any framework or client of its language is not
    #: parsed. Keep them broad: a missed file loses routes silently.
    keywords: tuple[bytes, ...] = ()
    #: the keywords when the cross-file prefilter (:mod:`routelink.index.deferral`) is on:
    #: a keyword that only stands for "another file may read this module" (``export``)
    #: is left out there, since that prefilter follows the names modules share instead;
    #: the files such a keyword kept for this framework's own sake are named by
    #: :meth:`always_extract`. None: the same as ``keywords``.
    cross_file_keywords: tuple[bytes, ...] | None = None
    #: for a framework whose routes stand in for a backend's (``stand_in``), which files
    #: of a frontend package may declare them, so that the language server indexes those
    #: first (:func:`routelink.index.batches.plan_batches`): alternatives (bytes) their
    #: text matches, and folder names (or file stems) their path has. A superset
    candidate_keywords: tuple[bytes, ...] = ()
    candidate_folders: frozenset[str] = frozenset()
    trailing_slash: str = "ignore"
    dispatch: str = "method"
    ordering: str = "router"
    router_noun: str = "router"
    #: the port its server listens on when the code says nothing (``manage.py
    #: runserver``: 8000, ``next dev``: 3000), None when there is no such default; an
    #: app's ``listen``/``run`` (:class:`~routelink.facts.Listen`) wins. The index tells
    #: several backends of a workspace apart by port
    default_port: int | None = None
    #: whether each root of the mount graph (an ``express()``, a ``Flask(__name__)``
    #: that nothing mounts) is an application of its own: duplicate routes are compared
    #: within one app, so two services of a repository may both serve ``/health``.
    #: False for file-based routing, where every route file is a root and one project's
    #: route files (one package) make one app
    root_is_app: bool = True
    #: view-route kinds this framework expands (:class:`~routelink.facts.ViewRoutes`)
    view_kinds: tuple[str, ...] = ()
    #: whether its routes only stand in for a backend during development (mock handlers
    #: of a frontend's dev setup): they serve the calls of their own package that no
    #: other route serves (:meth:`routelink.index.incremental.WorkspaceIndex._match`, with
    #: a ``mock-only-call`` finding), are matched against the path the browser sends
    #: (before a dev proxy), and are never unused, duplicate, shadowed, a backend app
    #: nor backend code
    stand_in: bool = False

    # ------------------------------------------------------------------ paths

    def convert_path(self, raw: str, syntax: str = "") -> list[PathTemplate]:
        """Path templates for a route path written ``raw`` in this framework's syntax.

        Returns one or more (template, policy override) pairs: Express ``/users/:id?``
        gives two templates. The default keeps the path as it is, with a leading ``/``.
        Must never raise, and must stay linear in ``len(raw)``.
        """
        return [(raw if raw.startswith("/") or raw == "" else "/" + raw, None)]

    def convert_prefix(self, raw: str, syntax: str = "") -> str:
        """A mount or router prefix written ``raw`` as a template (first conversion)."""
        templates = self.convert_path(raw, syntax)
        return templates[0][0] if templates else raw

    def order_key(self, template: str) -> tuple:
        """How the framework ranks the routes of one router before registration order.

        The default () keeps registration order (Express, Django). Werkzeug ranks static
        segments before converters, whatever the registration order.
        """
        return ()

    # ------------------------------------------------------------------ resolution

    def expand_view(self, view_routes: "ViewRoutes", template: str, file: str,
                    evaluator: "Evaluator") -> list["Route"]:
        """Routes for one view declaration of a kind in :attr:`view_kinds`.

        ``template`` is the declaration's path, already evaluated and converted. The
        routes returned carry ``syntax=TEMPLATE_SYNTAX`` paths. Classes are looked up
        through ``evaluator`` (which records the files read as dependencies).
        """
        return []

    def explicit_roots(self, settings: Mapping[str, str], resolve_module: Callable[[str], str | None]
                       ) -> set[tuple[str, str]]:
        """Routers that settings name as roots: ((file, router key), ...).

        ``settings`` holds every ``FileFacts.settings`` entry of the workspace (first
        wins); ``resolve_module(dotted)`` maps a module name to an indexed file. When a
        framework names explicit roots, its other ``root_candidate`` routers are roots
        only if they are explicit too.
        """
        return set()

    def adjust_policy(self, policy: str, settings: Mapping[str, str]) -> str:
        """The trailing-slash policy of a route once workspace settings are known."""
        return policy

    def finish_routes(self, routes: list["ResolvedRoute"], evaluator: "Evaluator"
                      ) -> list[list["ResolvedRoute"]]:
        """This framework's resolved routes, adjusted once the whole workspace is known.

        ``routes`` are every resolved route of this framework, in the resolver's order.
        Return, for each of them in the same order, the routes it becomes: ``[route]``
        keeps it, ``[]`` drops it, several add routes served by the same handler at
        other paths (a rewrite's source path: set their ``via``, see
        :class:`~routelink.resolve.routes.ResolvedRoute`). Use ``dataclasses.replace``
        to change a path or a trailing-slash policy, or to say why an unresolved
        route's path is unknown (``unknown``, for its hint).

        For what a route's own file cannot tell: file-based routing (Next.js, Nuxt,
        SvelteKit) needs the project root a route file belongs to (a folder holding a
        config file or a ``package.json`` that depends on the framework) and the
        settings of that config file (``basePath``, rewrites). Read them through
        ``evaluator``: ``evaluator.facts_of(path)`` (recorded as a dependency: a change
        of that file rebuilds the routes), ``evaluator.strings(expr, Ctx(path))``,
        ``evaluator.modules.exists(path)`` and ``evaluator.modules.read_text(path)``
        (``package.json``; indexed files and config files change the whole index
        anyway). Called only for frameworks that override it; must not raise.
        """
        return [[r] for r in routes]

    def page_paths(self, files: "Iterable[str]", evaluator: "Evaluator") -> list[tuple[str, str]]:
        """(file, path template) of every *page* among ``files`` (every indexed source
        file): a path the frontend app itself renders (a Next.js ``pages/about.tsx`` or
        ``app/about/page.tsx``, a SvelteKit ``+page.svelte``, a Nuxt ``pages/about.vue``),
        with the project's base path. Pages are no API routes: a browser navigation a
        page of the caller's own package serves and no route does is not a request to
        the backend (:meth:`routelink.index.incremental.WorkspaceIndex.iter_calls`).
        Read project settings as in :meth:`finish_routes`; must not raise."""
        return []

    def mount_targets(self, mount: "Mount", file: str, routers: "Mapping[tuple[str, str], Router]",
                      evaluator: "Evaluator") -> "list[tuple[tuple[str, str], str]] | None":
        """The routers a mount of this framework reaches when its child is not one router
        expression (a folder of plugin modules: ``@fastify/autoload``), else None (the
        default: the resolver evaluates ``mount.child``).

        ``mount`` was recorded in ``file``; ``routers`` holds every router of the workspace
        by (file, key). Returns (router, extra prefix template) pairs: each router is served
        under the mount's prefix joined with its extra prefix (``""`` for none). Files read
        through ``evaluator`` are recorded as dependencies.
        """
        return None

    def opaque_mount(self, mount: "Mount", file: str, evaluator: "Evaluator") -> str | None:
        """A mount of this framework whose child is no router of the workspace (Django
        ``include('rest_framework.urls')``, a URLconf of an installed package): what
        serves it, for the ``unresolved-route`` hint (``"third-party URLconf
        'rest_framework.urls'"``). The mount then serves one route ``ANY <prefix>/{?}``
        (``resolved=False``: calls under the prefix may reach it and are not reported). None
        (the default): nothing is served there (a middleware given where a router may be)."""
        return None

    def served_paths(self, route: "Route", file: str, full: str,
                     chain: "tuple[tuple[str, Router], ...]", scope: PathScope) -> list[str]:
        """The full paths at which ``route`` (declared in ``file``) is served, for one way
        the mount graph reaches it.

        ``full`` is the mount graph's answer: the prefixes along ``chain`` joined with
        the route's template, normalized. ``chain`` lists the routers from the root that
        reached it down to the route's own router, as (file, router); it is empty for a
        route no root reaches (``full`` then has its router's own prefix only). The
        default serves ``full``. A framework whose prefixes do not compose along mounts
        (NestJS: a global prefix with exclusions and a URI version before the module and
        controller paths) computes them here. An unknown part is written ``{?}``.
        """
        return [full]

    def unresolved_note(self, route: "Route", file: str, path: str,
                        chain: "tuple[tuple[str, Router], ...]", scope: PathScope) -> str:
        """What could not be read when ``path``, a path :meth:`served_paths` gave for
        ``route`` (same ``chain``), holds an unknown part ``{?}``, for the
        ``unresolved-route`` hint ("the global prefix from configService.get('app')");
        '' says nothing more than the default message."""
        return ""

    def unmounted_message(self, router: "Router", hidden: int) -> str | None:
        """The message of ``unmounted-route`` on ``router`` (``hidden`` routes are not
        served), or None for the default one built from :attr:`router_noun`."""
        return None


class JsFramework(Framework):
    """A framework of JavaScript/TypeScript files. Hooks receive the extractor's builder
    (:class:`routelink.extract.javascript.JsBuilder`), the node and the scope.

    Routers are tracked by the builder (module-level names, function locals, function
    parameters used as routers); a framework says which values *create* a router and
    what a method call on one of its routers declares.
    """

    languages = frozenset({"javascript", "typescript", "tsx"})

    def router_creation(self, b: Any, value: Any) -> "tuple[bool, list[tuple[str, Any]]] | None":
        """``(is_app, chained calls)`` when expression ``value`` creates an app or a router
        of this framework (``express()``, ``express.Router().use(a)``), else None.

        The chained calls (method name, call node) are applied to the new router.
        """
        return None

    def router_chain(self, b: Any, key: str, chain: list[tuple[str, Any]], scope: Any) -> bool:
        """A chain of method calls on router ``key`` of this framework
        (``router.get(...)``, ``router.route('/x').get(..).post(..)``, ``app.use(...)``).

        Return True when the chain is handled (its arguments then are not walked for
        client calls by the extractor; the hook walks what it does not consume).
        """
        return False

    def claims_parameter_router(self, b: Any, method: str, call: Any, owner: Any, name: str,
                                strong: bool = False) -> bool:
        """Whether ``name``, a function parameter (``owner`` is its function's scope) or an
        imported name (``owner`` None), on which ``method`` is called by ``call``, is a
        router of this framework (``module.exports = (app) => { app.get(...) }``). ``name``
        is ``"this.<field>"`` (``owner`` None) for a field a class holds from its
        constructor's parameter (``constructor(private router: Router)``): claim it only
        with evidence that the class holds a router of this framework (its declared type,
        ``b.typed_from``), since any class's ``this.cache.get(KEY, x)`` looks alike. The
        builder offers ``b.path_like(arg, None)`` (False: the first argument is certainly
        no path), ``b.declared_type`` and ``b.imports_any(packages, types=False)`` (a
        type-only import is no evidence).

        With ``strong=False`` weak evidence suffices: routes are recorded and the
        resolver keeps them only where the name turns out to be a router. With
        ``strong=True`` answer whether a parameter is certainly a router (else it is
        *tentative*: its routes exist only where something mounts it).
        """
        return False

    def on_call(self, b: Any, call: Any, scope: Any) -> bool:
        """Any other call expression. Return True when it declared something."""
        return False

    def on_new(self, b: Any, node: Any, scope: Any) -> bool:
        """A ``new`` expression anywhere (``new Server(httpServer, { path })``), visited
        once. Return True when it declared something (its arguments are then not walked
        by the extractor: the hook walks what it does not consume)."""
        return False

    def unwrap_function(self, b: Any, call: Any) -> Any:
        """The function node a call returns unchanged for routing purposes, when this
        framework knows the callee (fastify-plugin's ``fp(async (app) => {...}, opts)``),
        else None. The extractor then binds a declaration or an export to that function
        (``module.exports = fp(plugin)`` exports ``plugin``), so its parameters may be
        routers mounted where the module is used."""
        return None

    def on_class(self, b: Any, node: Any, name: str, decorators: list[Any]) -> None:
        """A class declaration with its decorators (NestJS controllers)."""

    def on_file(self, b: Any, path: str) -> None:
        """The file's path, for file-based routing (Next.js, SvelteKit)."""

    def always_extract(self, path: str) -> bool:
        """True when the file at ``path`` (absolute, POSIX) may hold this framework's
        routes or configuration whatever its text (a file-based route, a config file):
        the cross-file prefilter (:mod:`routelink.index.deferral`) never defers it."""
        return False


if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from routelink.extract.python.extractor import PyBuilder, RouterHandle, Scope
    from routelink.facts import Expr, Span
    from routelink.resolve.classes import Construction, Hierarchy


class PyFramework(Framework):
    """A framework of Python files.

    The Python builder (:class:`routelink.extract.python.extractor.PyBuilder`, ``b`` below)
    walks a module's structure once: imports, assignments, call statements, functions and
    classes with their decorators, at module level and in the body of each module-level
    function (:class:`~routelink.extract.python.extractor.Scope`). It keeps the router
    bookkeeping (``b.new_router``, ``b.router_of``, ``b.route``, ``b.view_route``,
    ``b.mount``...) and asks the frameworks of the registry, in registry order, what a node
    declares. Node arguments are tree-sitter-python nodes; ``pos``/``kw`` are a call's
    positional and keyword argument nodes (:func:`routelink.extract.python.nodes.call_parts`).

    A router is known to the builder as a :class:`~routelink.extract.python.extractor.RouterHandle`:
    its key, the framework that owns it and a *kind*, a string private to that framework
    (an app, a blueprint, a URL pattern list...). Hooks that receive a router only run on
    the framework that owns it.

    Every hook has a default that declares nothing.
    """

    languages = frozenset({"python"})

    # ------------------------------------------------------------------ name tables

    #: router constructors: (top-level packages, class names, router kind). A call to a
    #: class of one of the packages (``pkg.Router()``, or ``App()`` after ``from pkg import
    #: App``) creates a router of that kind (:meth:`constructor_kind`, :meth:`construct_router`)
    constructors: tuple[tuple[frozenset[str], frozenset[str], str], ...] = ()
    #: constructor names recognised when the name is not imported at all (a star import,
    #: a re-export): bare name -> router kind
    bare_constructors: Mapping[str, str] = {}
    #: method names that declare something when called as a statement on a router of
    #: this framework (``router.add(child)``); the builder looks the router up (guessing an
    #: imported one's kind, :meth:`guess_router`) only for names some framework lists
    router_methods: frozenset[str] = frozenset()
    #: method names that declare routes when a router's method is used as a decorator
    #: (``@router.get(path)``)
    router_decorators: frozenset[str] = frozenset()
    #: view base classes this framework provides (they are not in the workspace): class
    #: name -> {lower-case HTTP method: the method of the class that handles it}, or
    #: :data:`routelink.resolve.classes.ALL_METHODS` for a view that serves every method;
    #: ``{}`` for a base that serves only what a subclass defines. View expansions read the
    #: union of every framework's table (:func:`routelink.frameworks.registry.table`)
    generic_views: Mapping[str, "Mapping[str, str] | str"] = {}

    # URL pattern lists (Django's URL resolver and the frameworks it serves): the walker in
    # routelink.frameworks.django reads these of every framework

    #: functions that return URL patterns built from lists given as positional arguments,
    #: with the same owner as the enclosing list: name -> how many leading arguments are
    #: pattern lists (0 = all)
    pattern_functions: Mapping[str, int] = {}
    #: calls that hold a list of URL patterns owned by *this* framework, given as the
    #: first positional argument or ``routes=`` (a WebSocket router inside an ASGI app)
    pattern_wrappers: frozenset[str] = frozenset()
    #: the method of a route in a pattern list of this framework whose view cannot be
    #: read (a lambda, an unknown callable)
    pattern_method: str = "ANY"

    # ------------------------------------------------------------------ routers

    def constructor_kind(self, qualified: str, imported: bool) -> str | None:
        """The router kind a call to ``qualified`` creates, or None.

        ``qualified`` is the callee's dotted name through the file's imports
        (``pkg.routing.Router``); ``imported`` tells whether its first part came from an
        import (then only the qualified form counts). The default reads
        :attr:`constructors` and :attr:`bare_constructors`.
        """
        parts = qualified.split(".")
        top, last = parts[0], parts[-1]
        for tops, names, kind in self.constructors:
            if last in names and top in tops:
                return kind
        if not imported and len(parts) == 1:
            return self.bare_constructors.get(last)
        return None

    def construct_router(self, b: "PyBuilder", name: str, kind: str, qualified: str, call: "Node",
                         pos: list["Node"], kw: dict[str, "Node"], scope: "Scope") -> None:
        """``name = <constructor>(...)`` with ``kind`` from :meth:`constructor_kind`:
        register the router (``b.new_router``) and what its arguments declare (a prefix,
        a ``routes=[...]`` list, the app it extends)."""

    def subclass_router(self, kind: str, made: "Construction"
                        ) -> "tuple[bool, tuple[Expr, str] | None] | None":
        """A router built by a workspace subclass of one of this framework's constructor
        classes (``router = UserAPIRouter(prefix="/foods")`` with ``class
        UserAPIRouter(APIRouter)``, in any module), resolved once the class hierarchy is
        known; ``kind`` is :meth:`constructor_kind` of the base class and ``made`` the
        arguments that reach its constructor
        (:class:`~routelink.resolve.classes.Construction`).

        Returns (is an app, (its own prefix as written, the file it is written in) or
        None), or None to leave the router as the builder guessed it from its use. The
        prefix is in the framework's default path syntax."""
        return None

    def guess_router(self, method: str, imports: frozenset[str]) -> "tuple[int, str] | None":
        """The kind a router of unknown origin (an imported name, a function parameter, a
        name bound by a factory call) would have in this framework, when ``method`` is
        called or used as a decorator on it; ``imports`` are the file's top-level
        imported packages.

        Returns (rank, kind): rank 0 when ``method`` is only used on this framework's
        routers, 1 when the file imports this framework, 2 when ``method`` is typical of
        it, 3 as a last resort. The lowest rank wins, then registry order.
        """
        return None

    def router_call(self, b: "PyBuilder", router: "RouterHandle", method: str, call: "Node",
                    pos: list["Node"], kw: dict[str, "Node"], scope: "Scope") -> None:
        """``router.method(...)`` as a statement on a router of this framework, ``method``
        one of the :attr:`router_methods` of some framework (a child router mounted, a
        view registered, a route added)."""

    def router_decorator(self, b: "PyBuilder", router: "RouterHandle", method: str, call: "Node",
                         pos: list["Node"], kw: dict[str, "Node"], scope: "Scope", decorator: "Node",
                         target: "Node", handler: str, is_class: bool) -> None:
        """``@router.method(...)`` on a router of this framework, ``method`` one of the
        :attr:`router_decorators` of some framework. ``call`` is the decorator's call,
        ``decorator`` the decorator node (the route's span), ``target`` the decorated
        ``def`` or ``class``, ``handler`` its name (``"Class.method"`` for a method),
        ``is_class`` whether it is a class (a view class routed as a whole)."""

    # ------------------------------------------------------------------ statements

    def on_assign(self, b: "PyBuilder", target: "Node", value: "Node", stmt: "Node",
                  scope: "Scope") -> bool:
        """An assignment ``target = value`` that is not a router constructor: ``target``
        is a name or an attribute (``app.config.x = False``). Settings are
        recorded with ``b.setting``. Return True when the assignment declared a router
        (then no other framework sees it and the value is not recorded as a module value;
        ignored for attribute targets)."""
        return False

    def on_augmented_assign(self, b: "PyBuilder", name: str, value: "Node", stmt: "Node",
                            scope: "Scope") -> bool:
        """``name += value``. Return True when handled."""
        return False

    def on_call(self, b: "PyBuilder", call: "Node", fn: "Node | None", pos: list["Node"],
                kw: dict[str, "Node"], scope: "Scope") -> bool:
        """Any call statement, before the builder looks for router methods and for
        functions called with a router (``register_routes(app)``). Return True when
        handled (nothing else then looks at the call)."""
        return False

    def function_view_methods(self, b: "PyBuilder", decorator: "Node") -> list[str] | None:
        """The HTTP methods a decorator of a module-level function restricts it to when it
        is used as a view (``@allow(["GET"])``), else None. ``decorator``
        is the decorator's expression. The builder records the first answer as the value
        ``"<view:NAME>"`` = ``"GET,POST;<framework name>"``; the function view then
        reports this framework (:func:`routelink.resolve.classes.find_function`)."""
        return None

    def method_decorator_facts(self, b: "PyBuilder", decorators: list["Node"]
                               ) -> tuple[tuple[str, str], ...] | None:
        """Facts about one class method read from its decorators (an extra route of a view
        class declared on the method), kept
        in :attr:`routelink.facts.ClassInfo.decorated` for the view expansion; None when
        the decorators mean nothing to this framework."""
        return None

    # ------------------------------------------------------------------ URL pattern lists

    def claims_pattern_list(self, name: str) -> bool:
        """Whether a URL pattern list bound to ``name`` (``ws_patterns``) is
        this framework's rather than the URL resolver's."""
        return False

    def pattern_view(self, b: "PyBuilder", key: str, owner: "PyFramework", path: "Expr",
                     syntax: str, view: "Node", call: "Node", scope: "Scope") -> bool:
        """The view of one URL pattern ``path(route, view)`` in the pattern list ``key``,
        owned by ``owner`` (the framework whose list it is), once includes and wrappers
        are looked through: a call (``SomeView.as_view()``) or a name.
        ``path`` is the route as an expression, ``call`` the pattern's call (the span).

        The owner is asked first, then the other Python frameworks (a form only one
        framework knows is claimed wherever it appears). Return True when handled.
        """
        return False

    # ------------------------------------------------------------------ view expansion

    def owns_view(self, bases: list[str]) -> bool:
        """Whether a view class with these imported base names, routed by
        another framework's URL patterns, is one of this framework's views (its routes
        then report this framework)."""
        return False

    def locate_action(self, h: "Hierarchy", action: str) -> "tuple[str, Span] | None":
        """(file, span) of the method of view class ``h`` that handles ``action``, else
        None. The default is the action's own definition."""
        return h.method(action)

    def on_decorator(self, b: "PyBuilder", decorator: "Node", target: "Node", name: str,
                     scope: "Scope", is_class: bool) -> bool:
        """A decorator that is not a route decorator of a known router (``@get("/x")`` of
        a framework whose decorators are free functions), on function or class ``target``
        named ``name``. Return True when it declared something."""
        return False

    def on_class(self, b: "PyBuilder", node: "Node", name: str, decorators: list["Node"],
                 scope: "Scope") -> None:
        """A class declaration with its decorators (controller classes)."""

    def on_file(self, b: "PyBuilder", path: str) -> None:
        """The module's path (absolute, ``/`` separators), for file-based routing."""
