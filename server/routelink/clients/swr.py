"""SWR: data hooks whose key is the URL.

Follows SWR 2.x (and 1.x where they differ):

- ``useSWR(key, fetcher?, options?)`` (default or ``{ useSWR }`` of ``swr``),
  ``useSWRImmutable`` (``swr/immutable``), ``preload(key, fetcher)`` (``swr``),
  ``useSWRInfinite(getKey, fetcher?, options?)`` (``swr/infinite``: the key is what
  ``getKey(pageIndex, previousPageData)`` returns) and ``useSWRMutation(key, fetcher)``
  (``swr/mutation``: ``fetcher(key, { arg })``, the method is the fetcher's).
- The key is the URL: a string or template; an array whose first element is the URL
  (``['/api/user', token]``); a function returning the key (``() => cond ? '/api/x' :
  null``, a ``getKey`` function); a conditional key (``cond ? url : null``, ``cond &&
  url``) whose other side is ``null`` / ``undefined`` / ``false`` means "no request" and
  adds nothing.
- The fetcher makes the request with the key. A fetcher that is a wrapper (its request's
  URL starts with its parameter: ``(url) => fetch(url).then(r => r.json())``,
  ``(...args) => fetch(...args)``) or a client member (``api.get``) gives the method, the
  client's base URL and any prefix it adds; SWR reports it where the hook is written
  (client ``swr``), never in the fetcher's body. A fetcher whose requests do not take the
  key (``() => api.get('/me')``) makes its own requests, reported where they are written:
  the hook is then no request (no double count). ``null`` as the fetcher (local state:
  ``useSWR('artifact', null, { fallbackData })``) is no request.
- No fetcher: the global fetcher of ``<SWRConfig value={{ fetcher }}>`` (in the same
  package first, any package else). A fetcher routelink cannot see (a package's, a
  parameter's) or none at all: a GET of the key when it looks like a URL (``/...``,
  ``http...``, a named base); ``useSWRMutation``'s method is then unknown.
- ``mutate(key)``, ``useSWRConfig().mutate``, ``cache.get(key)`` are cache operations,
  not requests.
"""

from __future__ import annotations

import re

from routelink.clients.base import ClientLibrary, record_site
from routelink.facts import Alt, Arg, CallExpr, Dyn, Lit, Obj, Ref

#: (module, export) -> hook kind
_HOOKS = {
    ("swr", "default"): "<swr>",
    ("swr", "useSWR"): "<swr>",
    ("swr", "preload"): "<swr>",
    ("swr/immutable", "default"): "<swr>",
    ("swr/immutable", "useSWRImmutable"): "<swr>",
    ("swr/infinite", "default"): "<infinite>",
    ("swr/infinite", "useSWRInfinite"): "<infinite>",
    ("swr/mutation", "default"): "<mutation>",
    ("swr/mutation", "useSWRMutation"): "<mutation>",
}
_PACKAGES = ("swr", "swr/immutable", "swr/infinite", "swr/mutation")
#: member of the SWRConfig client under which a global fetcher is recorded
GLOBAL_FETCHER = "<fetcher>"
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
#: a key no code contains, sent through a global fetcher to see what it makes of a key
_PROBE = "\u2063swr-key\u2063"
_FALSY = ("null", "undefined", "false")


