"""Helpers shared by the file-based routing frameworks (Next.js, Nuxt/Nitro, SvelteKit);
no framework knowledge: each framework module passes its own file names, packages and
path syntax.

Three needs are common to them:

- **the project a route file belongs to**, found at resolution from the file's path:
  the nearest folder holding one of the framework's config files or a ``package.json``
  that depends on one of its packages (:func:`find_project`). Never the workspace root:
  a monorepo holds several apps, and a checkout folder may itself be called ``app``;
- **the config file's options, read statically** from its tree at extraction
  (:func:`config_object`, :func:`members`, :func:`returned`): the object a config module
  exports (``module.exports = withX({...})``, ``export default defineNuxtConfig({...})``,
  ``const nextConfig = {...}; export default nextConfig``, a function returning one);
- **path aliases** from rewrite, redirect and proxy rules: a rule maps a source pattern to
  a destination pattern; a route served at a path the destination matches is also
  reached at the source path with the same parameters (:func:`alias_path`). Patterns are
  parsed by the framework into :class:`Token` lists.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterator

from routelink.facts import catch_all_min

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from routelink.resolve.evaluate import Evaluator

#: how far up a config object is looked for through wrappers and names
_MAX_DEPTH = 6


# --------------------------------------------------------------------------- projects


@dataclass(frozen=True, slots=True)
class Project:
    """A project root found for a route file: ``root`` the folder, ``config`` the config
    file found there (None when only a ``package.json`` names the framework)."""

    root: str
    config: str | None


def find_project(file: str, evaluator: "Evaluator", config_names: tuple[str, ...],
                 packages: tuple[str, ...], cache: dict[str, "Project | None"]) -> "Project | None":
    """The project ``file`` belongs to: the nearest folder above it holding one of
    ``config_names`` (an indexed file) or a ``package.json`` whose dependencies
    (``dependencies``, ``devDependencies``, ``peerDependencies``) name one of
    ``packages``. None when there is none, or when the nearest ``package.json`` (the
    file's package) names none of them: an Express server's ``server/routes`` in a
    monorepo whose root depends on Nuxt is not Nuxt's. ``cache`` maps folders already
    visited (one per resolution pass)."""
    folder = posixpath.dirname(file)
    visited: list[str] = []
    found: Project | None = None
    while True:
        if folder in cache:
            found = cache[folder]
            break
        visited.append(folder)
        config = next((posixpath.join(folder, n) for n in config_names
                       if evaluator.modules.exists(posixpath.join(folder, n))), None)
        depends = _depends_on(evaluator, folder, packages)
        if config is not None or depends:
            found = Project(folder, config)
            break
        if depends is False:
            break  # the file's own package does not use the framework
        parent = posixpath.dirname(folder)
        if parent == folder:
            break
        folder = parent
    for v in visited:
        cache[v] = found
    return found


def _depends_on(evaluator: "Evaluator", folder: str, packages: tuple[str, ...]) -> bool | None:
    """Whether the ``package.json`` of ``folder`` depends on one of ``packages``; None
    when there is no (readable) ``package.json`` there."""
    from routelink.index.config_files import package_dependencies

    kinds = package_dependencies(evaluator.modules.read_text(posixpath.join(folder, "package.json")))
    if kinds is None:
        return None
    return any(p in kinds[key] for key in ("dependencies", "devDependencies", "peerDependencies")
               for p in packages)


def literal_strings(evaluator: "Evaluator", expr: Any, file: str) -> list[str]:
    """The fully known string values of ``expr`` evaluated in ``file`` (a constant, an env
    var with a default, a literal)."""
    from routelink.resolve.evaluate import Ctx

    out: list[str] = []
    for s in evaluator.strings(expr, Ctx(file)):
        if s.origin_unknown or not all(isinstance(p, str) for p in s.pieces):
            continue
        text = "".join(s.pieces)  # type: ignore[arg-type]
        if text not in out:
            out.append(text)
    return out


def file_settings(evaluator: "Evaluator", file: str | None) -> tuple[dict[str, str], dict[str, Any]]:
    """(settings, values) of a config file's facts (empty when there is none)."""
    if file is None:
        return {}, {}
    facts = evaluator.facts_of(file)
    if facts is None:
        return {}, {}
    return dict(facts.settings), dict(facts.values)


def relative_parts(file: str, root: str) -> list[str] | None:
    """The path of ``file`` below ``root`` as a list of names, or None when it is not
    below it."""
    if not file.startswith(root.rstrip("/") + "/"):
        return None
    return file[len(root.rstrip("/")) + 1:].split("/")


# --------------------------------------------------------------------------- config trees


def _unwrap(node: "Node | None") -> "Node | None":
    while node is not None and node.type in ("parenthesized_expression", "as_expression",
                                              "satisfies_expression", "non_null_expression",
                                              "await_expression", "type_assertion"):
        inner = [c for c in node.named_children if c.type != "comment"]
        if not inner:
            break
        node = inner[0]
    return node


def exported_value(b: Any) -> "Node | None":
    """The node a config module exports: ``export default X`` or ``module.exports = X``."""
    for st in b.root_node.named_children:
        if st.type == "export_statement" and any(c.type == "default" for c in st.children):
            value = st.child_by_field_name("value") or st.child_by_field_name("declaration")
            if value is not None:
                return value
        if st.type == "expression_statement" and st.named_children:
            e = _unwrap(st.named_children[0])
            if e is not None and e.type == "assignment_expression":
                left = e.child_by_field_name("left")
                if left is not None and b.text(left) in ("module.exports", "exports.default"):
                    return e.child_by_field_name("right")
    return None


def config_object(b: Any, node: "Node | None" = None, depth: int = 0) -> "Node | None":
    """The object literal a config module exports, looked for through wrapper calls
    (``withBundleAnalyzer(nextConfig)``, ``defineNuxtConfig({...})``), module-level names
    and functions returning an object (``(phase) => ({...})``); None when there is none."""
    if depth == 0:
        node = exported_value(b)
    node = _unwrap(node)
    if node is None or depth > _MAX_DEPTH:
        return None
    t = node.type
    if t == "object":
        return node
    if t == "identifier":
        name = b.text(node)
        value = b.value_nodes.get(name)
        if value is None:
            value = b.local_functions.get(name)
        return config_object(b, value, depth + 1) if value is not None else None
    if t == "call_expression":
        for arg in b.args(node):
            found = config_object(b, arg, depth + 1)
            if found is not None:
                return found
        fn = node.child_by_field_name("function")  # withX(options)(config)
        return config_object(b, fn, depth + 1) if fn is not None and fn.type == "call_expression" else None
    if t in ("arrow_function", "function_expression", "function", "function_declaration"):
        for value in returned(node):
            found = config_object(b, value, depth + 1)
            if found is not None:
                return found
    return None


def members(b: Any, obj: "Node") -> dict[str, "Node"]:
    """The members of an object literal by name: a pair's value, a method (its
    definition), a shorthand property (the module-level value it names, if any)."""
    out: dict[str, Node] = {}
    for c in obj.named_children:
        if c.type == "pair":
            key, value = c.child_by_field_name("key"), c.child_by_field_name("value")
            if key is not None and value is not None:
                out.setdefault(_key(b, key), value)
        elif c.type == "method_definition":
            key = c.child_by_field_name("name")
            if key is not None:
                out.setdefault(_key(b, key), c)
        elif c.type == "shorthand_property_identifier":
            name = b.text(c)
            value = b.value_nodes.get(name) or b.local_functions.get(name)
            if value is not None:
                out.setdefault(name, value)
    return out


def _key(b: Any, key: "Node") -> str:
    text = b.text(key)
    return text[1:-1] if text[:1] in "'\"`" and len(text) >= 2 else text


def resolve_name(b: Any, node: "Node | None") -> "Node | None":
    """``node`` itself, or the module-level value an identifier names."""
    node = _unwrap(node)
    if node is not None and node.type == "identifier":
        return b.value_nodes.get(b.text(node)) or b.local_functions.get(b.text(node))
    return node


def returned(fn: "Node") -> Iterator["Node"]:
    """What a function returns: an arrow function's expression body, or the argument of
    each ``return`` of its body (not of nested functions)."""
    body = fn.child_by_field_name("body")
    if body is None:
        return
    if body.type != "statement_block":
        yield body
        return
    stack = list(reversed(body.named_children))
    while stack:
        n = stack.pop()
        if n.type in ("arrow_function", "function_expression", "function", "function_declaration",
                      "method_definition", "class_declaration"):
            continue
        if n.type == "return_statement":
            value = next((c for c in n.named_children if c.type != "comment"), None)
            if value is not None:
                yield value
            continue
        stack.extend(reversed(n.named_children))


def value_of_member(b: Any, node: "Node | None") -> Iterator["Node"]:
    """The values a config member denotes: for a function or method (``async rewrites()
    {...}``), what it returns; for anything else, the (name-resolved) node itself."""
    node = resolve_name(b, node)
    if node is None:
        return
    if node.type in ("method_definition", "arrow_function", "function_expression", "function",
                     "function_declaration"):
        for v in returned(node):
            r = resolve_name(b, v)
            if r is not None:
                yield r
        return
    yield node


def string_list(b: Any, node: "Node | None") -> list[str] | None:
    """The strings of an array literal of string literals, or None."""
    node = resolve_name(b, node)
    if node is None or node.type != "array":
        return None
    out = []
    for c in node.named_children:
        if c.type != "string":
            return None
        out.append(b.text(c)[1:-1])
    return out


# --------------------------------------------------------------------------- path aliases


@dataclass(frozen=True, slots=True)
class Token:
    """One segment of a rule's path pattern: ``kind`` is ``"lit"`` (``text`` the literal
    segment, possibly with embedded ``{name}`` parameters), ``"param"`` (one segment),
    ``"opt"`` (zero or one segment), or ``"rest"`` (``min`` or more segments)."""

    kind: str
    text: str = ""
    name: str = ""
    min: int = 0


def _is_catch_all(seg: str) -> bool:
    return catch_all_min(seg) is not None


def _bind(route: list[str], tokens: list[Token], i: int, j: int,
          bound: dict[str, list[str]]) -> dict[str, list[str]] | None:
    """Bind a destination pattern's tokens to a route template's segments (backtracking
    over small lists)."""
    if j == len(tokens):
        return dict(bound) if i == len(route) else None
    t = tokens[j]
    if t.kind == "lit":
        if i < len(route) and route[i] == t.text and "{" not in t.text:
            return _bind(route, tokens, i + 1, j + 1, bound)
        return None
    if t.kind in ("param", "opt"):
        if i < len(route) and not _is_catch_all(route[i]):
            got = _bind(route, tokens, i + 1, j + 1, {**bound, t.name: [route[i]]})
            if got is not None:
                return got
        return _bind(route, tokens, i, j + 1, {**bound, t.name: []}) if t.kind == "opt" else None
    # rest: k >= min segments
    for k in range(len(route) - i, t.min - 1, -1):
        got = _bind(route, tokens, i + k, j + 1, {**bound, t.name: route[i:i + k]})
        if got is not None:
            return got
    return None


def alias_path(route_path: str, source: list[Token], destination: list[Token]) -> str | None:
    """The path at which a request reaches the route served at ``route_path`` through a
    rule mapping ``source`` to ``destination``, or None when the destination pattern does
    not match the route's path. Parameters carry over by name; a source parameter the
    destination does not bind stays a parameter (``{name}``, ``{name*}``).

    ``'/api/users/{id}'`` with ``/old/:path*`` -> ``/api/:path*`` gives ``'/old/users/{id}'``.
    """
    segs = [s for s in route_path.strip("/").split("/") if s]
    bound = _bind(segs, destination, 0, 0, {})
    if bound is None:
        return None
    out: list[str] = []
    for t in source:
        if t.kind == "lit":
            text = t.text
            for name, value in bound.items():
                if len(value) == 1 and "{" + name + "}" in text and not _is_catch_all(value[0]):
                    text = text.replace("{" + name + "}", value[0])
            out.append(text)
        elif t.name in bound:
            out.extend(bound[t.name])
        elif t.kind == "rest":
            out.append("{" + t.name + ("+}" if t.min else "*}"))
        elif t.kind == "param":
            out.append("{" + t.name + "}")
    return "/" + "/".join(out)


def path_shape(path: str) -> str:
    """A path template with parameter names erased (``/a/{id}`` and ``/a/{pk}`` are one
    path) and no trailing slash."""
    out = []
    for seg in path.strip("/").split("/"):
        least = catch_all_min(seg)
        if least is not None:
            out.append("{+}" if least else "{*}")
        elif seg.startswith("{") and seg.endswith("}") and "{" not in seg[1:]:
            out.append("{}")
        else:
            out.append(seg)
    return "/" + "/".join(s for s in out if s)


def add_aliases(out: list[list[Any]], entries: list[tuple[int, Any, str]],
                rules: list[tuple[str, list[Token], list[Token], str, bool]],
                join: Callable[[str, bool], str]) -> None:
    """Append to ``out`` the aliases the rules of one project make.

    ``entries`` are (index in ``out``, resolved route, its path template before any base
    path) for every route of the project; ``rules`` are (kind, source tokens, destination
    tokens, description, whether the base path applies). ``join(alias, with_base)`` makes
    the served path of an alias. An alias whose path the file system already serves
    (any method), or that another rule already made for the same method, is skipped.
    The alias keeps the route's declaration (file, span, handler) and gets its own
    ordering group and ``via`` = the description."""
    from dataclasses import replace

    served = {path_shape(route.path) for _, route, _ in entries}
    taken: set[tuple[str, str]] = set()
    for index, route, template in entries:
        for kind, source, destination, text, with_base in rules:
            alias = alias_path(template if with_base else route.path, source, destination)
            if alias is None:
                continue
            full = join(alias, with_base)
            shape = path_shape(full)
            if shape in served or (route.method, shape) in taken:
                continue
            taken.add((route.method, shape))
            out[index].append(replace(route, path=full, via=text,
                                      group=(route.group[0], route.group[1], f"{kind}:{text}")))
