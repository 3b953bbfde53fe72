"""Dev-server proxies of Vite, Create React App, webpack-dev-server, Vue CLI and CRACO,
read from config text into :class:`~routelink.resolve.devproxy.ProxyRule`\\ s by frontend
folder. Config files are parsed with tree-sitter (JavaScript/TypeScript) or as JSON and
never executed; :func:`read_dev_servers` is what the index calls.

What each tool proxies (the rules of the versions named):

- **Vite** (4-6) ``vite.config.{ts,js,mjs,mts,cjs,cts}``: ``server.proxy`` of the exported
  config: ``export default defineConfig({...})``, a function of the mode
  (``defineConfig(({ mode }) => ({...}))``, ``defineConfig(() => { const env =
  loadEnv(mode, process.cwd()); return {...} })``), ``mergeConfig``, a ``const`` it names.
  A key is a path prefix, or, starting with ``^``, a regular expression (Vite's
  ``proxyMiddleware``); a string value is the target; an object gives ``target`` and
  ``rewrite``, a function of the path read statically: ``path.replace(/^\\/api/, '')``
  (a string pattern replaces its first occurrence, as ``String.replace`` does),
  ``replaceAll``, chained replaces, ``'/v1' + path``; anything else leaves the rewrite
  unknown (the rule says so). Only the dev server's proxy is read (``preview.proxy``
  is not);
- **Create React App** (react-scripts 5): ``"proxy": "http://localhost:5000"`` in the
  ``package.json`` of a package that uses ``react-scripts`` (also through CRACO or
  react-app-rewired) forwards every request that is not a static file and does not
  accept ``text/html`` (so no navigation), unchanged; ``src/setupProxy.js``:
  ``app.use('/api', createProxyMiddleware({ target, pathRewrite }))``,
  ``createProxyMiddleware('/api', {...})`` (http-proxy-middleware 1-2) and
  ``createProxyMiddleware({ pathFilter: '/api', target })`` (3), the legacy ``proxy(...)``.
  Its rules come before the ``package.json`` proxy, as react-scripts registers them
  first. With http-proxy-middleware 3 (the package's dependency), a path given to
  ``app.use`` is stripped before the proxy sees it, as Express strips a mount path;
- **UmiJS** (3-4, Ant Design Pro) ``config/proxy.ts``: the ``dev`` entry of the exported
  object (the proxies by ``UMI_ENV``; an object of rules without one is read whole),
  http-proxy-middleware options as webpack-dev-server's, for a package that depends on
  ``umi`` or ``@umijs/max``;
- **webpack-dev-server** (3-5) ``webpack.config.js``, ``webpack.dev.js``...,
  **Vue CLI** ``vue.config.js`` and **CRACO** ``craco.config.js``: ``devServer.proxy``,
  an object of contexts (a string value is the target), an array of options with
  ``context``, ``pathRewrite`` as an object or a function read like Vite's ``rewrite``;
  a string (Vue CLI) forwards every non-navigation request like CRA's ``proxy``. A
  config exported as a function of ``(env, argv)`` and ``merge(common, {...})``
  (webpack-merge) are read.

Values are evaluated statically: string literals, templates, ``const``\\ s of the file,
``process.env.X`` / ``loadEnv(...)`` members / ``import.meta.env.X`` with the index's env
values (``[env]`` of the configuration, then ``.env`` files; see
:meth:`routelink.index.incremental.WorkspaceIndex.env_source`), ``a || b`` and ``a ?? b``
(the first with a value). A target that cannot be evaluated is '' (the path is still
rewritten).

The frontend folder a config applies to: the folder of a Vite config (Vite's root);
for the others the folder of the nearest ``package.json`` at or above the config (a
webpack config in ``build/``), and for ``setupProxy.js`` the folder above ``src/``.
"""

from __future__ import annotations

import json
import logging
import posixpath
import re
from typing import Callable, Mapping

from routelink.resolve.devproxy import ProxyRule, proxy_target, rewrite_map
from routelink.resolve.modules import strip_jsonc

log = logging.getLogger(__name__)

