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

:func:`parse_proxy_config` reads the http-proxy-middleware format that Angular CLI, Nx
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
from functools import lru_cache

from routelink.resolve.modules import strip_jsonc


@dataclass(frozen=True, slots=True)
class ProxyRule:
    """One proxied context of a dev server.

    ``context`` is as written; ``target`` the URL requests go to ('' when unknown);
    ``rewrites`` the ``pathRewrite`` pairs (JS regular expression source, replacement)
    in order (the first that matches applies); ``rewrite_unknown`` is true when the
    rewrite cannot be read (a function it cannot follow); ``config`` the file it comes
    from. ``replaces`` are the ``String.replace`` calls of a rewrite *function* read
    statically (Vite's ``rewrite: (path) => path.replace(/^\\/api/, '')``), applied in
    order after ``rewrites``: (JS regular expression source, replacement, flags), a string
    pattern escaped; without the ``g`` flag only the first occurrence is replaced, as in
    JavaScript. ``navigations`` is False for a proxy that forwards no request accepting
    ``text/html`` (Create React App's and Vue CLI's string ``proxy``): links, forms and
    location changes stay on the dev server.
    """

    context: str
    target: str = ""
    rewrites: tuple[tuple[str, str], ...] = ()
    rewrite_unknown: bool = False
    config: str = ""
    replaces: tuple[tuple[str, str, str], ...] = ()
    navigations: bool = True


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
        rx = _user_regex(context)
        return rx is not None and rx.match(path) is not None
    if any(ch in context for ch in "*?[{"):
        rx = _user_regex(_glob_regex(context))
        return rx is not None and rx.match(path) is not None
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


def _js_regex(source: str, flags: str = ""):
    """A JavaScript regular expression's source compiled (named groups ``(?<name>``
    become ``(?P<name>``) by :func:`_user_regex`; None when it cannot be read."""
    return _user_regex(re.sub(r"\(\?<(?![=!])", "(?P<", source), "i" in flags)


@lru_cache(maxsize=1024)
def _user_regex(source: str, ignore_case: bool = False):
    """A regular expression the user wrote (a proxy context, a ``pathRewrite`` key),
    compiled by RE2 when it can (time linear in the text matched, whatever the pattern:
    ``^/(a+)+b`` does not backtrack), else by Python's ``re`` as written (lookarounds,
    backreferences); None when neither reads it. Both offer ``match``, ``search`` and
    ``sub`` with ``\\g<n>`` replacements."""
    try:
        import re2

        options = re2.Options()
        options.log_errors = False
        return re2.compile(("(?i)" if ignore_case else "") + source, options)
    except Exception:  # noqa: BLE001 - not RE2 syntax (or no RE2): Python's re
        pass
    try:
        return re.compile(source, re.IGNORECASE if ignore_case else 0)
    except re.error:
        return None


def _js_replacement(value: str) -> str:
    """A JS ``String.replace`` replacement (``$1``, ``$&``) for Python's ``re.sub``."""
    out = value.replace("\\", "\\\\")
    out = re.sub(r"\$(\d+)", r"\\g<\1>", out)
    out = re.sub(r"\$<(\w+)>", r"\\g<\1>", out)
    return out.replace("$&", r"\g<0>").replace("$$", "$")


def apply_dev_proxy(path: str, rules: tuple[ProxyRule, ...], method: str | None = None,
                    navigation: bool = False) -> ProxyHit | None:
    """The path a request to the dev server's origin reaches the backend with, when one
    of ``rules`` proxies it; None when none does (the request stays on the dev server).

    ``path`` is a call's path template (``/api/users/{}``). The first rule whose context
    matches applies its first matching ``pathRewrite``, then its rewrite function's
    replacements, then prepends its target's path. ``method`` is the call's (any method
    is proxied); ``navigation``: the request is a browser navigation (a rule with
    ``navigations=False`` does not forward it).
    """
    for rule in rules:
        if navigation and not rule.navigations:
            continue
        if not context_matches(rule.context, path):
            continue
        new = path
        for pattern, replacement in rule.rewrites:
            rx = _js_regex(pattern)
            if rx is None:
                continue
            if rx.search(new):
                new = rx.sub(_js_replacement(replacement), new, count=1)
                break
        for pattern, replacement, flags in rule.replaces:
            rx = _js_regex(pattern, flags)
            if rx is None:
                continue
            new = rx.sub(_js_replacement(replacement), new, count=0 if "g" in flags else 1)
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
        except (ValueError, RecursionError):
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
    rewrite = options.get("pathRewrite")
    rewrites, unknown = rewrite_map(rewrite) if isinstance(rewrite, dict) else ((), rewrite is not None)
    return ProxyRule(context=context, target=proxy_target(options.get("target")),
                     rewrites=rewrites, rewrite_unknown=unknown, config=filename)


def proxy_target(value) -> str:
    """An http-proxy-middleware ``target`` as a URL: a string as written, an object
    ``{ protocol, host, port }`` (``protocol`` defaults to ``http:``; ``port`` a string
    or a number) joined; '' for anything else."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        host, port, proto = value.get("host"), value.get("port"), value.get("protocol")
        if isinstance(host, str):
            proto = proto if isinstance(proto, str) else "http:"
            port = port if isinstance(port, (str, int)) and not isinstance(port, bool) else ""
            return f"{proto}//{host}" + (f":{port}" if port != "" else "")
    return ""


def rewrite_map(rewrite: dict) -> tuple[tuple[tuple[str, str], ...], bool]:
    """An http-proxy-middleware ``pathRewrite`` object (``{ '^/api': '' }``, keys are
    regular expressions): its (pattern, replacement) pairs in order, and whether some
    entry's replacement is no string (its rewrite is unknown)."""
    pairs = tuple((str(k), v) for k, v in rewrite.items() if isinstance(v, str))
    return pairs, len(pairs) < len(rewrite)


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
