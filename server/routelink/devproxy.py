"""Dev-server proxies: a frontend's requests to its own origin that the dev server
forwards to the backend under another path.

``vite.config.*`` (Vite 5 ``server.proxy`` / ``preview.proxy``) and ``vue.config.*``
(Vue CLI 5 ``devServer.proxy``, http-proxy-middleware 2 options) map a path prefix to a
target, optionally rewriting the path on the way::

    proxy: {
      '/api': { target: 'http://localhost:3002', rewrite: (path) => path.replace(/^\\/api/, '') },
      '^/upload': { target: '...', pathRewrite: { '^/upload': '' } },
    }

A key is a path prefix (Vite: ``url.startsWith(key)``) or, when it starts with ``^``, a
regular expression. ``rewrite`` is read when it is ``(path) => path.replace(A, B)`` with
``A`` a string or a regular expression literal and ``B`` a string; ``pathRewrite`` when
it is an object of regular expressions (strings) to strings. The file is read, never
executed; a rule that is written some other way is kept without its rewrite.

Extraction (:func:`read_proxies`) records each rule in the config file's facts as values
``<devproxy:N>`` / ``<devproxy:N:K>``; resolution (:func:`proxy_rules`,
:func:`rewrite`) applies the first rule whose key matches a same-origin call's path, so
the call is linked at the path the backend receives (``/api/users`` -> ``/users``).
"""

from __future__ import annotations

import posixpath
import re

from routelink.facts import Expr, Lit, Obj

#: the files whose dev-server proxy is read, at a package's root
CONFIG_NAMES = tuple(f"{tool}.config.{ext}" for tool in ("vite", "vue")
                     for ext in ("ts", "mts", "cts", "js", "mjs", "cjs"))
_PREFIX = "<devproxy:"
#: the regular expressions read: anchors, escapes and plain characters only
_SIMPLE_REGEX = re.compile(r"^\^?(?:\\.|[\w\-/.~%@:])*\$?$")


def is_config(path: str) -> bool:
    """Whether ``path`` is a file whose dev-server proxy is read."""
    return posixpath.basename(path) in CONFIG_NAMES


def read_proxies(b, root) -> None:
    """Record the proxy rules of a config file (``b`` a
    :class:`~routelink.extract.javascript.JsBuilder`, ``root`` its tree) in
    ``b.values``."""
    count = 0
    for proxy in _proxy_objects(root, b.src):
        for entry in proxy.named_children:
            if entry.type != "pair":
                continue
            key, value = entry.child_by_field_name("key"), entry.child_by_field_name("value")
            if key is None or value is None or key.type != "string":
                continue
            context = _string(key, b.src)
            rewrites = _rewrites(value, b.src) if value.type == "object" else []
            b.values[f"{_PREFIX}{count}>"] = Obj((("context", Lit(context)),))
            for k, (pattern, regex, replacement) in enumerate(rewrites):
                b.values[f"{_PREFIX}{count}:{k}>"] = Obj((
                    ("pattern", Lit(pattern)), ("regex", Lit("1" if regex else "")),
                    ("replacement", Lit(replacement))))
            count += 1


def proxy_rules(values: dict[str, Expr]) -> list[tuple[str, list[tuple[str, bool, str]]]]:
    """The rules :func:`read_proxies` recorded in a config file's ``values``, in order:
    (key, [(pattern, is a regular expression, replacement)...])."""
    rules: dict[int, tuple[str, list]] = {}
    for name, value in sorted(values.items(), key=lambda kv: _order(kv[0])):
        if not name.startswith(_PREFIX) or not isinstance(value, Obj):
            continue
        index = _order(name)
        if len(index) == 1:
            context = value.get("context")
            rules[index[0]] = (context.value if isinstance(context, Lit) else "", [])
        elif index[0] in rules:
            parts = [value.get(k) for k in ("pattern", "regex", "replacement")]
            if all(isinstance(p, Lit) for p in parts):
                rules[index[0]][1].append((parts[0].value, parts[1].value == "1", parts[2].value))
    return [rules[i] for i in sorted(rules)]