#: Paths the dev servers answer themselves (their own middleware, before or instead of
#: any proxy to a backend): a request for one is no call of the app's backend.
#: Sources (the versions named in the module docstring):
#: Vite, https://github.com/vitejs/vite/blob/main/packages/vite/src/node/constants.ts
#: (``FS_PREFIX`` ``/@fs/``, ``VALID_ID_PREFIX`` ``/@id/``, ``CLIENT_PUBLIC_PATH``
#: ``/@vite/client``, ``ENV_PUBLIC_PATH`` ``/@vite/env``) and
#: https://github.com/vitejs/vite/blob/main/packages/vite/src/node/server/index.ts
#: (``middlewares.use('/__open-in-editor', launchEditorMiddleware())``, the ``/__vite_ping``
#: ping of Vite 2-4); webpack-dev-server,
#: https://github.com/webpack/webpack-dev-server/blob/master/lib/Server.js
#: (``/webpack-dev-server``, ``/webpack-dev-server/invalidate``,
#: ``/webpack-dev-server/open-editor``, the ``/__webpack_dev_server__/`` client bundle, the
#: ``/sockjs-node`` socket of version 3); webpack-hot-middleware's ``/__webpack_hmr``
#: (https://github.com/webpack-contrib/webpack-hot-middleware); Vue CLI's
#: ``/__open-in-editor`` (launch-editor-middleware, @vue/cli-service); Create React App's
#: react-dev-utils ``/__open-stack-frame-in-editor`` and ``/__get-internal-source``
#: (https://github.com/facebook/create-react-app/tree/main/packages/react-dev-utils).
#: An entry ending in ``/`` is a prefix; any other is a path and what is below it.
DEV_SERVER_ENDPOINTS = (
    "/@vite/", "/@fs/", "/@id/", "/__vite_ping", "/__open-in-editor",
    "/webpack-dev-server", "/__webpack_dev_server__/", "/sockjs-node", "/__webpack_hmr",
    "/__open-stack-frame-in-editor", "/__get-internal-source",
)


def dev_server_endpoint(path: str) -> str | None:
    """The entry of :data:`DEV_SERVER_ENDPOINTS` a call's path template falls under
    (``/__open-in-editor``, ``/@vite/client``), or None."""
    for entry in DEV_SERVER_ENDPOINTS:
        if entry.endswith("/"):
            if path.startswith(entry):
                return entry
        elif path == entry or path.startswith(entry + "/"):
            return entry
    return None


#: packages that run Create React App's dev server (``package.json`` ``proxy``)
_CRA_MARKERS = ("react-scripts", "@craco/craco", "react-app-rewired")

EnvLookup = Callable[[str, str], "str | None"]


def read_dev_servers(configs: Mapping[str, str], env: EnvLookup) -> dict[str, tuple[ProxyRule, ...]]:
    """The dev proxy rules of every Vite, CRA, webpack-dev-server, Vue CLI and CRACO
    config among ``configs`` (absolute path -> text), by frontend folder.

    ``env(path, name)`` gives the value of env var ``name`` seen from file ``path``, or
    None. Unreadable configs give no rules. Which files are read:
    :mod:`routelink.index.config_files` (``VITE_CONFIG``, ``WEBPACK_CONFIG``,
    ``SETUP_PROXY``, ``package.json``)."""
    from routelink.index.config_files import SETUP_PROXY, UMI_PROXY, VITE_CONFIG, WEBPACK_CONFIG

    packages = {posixpath.dirname(p) for p in configs if posixpath.basename(p) == "package.json"}
    found: dict[str, list[tuple[int, ProxyRule]]] = {}

    def add(folder: str, order: int, rules) -> None:
        for r in rules:
            found.setdefault(folder, []).append((order, r))

    for path in sorted(configs):
        name = posixpath.basename(path)
        folder = posixpath.dirname(path)
        try:
            if VITE_CONFIG.match(name):
                add(folder, 1, _vite(configs[path], path, env))
            elif WEBPACK_CONFIG.match(name):
                add(_package_folder(folder, packages), 1, _webpack(configs[path], path, env))
            elif name == SETUP_PROXY:
                app = posixpath.dirname(folder) if posixpath.basename(folder) == "src" else \
                    _package_folder(folder, packages)
                pkg = configs.get(posixpath.join(app, "package.json"))
                add(app, 0, _setup_proxy(configs[path], path, env, _hpm_major(pkg)))
            elif UMI_PROXY.search(path):
                app = _package_folder(posixpath.dirname(folder), packages)
                if _uses_umi(configs.get(posixpath.join(app, "package.json"))):
                    add(app, 1, _umi(configs[path], path, env))
            elif name == "package.json":
                add(folder, 2, _cra(configs[path], path))
        except RecursionError:  # a pathological config gives no rules
            continue
        except Exception:  # noqa: BLE001 - a config routelink misreads gives no rules
            log.exception("could not read the dev server config %s", path)
            continue
    out: dict[str, tuple[ProxyRule, ...]] = {}
    for folder, rules in found.items():
        seen: list[ProxyRule] = []
        for _, r in sorted(rules, key=lambda x: x[0]):
            if r not in seen:
                seen.append(r)
        out[folder] = tuple(seen)
    return out


