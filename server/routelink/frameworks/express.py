"""Express (4 and 5), and Express-compatible routers (polka).

Follows Express 4 / path-to-regexp 0.1 and Express 5 / path-to-regexp 8:
``:id`` -> ``{id}``, ``:id?`` -> two routes (with and without the segment),
``:id(\\d+)`` -> ``{id}``, ``*`` -> ``{wild*}`` (Express 4: ``.*``, zero or more
characters); Express 5 ``*name`` -> ``{name+}`` (path-to-regexp 8: a wildcard matches one
or more characters, so ``/files/*path`` does not serve ``/files``) and ``{/:id}`` optional
groups (``/{*splat}`` is ``/`` and ``/{splat+}``); a ``{name*}`` written by a caller
(koa-router's ``:name*``) is kept; Express 4's ``ab?`` (the character before ``?`` is optional)
gives both forms. Routing is not strict by default, so a trailing slash never
matters (policy ``ignore``); an app's routes and mounted routers form one ordered stack
and the first route whose method and path match runs (``dispatch = "method"``,
``ordering = "app"``: a route on the app or on a router mounted earlier shadows a later
one of another router).

A folder of routers mounted by a loop over ``fs.readdirSync(dir)`` (``forEach``/``map``
after ``filter``/``sort``, or ``for (const f of ...)``; also ``fs.promises.readdir``)
whose body does ``app.use(prefix, require(`./routes/${file}`))``: the router each script
of that folder exports (``module.exports``/``export default``, or the member the
``require(...)`` reads) is mounted, the mounting file itself excepted, only files with the
extension the ``filter`` callback names when it names one. A prefix that ends with the
file's base name (``path.basename(file, '.js')``, ``path.parse(file).name``,
``file.replace('.js', '')``, ``file.split('.')[0]``, ``file.slice(0, -3)``) gets each
file's base name; any other use of the file name is unknown (``{?}``, with a hint naming
the loop).
"""

from __future__ import annotations

import dataclasses
import posixpath
import re

from routelink.facts import CallExpr, Concat, Lit, Obj, Ref
from routelink.frameworks.base import JsFramework, PathTemplate

METHODS = {
    "get": "GET",
    "post": "POST",
    "put": "PUT",
    "patch": "PATCH",
    "delete": "DELETE",
    "del": "DELETE",
    "options": "OPTIONS",
    "head": "HEAD",
    "all": "ANY",
}

_GROUP = re.compile(r"\{([^{}]*)\}")
# a parameter's regex: one level of nested parentheses, never a '/' (linear: each '('
# is taken by one alternative, so a scan stops at the next unmatched one)
_PARAM = re.compile(r":(\w+)(\((?:[^/()]|\([^/()]*\))*\))?(\?)?")
_INLINE = re.compile(r":(\w+)(\((?:[^/()]|\([^/()]*\))*\))?\??")
#: at most this many variants from optional parameters; a path with more combinations
#: (optional parameters between literal segments: 2^n) keeps the part before its first
#: optional piece and an unknown rest ``{?}`` (an ``unresolved-route`` hint says why)
MAX_VARIANTS = 32

_PARAM_NAME = re.compile(r":\w+")


def express_path(raw: str) -> list[str]:
    """Express path string -> path templates (two when a parameter is optional).

    ``'/users/:id(\\d+)?'`` -> ``['/users/{id}', '/users']``. Follows Express 4
    path-to-regexp 0.1 syntax, plus Express 5 ``*name`` wildcards and ``{...}``
    optional groups (``'/users{/:id}'`` -> ``['/users/{id}', '/users']``).

    Bounded: variants that differ only in parameter names (``/:a?/:b?`` present as
    ``/{a}`` or as ``/{b}``) are one shape and kept once, so consecutive optional
    parameters give n + 1 templates, not 2^n; past :data:`MAX_VARIANTS` shapes the path
    becomes its fixed start plus ``{?}`` (:func:`express_path_overflows`). Linear in
    ``len(raw)`` times :data:`MAX_VARIANTS`.
    """
    return _express_path(raw)[0]


def express_path_overflows(raw: str) -> bool:
    """Whether ``raw`` has more combinations of optional parts than
    :data:`MAX_VARIANTS` (its templates end in ``{?}``)."""
    return _express_path(raw)[1]


