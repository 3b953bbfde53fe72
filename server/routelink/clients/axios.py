"""axios (and redaxios): the default client, instances from ``axios.create``, and the
global default ``axios.defaults.baseURL``.

Follows axios 1.x: ``axios(config)``, ``axios(url, config)``, ``axios.request(config)``,
``axios.get/delete/head/options(url, config)``, ``axios.post/put/patch(url, data,
config)`` and the ``*Form`` variants; a config's ``baseURL`` (also ``baseUrl``) is
prepended to a relative URL; ``axios.create(config)`` makes an instance with that base;
vue-axios and Nuxt expose the default client as ``Vue.axios``/``this.$axios``, also
destructured or aliased (``const { $axios } = useContext()``, ``asyncData({ $axios })``,
``const ax = ctx.$axios``); @nuxtjs/axios 5 adds the helpers ``$get``/``$post``/...
(``this.$axios.$get(url)``: the same request, returning its data).
"""

from __future__ import annotations

from dataclasses import replace

from routelink.clients.base import GLOBAL_PROPERTY, ClientLibrary
from routelink.facts import Arg, Dyn, Obj, Ref

_DATA_MEMBERS = frozenset({"post", "put", "patch", "postForm", "putForm", "patchForm",
                           "$post", "$put", "$patch"})
#: @nuxtjs/axios 5 helpers that return the response's data (``this.$axios.$get(url)``)
_HELPERS = frozenset({"$get", "$post", "$put", "$patch", "$delete", "$head", "$options",
                      "$request"})


#: vue-axios: the plugin's package and the Vue global properties it sets (vue-axios 3)
_VUE_AXIOS = "vue-axios"
_VUE_AXIOS_NAMES = ("axios", "$http")


class Axios(ClientLibrary):
    name = "axios"
    packages = ("axios", "redaxios")
    import_names = frozenset({"default", "*", "axios"})
    globals = ("axios",)
    member_markers = ("axios", "$axios")
    request_members = frozenset({"get", "post", "put", "patch", "delete", "head", "options",
                                 "request", "postForm", "putForm", "patchForm"}) | _HELPERS
    factory_members = frozenset({"create"})
    base_assignments = (("defaults", "baseURL"),)
    keywords = (rb"axios|baseURL",)

    def on_call(self, b, call, fn, args, scope):
        """vue-axios 3 (``Vue.use(VueAxios, axios)``, ``app.use(VueAxios, axios)``):
        the Vue global properties ``axios`` and ``$http`` are that client (see
        :mod:`routelink.clients.vue`); with an object (``app.use(VueAxios, { $api: api
        })``) each key is one. Never records a request."""
        if fn is None or fn.type != "member_expression" or len(args) != 2:
            return False
        prop = fn.child_by_field_name("property")
        plugin = b.unwrap(args[0])
        if prop is None or b.text(prop) != "use" or plugin is None or plugin.type != "identifier":
            return False
        imp = b.import_of(b.text(plugin))
        if imp is None or imp.module != _VUE_AXIOS:
            return False
        value = b.unwrap(args[1])
        if value is not None and value.type == "object":
            for key, expr in b.expr(value, scope).items:
                b.add_assignment(Ref(GLOBAL_PROPERTY, (key,)), expr, call)
        elif value is not None:
            client = b.expr(value, scope)
            for name in _VUE_AXIOS_NAMES:
                b.add_assignment(Ref(GLOBAL_PROPERTY, (name,)), client, call)
        return False

    def create(self, ev, parent, member, args, ctx):
        if member != "create" or parent.instance:
            return None
        config = ev.eval(args[0], ctx) if args else None
        base = ev.option_strings(config, ("baseURL", "baseUrl"))
        return ev.client(self.name, base or parent.base, instance=True)

    def requests(self, ev, client, member, args, ctx, is_new):
        base = client.base
        if member in _HELPERS:
            member = member[1:]  # `$get` is `get`, returning the data
        if member is None or member == "request":
            # axios(config) | axios(url, config) | axios.request(config)
            if not args:
                return []
            first = ev.eval(args[0], ctx) if isinstance(args[0], (Obj, Ref, Arg)) else None
            config = ev.object_value(first)
            if config is not None:
                found = config_value(ev, config, "url")
                if found is None:
                    return []
                url, uctx = found
                method, explicit = ev.method_from_options(args[0], ctx)
                base = ev.option_strings(first, ("baseURL",)) or base
                return [ev.request(self.name, method, u, base, explicit)
                        for u in ev.strings(url, uctx)]
            if len(args) == 1 and ev.wholly_unknown(args[0], ctx):
                # `return api(originalRequest)` with `error.config` in a response
                # interceptor: a request replayed from a config made elsewhere; its URL is
                # not one path segment of the base, it is not known at all
                what = "request config or URL" if member is None else "request config"
                return [replace(ev.request(self.name, None, ev.literal((Dyn("rest"),)), base, False),
                                unknown=f"it is a {what} made elsewhere (a retry of an earlier "
                                        "request, as in a response interceptor?)")]
            url_expr = args[0]
            config_expr = args[1] if len(args) > 1 else None
            method, explicit = ev.method_from_options(config_expr, ctx)
        else:
            if not args:
                return []
            url_expr = args[0]
            idx = 2 if member in _DATA_MEMBERS else 1
            config_expr = args[idx] if len(args) > idx else None
            method, explicit = member.replace("Form", "").upper(), True
        if config_expr is not None:
            base = ev.option_strings(ev.eval(config_expr, ctx), ("baseURL",)) or base
        return [ev.request(self.name, method, u, base, explicit) for u in ev.strings(url_expr, ctx)]


def config_value(ev, config, key: str, depth: int = 0):
    """(expression, ctx) of ``key`` in a request config object, also from what it spreads
    (``{ ...config, ...options, cancelToken }`` in orval's ``customInstance(config)``: a
    spread parameter supplies the key, so the function is a wrapper), or None."""
    got = config.obj.get(key)
    if got is not None:
        return got, config.ctx
    if depth > 4:
        return None
    for spread in config.obj.spreads:
        inner = ev.object_value(ev.eval(spread, config.ctx))
        if inner is not None:
            found = config_value(ev, inner, key, depth + 1)
            if found is not None:
                return found
        elif isinstance(spread, Arg) and not spread.attrs:
            return Arg(spread.index, spread.default, (key,)), config.ctx
    return None


CLIENT = Axios()