def _package_folder(folder: str, packages: set[str]) -> str:
    d = folder
    while True:
        if d in packages:
            return d
        parent = posixpath.dirname(d)
        if parent == d:
            return folder
        d = parent


# ---------------------------------------------------------------------- per tool


def _vite(text: str, path: str, env: EnvLookup) -> list[ProxyRule]:
    r = _Reader(text, path, env)
    config = r.exported()
    server = config.get("server") if isinstance(config, dict) else None
    proxy = server.get("proxy") if isinstance(server, dict) else None
    out: list[ProxyRule] = []
    for context, options in (proxy.items() if isinstance(proxy, dict) else ()):
        if isinstance(options, str):
            out.append(ProxyRule(context, options, config=path))
        elif isinstance(options, dict):
            rewrite = options.get("rewrite")
            replaces = r.rewrite(rewrite) if rewrite is not None else ()
            out.append(ProxyRule(context, proxy_target(options.get("target")), config=path,
                                 replaces=replaces or (), rewrite_unknown=replaces is None))
    return out


def _webpack(text: str, path: str, env: EnvLookup) -> list[ProxyRule]:
    r = _Reader(text, path, env)
    config = r.exported()
    if isinstance(config, list):  # a multi-compiler config: the one with a dev server
        config = next((c for c in config if isinstance(c, dict) and "devServer" in c), None)
    server = config.get("devServer") if isinstance(config, dict) else None
    proxy = server.get("proxy") if isinstance(server, dict) else None
    if isinstance(proxy, str):  # Vue CLI: every request that is no navigation
        return [ProxyRule("/", proxy, config=path, navigations=False)]
    out: list[ProxyRule] = []
    if isinstance(proxy, dict):
        for context, options in proxy.items():
            if isinstance(options, str):
                out.append(ProxyRule(context, options, config=path))
            elif isinstance(options, dict):
                out.append(_hpm_rule(r, context, options, path))
    elif isinstance(proxy, list):
        for options in proxy:
            if not isinstance(options, dict):
                continue
            contexts = options.get("context")
            contexts = [contexts] if isinstance(contexts, str) else contexts
            for context in contexts if isinstance(contexts, list) else ():
                if isinstance(context, str):
                    out.append(_hpm_rule(r, context, options, path))
    return out


def _uses_umi(package_json: str | None) -> bool:
    """Whether a ``package.json`` depends on UmiJS (``umi``, ``@umijs/max``)."""
    try:
        data = json.loads(strip_jsonc(package_json or ""))
    except (ValueError, RecursionError):
        return False
    if not isinstance(data, dict):
        return False
    return any(isinstance(deps, dict) and ("umi" in deps or "@umijs/max" in deps)
               for deps in (data.get("dependencies"), data.get("devDependencies")))


def _umi(text: str, path: str, env: EnvLookup) -> list[ProxyRule]:
    """UmiJS 3-4 ``config/proxy.ts``: ``export default { dev: { '/api/': { target,
    changeOrigin, pathRewrite } }, test: {...} }`` keyed by ``UMI_ENV`` (the dev server's is
    ``dev``), or the rules themselves; http-proxy-middleware options, as webpack's."""
    r = _Reader(text, path, env)
    config = r.exported()
    if not isinstance(config, dict):
        return []
    proxy = config.get("dev") if isinstance(config.get("dev"), dict) else config
    out: list[ProxyRule] = []
    for context, options in proxy.items():
        if isinstance(options, str):
            out.append(ProxyRule(context, options, config=path))
        elif isinstance(options, dict) and "target" in options:
            out.append(_hpm_rule(r, context, options, path))
    return out


def _cra(text: str, path: str) -> list[ProxyRule]:
    try:
        data = json.loads(strip_jsonc(text))
    except (ValueError, RecursionError):
        return []
    if not isinstance(data, dict):
        return []
    proxy = data.get("proxy")
    if not (isinstance(proxy, str) and re.match(r"^https?://", proxy)):
        return []
    if not any(m in text for m in _CRA_MARKERS):
        return []
    return [ProxyRule("/", proxy, config=path, navigations=False)]


