"""Dev-server proxies: where a relative request of a frontend really goes.

A frontend run by its dev server (``ng serve``, ``nx serve``, webpack-dev-server,
Vite...) sends a relative request (``/api/users``) to the dev server's own origin. The
dev server's proxy forwards the requests whose path matches a *context* (``/api``) to a
*target* (``http://localhost:3000``), possibly rewriting the path on the way
(``pathRewrite: { "^/api": "" }``): the backend receives ``/users``.

This module is tool-independent. A :class:`ProxyRule` is one context with its target and
rewrites; a :class:`DevProxyTable` maps frontend folders to their rules (the index builds
it from config files with readers such as :mod:`routelink.resolve.workspaces` for Angular
CLI and Nx; a reader for Vite ``server.proxy`` or CRA ``proxy`` produces the same rules);
:func:`apply_dev_proxy` is the one place a call's path is rewritten, called by
:func:`routelink.resolve.calls.resolve_file_calls` for a request with no host of its own
(a relative URL, or a base URL that is a path), before matching. The call keeps what it
wrote in ``raw``; its ``path`` becomes the path the backend receives and
``proxied_from`` keeps the path before the proxy.

:func:`parse_dev_server_config` reads the ``proxy`` of a Vite or Vue CLI config
(``rewrite: (path) => path.replace(/^\\/api/, '')`` included), scoped to the config's
folder. :func:`parse_proxy_config` reads the http-proxy-middleware format that Angular CLI, Nx
and webpack-dev-server share (``proxy.conf.json``, or a ``proxy.conf.js`` read
statically, never executed):

- an object whose keys are contexts (``"/api"``, ``"/api/**"``, ``"^/api"``) and values
  options, or an array of options with ``context: [...]``;
- ``target`` (a path in it is prepended, as http-proxy's ``prependPath`` does),
  ``pathRewrite`` as an object of regular expression -> replacement (the first that
  matches applies; a function is unknown: the path is left as it is and the rule says
  so). Whether WebSocket upgrades are proxied is not read: a WebSocket call is proxied
  like any other.

A context is a path prefix (``/api`` also matches ``/apiary``, as in
http-proxy-middleware and Vite), a glob (``*`` one segment, ``**`` any) or, starting with
``^``, a regular expression; the first rule whose context matches wins.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass

from routelink.resolve.modules import strip_jsonc


@dataclass(frozen=True, slots=True)
class ProxyRule:
    """One proxied context of a dev server.

    ``context`` is as written; ``target`` the URL requests go to ('' when unknown);
    ``rewrites`` the ``pathRewrite`` pairs (JS regular expression source, replacement)
    in order; ``rewrite_unknown`` is true when the rewrite cannot be read (a function);
    ``config`` the file it comes from.
    """

    context: str
    target: str = ""
    rewrites: tuple[tuple[str, str], ...] = ()
    rewrite_unknown: bool = False
    config: str = ""


@dataclass(frozen=True, slots=True)
class ProxyHit:
    """A call's path as the backend receives it, and the rule that sent it there."""

    path: str
    rule: ProxyRule


class DevProxyTable:
    """Dev proxy rules by frontend folder: a file gets the rules of the deepest folder
    that contains it (none when no folder does; a folder with no rules hides those of
    the folders around it: a library no single app serves)."""

    def __init__(self, scopes: dict[str, tuple[ProxyRule, ...]] | None = None) -> None:
        self.scopes = {k.rstrip("/") or "/": v for k, v in (scopes or {}).items()}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DevProxyTable) and other.scopes == self.scopes

    def __bool__(self) -> bool:
        return any(self.scopes.values())

    def rules_for(self, path: str) -> tuple[ProxyRule, ...]:
        """The rules that apply to requests written in file ``path``."""
        if not self:
            return ()
        d = posixpath.dirname(path)
        while True:
            rules = self.scopes.get(d)
            if rules is not None:
                return rules
            parent = posixpath.dirname(d)
            if parent == d:
                return ()
            d = parent


