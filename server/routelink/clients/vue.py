"""Vue's global properties: values an app gives every component instance.

No client of its own: a Vue app makes a client (or a wrapper function, or an API
object) a member of every component with an assignment anywhere in the workspace, and
components call it through ``this`` or their instance:

- Vue 3: ``app.config.globalProperties.$http = axios.create({ baseURL })`` (any object's
  ``config.globalProperties``: ``createApp(App)``'s, a plugin's ``install(app)``
  parameter);
- Vue 2: ``Vue.prototype.$api = api`` (``Vue`` imported from ``vue``, the global ``Vue``
  of a page that loads it, or the ``Vue`` parameter of a plugin's ``install(Vue)``);

read as ``this.$http.get(url)`` (Options API, mixins, class components),
``proxy.$http.get(url)`` after ``const { proxy } = getCurrentInstance()``,
``getCurrentInstance().appContext.config.globalProperties.$http``. Plugins that set
global properties record them the same way (vue-axios: the axios module).

The extractor records each such assignment as an :class:`~routelink.facts.Assignment`
to ``Ref(GLOBAL_PROPERTY, (name,))`` (:func:`on_assignment`); the index collects them
per frontend (``WorkspaceIndex._compute_global_properties``); the evaluator's
``AppInstance`` value (``this`` outside a class, ``getCurrentInstance()``) has them as
members. Follows Vue 2.7 and 3.5.
"""

from __future__ import annotations

from routelink.clients.base import GLOBAL_PROPERTY, ClientLibrary
from routelink.facts import Ref

_PACKAGE = "vue"
#: the member paths of any object whose members are global properties (Vue 3)
_GLOBALS_PATH = ("config", "globalProperties")
#: Vue 2's constructor, as a global or the parameter of a plugin's ``install(Vue)``
_CONSTRUCTORS = ("Vue", "_Vue")


class VueGlobals(ClientLibrary):
    """Vue 2/3 global properties (``app.config.globalProperties.x = v``,
    ``Vue.prototype.x = v``): records the assignments the evaluator gives
    ``this.x``/``proxy.x`` of components (see the module docstring)."""

    name = "vue-globals"
    import_names = frozenset()
    callable = False
    instance_imports = frozenset({(_PACKAGE, "getCurrentInstance")})
    instance_members = frozenset({"proxy", "appContext", *_GLOBALS_PATH})
    keywords = (rb"globalProperties|\.prototype\.\$?\w+\s*=|getCurrentInstance",)

    def on_assignment(self, b, node, scope):
        """``app.config.globalProperties.$http = http``, ``Vue.prototype.$api = api``:
        recorded as an assignment of global property ``$http``/``$api``."""
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        ref = b.ref_of(left) if left is not None else None
        if ref is None or right is None or len(ref.attrs) < 2:
            return False
        name = ref.attrs[-1]
        path = ref.attrs[:-1]
        if path[-2:] == _GLOBALS_PATH or (path == ("prototype",) and self._is_vue(b, ref.name, scope)):
            b.add_assignment(Ref(GLOBAL_PROPERTY, (name,)), b.expr(b.unwrap(right), scope), node)
        return False

    @staticmethod
    def _is_vue(b, name: str, scope) -> bool:
        """Whether ``name`` is Vue 2's constructor: imported from ``vue``, or a free
        name or a parameter called so."""
        imp = b.import_of(name)
        if imp is not None:
            return imp.module == _PACKAGE
        return name in _CONSTRUCTORS


CLIENT = VueGlobals()