def _hpm_major(package_json: str | None) -> int:
    """The major version of http-proxy-middleware a package depends on (2, the one
    react-scripts 5 brings, when it names none)."""
    if not package_json:
        return 2
    try:
        data = json.loads(strip_jsonc(package_json))
    except (ValueError, RecursionError):
        return 2
    for key in ("dependencies", "devDependencies"):
        deps = data.get(key) if isinstance(data, dict) else None
        spec = deps.get("http-proxy-middleware") if isinstance(deps, dict) else None
        if isinstance(spec, str):
            m = re.search(r"\d+", spec)
            if m:
                return int(m.group(0))
    return 2


def _setup_proxy(text: str, path: str, env: EnvLookup, major: int) -> list[ProxyRule]:
    """``module.exports = function (app) { app.use(...) }`` of CRA's ``src/setupProxy.js``."""
    r = _Reader(text, path, env)
    fn = r.exported_node()
    if fn is None or fn.type not in _FUNCTIONS:
        return []
    params = _param_names(fn)
    if not params or not params[0]:
        return []
    app = params[0]
    out: list[ProxyRule] = []
    scope = r.function_scope(fn, r.scope)
    for call in _calls(fn):
        callee = call.child_by_field_name("function")
        if callee is None or callee.type != "member_expression":
            continue
        obj, prop = callee.child_by_field_name("object"), callee.child_by_field_name("property")
        if obj is None or prop is None or r.text(obj) != app or r.text(prop) != "use":
            continue
        args = _args(call)
        mount = None
        if len(args) >= 2:
            mount = r.value(args[0], scope)
            if isinstance(mount, str):
                mount = [mount]
            if not isinstance(mount, list):
                continue
        if not args:
            continue
        last = args[-1]
        if last.type == "identifier":  # `const apiProxy = createProxyMiddleware(...)`
            last = _declared(r, r.text(last), fn.child_by_field_name("body")) or \
                _declared(r, r.text(last), r.root) or last
        made = r.proxy_middleware(last, scope)
        if made is None:
            continue
        contexts, options = made
        if mount is not None:
            for m in mount:
                if not isinstance(m, str):
                    continue
                rule = _hpm_rule(r, m, options, path)
                if major >= 3:  # Express strips the mount path; v3 proxies req.url
                    strip = ("^" + re.escape(m.rstrip("/")), "", "")
                    if rule.rewrites and len(rule.rewrites) > 1:
                        rule = _replace(rule, rewrite_unknown=True)
                    else:
                        rule = _replace(rule, rewrites=(), replaces=(strip, *(
                            (p, s, "") for p, s in rule.rewrites), *rule.replaces))
                out.append(rule)
        else:
            for c in contexts or ["/"]:
                out.append(_hpm_rule(r, c, options, path))
    return out


def _declared(r: "_Reader", name: str, block):
    """The value node of ``const <name> = ...`` written directly in ``block``."""
    for st in block.named_children if block is not None else ():
        if st.type in ("lexical_declaration", "variable_declaration"):
            for d in st.named_children:
                n = d.child_by_field_name("name") if d.type == "variable_declarator" else None
                if n is not None and r.text(n) == name:
                    return d.child_by_field_name("value")
    return None


def _replace(rule: ProxyRule, **changes) -> ProxyRule:
    from dataclasses import replace

    return replace(rule, **changes)


def _hpm_rule(r: "_Reader", context: str, options: dict, path: str) -> ProxyRule:
    """An http-proxy-middleware options object as a rule (``target``, ``pathRewrite``)."""
    rewrite = options.get("pathRewrite")
    rewrites: tuple[tuple[str, str], ...] = ()
    replaces: tuple = ()
    unknown = False
    if isinstance(rewrite, dict):
        rewrites, unknown = rewrite_map(rewrite)
    elif isinstance(rewrite, _Fn):
        got = r.rewrite(rewrite)
        if got is None:
            unknown = True
        else:
            replaces = got
    elif rewrite is not None:
        unknown = True
    return ProxyRule(context, proxy_target(options.get("target")), rewrites, unknown, path,
                     replaces=replaces)


# ---------------------------------------------------------------------- static reading

_FUNCTIONS = ("arrow_function", "function_expression", "function", "function_declaration",
              "generator_function", "generator_function_declaration")
_WRAPPERS = ("parenthesized_expression", "as_expression", "satisfies_expression",
             "non_null_expression", "type_assertion", "await_expression")
#: calls whose value is their (merged) object arguments
_MERGES = ("defineConfig", "mergeConfig", "merge", "webpackMerge", "smart", "assign",
           "defineNuxtConfig")


class _Fn:
    """A function value: its node and the scope it closes over."""

    __slots__ = ("node", "scope")

    def __init__(self, node, scope) -> None:
        self.node = node
        self.scope = scope