def context_matches(context: str, path: str) -> bool:
    """Whether a proxy context matches a request path (a path template: ``{}`` holes
    stand for one segment)."""
    if context.startswith("^"):
        try:
            return re.match(context, path) is not None
        except re.error:
            return False
    if any(ch in context for ch in "*?[{"):
        return re.match(_glob_regex(context), path) is not None
    return path.startswith(context)


def _glob_regex(glob: str) -> str:
    out = ["^"]
    i = 0
    while i < len(glob):
        if glob.startswith("/**", i):
            out.append("(?:/.*)?")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(glob[i]))
            i += 1
    out.append("$")
    return "".join(out)


def _js_replacement(value: str) -> str:
    """A JS ``String.replace`` replacement (``$1``, ``$&``) for Python's ``re.sub``."""
    out = value.replace("\\", "\\\\")
    out = re.sub(r"\$(\d+)", r"\\g<\1>", out)
    return out.replace("$&", r"\g<0>").replace("$$", "$")


def apply_dev_proxy(path: str, rules: tuple[ProxyRule, ...], method: str | None = None
                    ) -> ProxyHit | None:
    """The path a request to the dev server's origin reaches the backend with, when one
    of ``rules`` proxies it; None when none does (the request stays on the dev server).

    ``path`` is a call's path template (``/api/users/{}``). The first rule whose context
    matches applies its first matching ``pathRewrite``, then prepends its target's path.
    ``method`` is the call's (any method is proxied).
    """
    for rule in rules:
        if not context_matches(rule.context, path):
            continue
        new = path
        for pattern, replacement in rule.rewrites:
            try:
                rx = re.compile(pattern)
            except re.error:
                continue
            if rx.search(new):
                new = rx.sub(_js_replacement(replacement), new, count=1)
                break
        target_path = _target_path(rule.target)
        if target_path:
            new = target_path.rstrip("/") + ("/" + new.lstrip("/") if new.strip("/") else "")
        if not new.startswith("/"):
            new = "/" + new
        while "//" in new:
            new = new.replace("//", "/")
        return ProxyHit(new, rule)
    return None