class SWR(ClientLibrary):
    name = "swr"
    packages = _PACKAGES
    import_names = frozenset({name for _, name in _HOOKS} | {"SWRConfig"})
    request_members = frozenset({"<swr>", "<infinite>", "<mutation>"})
    callable = False
    #: ``<SWRConfig value={{ fetcher }}>`` is recorded as an assignment of this member path
    #: (a global fetcher appearing or going away re-resolves every file)
    base_assignments = (("value", "fetcher"),)
    keywords = (rb"\bswr\b|useSWR|SWRConfig",)

    def from_import(self, module, name):
        return (module, name) in _HOOKS or (module == "swr" and name == "SWRConfig")

    # ------------------------------------------------------------------ extraction

    def on_call(self, b, call, fn, args, scope):
        imported = b.imported_callee(fn, scope, _PACKAGES)
        kind = _HOOKS.get(imported) if imported is not None else None
        if kind is None:
            return False
        local = b.text(fn)
        key_node = b.unwrap(args[0]) if args else None
        fetcher_node = b.unwrap(args[1]) if len(args) > 1 else None
        if key_node is None or _is_falsy(b, key_node):
            return True
        key = self._key(b, key_node, scope)
        if fetcher_node is not None and _is_falsy(b, fetcher_node):
            return True  # local state: no fetcher, no request
        fetcher: object = None
        if fetcher_node is not None and b.is_function(fetcher_node):
            line, col = fetcher_node.start_point
            fkey = f"<fetcher@{line + 1}:{col + 1}>"
            before = len(b.calls)
            b.inline_function(fetcher_node, scope, fkey)
            # a fetcher that records no call is opaque; else the resolver decides
            fetcher = Ref(fkey) if len(b.calls) > before else Dyn("segment")
        elif fetcher_node is not None:
            fetcher = b.expr(fetcher_node, scope)
        options = b.expr(args[2], scope) if len(args) > 2 else None
        recorded = (key,) + ((fetcher,) if fetcher is not None else ()) + (
            (options,) if options is not None else ())
        if fetcher is None:
            recorded = (key, Lit(""))  # no fetcher written: the global one
        record_site(b, Ref(local, (kind,)), recorded, call, scope, url_node=key_node)
        return True

    def _key(self, b, node, scope):
        """The URL a key stands for, as an expression (see the module docstring)."""
        node = b.unwrap(node)
        if node.type == "array":
            # the URL and the fetcher's other arguments: `['/api/user', token]`
            elements = [c for c in node.named_children if c.type != "comment"]
            if not elements:
                return Dyn("rest")
            return Obj(tuple((str(j), self._key(b, c, scope) if j == 0 else b.expr(c, scope))
                             for j, c in enumerate(elements[:3])))
        if node.type == "binary_expression" and b.text(node.child_by_field_name("operator")) == "&&":
            return self._key(b, node.child_by_field_name("right"), scope)  # `cond && url`
        if node.type == "ternary_expression":
            sides = [node.child_by_field_name("consequence"), node.child_by_field_name("alternative")]
            keys = tuple(self._key(b, n, scope) for n in sides if n is not None and not _is_falsy(b, n))
            return keys[0] if len(keys) == 1 else Alt(keys) if keys else Dyn("rest")
        if b.is_function(node):
            returns = b.inline_function(node, scope, value=lambda n, s: self._key_value(b, n, s))
            keys = tuple(e for n, e in returns if not _is_falsy(b, n))
            return keys[0] if len(keys) == 1 else Alt(keys) if keys else Dyn("rest")
        return b.expr(node, scope)

    def _key_value(self, b, node, scope):
        node = b.unwrap(node)
        if node.type in ("array", "ternary_expression", "binary_expression"):
            return self._key(b, node, scope)
        return b.expr(node, scope)

    def on_jsx(self, b, element, scope):
        name = element.child_by_field_name("name")
        if name is None or name.type != "identifier":
            return
        local = b.text(name)
        if local not in b.imported_names("swr", "SWRConfig"):
            return
        for attr in element.named_children:
            if attr.type != "jsx_attribute":
                continue
            parts = attr.named_children
            if not parts or b.text(parts[0]) != "value" or len(parts) < 2:
                continue
            expr = next((c for c in parts[1].named_children), None) \
                if parts[1].type == "jsx_expression" else None
            obj = b.unwrap(expr) if expr is not None else None
            if obj is not None and obj.type == "identifier":
                obj = b.unwrap(b.value_nodes.get(b.text(obj)))
            fetcher = b.object_property(obj, "fetcher") if obj is not None and obj.type == "object" else None
            if fetcher is None and obj is not None and obj.type == "object":
                short = next((c for c in obj.named_children if c.type == "shorthand_property_identifier"
                              and b.text(c) == "fetcher"), None)
                fetcher = short
            if fetcher is None:
                continue
            fetcher = b.unwrap(fetcher)
            if b.is_function(fetcher):
                line, col = fetcher.start_point
                value = Ref(f"<fetcher@{line + 1}:{col + 1}>")
                b.inline_function(fetcher, scope, value.name)
            else:
                value = b.expr(fetcher, scope)
            record_site(b, Ref(local, (GLOBAL_FETCHER,)), (value,), fetcher, scope)
            b.add_assignment(Ref(local, ("value", "fetcher")), Lit(""), attr)

    # ------------------------------------------------------------------ resolution

    def requests(self, ev, client, member, args, ctx, is_new):
        if not args:
            return None
        key = args[0]
        if isinstance(key, (Ref, Arg)) and _is_function(ev.eval(key, ctx)):
            key = CallExpr(_as_ref(key), ())  # getKey(pageIndex, previousPageData)
        keys = _key_strings(ev, key, ctx)
        mutation = member == "<mutation>"
        fetcher = args[1] if len(args) > 1 else None
        if isinstance(fetcher, Lit) and fetcher.value == "":
            return self._global(ev, keys, mutation, ctx)
        if isinstance(fetcher, Obj):
            # useSWR(key, { fetcher, ... }): options in the fetcher's place
            fetcher = fetcher.get("fetcher")
            if fetcher is None:
                return self._global(ev, keys, mutation, ctx)
        if fetcher is not None and isinstance(fetcher, (Ref, Arg)):
            got = _through(ev, _as_ref(fetcher), key, mutation, ctx)
            if got is not None:
                return [ev.request(self.name, r.method, r.url, r.base, r.explicit_method)
                        for r in got] or None
        return self._default(ev, keys, mutation)

    def _global(self, ev, keys, mutation, ctx):
        """Through the global fetcher of ``<SWRConfig value={{ fetcher }}>``."""
        from routelink.resolve.evaluate import Ctx

        here = ev.package_of(ctx.file)
        sites = sorted(ev.callers_of(GLOBAL_FETCHER),
                       key=lambda s: (ev.package_of(s[0]) != here, s))
        for file, index in sites:
            facts = ev.facts_of(file)
            if facts is None or index >= len(facts.calls):
                continue
            site = facts.calls[index]
            if not site.args or site.callee.attrs[-1:] != (GLOBAL_FETCHER,):
                continue
            fctx = Ctx(file, () if site.function else None, depth=ctx.depth + 1)
            target = ev.lookup(Ref(site.callee.name), fctx)
            if getattr(target, "library", None) != self.name or not isinstance(site.args[0], (Ref, Arg)):
                continue
            probe = _through(ev, _as_ref(site.args[0]), Lit(_PROBE), mutation, fctx)
            if probe is None:
                continue
            out = []
            for r in probe:
                split = _split_probe(r.url)
                if split is None:
                    continue
                before, after = split
                for k in keys:
                    url = ev.literal(before.pieces + k.pieces + after)
                    url = type(k)(url.pieces, before.named_len if before.pieces else k.named_len,
                                  before.origin_unknown or (not before.pieces and k.origin_unknown))
                    out.append(ev.request(self.name, r.method, url, r.base, r.explicit_method))
            if out:
                return out
        return self._default(ev, keys, mutation)

    def _default(self, ev, keys, mutation):
        """No fetcher routelink can follow: a GET of each key that looks like a URL."""
        urls = [k for k in keys if _url_like(k)]
        if not urls:
            return None
        method = None if mutation else "GET"
        return [ev.request(self.name, method, k, None, False) for k in urls]


