"""SvelteKit endpoints: ``src/routes/**/+server.(js|ts)`` files and the HTTP methods they
export, with ``kit.paths.base`` and ``kit.files.routes`` from ``svelte.config.js``.

Follows SvelteKit 2 (also true of 1.x):

- **Project root**: the nearest folder above an endpoint holding ``svelte.config.(js|mjs|
  ts)`` or a ``package.json`` depending on ``@sveltejs/kit``; found at resolution, never
  assumed to be the workspace root. The routes folder is ``<root>/src/routes`` or
  ``kit.files.routes``.
- **Endpoints**: each export named ``GET POST PUT PATCH DELETE OPTIONS HEAD`` of a
  ``+server.js``/``+server.ts`` file is a route (``export async function GET``, ``export
  const POST: RequestHandler = ...``, ``export { handler as GET }``); ``export const
  fallback`` handles every other method (``ANY``). ``+page.server`` form actions are not
  endpoints. A folder with a ``+page`` file is a page of the app
  (:meth:`SvelteKit.page_paths`), no route.
- **Folder names**: ``[param]`` -> ``{param}``, ``[param=matcher]`` -> ``{param}``,
  ``[...rest]`` -> ``{rest*}`` (zero or more segments), ``[[optional]]`` -> two routes
  (without and with the segment), ``(group)`` adds no segment, several parameters in one
  segment (``[a]-[b]``) and ``[x+2f]``/``[u+00e9]`` escapes are kept in place.
- **Trailing slash**: SvelteKit redirects (308, method kept) a request whose trailing
  slash differs from the endpoint's ``trailingSlash`` option (``'never'`` by default;
  ``'always'`` writes the route with the slash): policy ``redirect``; ``export const
  trailingSlash = 'ignore'`` makes it ``ignore``.
- **Ordering**: SvelteKit ranks routes by specificity (static segments, then parameters
  with matchers, then parameters, optional parameters and rest parameters), not by file
  order; each file is its own router, so no endpoint shadows another.
- **Base path**: ``kit.paths.base`` prefixes every route (the browser's ``fetch`` does not
  add it: calls must write it, usually through ``base`` from ``$app/paths``).

``svelte.config.js`` is read statically, never executed (settings ``sveltekit.*``,
values ``<sveltekit:...>``), and applied when routes are resolved
(:meth:`SvelteKit.finish_routes`).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace

from routelink.facts import Lit
from routelink.frameworks.base import JsFramework, PathTemplate
from routelink.frameworks.filebased import (
    config_object,
    file_settings,
    find_project,
    literal_strings,
    members,
    relative_parts,
)

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD")
CONFIG_NAMES = ("svelte.config.js", "svelte.config.mjs", "svelte.config.ts")
PACKAGES = ("@sveltejs/kit",)
ENDPOINTS = ("+server.js", "+server.ts")
ROUTER = "<endpoint>"
#: the file name stem of a page (``+page.svelte``, ``+page.ts``, ``+page.server.js``)
PAGE_PREFIX = "+page"

_OPTIONAL = re.compile(r"\[\[([^\[\]=]+)(?:=\w+)?\]\]")
_REST = re.compile(r"\[\.\.\.([^\[\]=]+)(?:=\w+)?\]")
_PARAM = re.compile(r"\[([^\[\]=.+][^\[\]=+]*)(?:=\w+)?\]")
_ESCAPE = re.compile(r"\[(x|u)\+([0-9a-fA-F]+)\]")


def sveltekit_path(raw: str) -> list[str]:
    """A route folder path as written -> path templates.

    ``'/(app)/api/posts/[slug=slug]'`` -> ``['/api/posts/{slug}']``;
    ``'/[[lang]]/api/items'`` -> ``['/api/items', '/{lang}/api/items']``."""
    variants: list[list[str]] = [[]]
    for seg in raw.split("/"):
        if not seg or (seg.startswith("(") and seg.endswith(")")):
            continue
        m = _OPTIONAL.fullmatch(seg)
        if m:
            variants = [list(v) for v in variants] + [v + ["{" + m.group(1) + "}"] for v in variants]
            continue
        m = _REST.fullmatch(seg)
        if m:
            variants = [v + ["{" + m.group(1) + "*}"] for v in variants]
            continue
        seg = _ESCAPE.sub(lambda mm: chr(int(mm.group(2), 16)), seg)
        seg = _PARAM.sub(lambda mm: "{" + mm.group(1) + "}", seg)
        variants = [v + [seg] for v in variants]
    out: list[str] = []
    for v in variants:
        p = "/" + "/".join(v)
        if p not in out:
            out.append(p)
    return out


class SvelteKit(JsFramework):
    """``+server`` endpoints of a SvelteKit app."""

    name = "sveltekit"
    packages = PACKAGES
    keywords = (rb"export|kit\s*:",)
    cross_file_keywords = (rb"kit\s*:",)
    trailing_slash = "redirect"
    router_noun = "endpoint file"
    #: every route file is a root; one project's route files are one app
    root_is_app = False

    # ------------------------------------------------------------------ extraction

    def always_extract(self, path):
        """``svelte.config.*`` and ``+server`` endpoints: what :meth:`on_file` reads."""
        parts = path.split("/")
        return parts[-1] in CONFIG_NAMES or (parts[-1] in ENDPOINTS and "routes" in parts[:-1])

    def on_file(self, b, path):
        """A ``+server`` endpoint or ``svelte.config.*``."""
        parts = path.split("/")
        if parts[-1] in CONFIG_NAMES:
            self._config(b, path)
            return
        if parts[-1] not in ENDPOINTS or "routes" not in parts[:-1]:
            return
        at = len(parts) - 2 - parts[:-1][::-1].index("routes")
        raw = "/" + "/".join(parts[at + 1:-1])
        policy = self.trailing_slash
        option = None
        found = []
        for st in b.root_node.named_children:
            if st.type != "export_statement":
                continue
            for name, node in _exports(b, st):
                if name in METHODS:
                    found.append((name, st, node))
                elif name == "fallback":
                    found.append(("ANY", st, node))
                elif name == "trailingSlash" and node.parent is not None:
                    value = b.unwrap(node.parent.child_by_field_name("value"))
                    option = b.text(value)[1:-1] if value is not None and value.type == "string" else None
        if option == "ignore":
            policy = "ignore"
        elif option == "always":
            raw += "/"
        if not found:
            return
        b.add_router(ROUTER, self.name, b.root_node, is_app=True, label="endpoint file")
        for method, st, node in found:
            b.add_route(ROUTER, method, Lit(raw), st, [node], self.name, policy)

    def _config(self, b, path):
        b.setting(f"{self.name}.config", path)
        obj = config_object(b)
        kit = b.unwrap(members(b, obj).get("kit")) if obj is not None else None
        if kit is None or kit.type != "object":
            return
        opts = members(b, kit)
        paths = b.unwrap(opts.get("paths"))
        if paths is not None and paths.type == "object" and "base" in members(b, paths):
            b.values[f"<{self.name}:base>"] = b.expr(members(b, paths)["base"], None)
        files = b.unwrap(opts.get("files"))
        routes = b.unwrap(members(b, files).get("routes")) if files is not None and files.type == "object" else None
        if routes is not None and routes.type == "string":
            b.setting(f"{self.name}.routes", b.text(routes)[1:-1])

    def convert_path(self, raw: str, syntax: str = "") -> list[PathTemplate]:
        slash = raw.endswith("/") and raw != "/"
        return [(p + "/" if slash and p != "/" else p, None) for p in sveltekit_path(raw)]

    # ------------------------------------------------------------------ resolution

    def finish_routes(self, routes, evaluator):
        """Each endpoint's path from its project's routes folder, with ``paths.base``."""
        cache: dict = {}
        configs: dict = {}
        variants: dict[tuple, list] = {}
        for r in routes:
            variants.setdefault((r.file, r.span, r.method), []).append(r)
        out: list[list] = []
        for r in routes:
            group = variants.pop((r.file, r.span, r.method), None)
            if group is None:
                out.append([])
                continue
            project = find_project(r.file, evaluator, CONFIG_NAMES, PACKAGES, cache)
            if project is None:
                out.append([])
                continue
            cfg = configs.get(project.root)
            if cfg is None:
                cfg = configs[project.root] = self._read_config(evaluator, project.config)
            parts = relative_parts(r.file, project.root)
            depth = len(cfg["routes"])
            if parts is None or parts[:depth] != cfg["routes"]:
                out.append([])
                continue
            slash = r.path.endswith("/") and r.path != "/"
            made = []
            for t in sveltekit_path("/" + "/".join(parts[depth:-1])):
                full = (cfg["base"] + t).rstrip("/") or "/" if cfg["base"] else t
                made.append(replace(r, path=full + "/" if slash and full != "/" else full))
            out.append(made)
        return out

    def page_paths(self, files, evaluator):
        """The pages of each SvelteKit project: the folders of the routes folder that hold a
        ``+page.svelte`` (or ``+page.js``/``+page.ts``/``+page.server.*``), with
        ``paths.base``."""
        cache: dict = {}
        configs: dict = {}
        out: list[tuple[str, str]] = []
        for file in files:
            name = posixpath.basename(file)
            if not name.startswith(PAGE_PREFIX) or name.split(".", 1)[0] != PAGE_PREFIX:
                continue
            project = find_project(file, evaluator, CONFIG_NAMES, PACKAGES, cache)
            if project is None:
                continue
            cfg = configs.get(project.root)
            if cfg is None:
                cfg = configs[project.root] = self._read_config(evaluator, project.config)
            parts = relative_parts(file, project.root)
            depth = len(cfg["routes"])
            if parts is None or parts[:depth] != cfg["routes"]:
                continue
            for t in sveltekit_path("/" + "/".join(parts[depth:-1])):
                out.append((file, (cfg["base"] + t).rstrip("/") or "/" if cfg["base"] else t))
        return out

    def _read_config(self, evaluator, config: str | None) -> dict:
        settings, values = file_settings(evaluator, config)
        base = ""
        if config is not None and f"<{self.name}:base>" in values:
            got = literal_strings(evaluator, values[f"<{self.name}:base>"], config)
            base = got[0].rstrip("/") if got else ""
        routes = settings.get(f"{self.name}.routes", "src/routes")
        return {"base": base, "routes": [p for p in routes.strip("./").split("/") if p]}


def _exports(b, st):
    """(exported name, name node) of one export statement."""
    decl = st.child_by_field_name("declaration")
    if decl is not None:
        if decl.type in ("function_declaration", "generator_function_declaration"):
            name = decl.child_by_field_name("name")
            if name is not None:
                yield b.text(name), name
        elif decl.type in ("lexical_declaration", "variable_declaration"):
            for d in decl.named_children:
                name = d.child_by_field_name("name") if d.type == "variable_declarator" else None
                if name is not None and name.type == "identifier":
                    yield b.text(name), name
        return
    clause = next((c for c in st.named_children if c.type == "export_clause"), None)
    for spec in clause.named_children if clause is not None else []:
        if spec.type != "export_specifier":
            continue
        local, alias = spec.child_by_field_name("name"), spec.child_by_field_name("alias")
        if local is not None:
            yield b.text(alias if alias is not None else local), local


FRAMEWORK = SvelteKit()