def _express_path(raw: str) -> tuple[list[str], bool]:
    if not raw:
        return ["/"], False
    pieces: list[tuple[str, bool]] = []  # (text, optional group)
    pos = 0
    for group in _GROUP.finditer(raw):
        if re.fullmatch(r"\w*\*?", group.group(1)):
            continue  # '{*splat}', '{name}': not an optional group
        pieces.append((raw[pos:group.start()], False))
        pieces.append((group.group(1), True))
        pos = group.end()
    pieces.append((raw[pos:], False))
    # variants of the raw text: (shape, text) with one per shape
    variants: list[tuple[str, str]] = [("", "")]
    for i, (text, optional) in enumerate(pieces):
        shape = _PARAM_NAME.sub(":", text)
        grown = [(k + shape, t + text) for k, t in variants]
        if optional:
            kept = dict(grown)
            for k, t in variants:  # same shape: the one with the earlier parts present
                kept[k] = t
            grown = list(kept.items())
            if len(grown) > MAX_VARIANTS:
                first = pieces[0][0]
                return [_unknown_rest(first + "/" if pieces[1][0].startswith("/") else first)], True
        variants = grown
    out: list[str] = []
    shapes: set[str] = set()
    for _, text in variants:
        templates, overflow = _segment_variants(text)
        if overflow:
            return templates, True
        for p in templates:
            shape = _PARAM_NAME.sub(":", re.sub(r"\{\w+", "{", p))
            if p not in out and shape not in shapes:
                out.append(p)
                shapes.add(shape)
    if len(out) > MAX_VARIANTS:
        return [_unknown_rest(pieces[0][0] if len(pieces) > 1 else raw.split("?")[0])], True
    return out, False


def _unknown_rest(start: str) -> str:
    """The template of a path whose optional parts are too many: its literal start up
    to the last ``/`` before the first optional piece, then ``{?}``."""
    head = start[:start.rfind("/") + 1] if "/" in start else "/"
    fixed = [_segment_template(seg) for seg in head.split("/") if seg]
    if any(t is None for t in fixed):
        fixed = []
    return "/" + "/".join([*fixed, "{?}"])


def _segment_template(seg: str) -> str | None:
    """A required segment's template; None for one that has options or wildcards."""
    m = _PARAM.fullmatch(seg)
    if m:
        return None if m.group(3) else "{" + m.group(1) + "}"
    if "*" in seg or "?" in seg or "(" in seg:
        return None
    return _INLINE.sub(lambda mm: "{" + mm.group(1) + "}", seg)


def _segment_variants(raw: str) -> tuple[list[str], bool]:
    """Templates of a path with no optional group left: ``:id?`` and Express 4's
    ``ab?`` make a segment optional. Variants are kept as shared tails (each step adds
    one cell, not a copy), one per shape."""
    # a variant: (shape id, segments as a cons list (previous, segment))
    intern: dict[tuple[int, str], int] = {}

    def step(key: int, shape: str) -> int:
        return intern.setdefault((key, shape), len(intern) + 1)

    variants: list[tuple[int, object]] = [(0, None)]

    def add(seg: str, shape: str) -> None:
        nonlocal variants
        variants = [(step(k, shape), (cell, seg)) for k, cell in variants]

    def options(with_seg: str, with_shape: str, without: "tuple[str, str] | None") -> bool:
        nonlocal variants
        grown = [(step(k, with_shape), (cell, with_seg)) for k, cell in variants]
        if without is None:
            rest = variants
        else:
            rest = [(step(k, without[1]), (cell, without[0])) for k, cell in variants]
        kept: dict[int, object] = {}
        for k, cell in grown:
            kept.setdefault(k, cell)
        for k, cell in rest:  # same shape: the one with the earlier parts present
            kept[k] = cell
        variants = list(kept.items())
        return len(variants) <= MAX_VARIANTS

    segs = raw.split("/")
    first_optional = None
    for n, seg in enumerate(segs):
        m = _PARAM.fullmatch(seg)
        if m:
            new = "{" + m.group(1) + "}"
            if m.group(3):
                first_optional = n if first_optional is None else first_optional
                if not options(new, "{}", None):
                    return [_unknown_rest("/".join(segs[:first_optional]) + "/")], True
            else:
                add(new, "{}")
            continue
        if seg == "*" or seg == "(.*)":
            add("{wild*}", "{*}")
            continue
        m = re.fullmatch(r"\*(\w+)", seg)
        if m:
            add("{" + m.group(1) + "+}", "{+}")
            continue
        if len(seg) > 1 and seg.endswith("?") and seg[-2].isalnum() and ":" not in seg:
            # Express 4: '?' makes the character before it optional ('/signin?')
            first_optional = n if first_optional is None else first_optional
            if not options(seg[:-1], seg[:-1], (seg[:-2], seg[:-2])):
                return [_unknown_rest("/".join(segs[:first_optional]) + "/")], True
            continue
        # inline params inside a segment ('/files/:name.:ext') -> keep as one param
        seg = _INLINE.sub(lambda mm: "{" + mm.group(1) + "}", seg)
        add(seg, _PARAM_NAME.sub(":", seg))
    out: list[str] = []
    for _, cell in variants:
        parts: list[str] = []
        while cell is not None:
            cell, seg = cell
            parts.append(seg)
        p = "/".join(reversed(parts))
        if not p.startswith("/"):
            p = "/" + p
        if p not in out:
            out.append(p)
    return out, False


#: methods that only a router has (a parameter called with them is a router)
ROUTER_ONLY = frozenset({"use", "route", "listen"})