def rewrite(path: str, rules: list[tuple[str, list[tuple[str, bool, str]]]]) -> str:
    """The path a request for ``path`` (a path template) reaches through the first rule
    whose key matches it; ``path`` itself when none does."""
    for context, rewrites in rules:
        if context.startswith("^"):
            compiled = _regex(context)
            if compiled is None or not compiled.match(path):
                continue
        elif not path.startswith(context):
            continue
        for pattern, regex, replacement in rewrites:
            if regex:
                compiled = _regex(pattern)
                if compiled is not None:
                    path = compiled.sub(lambda _: replacement, path, count=1)
            else:
                path = path.replace(pattern, replacement, 1)
        if not path.startswith("/"):
            path = "/" + path
        return path
    return path


# ---------------------------------------------------------------------- helpers


def _order(name: str) -> tuple[int, ...]:
    try:
        return tuple(int(p) for p in name[len(_PREFIX):-1].split(":"))
    except ValueError:
        return (1 << 30,)


def _regex(source: str) -> "re.Pattern[str] | None":
    if not _SIMPLE_REGEX.match(source):
        return None
    try:
        return re.compile(source)
    except re.error:
        return None


def _string(node, src) -> str:
    from routelink.extract.javascript import unquote_js_string

    return unquote_js_string(node, src)


def _proxy_objects(root, src) -> list:
    """Every ``proxy: { ... }`` object literal of the file."""
    out, stack = [], [root]
    while stack:
        node = stack.pop()
        if node.type == "pair":
            key, value = node.child_by_field_name("key"), node.child_by_field_name("value")
            if key is not None and value is not None and value.type == "object" and \
                    src.text(key).strip("'\"") == "proxy":
                out.append(value)
                continue
        stack.extend(reversed(node.named_children))
    return out


def _rewrites(options, src) -> list[tuple[str, bool, str]]:
    """The rewrites of one rule's options object: ``rewrite: (p) => p.replace(A, B)`` or
    ``pathRewrite: { A: B }``."""
    for entry in options.named_children:
        if entry.type != "pair":
            continue
        key, value = entry.child_by_field_name("key"), entry.child_by_field_name("value")
        name = src.text(key).strip("'\"") if key is not None else ""
        if name == "pathRewrite" and value is not None and value.type == "object":
            out = []
            for p in value.named_children:
                k, v = p.child_by_field_name("key"), p.child_by_field_name("value")
                if p.type == "pair" and k is not None and v is not None and \
                        k.type == "string" and v.type == "string":
                    out.append((_string(k, src), True, _string(v, src)))
            return out
        if name == "rewrite" and value is not None and value.type == "arrow_function":
            body = value.child_by_field_name("body")
            got = _replace_call(body, src)
            return [got] if got is not None else []
    return []


def _replace_call(node, src) -> tuple[str, bool, str] | None:
    """``path.replace(A, B)`` with ``A`` a string or regular expression literal and ``B``
    a string (an arrow's expression body, or its one ``return``)."""
    if node is not None and node.type == "statement_block":
        ret = [c for c in node.named_children if c.type == "return_statement"]
        node = ret[0].named_children[0] if len(ret) == 1 and ret[0].named_children else None
    if node is None or node.type != "call_expression":
        return None
    fn = node.child_by_field_name("function")
    args = node.child_by_field_name("arguments")
    if fn is None or fn.type != "member_expression" or args is None:
        return None
    prop = fn.child_by_field_name("property")
    a = [c for c in args.named_children if c.type != "comment"]
    if prop is None or src.text(prop) != "replace" or len(a) != 2 or a[1].type != "string":
        return None
    if a[0].type == "string":
        return _string(a[0], src), False, _string(a[1], src)
    if a[0].type == "regex":
        pattern = a[0].child_by_field_name("pattern")
        flags = a[0].child_by_field_name("flags")
        if pattern is None or (flags is not None and src.text(flags).strip("g")):
            return None
        return src.text(pattern), True, _string(a[1], src)
    return None
