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
   routers and adjust trailing-slash policies.
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

from typing import TYPE_CHECKING, Any, Callable, Mapping

if TYPE_CHECKING:  # pragma: no cover
    from routelink.facts import Route, ViewRoutes
    from routelink.resolve.evaluate import Evaluator

#: A path template produced by :meth:`Framework.convert_path`: (template, trailing-slash
#: policy override or None). Django's ``re_path(r'^items/?$')`` gives
#: ``("/items/", "ignore")``: both slash forms are accepted.
PathTemplate = tuple[str, "str | None"]

#: A path syntax name every framework accepts: the value is already a normalized path
#: template (used for routes a view expansion generates).
TEMPLATE_SYNTAX = "template"


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
    trailing_slash: str = "ignore"
    dispatch: str = "method"
    ordering: str = "router"
    router_noun: str = "router"
    #: view-route kinds this framework expands (:class:`~routelink.facts.ViewRoutes`)
    view_kinds: tuple[str, ...] = ()

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
        router of this framework (``module.exports = (app) => { app.get(...) }``).

        With ``strong=False`` weak evidence suffices: routes are recorded and the
        resolver keeps them only where the name turns out to be a router. With
        ``strong=True`` answer whether a parameter is certainly a router (else it is
        *tentative*: its routes exist only where something mounts it).
        """
        return False

    def on_call(self, b: Any, call: Any, scope: Any) -> bool:
        """Any other call expression. Return True when it declared something."""
        return False

    def on_class(self, b: Any, node: Any, name: str, decorators: list[Any]) -> None:
        """A class declaration with its decorators (NestJS controllers)."""

    def on_file(self, b: Any, path: str) -> None:
        """The file's path, for file-based routing (Next.js, SvelteKit)."""


class PyFramework(Framework):
    """A framework of Python files. Hooks receive the Python extractor (builder), the
    node and the scope (:class:`routelink.extract.python.extractor.Scope`).
    """

    languages = frozenset({"python"})