class Express(JsFramework):
    """Express apps and routers: ``express()``, ``express.Router()``, ``Router()`` (also
    through ``require``), routes on them, ``router.route(path)`` chains and mounts with
    ``use``."""

    name = "express"
    packages = ("express", "polka")
    keywords = (rb"express|Router|polka|\.(?:get|post|put|patch|delete|use|route|all|listen)\s*\(",)
    trailing_slash = "ignore"
    #: an app's middleware stack is one ordered list: a router mounted with `use` is tried
    #: in place, so a route registered earlier on the app, or on a router mounted earlier,
    #: shadows a later one in another router
    ordering = "app"

    # ------------------------------------------------------------------ extraction

    def router_creation(self, b, value):
        """``express()``, ``polka()``, ``express.Router()``, ``Router()`` imported from
        express, ``require('express')()``, ``require('express').Router()``, each possibly
        followed by chained calls."""
        base, chain = b.call_chain(value)
        if base is None:
            return None
        if chain and chain[0][0] == "Router" and b.is_require(base):
            return (False, chain[1:]) if b.require_module(base) == "express" else None
        if base.type == "call_expression":
            fn = b.unwrap(base.child_by_field_name("function"))
            if fn is None:
                return None
            if fn.type == "identifier":
                name = b.text(fn)
                module = b.import_module(name)
                if name in self.packages and module in (None, *self.packages):
                    return True, chain
                if module == "express" and (name == "Router" or name in b.imported_names("express", "Router")):
                    return False, chain
                return None
            if b.is_require(fn) and b.require_module(fn) in self.packages:
                return True, chain
            return None
        if chain and chain[0][0] == "Router" and base.type == "identifier":
            if (b.import_module(b.text(base)) or "express") == "express":
                return False, chain[1:]
        return None

    def claims_parameter_router(self, b, method, call, owner, name, strong=False):
        """A parameter or an imported name used as an Express router. Weak evidence (a
        route method) is enough to record routes the resolver keeps only where the name
        really is a router; strong evidence (the name is also
        used with ``use``/``route``, or a handler takes ``(req, res)``) makes a
        parameter a router of its own (a file importing express may still pass an HTTP
        client around: ``notify(client)``)."""
        if method not in METHODS and method not in ROUTER_ONLY:
            return False
        if name.startswith("this.") and not (
                b.typed_from(owner, name, call, self.packages)
                or (call is not None and any(_is_handler(b, a) for a in b.args(call)[1:]))):
            # a field held from a constructor parameter (`this.reflector.get(KEY, h)`):
            # only with its declared type or a `(req, res)` handler as evidence
            return False
        if not strong:
            # `api.post('/users', body)`: the last argument is data, not a handler
            return method in ROUTER_ONLY or (call is not None and len(b.args(call)) >= 2
                                             and not b.certainly_data(b.args(call)[-1]))
        if method in ROUTER_ONLY:
            return True
        if owner is not None and b.uses_as_router(owner, name, ROUTER_ONLY):
            return True
        return call is not None and any(_is_handler(b, a) for a in b.args(call)[1:])

    def router_chain(self, b, key, chain, scope):
        """``r.get(path, ...handlers)``, ``r.route(path).get(..).post(..)``, ``r.use(...)``
        and any other method (its arguments are walked for client calls)."""
        pending = None
        for method, call in chain:
            if method == "route":
                args = b.args(call)
                pending = b.path_exprs(args[0], scope) if args else None
                continue
            if pending is not None and method in METHODS:
                self._routes(b, key, METHODS[method], pending, call, b.args(call))
                continue
            self._method(b, key, method, call, scope)
        return True

    def _method(self, b, key, method, call, scope):
        args = b.args(call)
        if method in METHODS and len(args) >= 2:
            paths = b.path_exprs(args[0], scope)
            if paths is not None:
                self._routes(b, key, METHODS[method], paths, call, args[1:])
            for a in args[1:]:
                b.walk(a, scope)
        elif method == "use":
            self._use(b, key, call, args, scope)
        elif method == "listen":
            if args:
                b.add_listen(key, listen_port(b, args[0], scope), call, self.name)
            for a in args:
                b.walk(a, scope)
        elif method != "route":
            for a in args:
                b.walk(a, scope)

    def _routes(self, b, key, method, paths, call, handlers):
        passthrough = bool(handlers) and _passes_through(b, handlers[-1])
        for path in paths:
            b.add_route(key, method, path, call, handlers, self.name, self.trailing_slash,
                        passthrough=passthrough)

    def _use(self, b, key, call, args, scope):
        """``use([path,] ...routers_or_middleware)``: mounts for the routers."""
        if not args:
            return
        kind = b.prefix_kind(args[0], scope)
        prefixes: list = [None]
        children = args
        maybe = False
        if kind == "prefix":
            prefixes, children = b.path_exprs(args[0], scope) or [None], args[1:]
        elif kind == "maybe":
            # an imported name: a path constant, or a router/middleware itself; the
            # resolver decides from its value (both readings are recorded)
            prefixes, children, maybe = [b.expr(args[0], scope)], args[1:], True
            first = b.mount_child(args[0], scope)
            if first is not None:
                b.add_mount(key, None, first, call, self.name)
        for n, child in enumerate(children):
            cexpr = b.mount_child(child, scope)
            folder = _readdir_child(b, child, scope) if cexpr is None else None
            if folder is not None:
                # `require(`./routes/${file}`)` in a loop over `fs.readdirSync(dir)`
                child_obj, var = folder
                basename = kind != "none" and _ends_with_basename(b, args[0], var, scope)
                for prefix in prefixes:
                    if basename and isinstance(prefix, Concat) and len(prefix.parts) > 1 \
                            and not isinstance(prefix.parts[-1], Lit):
                        # `'/api/' + path.basename(file, '.js')`: the head, then each
                        # file's base name (Obj item `basename`)
                        head = prefix.parts[:-1]
                        b.add_mount(key, head[0] if len(head) == 1 else Concat(head),
                                    Obj(child_obj.items + (("basename", Lit("true")),)), call, self.name)
                    elif basename and prefix is not None and not isinstance(prefix, (Lit, Concat)):
                        b.add_mount(key, None, Obj(child_obj.items + (("basename", Lit("true")),)),
                                    call, self.name)  # `app.use(name, require(...))`
                    else:
                        b.add_mount(key, prefix, child_obj, call, self.name)
                b.walk(child, scope)
                continue
            if cexpr is None:
                if kind == "prefix" and n == len(children) - 1 and _is_mounted_handler(b, child):
                    # `app.use('/graphql', graphqlHTTP({...}))`: a request handler (not a
                    # router, not a middleware that hands on) serves every method there
                    # (unless the call returns a router: see the mount below)
                    for prefix in prefixes:
                        path = Concat((prefix, Lit("/*"))) if prefix is not None else Lit("/*")
                        b.add_route(key, "ANY", path, call, [child], self.name, self.trailing_slash)
                made = b.mounted_call(child, scope) if kind != "maybe" else None
                if made is not None:
                    # `app.use('/api/users', createUserRouter(db))`: the router the
                    # function builds and returns, when it does (the resolver tells)
                    for prefix in prefixes:
                        b.add_mount(key, prefix, made, call, self.name, call_result=True)
                b.walk(child, scope)
                continue
            for prefix in prefixes:
                b.add_mount(key, prefix, cexpr, call, self.name, prefix_or_child=maybe)

    def on_call(self, b, call, scope):
        """``server.listen(PORT)`` of ``const server = http.createServer(app)`` (also
        ``https.createServer(options, app)``, Koa's ``createServer(app.callback())``),
        and ``http.createServer(app).listen(PORT)``: the app listens on that port."""
        fn = b.unwrap(call.child_by_field_name("function"))
        if fn is None or fn.type != "member_expression":
            return False
        prop = fn.child_by_field_name("property")
        if prop is None or b.text(prop) != "listen":
            return False
        app = server_app(b, fn.child_by_field_name("object"), scope)
        args = b.args(call)
        if app is not None and args:
            b.add_listen(app, listen_port(b, args[0], scope), call, self.name)
        return False

    # ------------------------------------------------------------------ resolution

    def mount_targets(self, mount, file, routers, evaluator):
        """A mount of a folder a ``readdir`` loop lists: the router each script of the
        folder exports (see the module docstring), with its base name as an extra prefix
        when the mount's prefix ends with it."""
        child = mount.child
        if not isinstance(child, Obj) or child.get(_READDIR) is None:
            return None
        return [(target, self.convert_prefix("/" + stem) if stem else "")
                for target, stem in _folder_routers(child, file, routers, evaluator)] or None

    def opaque_mount(self, mount, file, evaluator):
        """A readdir loop's folder that holds no router of the workspace (its modules
        export handlers, or it is not indexed): what it mounts is unknown there."""
        child = mount.child
        if isinstance(child, Obj) and isinstance(child.get(_READDIR), Lit):
            return f"the modules `{child.get(_READDIR).value}` lists"
        return None

    def finish_routes(self, routes, evaluator):
        """A route served under a prefix that depends on the name of the file a
        ``readdir`` loop mounts says so in its ``unresolved-route`` hint. A handler
        mounted with ``use(prefix, factory())`` that the same app registers routes or
        routers under later (``app.use('/admin', basicAuth({...}))`` then
        ``app.get('/admin/stats')``) hands requests on: a middleware, not the handler of
        every path there (see :func:`_hands_on_later`)."""
        routes = _hands_on_later(routes)
        loops: dict[str, list[tuple[str, str]]] = {}
        out = []
        for r in routes:
            if r.resolved or r.note or not r.mounted or r.unknown:
                out.append([r])
                continue
            root = r.group[0] if r.group and r.group[2] == "" else ""
            if root not in loops:
                loops[root] = _readdir_loops(root, evaluator) if root else []
            folder = posixpath.dirname(r.file)
            loop = next((text for f, text in loops[root] if f == folder), None)
            out.append([dataclasses.replace(
                r, unknown=f"its prefix depends on the name of the file `{loop}` lists")]
                if loop else [r])
        return out

    def convert_path(self, raw: str, syntax: str = "") -> list[PathTemplate]:
        return [(p, None) for p in express_path(raw)]

    def unresolved_note(self, route, file, path, chain, scope):
        """A path with more combinations of optional parts than routelink expands
        (:data:`MAX_VARIANTS`) says so."""
        raw = route.path.value if isinstance(route.path, Lit) else None
        if raw is not None and express_path_overflows(raw):
            shown = raw if len(raw) <= 60 else raw[:57] + "..."
            return (f"`{shown}` has more than {MAX_VARIANTS} combinations of optional "
                    f"parameters; routelink keeps the part before them")
        return ""

    def convert_prefix(self, raw: str, syntax: str = "") -> str:
        return express_path(raw)[0] if raw else ""


