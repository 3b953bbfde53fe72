"""The ``ClientLibrary`` protocol: everything routelink knows about one way a frontend
makes HTTP (or WebSocket) requests.

A client module (``clients/axios.py``, ``clients/fetch.py``...) defines a subclass of
:class:`ClientLibrary` and one instance, ``CLIENT``, listed in
:mod:`routelink.clients.registry`. The extractor asks the registry which free names and
packages may make requests (so it records their call sites); the evaluator
(:mod:`routelink.resolve.evaluate`) asks it what an import or a global denotes, what a
member of a client is, which members create a new client with a base URL
(``axios.create``, ``ky.extend``), which assignments set a default base URL
(``axios.defaults.baseURL``), and what requests a call makes; findings ask it how a quick
fix rewrites a call's method.

Values the evaluator hands to the hooks:

- :class:`~routelink.resolve.evaluate.Client` (``library`` = :attr:`ClientLibrary.name`,
  ``base`` = the base URLs it prepends, ``instance`` = made by a factory member) and
  :class:`~routelink.resolve.evaluate.ClientMember` (a member of one, ``axios.get``);
- argument expressions (:mod:`routelink.facts` ``Expr``) with the
  :class:`~routelink.resolve.evaluate.Ctx` to evaluate them in (``ev.strings(expr,
  ctx)``, ``ev.eval(expr, ctx)``, ``ev.method_from_options(expr, ctx)``).

Architecture Invariant: no client library name appears outside its module and the
registry (``tests/core/test_registries.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from routelink.facts import Expr, Span
    from routelink.resolve.evaluate import Client, Ctx, Evaluator, Request, Str

#: the holder of a UI app's global properties in :class:`~routelink.facts.Assignment`
#: facts: ``Ref(GLOBAL_PROPERTY, ("$http",))`` is assigned the value every component
#: instance has as ``this.$http`` (Vue's ``app.config.globalProperties.$http = ...``,
#: recorded by the library that knows the syntax; read by the evaluator's ``AppInstance``)
GLOBAL_PROPERTY = "<global-property>"


class ClientLibrary:
    """A client library. Subclass per library; one instance per module.

    Class attributes say where the library comes from; methods are the hooks, each with
    a default that does nothing.
    """

    #: the name reported in JSON (``"client"``) and carried by ``Client.library``
    name: str = ""
    #: the language of the code that calls it: ``"javascript"`` (JS, TS, JSX, TSX and
    #: the scripts of Vue/Svelte components) or ``"python"`` (the Python extractor
    #: records calls through the library's imports: :mod:`routelink.clients.python_http`)
    language: str = "javascript"
    #: import sources that provide it (``"axios"``, ``"redaxios"``)
    packages: tuple[str, ...] = ()
    #: names bound by an import of one of :attr:`packages` that denote the client itself
    #: (``import axios from 'axios'`` -> ``"default"``; ``import * as x`` -> ``"*"``)
    import_names: frozenset[str] = frozenset({"default", "*"})
    #: free names that denote it without an import (``fetch``, Nuxt's ``$fetch``)
    globals: tuple[str, ...] = ()
    #: constructors called with ``new`` that make a request (``new WebSocket(url)``)
    constructors: tuple[str, ...] = ()
    #: member names that denote the library's default client on any object
    #: (``Vue.axios``, ``this.$axios`` with vue-axios / Nuxt)
    member_markers: tuple[str, ...] = ()
    #: members that make requests (``get``, ``post``...); a call of the client itself is
    #: a request when :attr:`callable` is true
    request_members: frozenset[str] = frozenset()
    callable: bool = True
    #: members that return a new client whose options may set a base URL
    #: (``create``, ``extend``)
    factory_members: frozenset[str] = frozenset()
    #: members of a client that return a new client and are written in chains on the
    #: value of a call (``wretch(base).addon(Q).url('/x')``): the extractor reads such a
    #: chain as a value (a member of a synthetic value holding the inner call)
    chain_members: frozenset[str] = frozenset()
    #: member paths whose assignment sets the default base URL of the library's default
    #: client (``("defaults", "baseURL")`` for ``axios.defaults.baseURL = X``)
    base_assignments: tuple[tuple[str, ...], ...] = ()
    #: (package, imported name) of functions that return the component instance being
    #: set up, whose members are the app's global properties (:data:`GLOBAL_PROPERTY`):
    #: ``("vue", "getCurrentInstance")``
    instance_imports: frozenset[tuple[str, str]] = frozenset()
    #: members of such an instance that lead to the same properties (``proxy``,
    #: ``appContext.config.globalProperties``)
    instance_members: frozenset[str] = frozenset()
    #: regular-expression alternatives (bytes) for the text prefilter
    keywords: tuple[bytes, ...] = ()
    #: alternatives (bytes) matched by every file whose facts may feed an index-wide
    #: table this library fills: default base URLs (``base_assignments``,
    #: ``default_bases``), global properties, what ``on_file`` records as assignments.
    #: None: the library's ``keywords`` when it sets such defaults (``base_assignments``,
    #: or an override of ``on_assignment``, ``on_file`` or ``default_bases``), else none;
    #: ``()``: none (its assignments make requests only). Read by
    #: :func:`routelink.index.batches.plan_batches` to index such files first.
    table_keywords: tuple[bytes, ...] | None = None
    #: True when a request of this library reaches the backend only with evidence
    #: (browser navigations: a link to a page of the frontend is no request). Such a call
    #: is kept only when some route serves its path, or its base URL or origin is one the
    #: workspace's other requests use; otherwise it is dropped, not reported
    #: (:func:`routelink.link.findings.reaches_backend`)
    needs_evidence: bool = False
    #: lower-case HTML tag names written in JSX or Vue/Svelte markup whose attributes
    #: :meth:`element` reads (``("a", "form")``); the extractor only reads those
    element_tags: frozenset[str] = frozenset()
    #: JSX components :meth:`element` reads, as (package, imported name):
    #: ``("next/link", "default")`` for ``import Link from 'next/link'``
    element_imports: frozenset[tuple[str, str]] = frozenset()
    #: attributes that make any component tag of Vue markup one :meth:`element` reads
    #: (Nuxt's ``<NuxtLink to="/api/x" external>``, ``<UButton to=... external>``)
    element_markers: frozenset[str] = frozenset()

    # ------------------------------------------------------------------ values

    def from_import(self, module: str, name: str) -> bool:
        """Whether ``import {name} from '{module}'`` binds this library's client."""
        return module in self.packages and name in self.import_names

    def create(self, ev: "Evaluator", parent: "Client", member: str, args: tuple["Expr", ...],
               ctx: "Ctx") -> "Client | None":
        """The client a factory member call makes (``axios.create({ baseURL })``), or
        None when the call is not one. ``member`` is None when the client itself is
        called as a value (``const baseQuery = fetchBaseQuery({ baseUrl })``,
        ``const requestFetch = useRequestFetch()``)."""
        return None

    def free_value(self, ev: "Evaluator", name: str, ctx: "Ctx") -> Any:
        """The value of a name ``ctx.file`` uses without binding it, when the library's
        framework imports it automatically (Nuxt's ``composables/`` and ``utils/``
        exports), else None."""
        return None

    def call_value(self, ev: "Evaluator", name: str, imported: "tuple[str, str] | None",
                   args: tuple["Expr", ...], ctx: "Ctx") -> Any:
        """The value a call ``name(*args)`` of a free name (``imported`` None) or of one
        imported as (module, name) makes, when it is the library's framework's and no
        client (Nuxt's ``useRuntimeConfig()``: the runtime config), else None."""
        return None

    # ------------------------------------------------------------------ requests

    def requests(self, ev: "Evaluator", client: "Client", member: str | None,
                 args: tuple["Expr", ...], ctx: "Ctx", is_new: bool) -> list["Request"]:
        """The requests ``client(*args)`` (``member`` None) or ``client.member(*args)``
        makes. ``is_new`` is true for ``new Client(...)``. An empty list means no request
        could be made out of the arguments; the evaluator then reports the call as
        unresolved when it is request-shaped (see :meth:`is_request`). None means the
        arguments show that the call is no request at all (``useSWR(key, null)``: a
        local cache entry)."""
        return []

    def is_request(self, member: str | None, is_new: bool) -> bool:
        """Whether calling the client (``member`` None) or its ``member`` is a request."""
        if member is None:
            return self.callable or (is_new and bool(self.constructors))
        return member in self.request_members

    # ------------------------------------------------------------------ quick fixes

    def method_edit(self, style: str | None, span: "Span | None", method: str
                    ) -> "tuple[Span, str] | None":
        """The edit that makes a call use ``method``, where the extractor found it written
        (``style``: ``"member"`` = ``api.get``, ``"literal"`` = ``method: 'POST'``,
        ``"insert"`` = nothing written, ``span`` is just after the URL argument).
        None when this library cannot be fixed that way."""
        if span is None:
            return None
        if style == "member":
            return span, method.lower()
        if style == "literal":
            return span, f"'{method}'"
        return None

    # ------------------------------------------------------------------ extraction

    def callee(self, b: Any, fn: Any, args: list[Any]) -> "Any | None":
        """A :class:`~routelink.facts.Ref` for a call whose callee has no name of its own
        (``(options.client ?? client).post({ url })``), when this library recognises the
        call's shape; else None."""
        return None

    def on_jsx(self, b: Any, element: Any, scope: Any) -> None:
        """A JSX opening or self-closing element node, for a library that needs the
        nodes of its attributes (``<SWRConfig value={{ fetcher: (url) => ... }}>``: an
        inline function it walks itself with ``b.inline_function``). Its children are
        walked by the extractor afterwards."""
        return None

    def fallback_requests(self, ev: "Evaluator", callee: Any, args: tuple["Expr", ...],
                          ctx: "Ctx") -> list["Request"]:
        """Requests of a call whose callee is no known client or wrapper, recognised by
        its arguments alone (generated OpenAPI clients pass ``{ method, url }``)."""
        return []

    def element(self, b: Any, tag: str, attributes: tuple[Any, ...], name_span: "Span",
                scope: Any) -> None:
        """An element written in JSX (``<a href="/x">``, also a component tag such as
        ``<Link>``) or in a Vue/Svelte template: ``tag`` as written, ``attributes`` the
        :class:`~routelink.extract.javascript.ElementAttribute` values written on it (in
        markup, directives and event handlers too, with no value). Called for the tags of
        :attr:`element_tags`, the JSX components of :attr:`element_imports` and the Vue
        component tags with one of :attr:`element_markers`; the library records the
        requests it makes with ``b.add_request_site(...)``."""
        return None

    def on_call(self, b: Any, call: Any, fn: Any, args: list[Any], scope: Any) -> bool:
        """Any call expression of a JS/TS file (``call`` and its callee ``fn`` are
        tree-sitter nodes, ``args`` its argument nodes), before the extractor decides
        whether to record it: True when the library recorded it itself
        (``b.add_request_site``), so it is not recorded again."""
        return False

    def on_assignment(self, b: Any, node: Any, scope: Any) -> bool:
        """Any assignment expression (``window.location.href = url``): True when the
        library recorded a request for it."""
        return False

    def on_file(self, b: Any, root: Any) -> None:
        """Look at a whole JS/TS file once the builder ``b`` has read it (``root`` is its
        syntax tree) and add or adjust facts through the builder: what the library's
        own machinery says that plain code does not (Angular's dependency injection
        gives a class field its client; an interceptor registered in the app prepends a
        base URL). Runs for every parsed JS/TS file; return quickly when the file is
        not about this library."""
        return None

    # ------------------------------------------------------------------ defaults

    def default_bases(self, ev: "Evaluator", suffix: tuple[str, ...], value: "Expr",
                      ctx: "Ctx") -> list[tuple[str, tuple["Str", ...]]]:
        """The default base URLs an assignment to one of :attr:`base_assignments` sets,
        as (key, base URLs) pairs: the key is looked up with ``ev.default_base(key,
        path)`` by files of the same project (the library's own default client uses its
        :attr:`name`). ``suffix`` is the member path assigned, ``value`` the value
        assigned, evaluated in ``ctx``. The default: the value's strings as the
        library's default base (``axios.defaults.baseURL = X``)."""
        strs = tuple(ev.strings(value, ctx))
        return [(self.name, strs)] if strs else []