class _Env:
    """``process.env``, ``import.meta.env`` or what ``loadEnv(...)`` returns."""


_ENV = _Env()


class _Scope:
    """Names bound in a program or function body: name -> thunk giving the value."""

    __slots__ = ("names", "parent")

    def __init__(self, parent: "_Scope | None") -> None:
        self.names: dict[str, Callable[[], object]] = {}
        self.parent = parent

    def get(self, name: str):
        s: _Scope | None = self
        while s is not None:
            if name in s.names:
                return s.names[name]
            s = s.parent
        return None


class _Reader:
    """One JS/TS config file read statically: values of its expressions as Python
    values (str, bool, dict, list, :class:`_Fn`, :data:`_ENV`; None when unknown)."""

    def __init__(self, text: str, path: str, env: EnvLookup) -> None:
        from routelink.syntax import ParseTimeout, parse

        self.src = text.encode("utf-8", "replace")
        lang = "typescript" if path.endswith((".ts", ".mts", ".cts")) else "javascript"
        try:
            self.root = parse(self.src, lang).root_node
        except ParseTimeout:  # read as an empty config (bounded work)
            self.src = b""
            self.root = parse(self.src, lang).root_node
        self.path = path
        self.env = env
        self.depth = 0
        self.scope = _Scope(None)
        self._bind_block(self.root, self.scope)

    def text(self, node) -> str:
        return self.src[node.start_byte:node.end_byte].decode("utf-8", "replace")

    # -- module structure

    def exported_node(self):
        """The node of the module's export: ``export default X``, ``module.exports = X``
        (an identifier is followed to its declaration)."""
        found = None
        for st in self.root.named_children:
            if st.type == "export_statement":
                value = st.child_by_field_name("value")
                decl = st.child_by_field_name("declaration")
                if value is not None and any(c.type == "default" for c in st.children):
                    found = value
                elif decl is not None and decl.type in _FUNCTIONS and any(
                        c.type == "default" for c in st.children):
                    found = decl
            elif st.type == "expression_statement" and st.named_children:
                e = st.named_children[0]
                if e.type == "assignment_expression":
                    left = e.child_by_field_name("left")
                    if left is not None and self.text(left) in ("module.exports", "exports.default"):
                        found = e.child_by_field_name("right")
        while found is not None and found.type in _WRAPPERS and found.named_children:
            found = found.named_children[0]
        if found is not None and found.type == "identifier":
            decl = self._declaration(self.text(found))
            if decl is not None:
                found = decl
        return found

    def exported(self):
        """The value the module exports; a function (``defineConfig(({ mode }) => ...)``,
        webpack's ``(env, argv) => ...``) is called with unknown arguments."""
        node = self.exported_node()
        if node is None:
            return None
        value = self.value(node, self.scope)
        if isinstance(value, _Fn):
            value = self.call(value, [])
        return value

    def _declaration(self, name: str):
        for st in self.root.named_children:
            node = st.child_by_field_name("declaration") if st.type == "export_statement" else st
            if node is None:
                continue
            if node.type in ("function_declaration",):
                n = node.child_by_field_name("name")
                if n is not None and self.text(n) == name:
                    return node
            if node.type in ("lexical_declaration", "variable_declaration"):
                for d in node.named_children:
                    n = d.child_by_field_name("name") if d.type == "variable_declarator" else None
                    if n is not None and self.text(n) == name:
                        return d.child_by_field_name("value")
        return None

    def _bind_block(self, block, scope: _Scope) -> None:
        """Bind the declarations written directly in a program or statement block."""
        for st in block.named_children:
            node = st
            if st.type == "export_statement":
                node = st.child_by_field_name("declaration")
                if node is None:
                    continue
            if node.type in ("lexical_declaration", "variable_declaration"):
                for d in node.named_children:
                    if d.type != "variable_declarator":
                        continue
                    name, value = d.child_by_field_name("name"), d.child_by_field_name("value")
                    if name is None or value is None:
                        continue
                    self._bind_pattern(name, lambda v=value: self.value(v, scope), scope)
            elif node.type in ("function_declaration", "generator_function_declaration"):
                n = node.child_by_field_name("name")
                if n is not None:
                    scope.names[self.text(n)] = lambda f=node: _Fn(f, scope)

    def _bind_pattern(self, pattern, thunk, scope: _Scope) -> None:
        if pattern.type == "identifier":
            scope.names[self.text(pattern)] = thunk
        elif pattern.type == "object_pattern":
            for c in pattern.named_children:
                if c.type == "shorthand_property_identifier_pattern":
                    key = self.text(c)
                    scope.names[key] = lambda k=key: self.member(thunk(), k)
                elif c.type == "pair_pattern":
                    k, v = c.child_by_field_name("key"), c.child_by_field_name("value")
                    if k is not None and v is not None:
                        key = self._key(k, scope)
                        if isinstance(key, str):
                            self._bind_pattern(v, lambda k=key: self.member(thunk(), k), scope)
                elif c.type == "object_assignment_pattern":
                    left, right = c.child_by_field_name("left"), c.child_by_field_name("right")
                    if left is not None and left.type == "shorthand_property_identifier_pattern":
                        key = self.text(left)
                        scope.names[key] = lambda k=key, d=right: _first(
                            self.member(thunk(), k), lambda: self.value(d, scope))

    def function_scope(self, fn, parent: _Scope, args: list | None = None) -> _Scope:
        """The scope of a function's body: its parameters bound to ``args`` (thunks; the
        rest unknown, or their defaults) and the declarations of its body."""
        scope = _Scope(parent)
        params = fn.child_by_field_name("parameters") or fn.child_by_field_name("parameter")
        plist = [params] if params is not None and params.type == "identifier" else (
            params.named_children if params is not None else [])
        for i, p in enumerate(plist):
            thunk = (args[i] if args and i < len(args) else (lambda: None))
            if p.type in ("required_parameter", "optional_parameter"):
                p = p.child_by_field_name("pattern") or p
            if p.type == "assignment_pattern":
                left, right = p.child_by_field_name("left"), p.child_by_field_name("right")
                if left is None:
                    continue
                p, thunk = left, (lambda t=thunk, d=right: _first(t(), lambda: self.value(d, parent)))
            self._bind_pattern(p, thunk, scope)
        body = fn.child_by_field_name("body")
        if body is not None and body.type == "statement_block":
            self._bind_block(body, scope)
        return scope

    def call(self, fn: _Fn, args: list):
        """What calling function ``fn`` returns: its expression body, or the value of the
        first ``return`` written directly in its body."""
        if self.depth > 30:
            return None
        self.depth += 1
        try:
            scope = self.function_scope(fn.node, fn.scope, args)
            body = fn.node.child_by_field_name("body")
            if body is None:
                return None
            if body.type != "statement_block":
                return self.value(body, scope)
            for st in body.named_children:
                if st.type == "return_statement":
                    return self.value(st.named_children[0], scope) if st.named_children else None
            return None
        finally:
            self.depth -= 1

    # -- values

    def value(self, node, scope: _Scope):
        if node is None or self.depth > 60:
            return None
        self.depth += 1
        try:
            return self._value(node, scope)
        finally:
            self.depth -= 1

    def _value(self, node, scope: _Scope):
        t = node.type
        if t in _WRAPPERS:
            return self.value(node.named_children[0], scope) if node.named_children else None
        if t == "string":
            return _string(self.text(node))
        if t == "template_string":
            return self._template(node, scope)
        if t == "number":
            return self.text(node)
        if t in ("true", "false"):
            return t == "true"
        if t in _FUNCTIONS:
            return _Fn(node, scope)
        if t == "identifier":
            thunk = scope.get(self.text(node))
            return thunk() if thunk is not None else None
        if t == "object":
            return self._object(node, scope)
        if t == "array":
            out = []
            for c in node.named_children:
                if c.type == "spread_element" and c.named_children:
                    v = self.value(c.named_children[0], scope)
                    if isinstance(v, list):
                        out.extend(v)
                else:
                    out.append(self.value(c, scope))
            return out
        if t in ("member_expression", "subscript_expression"):
            obj = node.child_by_field_name("object")
            if obj is not None and self.text(obj) in ("process.env", "import.meta.env"):
                return self.member(_ENV, self._property(node, scope))
            if self.text(node) in ("process.env", "import.meta.env"):
                return _ENV
            return self.member(self.value(obj, scope), self._property(node, scope))
        if t == "binary_expression":
            op = node.child_by_field_name("operator")
            op = self.text(op) if op is not None else ""
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if op in ("||", "??"):
                return _first(self.value(left, scope), lambda: self.value(right, scope))
            if op == "+":
                a, b = self.value(left, scope), self.value(right, scope)
                return a + b if isinstance(a, str) and isinstance(b, str) else None
            return None
        if t == "call_expression":
            return self._call_value(node, scope)
        return None

    def _property(self, node, scope: _Scope):
        if node.type == "member_expression":
            prop = node.child_by_field_name("property")
            return self.text(prop) if prop is not None else None
        index = node.child_by_field_name("index")
        key = self.value(index, scope) if index is not None else None
        return key if isinstance(key, str) else None

    def member(self, obj, key):
        if not isinstance(key, str):
            return None
        if obj is _ENV:
            return self.env(self.path, key)
        if isinstance(obj, dict):
            return obj.get(key)
        return None

    def _key(self, k, scope: _Scope):
        if k.type in ("property_identifier", "shorthand_property_identifier", "identifier"):
            return self.text(k)
        if k.type == "string":
            return _string(self.text(k))
        if k.type == "number":
            return self.text(k)
        if k.type == "computed_property_name" and k.named_children:
            v = self.value(k.named_children[0], scope)
            return v if isinstance(v, str) else None
        return None

    def _object(self, node, scope: _Scope) -> dict:
        out: dict = {}
        for c in node.named_children:
            if c.type == "pair":
                k = c.child_by_field_name("key")
                key = self._key(k, scope) if k is not None else None
                if isinstance(key, str):
                    out[key] = self.value(c.child_by_field_name("value"), scope)
            elif c.type == "method_definition":
                k = c.child_by_field_name("name")
                if k is not None:
                    out[self.text(k)] = _Fn(c, scope)
            elif c.type == "shorthand_property_identifier":
                thunk = scope.get(self.text(c))
                out[self.text(c)] = thunk() if thunk is not None else None
            elif c.type == "spread_element" and c.named_children:
                v = self.value(c.named_children[0], scope)
                if isinstance(v, dict):
                    out.update(v)
        return out

    def _template(self, node, scope: _Scope):
        out = []
        pos = node.start_byte + 1
        for c in node.named_children:
            if c.type != "template_substitution":
                continue
            out.append(self.src[pos:c.start_byte].decode("utf-8", "replace"))
            v = self.value(c.named_children[0], scope) if c.named_children else None
            if not isinstance(v, str):
                return None
            out.append(v)
            pos = c.end_byte
        out.append(self.src[pos:node.end_byte - 1].decode("utf-8", "replace"))
        return "".join(out)

    def _call_value(self, node, scope: _Scope):
        fn = node.child_by_field_name("function")
        args = _args(node)
        if fn is None:
            return None
        name = self.text(fn).rsplit(".", 1)[-1]
        if name == "loadEnv":
            return _ENV
        if name in ("Number", "parseInt", "String", "parseFloat"):
            return self.value(args[0], scope) if args else None
        if name in _MERGES:
            values = [self.value(a, scope) for a in args]
            if len(values) == 1 and isinstance(values[0], _Fn):
                return self.call(values[0], [])
            merged: dict | None = None
            for v in values:
                if isinstance(v, _Fn):
                    v = self.call(v, [])
                if isinstance(v, dict):
                    merged = _deep_merge(merged or {}, v)
            return merged
        callee = self.value(fn, scope) if fn.type == "identifier" else None
        if isinstance(callee, _Fn):
            return self.call(callee, [lambda a=a: self.value(a, scope) for a in args])
        return None

    # -- functions the tools call

    def rewrite(self, fn) -> tuple[tuple[str, str, str], ...] | None:
        """A path rewrite function as ``String.replace`` steps (see
        :attr:`ProxyRule.replaces`), or None when it is not one routelink can read."""
        if not isinstance(fn, _Fn):
            return None
        params = _param_names(fn.node)
        if not params or not params[0]:
            return None
        body = fn.node.child_by_field_name("body")
        if body is not None and body.type == "statement_block":
            stmts = [s for s in body.named_children if s.type != "comment"]
            if len(stmts) != 1 or stmts[0].type != "return_statement" or not stmts[0].named_children:
                return None
            body = stmts[0].named_children[0]
        return self._replaces(body, params[0], fn.scope)

    def _replaces(self, node, param: str, scope: _Scope):
        steps: list[tuple[str, str, str]] = []
        while node is not None:
            while node.type == "parenthesized_expression" and node.named_children:
                node = node.named_children[0]
            if node.type == "identifier":
                return tuple(reversed(steps)) if self.text(node) == param else None
            if node.type == "binary_expression":  # '/v1' + path
                op = node.child_by_field_name("operator")
                left = self.value(node.child_by_field_name("left"), scope)
                if op is None or self.text(op) != "+" or not isinstance(left, str):
                    return None
                steps.append(("^", left.replace("$", "$$"), ""))
                node = node.child_by_field_name("right")
                continue
            if node.type == "template_string":  # `/v1${path}`
                subs = [c for c in node.named_children if c.type == "template_substitution"]
                if len(subs) != 1 or subs[0].end_byte != node.end_byte - 1:
                    return None
                head = self.src[node.start_byte + 1:subs[0].start_byte].decode("utf-8", "replace")
                steps.append(("^", head.replace("$", "$$"), ""))
                node = subs[0].named_children[0] if subs[0].named_children else None
                continue
            if node.type != "call_expression":
                return None
            callee = node.child_by_field_name("function")
            if callee is None or callee.type != "member_expression":
                return None
            prop = callee.child_by_field_name("property")
            method = self.text(prop) if prop is not None else ""
            args = _args(node)
            if method not in ("replace", "replaceAll") or len(args) != 2:
                return None
            pattern = self._pattern(args[0], scope)
            replacement = self.value(args[1], scope)
            if pattern is None or not isinstance(replacement, str):
                return None
            source, flags = pattern
            if method == "replaceAll" and "g" not in flags:
                flags += "g"
            steps.append((source, replacement, flags))
            node = callee.child_by_field_name("object")
        return None

    def _pattern(self, node, scope: _Scope) -> tuple[str, str] | None:
        if node.type == "regex":
            pattern = node.child_by_field_name("pattern")
            flags = node.child_by_field_name("flags")
            return (self.text(pattern) if pattern is not None else "",
                    self.text(flags) if flags is not None else "")
        if node.type == "new_expression":
            ctor = node.child_by_field_name("constructor")
            if ctor is None or self.text(ctor) != "RegExp":
                return None
            args = _args(node)
            src = self.value(args[0], scope) if args else None
            flags = self.value(args[1], scope) if len(args) > 1 else ""
            return (src, flags) if isinstance(src, str) and isinstance(flags, str) else None
        value = self.value(node, scope)
        return (re.escape(value), "") if isinstance(value, str) else None

    def proxy_middleware(self, node, scope: _Scope):
        """``createProxyMiddleware(...)`` (or the legacy ``proxy(...)``): (contexts or
        None, options), or None when ``node`` is none or cannot be read."""
        while node is not None and node.type in _WRAPPERS and node.named_children:
            node = node.named_children[0]
        if node is None or node.type != "call_expression":
            return None
        fn = node.child_by_field_name("function")
        name = self.text(fn).rsplit(".", 1)[-1] if fn is not None else ""
        if name not in ("createProxyMiddleware", "legacyCreateProxyMiddleware", "proxy",
                        "createProxy"):
            return None
        args = [self.value(a, scope) for a in _args(node)]
        options = next((a for a in args if isinstance(a, dict)), None)
        if options is None:
            return None
        contexts = args[0] if args and not isinstance(args[0], dict) else options.get("pathFilter")
        if isinstance(contexts, str):
            contexts = [contexts]
        if contexts is not None and not (isinstance(contexts, list) and all(
                isinstance(c, str) for c in contexts)):
            return None  # a filter function: which paths it proxies is unknown
        return contexts, options