def listen_port(b, node, scope):
    """The port a ``listen(...)`` argument gives: the argument itself (``3000``,
    ``PORT``, ``process.env.PORT || 5000``), or the ``port`` of an options object
    (Fastify, Hono's ``serve``); None when an object names none."""
    node = b.unwrap(node)
    if node is not None and node.type == "object":
        port = b.object_property(node, "port")
        return b.expr(port, scope) if port is not None else None
    return b.expr(node, scope)


def server_app(b, node, scope) -> str | None:
    """The name of the app an HTTP server serves, for ``server`` bound to
    ``http.createServer(app)`` / ``https.createServer(options, app)`` /
    ``createServer(app.callback())`` (Koa), or such a call itself; None otherwise."""
    e = b.expr(node, scope)
    if isinstance(e, Ref) and not e.attrs:
        bound = scope.lookup(e.name) if scope is not None else None
        e = bound if bound is not None else b.values.get(e.name)
    if not isinstance(e, CallExpr) or not e.args:
        return None
    name = e.callee.attrs[-1] if e.callee.attrs else e.callee.name
    if name != "createServer":
        return None
    app = e.args[-1]
    if isinstance(app, CallExpr) and app.callee.attrs[-1:] == ("callback",):
        app = Ref(app.callee.name, app.callee.attrs[:-1])
    return app.name if isinstance(app, Ref) and not app.attrs else None


