"""Next.js route handlers: the App Router's ``route.ts`` files and the Pages Router's API
routes, with ``basePath``, ``trailingSlash``, ``pageExtensions``, ``rewrites()`` and
``redirects()`` from ``next.config.*``.

Follows Next.js 14 and 15 (also true of 13.4+ and 16):

- **Project root**: the nearest folder above a route file holding ``next.config.(js|mjs|
  cjs|ts|mts)`` or a ``package.json`` that depends on ``next``; found at resolution from
  the file's path, never assumed to be the workspace root. A file in no such project
  keeps its routes only when it imports from ``next`` (the root is then guessed from the
  innermost ``app``/``pages`` folder).
- **App Router**: ``<root>/app/**/route.<ext>`` or ``<root>/src/app/**/route.<ext>``
  (``ext`` one of ``pageExtensions``, default ``tsx ts jsx js`` plus ``mjs``). Each export
  named ``GET POST PUT PATCH DELETE HEAD OPTIONS`` is a route: ``export async function
  GET``, ``export const GET = ...``, ``export const { GET, POST } = handlers``, ``export
  { GET, POST } from './x'``, ``export { handler as GET }``. Other exports (``dynamic``,
  ``runtime``, server actions) are not routes. The path is the folder path: ``[id]`` ->
  ``{id}``, ``[...slug]`` -> ``{slug+}`` (a required catch-all: one or more segments,
  ``/api/files`` is a 404 for ``api/files/[...path]``), ``[[...slug]]`` -> two routes
  (without and with ``{slug+}``: zero or more segments), route groups ``(group)`` and parallel-route slots ``@slot`` add no segment
  (``normalizeAppPath``), a private folder ``_name`` opts its subtree out of routing
  (``%5Fname`` is a literal ``_name`` segment), and a file under an intercepting folder
  (``(.)x``, ``(..)x``, ``(..)(..)x``, ``(...)x``) is not recorded: interception applies only
  to client-side navigations to pages, a request reaches the intercepted path's own route.
- **Pages Router**: ``<root>/pages/api/**`` or ``<root>/src/pages/api/**`` files with a
  default export; ``index`` names the folder itself; the same bracket syntax. The
  methods are those the handler compares ``req.method`` with (``===``/``!==`` guards,
  ``switch (req.method)``, ``['GET', 'POST'].includes(req.method)``) or declares through
  ``next-connect`` (``router.get(...)``), else ``ANY`` (also when only ``OPTIONS``/``HEAD``
  are checked: a preflight guard).
- **Pages** (:meth:`NextJs.page_paths`): ``app/**/page.<ext>`` and ``pages/**`` files but
  ``pages/api/**``, ``_app``, ``_document``, ``_error``; the same path rules. They are no
  routes: a browser navigation to one is no API call.
- **basePath** prefixes every route. **trailingSlash**: by default (``trailingSlash:
  false``) a request with a trailing slash gets a 308 redirect to the path without it,
  and with ``trailingSlash: true`` the reverse (routes are then written with the slash);
  308 keeps the method, so the policy is ``redirect``; ``skipTrailingSlashRedirect:
  true`` makes it ``strict``.
- **rewrites() and redirects()** (arrays, or ``{ beforeFiles, afterFiles, fallback }``) with
  a destination in the app (not ``https://...``): a route whose path the destination
  pattern matches is also reached at the source path, with the parameters carried over
  by name (``/old/:path*`` -> ``/api/:path*`` makes ``/api/users/{id}`` reachable at
  ``/old/users/{id}``). Such a route is an alias (``via``) of the same handler: never
  reported unused, and a call to it counts for the handler. Redirects are 307/308, which
  keep the method. An alias that would duplicate a route of the file system is not added
  (``afterFiles`` and ``fallback`` rewrites never override one). ``has``/``missing``
  conditions are not evaluated: the alias is kept. ``basePath: false`` rules are taken
  as written.
- **Ordering**: Next.js matches static segments before dynamic ones before catch-alls,
  whatever the file layout, so one route file never shadows another (each file is its own
  router); two files resolving to the same path (``(a)/x`` and ``(b)/x``) are a
  ``duplicate-route``, which Next.js rejects at build time.

``next.config`` is read statically, never executed: its exported object is found through
wrapper calls (``withBundleAnalyzer(nextConfig)``), names and config functions; the
options are recorded as facts of that file (settings ``nextjs.*``, values
``<nextjs:...>``) and applied when routes are resolved (:meth:`NextJs.finish_routes`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from routelink.facts import Lit, Obj, Ref
from routelink.frameworks.base import JsFramework, PathTemplate
from routelink.frameworks.filebased import (
    Token,
    add_aliases,
    config_object,
    file_settings,
    find_project,
    literal_strings,
    members,
    relative_parts,
    resolve_name,
    string_list,
    value_of_member,
)

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
CONFIG_NAMES = ("next.config.js", "next.config.mjs", "next.config.ts", "next.config.cjs",
                "next.config.mts")
DEFAULT_EXTENSIONS = ("tsx", "ts", "jsx", "js", "mjs")
#: the router key of a route file (one router per file)
ROUTER = "<route file>"
APP, PAGES = "app", "pages"

_INTERCEPT = re.compile(r"^\((?:\.{1,3}|\.\.\)\(\.\.)\)")
_OPTIONAL_CATCH_ALL = re.compile(r"\[\[\.\.\.([^\[\]/]+)\]\]")
_CATCH_ALL = re.compile(r"\[\.\.\.([^\[\]/]+)\]")
_PARAM = re.compile(r"\[([^\[\]/.][^\[\]/]*)\]")
#: Pages Router files that are no page (custom App, Document, error page)
_SPECIAL_PAGES = ("_app", "_document", "_error", "_middleware")
_CONNECT_METHODS = {"get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH",
                    "delete": "DELETE", "head": "HEAD", "options": "OPTIONS", "all": "ANY"}


def next_path(raw: str, syntax: str) -> list[str]:
    """A route folder path (App Router, ``syntax="app"``) or API file path (Pages Router)
    -> path templates; [] when the folder is not routed (private or intercepting).

    ``'/(shop)/api/items/[id]'`` -> ``['/api/items/{id}']``;
    ``'/docs/[[...slug]]'`` -> ``['/docs', '/docs/{slug+}']``."""
    variants: list[list[str]] = [[]]
    for seg in raw.split("/"):
        if not seg:
            continue
        if syntax == APP:
            if _INTERCEPT.match(seg) or seg.startswith("_"):
                return []
            if (seg.startswith("(") and seg.endswith(")")) or seg.startswith("@"):
                continue
        if seg[:3] in ("%5F", "%5f"):
            seg = "_" + seg[3:]
        m = _OPTIONAL_CATCH_ALL.fullmatch(seg)
        if m:
            variants = [list(v) for v in variants] + [v + ["{" + m.group(1) + "+}"] for v in variants]
            continue
        m = _CATCH_ALL.fullmatch(seg)
        if m:
            variants = [v + ["{" + m.group(1) + "+}"] for v in variants]
            continue
        m = _PARAM.fullmatch(seg)
        seg = "{" + m.group(1) + "}" if m else seg
        variants = [v + [seg] for v in variants]
    out: list[str] = []
    for v in variants:
        p = "/" + "/".join(v)
        if p not in out:
            out.append(p)
    return out


def _pattern(text: str) -> list[Token] | None:
    """A ``rewrites()``/``redirects()`` path (path-to-regexp as Next.js uses it) as
    tokens: ``:name``, ``:name(regex)``, ``:name*``/``+``/``?``, ``(.*)``; None for an
    external destination."""
    if re.match(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//", text):
        return None
    text = text.split("?", 1)[0].split("#", 1)[0]
    tokens: list[Token] = []
    unnamed = 0
    for seg in text.split("/"):
        if not seg:
            continue
        m = re.fullmatch(r":(\w+)(?:\((?:[^()]|\([^()]*\))*\))?([*+?]?)", seg)
        if m:
            name, mod = m.group(1), m.group(2)
            tokens.append(Token("rest", name=name, min=1 if mod == "+" else 0) if mod in ("*", "+")
                          else Token("opt", name=name) if mod == "?" else Token("param", name=name))
            continue
        if seg in ("(.*)", "(.+)"):
            tokens.append(Token("rest", name=str(unnamed), min=0 if seg == "(.*)" else 1))
            unnamed += 1
            continue
        tokens.append(Token("lit", text=re.sub(r":(\w+)", r"{\1}", seg)))
    return tokens


def _join(base: str, path: str, trailing: bool) -> str:
    """``basePath`` + a route path, with the trailing slash ``trailingSlash`` asks for."""
    full = base.rstrip("/") + path if base else path
    full = full.rstrip("/") or "/"
    return full + "/" if trailing and full != "/" else full




class NextJs(JsFramework):
    """App Router route handlers and Pages Router API routes; ``next.config`` options."""

    name = "nextjs"
    packages = ("next",)
    keywords = (rb"export|nextConfig|NextConfig",)
    cross_file_keywords = (rb"nextConfig|NextConfig",)
    trailing_slash = "redirect"
    router_noun = "route file"
    default_port = 3000  # next dev / next start
    #: every route file is a root; one project's route files are one app
    root_is_app = False

    # ------------------------------------------------------------------ extraction

    def on_file(self, b, path):
        """A route file (App or Pages Router) or ``next.config.*``."""
        parts = path.split("/")
        base = parts[-1]
        if base in CONFIG_NAMES:
            self._config(b, path)
            return
        if base.endswith(".d.ts"):
            return
        if base.startswith("route.") and APP in parts[:-1]:
            at = len(parts) - 2 - parts[:-1][::-1].index(APP)
            raw = "/" + "/".join(parts[at + 1:-1])
            self._app_routes(b, raw)
            return
        for i in range(len(parts) - 2, 0, -1):
            if parts[i] == "api" and parts[i - 1] == PAGES:
                stem = base.rsplit(".", 1)[0]
                rel = parts[i:-1] + ([] if stem == "index" else [stem])
                self._pages_route(b, "/" + "/".join(rel))
                return

    def always_extract(self, path):
        """``next.config.*``, App Router ``route.*`` files and Pages Router ``pages/api``
        files: what :meth:`on_file` reads."""
        parts = path.split("/")
        base = parts[-1]
        if base in CONFIG_NAMES:
            return True
        if base.startswith("route.") and APP in parts[:-1]:
            return True
        return any(parts[i] == "api" and parts[i - 1] == PAGES for i in range(len(parts) - 2, 0, -1))

    def _router(self, b):
        if ROUTER not in b.routers:
            b.add_router(ROUTER, self.name, b.root_node, is_app=True, label="route file")

    def _app_routes(self, b, raw):
        """One route per exported HTTP-method handler."""
        for st in b.root_node.named_children:
            if st.type != "export_statement":
                continue
            for method, handler in self._exported_methods(b, st):
                self._router(b)
                b.add_route(ROUTER, method, Lit(raw), st, [handler], self.name,
                            self.trailing_slash, syntax=APP)

    def _exported_methods(self, b, st):
        """(method, handler name node) of each HTTP method one export statement exports."""
        decl = st.child_by_field_name("declaration")
        if decl is not None:
            if decl.type in ("function_declaration", "generator_function_declaration"):
                name = decl.child_by_field_name("name")
                if name is not None and b.text(name) in METHODS:
                    yield b.text(name), name
            elif decl.type in ("lexical_declaration", "variable_declaration"):
                for d in decl.named_children:
                    if d.type != "variable_declarator":
                        continue
                    name = d.child_by_field_name("name")
                    if name is None:
                        continue
                    if name.type == "identifier" and b.text(name) in METHODS:
                        yield b.text(name), name
                    elif name.type == "object_pattern":  # export const { GET, POST } = handlers
                        for p in name.named_children:
                            target = p.child_by_field_name("value") if p.type == "pair_pattern" else p
                            if target is not None and b.text(target) in METHODS:
                                yield b.text(target), target
            return
        clause = next((c for c in st.named_children if c.type == "export_clause"), None)
        if clause is None:
            return
        source = st.child_by_field_name("source")
        for spec in clause.named_children:
            if spec.type != "export_specifier":
                continue
            local = spec.child_by_field_name("name")
            alias = spec.child_by_field_name("alias")
            exported = b.text(alias if alias is not None else local) if local is not None else ""
            if exported not in METHODS:
                continue
            if source is not None and alias is None and exported not in b.module_names:
                # `export { GET } from './x'`: GET names the re-exported handler (go to handler)
                module = b.text(source)[1:-1]
                b.values.setdefault(exported, Ref(f"<reexport:{module}:{exported}>"))
            yield exported, local

    def _pages_route(self, b, raw):
        """A Pages Router API route: the default export, with the methods it checks."""
        export = None
        for st in b.root_node.named_children:
            if st.type == "export_statement" and any(c.type == "default" for c in st.children):
                export = st
            elif st.type == "expression_statement" and b.text(st).startswith("module.exports"):
                export = export or st
        if export is None:
            # `export { default } from '../../lib/jobs-handler'` (or `{ handler as default }`):
            # the handler lives in another module, whose method checks are not read here
            reexport = self._reexported_default(b)
            if reexport is not None:
                self._router(b)
                b.add_route(ROUTER, "ANY", Lit(raw), reexport, [], self.name,
                            self.trailing_slash, syntax=PAGES)
            return
        value = export.child_by_field_name("value") or export.child_by_field_name("declaration")
        if value is None and export.type == "expression_statement":
            e = b.unwrap(export.named_children[0])
            value = e.child_by_field_name("right") if e is not None and e.type == "assignment_expression" else None
        handler = _handler_node(b, value)
        if handler is not None and handler.type == "call_expression":
            handler = None  # NextAuth(authOptions): the export is the handler itself
        self._router(b)
        for method in self._pages_methods(b):
            b.add_route(ROUTER, method, Lit(raw), export, [handler] if handler is not None else [],
                        self.name, self.trailing_slash, syntax=PAGES)

    @staticmethod
    def _reexported_default(b):
        """The ``export { default } from ...`` / ``export { x as default }`` statement of
        a module, or None."""
        for st in b.root_node.named_children:
            if st.type != "export_statement":
                continue
            clause = next((c for c in st.named_children if c.type == "export_clause"), None)
            for spec in clause.named_children if clause is not None else []:
                alias = spec.child_by_field_name("alias")
                name = spec.child_by_field_name("name")
                exported = alias if alias is not None else name
                if spec.type == "export_specifier" and exported is not None and \
                        b.text(exported) == "default":
                    return st
        return None

    def _pages_methods(self, b) -> list[str]:
        found: list[str] = []
        connect = {i.local for i in b.imports if i.module == "next-connect"}
        stack = [b.root_node]
        while stack:
            n = stack.pop()
            stack.extend(n.named_children)
            if n.type == "binary_expression":
                op = n.child_by_field_name("operator")
                if op is None or b.text(op) not in ("===", "==", "!==", "!="):
                    continue
                left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
                for side, other in ((left, right), (right, left)):
                    if _is_method_ref(b, side) and other is not None and other.type == "string":
                        found.append(b.text(other)[1:-1].upper())
            elif n.type == "switch_statement":
                value = n.child_by_field_name("value")
                if value is not None and _is_method_ref(b, b.unwrap(value)):
                    body = n.child_by_field_name("body")
                    for case in body.named_children if body is not None else []:
                        v = case.child_by_field_name("value")
                        if case.type == "switch_case" and v is not None and v.type == "string":
                            found.append(b.text(v)[1:-1].upper())
            elif n.type == "call_expression":
                fn = n.child_by_field_name("function")
                if fn is None or fn.type != "member_expression":
                    continue
                prop = b.text(fn.child_by_field_name("property"))
                args = b.args(n)
                if prop == "includes" and args and _is_method_ref(b, args[0]):
                    arr = resolve_name(b, fn.child_by_field_name("object"))
                    found.extend(s.upper() for s in string_list(b, arr) or [])
                elif prop in _CONNECT_METHODS and connect and _from_connect(b, fn, connect):
                    found.append(_CONNECT_METHODS[prop])
        methods = [m for m in dict.fromkeys(found) if m in METHODS or m == "ANY"]
        if "ANY" in methods or not methods or set(methods) <= {"OPTIONS", "HEAD"}:
            return ["ANY"]
        return methods

    def _config(self, b, path):
        """``next.config.*``: the options routing depends on, as facts of this file."""
        obj = config_object(b)
        b.setting(f"{self.name}.config", path)
        if obj is None:
            return
        opts = members(b, obj)
        if "basePath" in opts:
            b.values[f"<{self.name}:basePath>"] = b.expr(opts["basePath"], None)
        for flag in ("trailingSlash", "skipTrailingSlashRedirect"):
            node = b.unwrap(opts.get(flag))
            if node is not None and node.type in ("true", "false"):
                b.setting(f"{self.name}.{flag}", node.type)
        extensions = string_list(b, opts.get("pageExtensions"))
        if extensions:
            b.setting(f"{self.name}.pageExtensions", ",".join(extensions))
        count = 0
        for kind in ("rewrites", "redirects"):
            for value in value_of_member(b, opts.get(kind)):
                phases = [("afterFiles", value)]
                if value.type == "object":
                    groups = members(b, value)
                    phases = [(p, resolve_name(b, groups[p])) for p in ("beforeFiles", "afterFiles", "fallback")
                              if p in groups]
                for phase, arr in phases:
                    for rule in arr.named_children if arr is not None and arr.type == "array" else []:
                        rule = resolve_name(b, rule)
                        if rule is None or rule.type != "object":
                            continue
                        m = members(b, rule)
                        if "source" not in m or "destination" not in m:
                            continue
                        base_path = b.unwrap(m.get("basePath"))
                        b.values[f"<{self.name}:rule:{count}>"] = Obj((
                            ("kind", Lit(kind[:-1])), ("phase", Lit(phase)),
                            ("source", b.expr(m["source"], None)),
                            ("destination", b.expr(m["destination"], None)),
                            ("basePath", Lit("false" if base_path is not None and base_path.type == "false"
                                             else "true"))))
                        count += 1

    def convert_path(self, raw: str, syntax: str = "") -> list[PathTemplate]:
        return [(p, None) for p in next_path(raw, syntax or APP)]

    # ------------------------------------------------------------------ resolution

    def finish_routes(self, routes, evaluator):
        """Each route file's path from its project root, with ``basePath``,
        ``trailingSlash``, ``pageExtensions`` and the rewrite/redirect aliases of the
        project's ``next.config``."""
        cache: dict = {}
        configs: dict = {}
        variants: dict[tuple, list] = {}
        for r in routes:
            variants.setdefault((r.file, r.span, r.method), []).append(r)
        out: list[list] = []
        # project root -> (index in out, route, its path without basePath) of each route
        made: dict[str, list[tuple]] = {}
        for r in routes:
            key = (r.file, r.span, r.method)
            if variants.get(key) is None:
                out.append([])  # another variant of a declaration already done
                continue
            group = variants.pop(key)
            project = find_project(r.file, evaluator, CONFIG_NAMES, self.packages, cache)
            if project is None:
                facts = evaluator.facts_of(r.file)
                imports_next = facts is not None and any(
                    i.module == "next" or i.module.startswith("next/") for i in facts.imports)
                out.append(group if imports_next else [])
                continue
            cfg = configs.get(project.root)
            if cfg is None:
                cfg = configs[project.root] = self._read_config(evaluator, project.config)
            mine = []
            for t in self._templates(r.file, project.root, cfg["extensions"]):
                route = replace(r, path=_join(cfg["basePath"], t, cfg["trailing"]),
                                trailing_slash=cfg["policy"])
                mine.append(route)
                made.setdefault(project.root, []).append((len(out), route, t))
            out.append(mine)
        # aliases from rewrites and redirects, once every file-system route is known
        for root, entries in made.items():
            cfg = configs[root]
            rules = []
            for kind, source, destination, with_base in cfg["rules"]:
                src, dst = _pattern(source), _pattern(destination)
                if src is not None and dst is not None:
                    rules.append((kind, src, dst, f"{kind} {source} -> {destination}", with_base))
            if rules:
                add_aliases(out, entries, rules, lambda alias, with_base, cfg=cfg: _join(
                    cfg["basePath"] if with_base else "", alias, cfg["trailing"]))
        return out

    def page_paths(self, files, evaluator):
        """The pages of each Next.js project: App Router ``app/**/page.<ext>`` and Pages
        Router ``pages/**`` files other than ``pages/api/**`` and the special ``_app``,
        ``_document`` and ``_error``, with ``basePath`` and ``trailingSlash``."""
        cache: dict = {}
        configs: dict = {}
        out: list[tuple[str, str]] = []
        for file in files:
            parts = file.split("/")
            if APP not in parts[:-1] and PAGES not in parts[:-1]:
                continue
            project = find_project(file, evaluator, CONFIG_NAMES, self.packages, cache)
            if project is None:
                continue
            cfg = configs.get(project.root)
            if cfg is None:
                cfg = configs[project.root] = self._read_config(evaluator, project.config)
            for t in self._templates(file, project.root, cfg["extensions"], pages=True):
                out.append((file, _join(cfg["basePath"], t, cfg["trailing"])))
        return out

    def _templates(self, file: str, root: str, extensions: tuple[str, ...],
                   pages: bool = False) -> list[str]:
        """The route paths of a route file of the project at ``root`` (no basePath); with
        ``pages``, the paths of a page file instead."""
        parts = relative_parts(file, root)
        if not parts:
            return []
        if parts[0] == "src" and len(parts) > 1 and parts[1] in (APP, PAGES):
            parts = parts[1:]
        name = parts[-1]
        ext = next((e for e in extensions if name.endswith("." + e)), None)
        if ext is None:
            return []
        stem = name[: -len(ext) - 1]
        if pages:
            if parts[0] == APP and stem == "page":
                return next_path("/" + "/".join(parts[1:-1]), APP)
            if parts[0] == PAGES and len(parts) > 1 and parts[1] != "api" and \
                    stem not in _SPECIAL_PAGES and not (len(parts) == 2 and stem.startswith("_")):
                rel = parts[1:-1] + ([] if stem == "index" else [stem])
                return next_path("/" + "/".join(rel), PAGES)
            return []
        if parts[0] == APP and stem == "route":
            return next_path("/" + "/".join(parts[1:-1]), APP)
        if parts[0] == PAGES and len(parts) > 2 and parts[1] == "api":
            rel = parts[1:-1] + ([] if stem == "index" else [stem])
            return next_path("/" + "/".join(rel), PAGES)
        return []

    def _read_config(self, evaluator, config: str | None) -> dict:
        settings, values = file_settings(evaluator, config)
        base = ""
        if config is not None and f"<{self.name}:basePath>" in values:
            got = literal_strings(evaluator, values[f"<{self.name}:basePath>"], config)
            base = got[0] if got else ""
        extensions = tuple(e for e in settings.get(f"{self.name}.pageExtensions", "").split(",") if e) \
            or DEFAULT_EXTENSIONS
        rules = []
        for key, value in sorted(values.items(), key=lambda kv: _rule_index(kv[0])):
            if not key.startswith(f"<{self.name}:rule:") or not isinstance(value, Obj):
                continue
            sources = literal_strings(evaluator, value.get("source"), config) if value.get("source") else []
            dests = literal_strings(evaluator, value.get("destination"), config) if value.get("destination") else []
            kind = value.get("kind").value if isinstance(value.get("kind"), Lit) else "rewrite"
            with_base = not (isinstance(value.get("basePath"), Lit) and value.get("basePath").value == "false")
            for s in sources[:1]:
                for d in dests[:1]:
                    rules.append((kind, s, d, with_base))
        return {
            "basePath": base if base != "/" else "",
            "trailing": settings.get(f"{self.name}.trailingSlash") == "true",
            "policy": "strict" if settings.get(f"{self.name}.skipTrailingSlashRedirect") == "true"
            else self.trailing_slash,
            "extensions": extensions,
            "rules": rules,
        }