def _key_strings(ev, key, ctx):
    """The URLs a key expression stands for (an array key's first element)."""
    from routelink.resolve.evaluate import ObjectVal

    if isinstance(key, Obj):
        return ev.strings(key.get("0") or Dyn("rest"), ctx)
    if isinstance(key, Alt):
        out = []
        for option in key.options:
            out.extend(s for s in _key_strings(ev, option, ctx) if s not in out)
        return out[:8]
    if isinstance(key, (Ref, Arg, CallExpr)):
        value = ev.eval(key, ctx)
        if isinstance(value, ObjectVal):  # a key function or constant giving an array
            first = value.obj.get("0")
            return ev.strings(first, value.ctx) if first is not None else []
    return ev.strings(key, ctx)


def _fetcher_args(ev, target, key):
    """What SWR passes the fetcher: the key; an array key's elements as arguments
    (SWR 1's ``fetcher(...key)``), or the array itself to a fetcher that destructures
    its first parameter (SWR 2's ``([url, token]) => ...``)."""
    if isinstance(key, Alt):
        key = next((o for o in key.options if isinstance(o, Obj)), key)
    if not isinstance(key, Obj):
        return (key,)
    facts = ev.facts_of(target.file) if hasattr(target, "key") else None
    fn = next((f for f in facts.functions if f.key == target.key), None) if facts else None
    if fn is not None and fn.params and fn.params[0].startswith("<"):
        return (key,)
    return tuple(v for _, v in key.items)