#: middleware packages whose factories make a middleware that hands every request on
#: (``app.use('/api', cors())``), never a request handler serving the path
HANDING_ON = frozenset({
    "cors", "helmet", "morgan", "compression", "body-parser", "cookie-parser",
    "express-session", "cookie-session", "passport", "multer", "express-rate-limit",
    "express-slow-down", "hpp", "csurf", "express-mongo-sanitize", "xss-clean",
    "connect-timeout", "response-time", "express-fileupload", "express-validator",
    "express-jwt", "express-openid-connect", "@clerk", "express-winston", "pino-http",
})
#: express's own body parsers (``express.json()``)
BODY_PARSERS = frozenset({"json", "urlencoded", "raw", "text"})


def _hands_on_later(routes: list) -> list:
    """``routes`` (:class:`~routelink.resolve.routes.ResolvedRoute`) with each handler a
    ``use(prefix, ...)`` mounted (``ANY <prefix>/{wild*}``) marked pass-through when a
    route of the same ordered group is registered after it at or under its prefix: the
    app would never reach that route if the handler answered every request, so the
    handler is a middleware that hands on (an auth or rate-limit factory of any
    package)."""
    out = []
    for r in routes:
        if r.method == "ANY" and not r.passthrough and r.path.endswith("/{wild*}"):
            prefix = r.path[: -len("/{wild*}")]
            if any(o.group == r.group and o.order > r.order and o is not r
                   and (o.path == prefix or o.path.startswith(prefix + "/")) for o in routes):
                r = dataclasses.replace(r, passthrough=True)
        out.append(r)
    return out


def _is_mounted_handler(b, node) -> bool:
    """A request handler given to ``use(path, ...)``: a handler factory's result
    (``graphqlHTTP({...})``, ``createProxyMiddleware(...)``) or an inline ``(req, res)``
    function that does not hand on; not static files (``express.static``), which are no
    API."""
    node = b.unwrap(node)
    if node is None:
        return False
    if node.type == "call_expression":
        fn = node.child_by_field_name("function")
        name = b.text(fn) if fn is not None else ""
        base = fn
        while base is not None and base.type == "member_expression":
            base = base.child_by_field_name("object")
        package = b.module_of(base) if base is not None else None
        if package is not None and (package.split("/")[0] in HANDING_ON or (
                package == "express" and name.rsplit(".", 1)[-1] in BODY_PARSERS)):
            return False  # `app.use('/api', cors())`: every request goes on
        return not name.lower().endswith("static") and not b.creates_router(node)
    if node.type in ("arrow_function", "function_expression", "function"):
        return _is_handler(b, node) and not _passes_through(b, node)
    return False


def _passes_through(b, node) -> bool:
    """An inline ``(req, res, next) => { ...; next() }``: a middleware that hands the
    request on (``app.all('*', ...)`` for logging, auth, CORS), not a handler.

    Only a call that hands the request on counts: ``next()``, ``next('route')``,
    ``next('router')`` (also ``next(null)`` / ``next(undefined)``: Express 4 and 5 treat a
    falsy argument as none). ``next(err)`` hands an *error* to the error handlers: the
    standard ``try { res.json(...) } catch (err) { next(err) }`` of an async handler
    serves its route. A handler that responds on its main line (a statement of its body,
    or of a ``try`` block in it, not in a branch: ``res.json(...)``,
    ``res.status(201).send()``, ``res.render(...)``, ``return res.redirect(...)``) serves
    its route even when a branch hands on (``if (!req.params.id) return next();``)."""
    node = b.unwrap(node)
    if node is None or node.type not in ("arrow_function", "function_expression", "function"):
        return False
    params = node.child_by_field_name("parameters")
    names = [b.text(p) for p in params.named_children if p.type != "comment"] if params else []
    if len(names) < 3:
        return False
    res = names[1].split(":")[0].strip()
    nxt = names[2].split(":")[0].strip()
    body = node.child_by_field_name("body")
    if not _hands_on(b, body, nxt):
        return False
    return not _responds_on_main_line(b, body, res)


