"""Nuxt 3/4 server routes and standalone Nitro: ``server/api/**`` and ``server/routes/**``
files, with ``routeRules`` from ``nuxt.config``/``nitro.config``.

Follows Nuxt 3.x/4.x with Nitro 2 (``nitropack``) and Nitro 3 (``scanServerRoutes``):

- **Project root**: the nearest folder above a route file holding ``nuxt.config.*`` or
  ``nitro.config.*``, or a ``package.json`` depending on ``nuxt``, ``nitropack`` or
  ``nitro``; found at resolution, never assumed to be the workspace root.
- **Route files**: every ``.ts/.js/.mjs/.cjs/.mts/.cts/.tsx/.jsx`` file with a default export
  under ``<server dir>/api`` (served under ``/api``, Nitro's ``apiBaseURL``) and
  ``<server dir>/routes`` (no prefix). The server dir is ``<root>/server`` for Nuxt (also
  ``<srcDir>/server``, or ``serverDir`` when the config sets it) and ``srcDir`` (default the
  root, or ``<root>/server``) for standalone Nitro, whose files must default-export a
  handler (``defineEventHandler``...). The default export is usually ``defineEventHandler``
  / ``eventHandler`` / ``defineCachedEventHandler``; ``defineWebSocketHandler`` makes a
  ``WS`` endpoint.
- **File names** (Nitro's rules): the extension is dropped, route-group folders
  ``(group)`` add no segment, ``[id]`` -> ``{id}`` (also inside a segment:
  ``[a]-[b]``), ``[...slug]`` -> ``{slug*}``, ``[...]`` -> ``{_*}`` (zero or more
  segments, as rou3's ``**``), a final ``.get``/``.post``/``.put``/``.patch``/``.delete``/
  ``.head``/``.options``/``.connect``/``.trace`` suffix is the method (none: ``ANY``), an
  environment suffix ``.dev``/``.prod``/``.prerender`` is dropped, and ``index`` names the
  folder itself.
- **Trailing slash**: the router strips a trailing slash before matching (radix3/rou3),
  policy ``ignore``. **Ordering**: static segments before parameters before wildcards,
  whatever the file order; each file is its own router, so no file shadows another.
- **routeRules** (top level or ``nitro.routeRules`` in ``nuxt.config``, ``routeRules`` in
  ``nitro.config``) with ``redirect`` or ``proxy`` to a path of the app: the rule's
  pattern is an alias of the routes its target matches (``'/old/**': { redirect:
  '/api/**' }`` makes ``/api/todos/{id}`` reachable at ``/old/todos/{id}``); targets on
  other hosts are ignored.
- **Pages** (:meth:`Nuxt.page_paths`): ``<srcDir>/pages/**.vue`` are pages of the app, no
  routes: a browser navigation to one is no API call.
- **Base URL**: standalone Nitro's ``baseURL`` prefixes every route. Nuxt's
  ``app.baseURL`` is *not* applied: Nuxt's ``$fetch`` and ``useFetch`` are created with
  ``baseURL: app.baseURL`` and prepend it themselves, so calls written ``/api/x`` and
  routes compare equal relative to it (applying it to routes alone would flag every
  ``$fetch`` call).

Config files are read statically (``export default defineNuxtConfig({...})``), never
executed; their options are facts of that file (settings ``nuxt.*``, values
``<nuxt:...>``), applied when routes are resolved (:meth:`Nuxt.finish_routes`).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace

from routelink.facts import Lit, Obj
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
)

NUXT_CONFIGS = ("nuxt.config.ts", "nuxt.config.js", "nuxt.config.mjs")
NITRO_CONFIGS = ("nitro.config.ts", "nitro.config.js", "nitro.config.mjs")
PACKAGES = ("nuxt", "nitropack", "nitro")
EXTENSIONS = ("js", "mjs", "cjs", "ts", "mts", "cts", "tsx", "jsx")
ROUTER = "<route file>"
#: the h3/Nitro handler factories a standalone Nitro route file default-exports
HANDLER_FACTORIES = frozenset({
    "defineEventHandler", "eventHandler", "defineCachedEventHandler", "cachedEventHandler",
    "defineLazyEventHandler", "lazyEventHandler", "defineWebSocketHandler", "defineHandler",
    "fromNodeMiddleware", "defineNodeListener", "fromWebHandler", "defineWebHandler",
})
WEBSOCKET_FACTORIES = frozenset({"defineWebSocketHandler"})
_SUFFIX = re.compile(r"(?:\.(connect|delete|get|head|options|patch|post|put|trace))?"
                     r"(?:\.(dev|prod|prerender))?$")


def nitro_file_route(parts: list[str], prefix: str) -> tuple[str, str] | None:
    """(path as written, method) of a route file at ``parts`` below its ``api``/``routes``
    folder: extension, method and environment suffixes and ``/index`` removed, prefix
    added; None for a file of another extension.

    ``['todos', '[id].delete.ts']`` with ``'/api'`` -> ``('/api/todos/[id]', 'DELETE')``."""
    name = parts[-1]
    stem, dot, ext = name.rpartition(".")
    if not dot or ext not in EXTENSIONS or name.endswith(".d.ts"):
        return None
    m = _SUFFIX.search(stem)
    method = "ANY"
    if m is not None and m.start() > 0:
        method = (m.group(1) or "any").upper()
        stem = stem[: m.start()]
    rel = [p for p in parts[:-1]] + [stem]
    path = prefix.rstrip("/") + "/" + "/".join(rel)
    if path.endswith("/index"):
        path = path[: -len("/index")] or "/"
    return path or "/", method


def nitro_path(raw: str) -> str:
    """A route file path as written -> its template: route groups dropped, ``[id]`` ->
    ``{id}``, ``[...slug]`` -> ``{slug*}``, ``[...]`` -> ``{_*}``."""
    out = []
    for seg in raw.split("/"):
        if not seg or (seg.startswith("(") and seg.endswith(")")):
            continue
        if seg == "[...]":
            out.append("{_*}")
            continue
        m = re.fullmatch(r"\[\.\.\.([^\]]+)\]", seg)
        if m:
            out.append("{" + re.sub(r"[^\w-]", "_", m.group(1)) + "*}")
            continue
        out.append(re.sub(r"\[([^/\]]+)\]", lambda mm: "{" + re.sub(r"[^\w-]", "_", mm.group(1)) + "}", seg))
    return "/" + "/".join(out)


def _rule_pattern(text: str) -> list[Token] | None:
    """A routeRules pattern or redirect/proxy target (radix3: ``**``, ``*``, ``:name``)
    as tokens; None for a target on another host."""
    if re.match(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//", text):
        return None
    tokens: list[Token] = []
    stars = 0
    for seg in text.split("?", 1)[0].split("/"):
        if not seg:
            continue
        if seg == "**" or seg.startswith("**:"):
            tokens.append(Token("rest", name=seg[3:] or "_", min=0))
        elif seg == "*":
            tokens.append(Token("param", name=f"_{stars}"))
            stars += 1
        elif re.fullmatch(r":\w+", seg):
            tokens.append(Token("param", name=seg[1:]))
        else:
            tokens.append(Token("lit", text=seg))
    return tokens


class Nuxt(JsFramework):
    """Nuxt server routes and standalone Nitro route files; routeRules aliases."""

    name = "nuxt"
    packages = PACKAGES + ("h3", "nuxt/config")
    keywords = (rb"[eE]ventHandler|defineWebSocketHandler|defineNuxtConfig|defineNitroConfig",
                rb"routeRules|export default")
    cross_file_keywords = (rb"[eE]ventHandler|defineWebSocketHandler|defineNuxtConfig|defineNitroConfig",
                           rb"routeRules")
    trailing_slash = "ignore"
    router_noun = "server route file"
    default_port = 3000  # nuxi dev
    #: every route file is a root; one project's route files are one app
    root_is_app = False

    # ------------------------------------------------------------------ extraction

    def always_extract(self, path):
        """``nuxt.config``/``nitro.config`` and files in an ``api``/``routes`` folder (a
        server route's ``export default``): what :meth:`on_file` reads."""
        parts = path.split("/")
        return parts[-1] in NUXT_CONFIGS or parts[-1] in NITRO_CONFIGS or \
            _route_folder(parts) is not None

    def on_file(self, b, path):
        """A server route file, or a ``nuxt.config``/``nitro.config``."""
        parts = path.split("/")
        if parts[-1] in NUXT_CONFIGS or parts[-1] in NITRO_CONFIGS:
            self._config(b, path, parts[-1] in NITRO_CONFIGS)
            return
        found = _route_folder(parts)
        if found is None:
            return
        at, in_server = found
        export = next((st for st in b.root_node.named_children if st.type == "export_statement"
                       and any(c.type == "default" for c in st.children)), None)
        if export is None:
            return
        value = b.unwrap(export.child_by_field_name("value") or export.child_by_field_name("declaration"))
        factory = _factory(b, value)
        if not in_server and factory not in HANDLER_FACTORIES:
            return
        got = nitro_file_route(parts[at + 1:], "/api" if parts[at] == "api" else "")
        if got is None:
            return
        raw, method = got
        if factory in WEBSOCKET_FACTORIES:
            method = "WS"
        b.add_router(ROUTER, self.name, b.root_node, is_app=True, label="server route file")
        b.add_route(ROUTER, method, Lit(raw), export, [value] if value is not None else [],
                    self.name, self.trailing_slash)

    def _config(self, b, path, nitro: bool):
        """The options server routes depend on, as facts of the config file."""
        b.setting(f"{self.name}.config", path)
        obj = config_object(b)
        if obj is None:
            return
        top = members(b, obj)
        inner = members(b, top["nitro"]) if not nitro and b.unwrap(top.get("nitro")) is not None \
            and b.unwrap(top["nitro"]).type == "object" else {}
        server = top if nitro else inner
        for key, where in (("srcDir", top), ("serverDir", top), ("apiBaseURL", server)):
            node = b.unwrap(where.get(key))
            if node is not None and node.type == "string":
                b.setting(f"{self.name}.{key}", b.text(node)[1:-1])
        if nitro and "baseURL" in top:
            b.values[f"<{self.name}:baseURL>"] = b.expr(top["baseURL"], None)
        count = 0
        for rules in (top.get("routeRules"), inner.get("routeRules")):
            rules = b.unwrap(rules)
            if rules is None or rules.type != "object":
                continue
            for pair in rules.named_children:
                if pair.type != "pair":
                    continue
                key, value = pair.child_by_field_name("key"), b.unwrap(pair.child_by_field_name("value"))
                if key is None or value is None or value.type != "object" or key.type != "string":
                    continue
                opts = members(b, value)
                for kind in ("redirect", "proxy"):
                    target = b.unwrap(opts.get(kind))
                    if target is not None and target.type == "object":
                        target = b.unwrap(members(b, target).get("to"))
                    if target is None:
                        continue
                    b.values[f"<{self.name}:rule:{count}>"] = Obj((
                        ("kind", Lit(kind)), ("source", Lit(b.text(key)[1:-1])),
                        ("destination", b.expr(target, None))))
                    count += 1

    def convert_path(self, raw: str, syntax: str = "") -> list[PathTemplate]:
        return [(nitro_path(raw), None)]

    # ------------------------------------------------------------------ resolution

    def finish_routes(self, routes, evaluator):
        """Each route file's path from its project's server folders, standalone Nitro's
        ``baseURL``, and routeRules aliases."""
        cache: dict = {}
        configs: dict = {}
        out: list[list] = []
        made: dict[str, list[tuple]] = {}
        for r in routes:
            project = find_project(r.file, evaluator, NUXT_CONFIGS + NITRO_CONFIGS, PACKAGES, cache)
            if project is None:
                out.append([])
                continue
            cfg = configs.get(project.root)
            if cfg is None:
                cfg = configs[project.root] = self._read_config(evaluator, project)
            template = self._template(r, project.root, cfg)
            if template is None:
                out.append([])
                continue
            route = replace(r, path=_join(cfg["baseURL"], template))
            made.setdefault(project.root, []).append((len(out), route, template))
            out.append([route])
        for root, entries in made.items():
            cfg = configs[root]
            if cfg["rules"]:
                add_aliases(out, entries, cfg["rules"], lambda alias, with_base, cfg=cfg: _join(
                    cfg["baseURL"], alias))
        return out

    def page_paths(self, files, evaluator):
        """The pages of each Nuxt project: ``<srcDir>/pages/**.vue`` (``srcDir`` is the root
        in Nuxt 3 and ``app/`` in Nuxt 4 unless set), ``index`` naming the folder,
        ``[id]``, ``[[id]]`` (with and without the segment), ``[...slug]``, route groups."""
        cache: dict = {}
        configs: dict = {}
        out: list[tuple[str, str]] = []
        for file in files:
            if not file.endswith(".vue") or "/pages/" not in file:
                continue
            project = find_project(file, evaluator, NUXT_CONFIGS, ("nuxt",), cache)
            if project is None or (project.config is not None
                                   and posixpath.basename(project.config) in NITRO_CONFIGS):
                continue
            cfg = configs.get(project.root)
            if cfg is None:
                cfg = configs[project.root] = self._read_config(evaluator, project)
            parts = relative_parts(file, project.root)
            for pages in cfg["pages_dirs"]:
                depth = len(pages)
                if parts is None or parts[:depth] != pages or len(parts) <= depth:
                    continue
                rel = parts[depth:-1] + [parts[-1][: -len(".vue")]]
                if rel[-1] == "index":
                    rel = rel[:-1]
                variants: list[list[str]] = [[]]
                for seg in rel:
                    m = re.fullmatch(r"\[\[([^\[\]/]+)\]\]", seg)
                    if m:
                        variants = [list(v) for v in variants] + [v + ["[" + m.group(1) + "]"] for v in variants]
                    else:
                        variants = [v + [seg] for v in variants]
                for v in variants:
                    out.append((file, _join(cfg["baseURL"], nitro_path("/" + "/".join(v)))))
                break
        return out

    def _template(self, r, root: str, cfg: dict) -> str | None:
        parts = relative_parts(r.file, root)
        if parts is None:
            return None
        for server in cfg["server_dirs"]:
            depth = len(server)
            if parts[:depth] != server or len(parts) < depth + 2 or parts[depth] not in ("api", "routes"):
                continue
            prefix = cfg["apiBaseURL"] if parts[depth] == "api" else ""
            got = nitro_file_route(parts[depth + 1:], prefix)
            return nitro_path(got[0]) if got is not None else None
        return None

    def _read_config(self, evaluator, project) -> dict:
        settings, values = file_settings(evaluator, project.config)
        nitro = project.config is not None and posixpath.basename(project.config) in NITRO_CONFIGS
        src = [p for p in settings.get(f"{self.name}.srcDir", "").strip("./").split("/") if p]
        server_dir = settings.get(f"{self.name}.serverDir")
        if server_dir is not None:
            dirs = [[p for p in server_dir.strip("./").split("/") if p]]
        elif nitro:
            dirs = [src] if src else [[], ["server"]]
        else:
            dirs = [["server"]] + ([src + ["server"]] if src else [])
        base = ""
        if project.config is not None and f"<{self.name}:baseURL>" in values:
            got = literal_strings(evaluator, values[f"<{self.name}:baseURL>"], project.config)
            base = got[0].rstrip("/") if got else ""
        rules = []
        for key in sorted(k for k in values if k.startswith(f"<{self.name}:rule:")):
            rule = values[key]
            if not isinstance(rule, Obj) or project.config is None:
                continue
            kind = rule.get("kind").value if isinstance(rule.get("kind"), Lit) else "redirect"
            source = rule.get("source").value if isinstance(rule.get("source"), Lit) else ""
            for target in literal_strings(evaluator, rule.get("destination"), project.config)[:1]:
                src_tokens, dst_tokens = _rule_pattern(source), _rule_pattern(target)
                if src_tokens is not None and dst_tokens is not None:
                    rules.append((kind, src_tokens, dst_tokens, f"{kind} {source} -> {target}", True))
        return {
            "server_dirs": dirs,
            "pages_dirs": [src + ["pages"]] if src else [["pages"], ["app", "pages"]],
            "apiBaseURL": "/" + settings.get(f"{self.name}.apiBaseURL", "/api").strip("/"),
            "baseURL": base,
            "rules": rules,
        }


def _join(base: str, path: str) -> str:
    return (base.rstrip("/") + path).rstrip("/") or "/" if base else path


def _route_folder(parts: list[str]) -> tuple[int, bool] | None:
    """(index of the innermost ``api``/``routes`` folder, whether it is in a ``server``
    folder) of a file's path parts."""
    fallback = None
    for i in range(len(parts) - 2, 0, -1):
        if parts[i] in ("api", "routes"):
            if parts[i - 1] == "server":
                return i, True
            if fallback is None:
                fallback = (i, False)
    return fallback


def _factory(b, value) -> str | None:
    """The name of the function a default export calls (``defineEventHandler``), looking
    through a module-level name."""
    for _ in range(3):
        if value is None:
            return None
        if value.type == "identifier":
            value = b.unwrap(b.value_nodes.get(b.text(value)))
            continue
        if value.type == "call_expression":
            fn = b.unwrap(value.child_by_field_name("function"))
            if fn is None:
                return None
            return b.text(fn).rsplit(".", 1)[-1] if fn.type in ("identifier", "member_expression") else None
        return None
    return None


FRAMEWORK = Nuxt()