def _through(ev, fetcher, key, mutation, ctx):
    """The requests ``fetcher(key)`` makes when the fetcher takes the key (a wrapper or a
    client); [] when it makes requests of its own (reported where written); None when
    routelink cannot follow it."""
    from routelink.resolve.evaluate import Client, ClientMember, Ctx, FuncRef

    target = ev.lookup(fetcher, ctx)
    args = _fetcher_args(ev, target, key)
    if mutation:
        args = args[:1] + (Obj((("arg", Dyn("segment")),)),)
    if isinstance(target, (Client, ClientMember)):
        return ev.requests(fetcher, args, ctx) or None
    if not isinstance(target, FuncRef):
        return None
    if ev.is_wrapper(target.file, target.key):
        return ev.requests(fetcher, args, ctx)
    # not a wrapper: does it make requests of its own?
    facts = ev.facts_of(target.file)
    if facts is None:
        return None
    span = dict(facts.symbols).get(target.key)
    fn = next((f for f in facts.functions if f.key == target.key), None)
    where = span or (fn.span if fn is not None else None)
    if where is None:
        return None
    for site in facts.calls:
        inside = (site.span.line, site.span.column) >= (where.line, where.column) and \
            (site.span.end_line, site.span.end_column) <= (where.end_line, where.end_column)
        if inside and ev.requests(site.callee, site.args,
                                  Ctx(target.file, () if site.function else None, depth=ctx.depth + 1)):
            return []
    return None


def _split_probe(url):
    """(what the fetcher puts before the key, pieces after it), or None."""
    for i, p in enumerate(url.pieces):
        if isinstance(p, str) and _PROBE in p:
            head, tail = p.split(_PROBE, 1)
            before = url.pieces[:i] + ((head,) if head else ())
            after = ((tail,) if tail else ()) + url.pieces[i + 1:]
            return type(url)(before, min(url.named_len, len(before)), url.origin_unknown), after
    return None


def _url_like(s) -> bool:
    """A key that reads as a URL: a path, an absolute URL, a named base, or a parameter
    of the enclosing function (its callers give the URL)."""
    if not s.pieces:
        return s.origin_unknown
    first = s.pieces[0]
    if isinstance(first, Dyn):
        return first.kind == "arg" or s.named
    return first.startswith("/") or bool(_SCHEME.match(first)) or s.named


def _as_ref(expr):
    if isinstance(expr, Arg):
        return Ref(f"#arg{expr.index}", expr.attrs)
    return expr


def _is_function(value) -> bool:
    from routelink.resolve.evaluate import FuncRef

    return isinstance(value, FuncRef)


def _is_falsy(b, node) -> bool:
    node = b.unwrap(node)
    return node is not None and (node.type in ("null", "false", "undefined")
                                 or (node.type == "identifier" and b.text(node) == "undefined"))


CLIENT = SWR()