def _rule_index(key: str) -> int:
    tail = key.rsplit(":", 1)[-1].rstrip(">")
    return int(tail) if tail.isdigit() else -1


def _is_method_ref(b, node) -> bool:
    """``req.method``, ``request.method``, or a ``method`` destructured from it."""
    node = b.unwrap(node)
    if node is None:
        return False
    if node.type == "identifier":
        return b.text(node) == "method"
    if node.type == "member_expression":
        prop = node.child_by_field_name("property")
        return prop is not None and b.text(prop) == "method"
    return False


def _from_connect(b, fn, connect: set[str]) -> bool:
    """Whether a method call's object is a next-connect router: a call of the package's
    factory, directly or through a module-level name, possibly chained."""
    obj = b.unwrap(fn.child_by_field_name("object"))
    for _ in range(16):
        if obj is None:
            return False
        if obj.type == "identifier":
            value = b.value_nodes.get(b.text(obj))
            if value is None:
                return False
            obj = b.unwrap(value)
            continue
        if obj.type != "call_expression":
            return False
        callee = b.unwrap(obj.child_by_field_name("function"))
        if callee is None:
            return False
        if callee.type == "identifier":
            return b.text(callee) in connect
        if callee.type == "member_expression":
            obj = b.unwrap(callee.child_by_field_name("object"))
            continue
        return False
    return False


def _handler_node(b, value):
    """The handler a default export names: the function itself, a name, or the function
    or name a wrapper call is given (``withAuth(handler)``)."""
    value = b.unwrap(value)
    for _ in range(4):
        if value is None:
            return None
        if value.type in ("identifier", "function_declaration", "function_expression",
                          "arrow_function", "function"):
            if value.type == "function_declaration":
                return value.child_by_field_name("name") or value
            return value
        if value.type == "call_expression":
            # withSessionRoute(handler), withAuth(async (req, res) => ...); not the
            # options of a handler factory (NextAuth(authOptions)): that call is the handler
            inner = next((a for a in map(b.unwrap, b.args(value)) if a.type in (
                "arrow_function", "function_expression", "function") or (
                a.type == "identifier" and _is_function(b, a))), None)
            if inner is None:
                return value
            value = inner
            continue
        return value
    return value


def _is_function(b, ident) -> bool:
    """Whether a name is a module-level function of the file."""
    name = b.text(ident)
    if name in b.local_functions:
        return True
    value = b.unwrap(b.value_nodes.get(name))
    return value is not None and value.type in ("arrow_function", "function_expression", "function")


FRAMEWORK = NextJs()