#: the argument texts of ``next(...)`` that hand the request on (not an error)
_HAND_ON_ARGS = frozenset({"'route'", '"route"', "'router'", '"router"', "null", "undefined"})

#: ``res.<method>(...)`` calls that send a response (Express 4/5 response API)
RESPONSE_METHODS = frozenset({
    "json", "jsonp", "send", "end", "render", "redirect", "sendFile", "sendfile",
    "sendStatus", "download", "format",
})


def _hands_on(b, body, nxt: str) -> bool:
    """Whether ``body`` calls ``nxt()`` with no argument (or ``'route'``, a falsy one)."""
    stack = [body]
    while stack:
        n = stack.pop()
        if n is None:
            continue
        if n.type == "call_expression":
            fn = n.child_by_field_name("function")
            if fn is not None and fn.type == "identifier" and b.text(fn) == nxt:
                args = b.args(n)
                if not args or (len(args) == 1 and b.text(b.unwrap(args[0])) in _HAND_ON_ARGS):
                    return True
        stack.extend(n.named_children)
    return False


def _responds_on_main_line(b, body, res: str) -> bool:
    """Whether a statement that runs whenever the handler runs (not in an ``if``, a
    loop, a ``catch``, a nested function) sends a response through ``res``."""
    if body is None:
        return False
    if body.type != "statement_block":
        return _is_response(b, body, res)  # `(req, res, next) => res.json(...)`
    for st in body.named_children:
        if st.type in ("expression_statement", "return_statement"):
            value = next(iter(st.named_children), None)
            if value is not None and _is_response(b, value, res):
                return True
        elif st.type == "try_statement":
            if _responds_on_main_line(b, st.child_by_field_name("body"), res):
                return True
        elif st.type == "statement_block":
            if _responds_on_main_line(b, st, res):
                return True
    return False


def _is_response(b, node, res: str) -> bool:
    """``res.json(x)``, ``res.status(404).send()``, ``await res.render(...)``,
    ``return void res.end()``: a call on ``res`` whose last method sends a response."""
    node = b.unwrap(node)
    if node is None:
        return False
    if node.type == "unary_expression":
        arg = node.child_by_field_name("argument")
        return _is_response(b, arg, res)
    if node.type == "sequence_expression":
        return any(_is_response(b, c, res) for c in node.named_children)
    base, chain = b.call_chain(node)
    if base is None or not chain or b.unwrap(base).type != "identifier" or b.text(b.unwrap(base)) != res:
        return False
    return chain[-1][0] in RESPONSE_METHODS


def _is_handler(b, node) -> bool:
    """An inline function taking ``(req, res, ...)``: a request handler."""
    node = b.unwrap(node)
    if node is None or node.type not in ("arrow_function", "function_expression", "function"):
        return False
    params = node.child_by_field_name("parameters")
    return params is not None and len([p for p in params.named_children if p.type != "comment"]) >= 2


FRAMEWORK = Express()


# ---------------------------------------------------------------------- readdir loops

#: the key of the ``Obj`` a mount of a folder a readdir loop lists is recorded as
_READDIR = "<readdir>"
_READDIR_CALLS = ("readdirSync", "readdir")
#: calls of the list a loop goes through that keep its elements file names
_LIST_STEPS = ("filter", "sort", "reverse", "slice")
_SCRIPT_EXT = re.compile(r"\.(?:[cm]?js|[cm]?ts|jsx|tsx)$")
_EXT_LITERAL = re.compile(r"""['"`]\.?([cm]?[jt]sx?)['"`]""")


def _readdir_child(b, child, scope) -> tuple[Obj, bool] | None:
    """``require(`./routes/${file}`)`` (``require(path.join(__dirname, file))``,
    ``require('./routes/' + file).router``) inside a loop over ``fs.readdirSync(dir)``
    whose variable it reads: (the mount child ``Obj`` naming the loop, the folder, the
    extension its filter keeps and the member read; whether the loop variable is a file
    name whose base name a prefix may use), else None."""
    node = b.unwrap(child)
    member = ""
    if node is not None and node.type == "member_expression":
        prop = node.child_by_field_name("property")
        member = b.text(prop) if prop is not None else ""
        node = b.unwrap(node.child_by_field_name("object"))
    if node is None or not b.is_require(node) or b.require_module(node) is not None:
        return None
    args = b.args(node)
    if not args:
        return None
    loop = _enclosing_readdir(b, node, scope)
    if loop is None:
        return None
    readdir, var, ext = loop
    if not re.search(rf"(?<![\w$.]){re.escape(var)}\b", b.text(args[0])):
        return None
    folder = _require_folder(b, args[0])
    if folder is None:
        rargs = b.args(readdir)
        folder = _dir_of(b, rargs[0]) if rargs else None
    if folder is None:
        return None
    items = [(_READDIR, Lit(" ".join(b.text(readdir).split())[:80])), ("dir", Lit(folder))]
    if ext:
        items.append(("ext", Lit(ext)))
    if member:
        items.append(("member", Lit(member)))
    return Obj(tuple(items)), var