def _target_path(target: str) -> str:
    m = re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*(/[^?#]*)?", target)
    path = m.group(1) if m and m.group(1) else ""
    return "" if path in ("", "/") else path


# ---------------------------------------------------------------------- reading


_FUNCTION = object()


def parse_proxy_config(text: str, filename: str) -> tuple[ProxyRule, ...]:
    """The rules of an http-proxy-middleware style proxy config file (JSON, or
    JavaScript read statically: ``module.exports = {...}``, ``export default {...}``, a
    ``const`` they name, ``process.env.X || 'default'`` as its default). Unreadable
    text gives no rules."""
    if filename.endswith(".json"):
        try:
            data = json.loads(strip_jsonc(text))
        except ValueError:
            return ()
    else:
        data = _js_config_value(text, filename)
    return _rules(data, filename)


def _rules(data, filename: str) -> tuple[ProxyRule, ...]:
    out: list[ProxyRule] = []
    if isinstance(data, dict):
        for context, options in data.items():
            if isinstance(options, dict):
                out.append(_rule(str(context), options, filename))
    elif isinstance(data, list):
        for options in data:
            if not isinstance(options, dict):
                continue
            contexts = options.get("context")
            if isinstance(contexts, str):
                contexts = [contexts]
            for context in contexts if isinstance(contexts, list) else []:
                if isinstance(context, str):
                    out.append(_rule(context, options, filename))
    return tuple(out)


def _rule(context: str, options: dict, filename: str) -> ProxyRule:
    target = options.get("target")
    if isinstance(target, dict):  # { host, port, protocol }
        host, port = target.get("host", ""), target.get("port", "")
        target = f"{target.get('protocol', 'http:')}//{host}" + (f":{port}" if port else "")
    rewrite = options.get("pathRewrite")
    rewrites: list[tuple[str, str]] = []
    unknown = False
    if isinstance(rewrite, dict):
        for k, v in rewrite.items():
            if isinstance(v, str):
                rewrites.append((str(k), v))
            else:
                unknown = True
    elif rewrite is not None:
        unknown = True
    return ProxyRule(context=context, target=target if isinstance(target, str) else "",
                     rewrites=tuple(rewrites), rewrite_unknown=unknown, config=filename)


def parse_dev_server_config(text: str, filename: str) -> tuple[ProxyRule, ...]:
    """The proxy rules of a dev server's own config file, read statically: Vite 5
    ``server.proxy`` / ``preview.proxy`` in ``vite.config.*`` and Vue CLI 5
    ``devServer.proxy`` in ``vue.config.*``, wherever the object is written (inside
    ``defineConfig(({ mode }) => { ... return {...} })`` too).

    A key is a context (``'/api'``, ``'^/api'``); a value is a target string or an
    options object: ``target``, ``pathRewrite`` (as in :func:`parse_proxy_config`) and
    Vite's ``rewrite: (path) => path.replace(A, B)`` with ``A`` a regular expression or a
    string literal and ``B`` a string (any other function: the rewrite is unknown)."""
    from routelink.syntax import parse

    language = "typescript" if filename.endswith(("ts", "mts", "cts")) else "javascript"
    try:
        tree = parse(text.encode("utf-8", "replace"), language)
    except Exception:  # noqa: BLE001 - an unreadable config gives no rules
        return ()
    out: list[ProxyRule] = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        key = node.child_by_field_name("key") if node.type == "pair" else None
        value = node.child_by_field_name("value") if key is not None else None
        if value is not None and value.type == "object" and key.text.strip(b"'\"") == b"proxy":
            out.extend(_dev_server_rules(value, filename))
            continue
        stack.extend(reversed(node.named_children))
    return tuple(out)


def _dev_server_rules(proxy, filename: str) -> list[ProxyRule]:
    out: list[ProxyRule] = []
    for entry in proxy.named_children:
        key = entry.child_by_field_name("key") if entry.type == "pair" else None
        value = entry.child_by_field_name("value") if key is not None else None
        if value is None:
            continue
        context = _js_value(key, {}, 0) if key.type == "string" else key.text.decode()
        if not isinstance(context, str):
            continue
        if value.type == "object":
            options = _js_value(value, {}, 0)
            rule = _rule(context, options, filename)
            if "rewrite" in options:
                fn = next((c.child_by_field_name("value") for c in value.named_children
                           if c.type == "pair" and c.child_by_field_name("key") is not None
                           and c.child_by_field_name("key").text == b"rewrite"), None)
                rewrite = _replace_call(fn)
                rule = ProxyRule(rule.context, rule.target,
                                 rule.rewrites + ((rewrite,) if rewrite else ()),
                                 rule.rewrite_unknown or rewrite is None, filename)
            out.append(rule)
        else:
            target = _js_value(value, {}, 0)
            out.append(ProxyRule(context, target if isinstance(target, str) else "", config=filename))
    return out


def _replace_call(fn) -> tuple[str, str] | None:
    """(regular expression source, replacement) of ``(path) => path.replace(A, B)``
    (an expression body or one ``return``), or None."""
    if fn is None or fn.type not in ("arrow_function", "function_expression", "function"):
        return None
    body = fn.child_by_field_name("body")
    if body is not None and body.type == "statement_block":
        returns = [c for c in body.named_children if c.type == "return_statement"]
        body = returns[0].named_children[0] if len(returns) == 1 and returns[0].named_children else None
    while body is not None and body.type == "parenthesized_expression" and body.named_children:
        body = body.named_children[0]
    if body is None or body.type != "call_expression":
        return None
    callee = body.child_by_field_name("function")
    args = body.child_by_field_name("arguments")
    prop = callee.child_by_field_name("property") if callee is not None and \
        callee.type == "member_expression" else None
    a = [c for c in args.named_children if c.type != "comment"] if args is not None else []
    if prop is None or prop.text != b"replace" or len(a) != 2 or a[1].type != "string":
        return None
    replacement = _js_value(a[1], {}, 0)
    if a[0].type == "string":
        return re.escape(_js_value(a[0], {}, 0)), replacement
    if a[0].type == "regex":
        pattern = a[0].child_by_field_name("pattern")
        flags = a[0].child_by_field_name("flags")
        if pattern is not None and (flags is None or not flags.text.strip(b"g")):
            return pattern.text.decode("utf-8", "replace"), replacement
    return None


def _js_config_value(text: str, filename: str):
    """The value a JS proxy config exports, from its syntax tree (never executed)."""
    from routelink.syntax import parse

    try:
        tree = parse(text.encode("utf-8", "replace"), "javascript")
    except Exception:  # noqa: BLE001 - an unreadable config gives no rules
        return None
    root = tree.root_node
    consts: dict[str, object] = {}
    exported = None
    for st in root.named_children:
        node = st
        if st.type == "export_statement":
            value = st.child_by_field_name("value")
            decl = st.child_by_field_name("declaration")
            if value is not None:
                exported = value
                continue
            if decl is None:
                continue
            node = decl
        if node.type in ("lexical_declaration", "variable_declaration"):
            for d in node.named_children:
                name = d.child_by_field_name("name") if d.type == "variable_declarator" else None
                if name is not None and name.type == "identifier" and d.child_by_field_name("value") is not None:
                    consts[name.text.decode()] = d.child_by_field_name("value")
        elif node.type == "expression_statement":
            e = node.named_children[0] if node.named_children else None
            if e is not None and e.type == "assignment_expression":
                left = e.child_by_field_name("left")
                if left is not None and left.text in (b"module.exports", b"exports.default"):
                    exported = e.child_by_field_name("right")
    if exported is None:
        return None
    return _js_value(exported, consts, 0)


def _js_value(node, consts: dict, depth: int):
    if node is None or depth > 20:
        return None
    t = node.type
    if t == "parenthesized_expression" and node.named_children:
        return _js_value(node.named_children[0], consts, depth + 1)
    if t == "string":
        return "".join(c.text.decode("utf-8", "replace") for c in node.named_children
                       if c.type in ("string_fragment", "escape_sequence"))
    if t == "template_string":
        if any(c.type == "template_substitution" for c in node.named_children):
            return None
        return "".join(c.text.decode("utf-8", "replace") for c in node.named_children)
    if t == "number":
        return node.text.decode()
    if t in ("true", "false"):
        return t == "true"
    if t == "identifier":
        name = node.text.decode()
        return _js_value(consts.get(name), consts, depth + 1)
    if t == "binary_expression":
        op = node.child_by_field_name("operator")
        if op is not None and op.text in (b"||", b"??"):
            left = _js_value(node.child_by_field_name("left"), consts, depth + 1)
            return left if left not in (None, "") else _js_value(node.child_by_field_name("right"), consts, depth + 1)
        return None
    if t == "object":
        out = {}
        for c in node.named_children:
            if c.type == "pair":
                k, v = c.child_by_field_name("key"), c.child_by_field_name("value")
                if k is None:
                    continue
                key = _js_value(k, consts, depth + 1) if k.type == "string" else k.text.decode()
                if isinstance(key, str):
                    value = _js_value(v, consts, depth + 1)
                    out[key] = _FUNCTION if value is None and v is not None and v.type in (
                        "arrow_function", "function_expression", "function") else value
            elif c.type == "method_definition":
                k = c.child_by_field_name("name")
                if k is not None:
                    out[k.text.decode()] = _FUNCTION
            elif c.type == "shorthand_property_identifier":
                out[c.text.decode()] = _js_value(c, consts, depth + 1) if c.text.decode() in consts else None
        return out
    if t == "array":
        return [_js_value(c, consts, depth + 1) for c in node.named_children]
    return None