def _first(value, otherwise: Callable[[], object]):
    """``value || otherwise()``: the first with a value."""
    return value if value not in (None, "", False) else otherwise()


def _deep_merge(a: dict, b: dict) -> dict:
    out = dict(a)
    for k, v in b.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _deep_merge(out[k], v)
        elif isinstance(v, list) and isinstance(out.get(k), list):
            out[k] = out[k] + v
        else:
            out[k] = v
    return out


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0"}


def _string(text: str) -> str:
    """A JS string literal's value (simple escapes)."""
    body = text[1:-1] if len(text) >= 2 else ""
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


def _args(call) -> list:
    args = call.child_by_field_name("arguments")
    return [a for a in args.named_children if a.type != "comment"] if args is not None else []


def _param_names(fn) -> list[str]:
    params = fn.child_by_field_name("parameters") or fn.child_by_field_name("parameter")
    if params is None:
        return []
    if params.type == "identifier":
        return [params.text.decode("utf-8", "replace")]
    out = []
    for p in params.named_children:
        if p.type in ("required_parameter", "optional_parameter"):
            p = p.child_by_field_name("pattern") or p
        out.append(p.text.decode("utf-8", "replace") if p.type == "identifier" else "")
    return out


def _calls(fn):
    """Every call expression in a function's body, nested ones included."""
    body = fn.child_by_field_name("body")
    stack = [body] if body is not None else []
    while stack:
        n = stack.pop()
        if n.type == "call_expression":
            yield n
        stack.extend(reversed(n.named_children))