#: ways to write the base name of a file name ``{v}`` (a readdir loop's variable), with
#: no white space
_BASENAME_FORMS = (
    r"(?:path\.)?basename\({v},[^()]+\)",
    r"(?:path\.)?parse\({v}\)\.name",
    r"""{v}\.replace\((?:'\.[\w.]+'|"\.[\w.]+"|/\\\.[\w\\.|()?]+\$?/\w*|(?:path\.)?extname\({v}\)),(?:''|""|``)\)""",
    r"""{v}\.split\((?:'\.'|"\.")\)(?:\[0\]|\.shift\(\))""",
    r"{v}\.(?:slice|substring|substr)\(0,(?:-\d|{v}\.(?:lastIndexOf|indexOf)\([^()]*\)|{v}\.length-\d)\)",
)


def _ends_with_basename(b, node, var: str, scope, depth: int = 0) -> bool:
    """Whether a mount prefix ends with the base name of the loop's file name ``var``:
    `` `/api/${name}` `` with ``const name = path.basename(file, '.js')``, ``'/' +
    file.replace('.js', '')``, ``path.parse(file).name``..."""
    node = b.unwrap(node)
    if node is None or depth > 4:
        return False
    if node.type == "template_string":
        kids = node.named_children
        if not kids or kids[-1].type != "template_substitution" or not kids[-1].named_children:
            return False
        return _ends_with_basename(b, kids[-1].named_children[0], var, scope, depth + 1)
    if node.type == "binary_expression":
        return _ends_with_basename(b, node.child_by_field_name("right"), var, scope, depth + 1)
    if node.type == "identifier":
        target = scope.lookup_node(b.text(node)) if scope is not None else None
        return target is not None and target is not node and \
            _ends_with_basename(b, target, var, scope, depth + 1)
    text = re.sub(r"\s+", "", b.text(node))
    v = re.escape(var)
    return any(re.fullmatch(form.replace("{v}", v), text) for form in _BASENAME_FORMS)


def _enclosing_readdir(b, node, scope):
    """(the ``readdir`` call, the loop variable, the extension a ``filter`` keeps or "")
    of the innermost loop over a folder's file names around ``node``, else None."""
    n = node.parent
    while n is not None:
        if n.type in ("arrow_function", "function_expression", "function"):
            call = n.parent.parent if n.parent is not None and n.parent.type == "arguments" else None
            fn = b.unwrap(call.child_by_field_name("function")) if call is not None else None
            if fn is not None and fn.type == "member_expression":
                prop = fn.child_by_field_name("property")
                if prop is not None and b.text(prop) in ("forEach", "map"):
                    found = _readdir_list(b, fn.child_by_field_name("object"), scope)
                    var = _first_param(b, n)
                    if found is not None and var is not None:
                        return found[0], var, found[1]
        elif n.type == "for_in_statement":
            left = b.unwrap(n.child_by_field_name("left"))
            found = _readdir_list(b, n.child_by_field_name("right"), scope)
            if found is not None and left is not None and left.type == "identifier":
                return found[0], b.text(left), found[1]
        n = n.parent
    return None


def _first_param(b, fn) -> str | None:
    params = fn.child_by_field_name("parameters")
    first = params.named_children[0] if params is not None and params.named_children else \
        fn.child_by_field_name("parameter")
    if first is not None and first.type in ("required_parameter", "optional_parameter"):
        first = first.child_by_field_name("pattern")
    return b.text(first) if first is not None and first.type == "identifier" else None


def _readdir_list(b, node, scope, depth: int = 0):
    """(the ``readdir`` call, the extension a ``filter`` names or "") when ``node`` is
    ``fs.readdirSync(dir)``, possibly ``await``ed, filtered or sorted, directly or
    through a name bound to it; else None."""
    node = b.unwrap(node)
    if node is None or depth > 6:
        return None
    if node.type == "identifier":
        name = b.text(node)
        target = (scope.lookup_node(name) if scope is not None else None) or b.value_nodes.get(name)
        return _readdir_list(b, target, None, depth + 1) if target is not None and target is not node else None
    if node.type != "call_expression":
        return None
    fn = b.unwrap(node.child_by_field_name("function"))
    if fn is None:
        return None
    name = b.text(fn.child_by_field_name("property")) if fn.type == "member_expression" and \
        fn.child_by_field_name("property") is not None else b.text(fn)
    if name in _READDIR_CALLS:
        return node, ""
    if name in _LIST_STEPS and fn.type == "member_expression":
        inner = _readdir_list(b, fn.child_by_field_name("object"), scope, depth + 1)
        if inner is None:
            return None
        ext = inner[1]
        if name == "filter" and not ext:
            m = _EXT_LITERAL.search(" ".join(b.text(a) for a in b.args(node)))
            ext = "." + m.group(1) if m else ""
        return inner[0], ext
    return None