def url_then_options(ev: "Evaluator", library: str, client: "Client", member: str | None,
                     args: tuple, ctx: "Ctx", base_keys: tuple[str, ...],
                     default_base=None) -> list["Request"]:
    """The requests of ``client(url, options)`` / ``client.verb(url, options)`` for the
    libraries written that way (ky, umi-request): the method is the verb ``member``,
    else the options' ``method`` (GET when none is written); the base is the options'
    first of ``base_keys``, else the client's, else, for the library's default client
    (not an instance it made), ``default_base()`` when given. ``args`` are the call's
    argument expressions; no arguments, no request."""
    if not args:
        return []
    options = args[1] if len(args) > 1 else None
    if member is None:
        method, explicit = ev.method_from_options(options, ctx)
    else:
        method, explicit = member.upper(), True
    base = client.base
    if options is not None:
        base = ev.option_strings(ev.eval(options, ctx), base_keys) or base
    if not base and not client.instance and default_base is not None:
        base = default_base()
    return [ev.request(library, method, s, base, explicit) for s in ev.strings(args[0], ctx)]


def record_site(b: Any, callee: "Any", args: tuple, node: Any, scope: Any,
                url_node: Any = None, method_node: Any = None) -> None:
    """Record a call site a library recognised in an ``on_call``/``on_jsx`` hook, from
    nodes: reported at ``node``, its URL at ``url_node`` (default ``node``), its method
    written as the string literal ``method_node`` if any (so the quick fix can change it).
    See ``JsBuilder.add_request_site``."""
    url = b.unwrap(url_node) if url_node is not None else node
    method = b.unwrap(method_node) if method_node is not None else None
    literal = method is not None and method.type == "string"
    b.add_request_site(callee, args, b.span(node), b.span(url), b.text(url), scope,
                       b.span(method) if literal else None, "literal" if literal else None)