def _require_folder(b, node) -> str | None:
    """The folder a ``require`` argument built from a file name names, relative to the
    file: `` `./routes/${file}` ``, ``'./routes/' + file``, ``path.join(__dirname,
    'routes', file)``; None when it names none."""
    node = b.unwrap(node)
    if node is None:
        return None
    if node.type == "template_string":
        first = node.named_children[0] if node.named_children else None
        if first is None or first.type != "string_fragment":
            return None
        head = b.text(first)
        if head.startswith("${") or "/" not in head:
            return None
        return posixpath.normpath(head.rsplit("/", 1)[0] or "/")
    if node.type == "binary_expression":
        left = b.unwrap(node.child_by_field_name("left"))
        if left is not None and left.type == "string":
            head = b.text(left)[1:-1]
            return posixpath.normpath(head.rsplit("/", 1)[0]) if "/" in head else None
        return None
    if node.type == "call_expression":
        fn = b.text(node.child_by_field_name("function") or node)
        args = b.args(node)
        if fn.split(".")[-1] in ("join", "resolve") and len(args) >= 2 and \
                b.text(b.unwrap(args[0])) == "__dirname":
            parts = [b.text(b.unwrap(a))[1:-1] for a in args[1:-1] if b.unwrap(a).type == "string"]
            if len(parts) == len(args) - 2:
                return posixpath.normpath(posixpath.join(".", *parts))
    return None


def _dir_of(b, node) -> str | None:
    """The folder a ``readdir`` argument names, relative to the file: ``__dirname``,
    ``path.join(__dirname, 'routes')``, `` `${__dirname}/routes` ``, ``'./routes'``."""
    node = b.unwrap(node)
    if node is None:
        return None
    text = b.text(node)
    if text in ("__dirname", "import.meta.dirname"):
        return "."
    if node.type == "string":
        return posixpath.normpath(text[1:-1])
    if node.type == "template_string":
        m = re.fullmatch(r"`\$\{__dirname\}/([\w./-]+)`", text)
        return posixpath.normpath(m.group(1)) if m else None
    if node.type == "call_expression":
        fn = b.text(node.child_by_field_name("function") or node)
        args = b.args(node)
        if fn.split(".")[-1] in ("join", "resolve") and args and b.text(b.unwrap(args[0])) == "__dirname":
            parts = [b.text(b.unwrap(a))[1:-1] for a in args[1:] if b.unwrap(a).type == "string"]
            if len(parts) == len(args) - 1:
                return posixpath.normpath(posixpath.join(".", *parts))
    return None


def _folder_routers(child: Obj, file: str, routers, evaluator) -> list[tuple[tuple[str, str], str]]:
    """The routers the scripts of a readdir loop's folder export: ((file, key), base
    name or "" when the prefix does not use it)."""
    from routelink.resolve.evaluate import RouterVal

    folder, ext = child.get("dir"), child.get("ext")
    member, basename = child.get("member"), child.get("basename")
    if not isinstance(folder, Lit):
        return []
    root = posixpath.normpath(posixpath.join(posixpath.dirname(file), folder.value))
    out = []
    for f in sorted({f for f, _ in routers if posixpath.dirname(f) == root and f != file}):
        name = posixpath.basename(f)
        if isinstance(ext, Lit) and ext.value:
            if not name.endswith(ext.value):
                continue
        elif not _SCRIPT_EXT.search(name) or name.endswith(".d.ts"):
            continue
        value = evaluator.export(f, member.value if isinstance(member, Lit) else "default")
        if not isinstance(value, RouterVal) or (value.file, value.key) not in routers:
            continue
        stem = name.split(".", 1)[0] if isinstance(basename, Lit) else ""
        out.append(((value.file, value.key), stem))
    return out


def _readdir_loops(root: str, evaluator) -> list[tuple[str, str]]:
    """(folder, the ``readdir`` call's text) of every readdir loop mount in the files
    the mount graph reaches from ``root`` (a file), following mounts of routers."""
    from routelink.resolve.evaluate import Ctx, RouterVal

    out: list[tuple[str, str]] = []
    todo, seen = [root], set()
    while todo and len(seen) < 64:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        facts = evaluator.facts_of(path)
        if facts is None:
            continue
        for m in facts.mounts:
            if isinstance(m.child, Obj) and isinstance(m.child.get(_READDIR), Lit):
                folder = m.child.get("dir")
                if isinstance(folder, Lit):
                    out.append((posixpath.normpath(posixpath.join(posixpath.dirname(path), folder.value)),
                                m.child.get(_READDIR).value))
                continue
            try:
                value = evaluator.eval(m.child, Ctx(path))
            except Exception:  # noqa: BLE001 - a hint only
                continue
            if isinstance(value, RouterVal):
                todo.append(value.file)
    return out
