"""Django URLconfs (``path``/``re_path``/``url``/``include``) and class/function views.

Follows the Django 5 URL dispatcher:

- A module's ``urlpatterns`` (built by ``=``, ``+=``, ``+``, ``.append``/``.extend``/
  ``.insert``, functions returning patterns such as ``i18n_patterns``, also inside ``if
  settings.DEBUG:``) is a router with key ``"urlpatterns"``, ``root_candidate=True``.
  Any other list of ``path()`` entries bound to a name is a router under that name (it is
  mounted where it is included). The settings' ``ROOT_URLCONF`` names the root
  (:meth:`Django.explicit_roots`); when it is unknown, every ``urlpatterns`` nothing
  includes is one.
- ``path(route, view)`` (syntax ``"path"``: converters ``<int:pk>`` -> ``{pk}``,
  ``<path:p>`` -> ``{p*}``), ``re_path(regex, view)`` and the old ``url(regex, view)``
  (syntax ``"regex"``: named groups -> ``{name}``, an optional trailing ``/?`` accepts
  both slash forms). Paths get a leading ``/``: ``"users/<int:pk>/"`` ->
  ``"/users/{pk}/"``. A regex without ``$`` is searched, so it also serves its path
  followed by more (its path with a trailing slash is accepted: policy ``ignore``).
- Views: ``include("app.urls")`` / ``include(("app.urls", "ns"))`` / ``include(module)``
  / ``include(router.urls)`` / ``include([...])`` / ``x.urls`` -> mounts (a URLconf
  outside the workspace, ``include("rest_framework.urls")``, serves an unresolved
  ``ANY <prefix>/{?}``: :meth:`Django.opaque_mount`); ``View.as_view()``
  -> ``django-view`` view routes (``as_view({"get": "list"})`` binds methods to
  actions); a function -> ``django-function`` view routes (methods from its decorators,
  ``@require_http_methods``, ``@require_GET``/``POST``/``safe``, else ``ANY``); wrappers
  such as ``csrf_exempt(view)`` / ``cache_page(60)(view)`` are looked through.
- Patterns are tried in order and the first whose *path* matches answers, whatever the
  method (``dispatch = "path"``, ``ordering = "app"``); ``CommonMiddleware`` with
  ``APPEND_SLASH`` redirects a GET/HEAD without the trailing slash (a POST fails):
  policy ``append-get``, ``strict`` when ``APPEND_SLASH = False``.
- Class views (:meth:`Django.expand_view`): the HTTP method handlers the class and its
  workspace bases define plus those of known generic views (``TemplateView`` GET,
  ``CreateView`` GET+POST, ``DeleteView`` GET+POST+DELETE, ``RedirectView`` every method,
  any framework's generic views through the registry); ``http_method_names`` filters; a
  class routelink cannot see, or one whose handlers all come from a third-party base
  (``class Upload(ChunkedUploadView)``), serves ``ANY``. A view another framework owns (its
  :meth:`~routelink.frameworks.base.PyFramework.owns_view`) reports that framework.

The URL pattern walker here also serves the frameworks routed by Django's resolver:
pattern lists another framework claims (:meth:`PyFramework.claims_pattern_list`) or
wraps (:attr:`PyFramework.pattern_wrappers`) are walked with that framework as their
owner, and each pattern's view is offered to the owner, then to every Python framework
(:meth:`PyFramework.pattern_view`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable, Mapping

from routelink.extract.python.nodes import (
    arg,
    call_parts,
    dotted,
    literal_string,
    string_list,
    unwrap,
)
from routelink.facts import Expr, Ref, Route
from routelink.frameworks.base import PathTemplate, PyFramework
from routelink.frameworks.common import with_leading_slash
from routelink.resolve.classes import (
    ALL_METHODS,
    Hierarchy,
    find_function,
    generated_route,
    hierarchy,
    method_handlers,
    method_routes,
)

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from routelink.extract.python.extractor import PyBuilder, Scope
    from routelink.facts import Mount
    from routelink.resolve.evaluate import Evaluator

#: the router kind of a URL pattern list (also of the lists of frameworks served by
#: Django's resolver)
PATTERNS = "patterns"
#: the name (router key) of a URLconf module's pattern list
URLPATTERNS = "urlpatterns"
#: view kinds: ``View.as_view()`` and a function view
CLASS_VIEW = "django-view"
FUNCTION_VIEW = "django-function"

#: django.urls / django.conf.urls functions that declare one URL pattern -> path syntax
PATTERN_FUNCS = {"path": "path", "re_path": "regex", "url": "regex"}
#: decorators (django.views.decorators.http) that restrict a function view's methods
VIEW_METHOD_DECORATORS = {
    "require_GET": ("GET",),
    "require_POST": ("POST",),
    "require_safe": ("GET", "HEAD"),
}
SETTINGS = ("ROOT_URLCONF", "APPEND_SLASH")


# ---------------------------------------------------------------------- path syntax

_PARAM = re.compile(r"<(?:([A-Za-z_]\w*):)?([A-Za-z_]\w*)>")


def django_path(raw: str) -> str:
    """Django ``path()`` route -> template with a leading ``/``: ``users/<int:pk>/`` ->
    ``/users/{pk}/``, ``<path:p>`` -> ``{p+}`` (converters str, int, slug, uuid, path and
    registered custom ones); ``''`` stays ``''``. Django's ``PathConverter`` matches
    ``.+``: a required catch-all of one or more segments."""

    def repl(m: re.Match) -> str:
        conv, name = m.group(1), m.group(2)
        return "{%s+}" % name if conv == "path" else "{%s}" % name

    return with_leading_slash(_PARAM.sub(repl, raw))


def _group_end(regex: str, start: int) -> int:
    """Index just past the ``)`` closing the group opened at ``regex[start] == '('``."""
    depth = 0
    i = start
    in_class = False
    while i < len(regex):
        ch = regex[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(regex)


def _class_end(regex: str, start: int) -> int:
    """Index just past the ``]`` closing the character class at ``regex[start]``."""
    i = start + 1
    if i < len(regex) and regex[i] == "^":
        i += 1
    if i < len(regex) and regex[i] == "]":
        i += 1
    while i < len(regex):
        if regex[i] == "\\":
            i += 2
            continue
        if regex[i] == "]":
            return i + 1
        i += 1
    return len(regex)


def _without_negated_classes(body: str) -> str:
    r"""``re.sub(r"\[\^[^\]]*\]", "", body)`` in linear time (the regular expression
    rescans to the end from every ``[^`` that is never closed)."""
    out = []
    pos = 0
    while True:
        start = body.find("[^", pos)
        end = body.find("]", start + 2) if start != -1 else -1
        if end == -1:
            out.append(body[pos:])
            return "".join(out)
        out.append(body[pos:start])
        pos = end + 1


def _spans_slash(body: str) -> bool:
    """Whether a group body can match a ``/`` (``.*``, ``.+``, ``[\\w/]+``...)."""
    stripped = _without_negated_classes(body)  # negated classes exclude what they name
    if re.search(r"(?<!\\)\.", stripped):
        return True
    return "/" in stripped


def _skip_quantifier(regex: str, i: int) -> int:
    if i < len(regex) and regex[i] in "*+?":
        i += 1
        if i < len(regex) and regex[i] in "?+":
            i += 1
    elif i < len(regex) and regex[i] == "{":
        j = regex.find("}", i)
        if j != -1:
            i = j + 1
    return i


_ESCAPES = {"d": "{}", "w": "{}", "s": " ", "D": "{}", "W": "{}", "S": "{}"}


def regex_path(regex: str) -> tuple[str, bool]:
    """A ``re_path``/``url`` regex (or a DRF router prefix) -> (template, optional slash).

    The regex is read as a path: ``^``/``$``/``\\Z`` anchors dropped, ``(?P<pk>[^/.]+)``
    -> ``{pk}``, a group that can span ``/`` (``.*``, ``.+``, ``(?P<p>.*)``) -> ``{p*}``,
    unnamed groups -> ``{arg1}``, ``{arg2}``..., escapes unescaped. The template has a
    leading ``/`` (``''`` for an empty pattern). ``optional slash`` is true when the
    pattern ends with ``/?`` (both ``/x`` and ``/x/`` match); the template then has no
    trailing slash.
    """
    r = regex
    if r.startswith("^"):
        r = r[1:]
    if r.endswith("\\Z"):
        r = r[:-2]
    elif r.endswith("$") and not r.endswith("\\$"):
        r = r[:-1]
    optional_slash = False
    if r.endswith("/?"):
        r = r[:-2]
        optional_slash = True
    out: list[str] = []
    unnamed = 0
    i = 0
    n = len(r)
    while i < n:
        ch = r[i]
        if ch == "\\" and i + 1 < n:
            nxt = r[i + 1]
            i += 2
            if nxt in _ESCAPES:
                # a bare \d+ outside a group: an unnamed, uncaptured parameter segment
                i = _skip_quantifier(r, i)
                unnamed += 1
                out.append("{arg%d}" % unnamed)
            else:
                out.append(nxt)
            continue
        if ch == "(":
            end = _group_end(r, i)
            inner = r[i + 1: end - 1]
            after = _skip_quantifier(r, end)
            optional = end < n and r[end] == "?"
            if inner.startswith("?P<"):
                close = inner.find(">")
                name = inner[3:close] if close > 3 else "arg"
                body = inner[close + 1:] if close > 0 else ""
                out.append("{%s*}" % name if _spans_slash(body) else "{%s}" % name)
            elif inner.startswith("?:") or inner.startswith("?"):
                body = inner[2:] if inner.startswith("?:") else ""
                if optional:
                    pass  # an optional literal piece: drop it (best effort)
                elif body and re.fullmatch(r"[\w\-/.]*", body):
                    out.append(body)
                elif body:
                    unnamed += 1
                    out.append("{arg%d*}" % unnamed if _spans_slash(body) else "{arg%d}" % unnamed)
            else:
                unnamed += 1
                out.append("{arg%d*}" % unnamed if _spans_slash(inner) else "{arg%d}" % unnamed)
            i = after
            continue
        if ch == "[":
            end = _class_end(r, i)
            body = r[i:end]
            i = _skip_quantifier(r, end)
            unnamed += 1
            out.append("{arg%d*}" % unnamed if _spans_slash(body) else "{arg%d}" % unnamed)
            continue
        if ch == ".":
            i = _skip_quantifier(r, i + 1)
            unnamed += 1
            out.append("{arg%d*}" % unnamed)
            continue
        if ch in "^$":
            i += 1
            continue
        if i + 1 < n and r[i + 1] == "?" and ch not in ")]":
            i += 2  # an optional character: drop it (best effort)
            continue
        if ch in "*+":
            i += 1
            continue
        out.append(ch)
        i += 1
    path = "".join(out)
    # collapse '//' left by dropped optional pieces
    while "//" in path:
        path = path.replace("//", "/")
    return with_leading_slash(_whole_segment_catch_alls(path)), optional_slash


def _whole_segment_catch_alls(path: str) -> str:
    r"""A group that can span ``/`` is a catch-all ``{name*}`` only when it is a whole
    segment; inside a segment (``^(?P<name>.+)\.(?P<ext>\w+)$``) it is a plain
    parameter, so the segment is not mistaken for a catch-all."""
    segs = path.split("/")
    for i, seg in enumerate(segs):
        if "*}" in seg and not re.fullmatch(r"\{[^{}]*\*\}", seg):
            segs[i] = seg.replace("*}", "}")
    return "/".join(segs)


def convert_django_path(raw: str, syntax: str) -> list[PathTemplate]:
    """A ``path()`` route or, with ``syntax == "regex"``, a ``re_path()`` regex; a regex
    ending in ``/?`` accepts both slash forms (policy override ``ignore``)."""
    if syntax == "regex":
        path, optional = regex_path(raw)
        return [(path, "ignore" if optional else None)]
    return [(django_path(raw), None)]


def _end_anchored(regex: str) -> bool:
    """Whether a ``re_path`` regex ends with ``$`` or ``\\Z`` (Django then matches the
    whole rest of the path; otherwise any continuation matches too)."""
    r = regex.rstrip()
    return r.endswith("\\Z") or (r.endswith("$") and not r.endswith("\\$"))


def append_slash_policy(policy: str, settings: Mapping[str, str]) -> str:
    """``append-get`` becomes ``strict`` when the settings say ``APPEND_SLASH = False``
    (for every framework served by Django's URL resolver)."""
    if policy == "append-get" and settings.get("APPEND_SLASH") == "False":
        return "strict"
    return policy


def allowed(h: Hierarchy, methods: list[str]) -> list[str]:
    """``methods`` filtered by the view class's ``http_method_names`` when it sets it
    (``ANY`` always stays)."""
    names = h.literal_attr("http_method_names")
    if names is None:
        return methods
    allow = {n.strip().lower() for n in names.split(",")}
    return [m for m in methods if m.lower() in allow or m == "ANY"]


# ---------------------------------------------------------------------- URL pattern lists


def _name_node(stmt: "Node") -> "Node":
    """The assigned name of ``urlpatterns = [...]`` (the router's declaration span: a
    one-line range rather than the whole list)."""
    if stmt.type in ("assignment", "augmented_assignment"):
        left = stmt.child_by_field_name("left")
        if left is not None:
            return left
    if stmt.type == "call":
        fn = stmt.child_by_field_name("function")
        obj = fn.child_by_field_name("object") if fn is not None and fn.type == "attribute" else None
        if obj is not None:
            return obj
    return stmt


def _last(b: "PyBuilder", fn: "Node | None") -> str:
    return (dotted(fn, b.src) or "").rsplit(".", 1)[-1]


def _list_owner(b: "PyBuilder", name: str) -> tuple[PyFramework, bool]:
    """(the framework owning a pattern list bound to ``name``, whether another framework
    claimed it)."""
    for fw in b.frameworks:
        if fw.claims_pattern_list(name):
            return fw, True
    return FRAMEWORK, False


def _is_pattern_call(b: "PyBuilder", node: "Node | None") -> bool:
    node = unwrap(node)
    if node is None or node.type != "call":
        return False
    fn, _, _ = call_parts(node)
    return _last(b, fn) in PATTERN_FUNCS


def _looks_like_patterns(b: "PyBuilder", name: str, right: "Node") -> bool:
    if name.endswith(URLPATTERNS):
        return True
    right = unwrap(right)
    if right is None:
        return False
    if right.type == "list":
        return any(_is_pattern_call(b, c) for c in right.named_children)
    if right.type == "call":
        fn, _, _ = call_parts(right)
        if _last(b, fn) in b.table("pattern_functions"):
            return True
    if right.type == "binary_operator" and "pattern" in name.lower():
        return True
    return False


def _is_patterns(b: "PyBuilder", name: str, scope: "Scope") -> bool:
    found = b.local_router(name, scope)
    return found is not None and found.kind == PATTERNS


def _new_list(b: "PyBuilder", name: str, stmt: "Node", scope: "Scope") -> tuple[str, PyFramework]:
    owner, claimed = _list_owner(b, name)
    key = b.new_router(owner, PATTERNS, name, _name_node(stmt), scope,
                       root_candidate=(name == URLPATTERNS) or claimed)
    return key, owner


def assign_patterns(b: "PyBuilder", name: str, right: "Node", stmt: "Node", scope: "Scope") -> bool:
    """``urlpatterns = [...]`` (and friends): register the list as a router; True if
    the value is a pattern list."""
    if not _looks_like_patterns(b, name, right):
        return False
    owner, _ = _list_owner(b, name)
    found = b.local_router(name, scope)
    key = found.key if found is not None else _new_list(b, name, stmt, scope)[0]
    patterns_expr(b, key, right, scope, owner, self_name=name)
    return True


def extend_patterns(b: "PyBuilder", name: str, right: "Node", stmt: "Node", scope: "Scope") -> bool:
    """``urlpatterns += [...]`` / ``urlpatterns.extend(...)``; True if ``name`` is (now)
    a pattern list."""
    if not _is_patterns(b, name, scope):
        if name != URLPATTERNS and not _looks_like_patterns(b, name, right):
            return False
        _new_list(b, name, stmt, scope)
    found = b.local_router(name, scope)
    if found is None:
        return False
    owner = found.framework if found.kind == PATTERNS else FRAMEWORK
    patterns_expr(b, found.key, right, scope, owner, self_name=name)
    return True


def patterns_expr(b: "PyBuilder", key: str, node: "Node | None", scope: "Scope",
                  owner: PyFramework, self_name: str | None = None, depth: int = 0) -> None:
    """Add the patterns an expression evaluates to (a list, a sum, a call returning
    patterns, ``router.urls``, another list) to router ``key``, in order; ``owner`` is
    the framework whose list it is."""
    node = unwrap(node)
    if node is None or depth > 8:
        return
    t = node.type
    if t in ("list", "tuple"):
        for el in node.named_children:
            if el.type != "comment":
                _element(b, key, el, scope, owner, depth + 1)
    elif t == "binary_operator":
        patterns_expr(b, key, node.child_by_field_name("left"), scope, owner, self_name, depth + 1)
        patterns_expr(b, key, node.child_by_field_name("right"), scope, owner, self_name, depth + 1)
    elif t == "call":
        fn, pos, kw = call_parts(node)
        last = _last(b, fn)
        function = b.table("pattern_functions").get(last)
        wrapper = b.table("pattern_wrappers").get(last)
        if function is not None:
            count = function[1]
            for a in pos[:count] if count else pos:
                a = unwrap(a)
                if a is not None and a.type in ("list", "tuple", "binary_operator", "identifier"):
                    patterns_expr(b, key, a, scope, owner, self_name, depth + 1)
                else:
                    _element(b, key, a, scope, owner, depth + 1)
        elif wrapper is not None:
            patterns_expr(b, key, pos[0] if pos else kw.get("routes"), scope, wrapper[0],
                          self_name, depth + 1)
        elif last in PATTERN_FUNCS:
            _element(b, key, node, scope, owner, depth + 1)
    elif t in ("identifier", "attribute"):
        if t == "identifier" and b.src.text(node) == self_name:
            return
        child = include_target(b, node, scope)
        if child is not None:
            b.mount(key, None, child, node)


def _element(b: "PyBuilder", key: str, el: "Node | None", scope: "Scope", owner: PyFramework,
             depth: int = 0) -> None:
    el = unwrap(el)
    if el is None:
        return
    if el.type == "list_splat":
        inner = next((c for c in el.named_children if c.type != "comment"), None)
        patterns_expr(b, key, inner, scope, owner, depth=depth + 1)
        return
    if el.type != "call":
        return
    fn, pos, kw = call_parts(el)
    last = _last(b, fn)
    if last in PATTERN_FUNCS:
        path = b.path_expr(arg(pos, kw, 0, "route", "regex"), scope)
        if path is not None:
            _view(b, key, owner, path, PATTERN_FUNCS[last], unwrap(arg(pos, kw, 1, "view")), el,
                  scope, 0)
    elif last in b.table("pattern_functions") or last in b.table("pattern_wrappers"):
        patterns_expr(b, key, el, scope, owner, depth=depth + 1)


def _view(b: "PyBuilder", key: str, owner: PyFramework, path: Expr, syntax: str,
          view: "Node | None", call: "Node", scope: "Scope", depth: int) -> None:
    """The view of one pattern: ``syntax`` is ``"path"`` (``path()``) or ``"regex"``
    (``re_path()``/``url()``)."""
    if view is None or depth > 4:
        return
    t = view.type
    if t == "call":
        vfn, vpos, vkw = call_parts(view)
        d = dotted(vfn, b.src) or ""
        last = d.rsplit(".", 1)[-1]
        if last == "include":
            include(b, key, owner, path, syntax, vpos, vkw, call, scope)
            return
        wrapper = b.table("pattern_wrappers").get(last)
        if wrapper is not None:
            include(b, key, wrapper[0], path, syntax, vpos, vkw, call, scope)
            return
        if _claim(b, key, owner, path, syntax, view, call, scope):
            return
        # wrappers: csrf_exempt(view), login_required(View.as_view()), cache_page(60)(view)
        inner = vpos[0] if len(vpos) == 1 else None
        if inner is not None and unwrap(inner).type in ("identifier", "attribute", "call"):
            _view(b, key, owner, path, syntax, unwrap(inner), call, scope, depth + 1)
            return
        b.route(key, owner.pattern_method, path, call, handler=d or None,
                policy=owner.trailing_slash, syntax=syntax, framework=owner)
        return
    if t in ("identifier", "attribute"):
        if (dotted(view, b.src) or "").endswith(".urls"):
            child = include_target(b, view, scope)
            if child is not None:
                b.mount(key, path, child, call, syntax=syntax)
            return
        _claim(b, key, owner, path, syntax, view, call, scope)
        return
    if t in ("list", "tuple"):
        # path("x/", ([...], "app_name")) is include()'s tuple form
        include(b, key, owner, path, syntax, [view], {}, call, scope)
        return
    if t == "lambda":
        b.route(key, owner.pattern_method, path, call, handler=None,
                policy=owner.trailing_slash, syntax=syntax, framework=owner)


def _claim(b: "PyBuilder", key: str, owner: PyFramework, path: Expr, syntax: str, view: "Node",
           call: "Node", scope: "Scope") -> bool:
    """Offer a pattern's view to the list's owner, then to the other frameworks."""
    if owner.pattern_view(b, key, owner, path, syntax, view, call, scope):
        return True
    return any(fw.pattern_view(b, key, owner, path, syntax, view, call, scope)
               for fw in b.frameworks if fw is not owner)


def include(b: "PyBuilder", key: str, owner: PyFramework, path: Expr | None, syntax: str,
            pos: list["Node"], kw: dict[str, "Node"], call: "Node", scope: "Scope") -> None:
    """``include(x)`` (or a call wrapping a pattern list: its first argument or
    ``routes=``) at ``path``: mount what ``x`` names under router ``key``; an inline list
    becomes an anonymous router of ``owner``."""
    target = unwrap(arg(pos, kw, 0, "arg", "routes"))
    if target is not None and target.type == "tuple":
        first = next((c for c in target.named_children if c.type != "comment"), None)
        target = unwrap(first)
    if target is None:
        return
    if target.type in ("list", "binary_operator", "call"):
        # include([...]) / include(wrapper(...)): patterns inline
        child_key = b.anon_router(owner, PATTERNS, target, "include")
        patterns_expr(b, child_key, target, scope, owner)
        b.mount(key, path, Ref(child_key), call, syntax=syntax)
        return
    module = literal_string(target, b.src)
    if module is not None:
        local = f"<include:{module}>"
        b.add_import(local, module, "*")
        b.mount(key, path, Ref(local, (URLPATTERNS,)), call, syntax=syntax)
        return
    child = include_target(b, target, scope)
    if child is not None:
        b.mount(key, path, child, call, syntax=syntax)


def include_target(b: "PyBuilder", node: "Node", scope: "Scope") -> Ref | None:
    """What ``include(x)`` / ``x.urls`` mounts: a router, a patterns list or a module's
    ``urlpatterns``."""
    d = dotted(node, b.src)
    if d is None:
        return None
    if d.endswith(".urls") and "." in d:
        # router.urls / api.urls (a router of another framework) or pkg.urls (a module)
        base = d[: -len(".urls")]
        key = scope.routers.get(base) or b.module_routers.get(base)
        if key is not None:
            return Ref(key)
        last = base.rsplit(".", 1)[-1].lower()
        if "router" in last or "api" in last or last == "site":
            return b.ref_from_dotted(base)
        return b.ref_from_dotted(d + "." + URLPATTERNS)
    if "." not in d:
        key = scope.routers.get(d) or b.module_routers.get(d)
        if key is not None:
            return Ref(key)
        imp = b.import_by_local.get(d)
        if imp is not None and "pattern" not in d.lower() and "pattern" not in imp.name.lower():
            return Ref(d, (URLPATTERNS,))
        return Ref(d)
    if "pattern" in d.rsplit(".", 1)[-1].lower():
        return b.ref_from_dotted(d)
    r = b.ref_from_dotted(d)
    return Ref(r.name, r.attrs + (URLPATTERNS,))


# ---------------------------------------------------------------------- the framework


class Django(PyFramework):
    """Django URLconfs and views (see the module docstring)."""

    name = "django"
    packages = ("django",)
    keywords = (rb"urlpatterns|django|ROOT_URLCONF|include|View",)
    trailing_slash = "append-get"
    dispatch = "path"
    ordering = "app"
    router_noun = "URLconf"
    default_port = 8000  # manage.py runserver
    view_kinds = (CLASS_VIEW, FUNCTION_VIEW)
    pattern_functions = {"i18n_patterns": 0}

    #: Django's generic views (and Django packages' views) -> {method: handler}
    generic_views: Mapping[str, "Mapping[str, str] | str"] = {
        "View": {},
        "TemplateView": {"get": "get"},
        "RedirectView": ALL_METHODS,
        "ListView": {"get": "get"},
        "DetailView": {"get": "get"},
        "ArchiveIndexView": {"get": "get"},
        "YearArchiveView": {"get": "get"},
        "MonthArchiveView": {"get": "get"},
        "WeekArchiveView": {"get": "get"},
        "DayArchiveView": {"get": "get"},
        "TodayArchiveView": {"get": "get"},
        "DateDetailView": {"get": "get"},
        "FormView": {"get": "get", "post": "post"},
        "CreateView": {"get": "get", "post": "post"},
        "UpdateView": {"get": "get", "post": "post"},
        "DeleteView": {"get": "get", "post": "post", "delete": "delete"},
        "LoginView": {"get": "get", "post": "post"},
        "LogoutView": {"get": "get", "post": "post"},
        "PasswordChangeView": {"get": "get", "post": "post"},
        "PasswordResetView": {"get": "get", "post": "post"},
        "PasswordResetConfirmView": {"get": "get", "post": "post"},
        "PasswordChangeDoneView": {"get": "get"},
        "PasswordResetDoneView": {"get": "get"},
        "PasswordResetCompleteView": {"get": "get"},
        # graphene-django
        "GraphQLView": {"get": "get", "post": "post"},
    }

    def convert_path(self, raw: str, syntax: str = "") -> list[PathTemplate]:
        """``path()`` syntax, or ``re_path()`` regexes for ``syntax == "regex"``. A regex
        not anchored at its end (``r"^api/dirtree"``, no ``$``) is searched, not fully
        matched: it also serves its path with a trailing slash (policy ``ignore``, when
        its own path has none)."""
        templates = convert_django_path(raw, syntax)
        if syntax == "regex" and not _end_anchored(raw):
            return [(t, "ignore" if not t.endswith("/") else override)
                    for t, override in templates]
        return templates

    def explicit_roots(self, settings: Mapping[str, str],
                       resolve_module: Callable[[str], str | None]) -> set[tuple[str, str]]:
        """The ``urlpatterns`` of the module ``ROOT_URLCONF`` names."""
        module = settings.get("ROOT_URLCONF")
        target = resolve_module(module) if module else None
        return {(target, URLPATTERNS)} if target else set()

    def adjust_policy(self, policy: str, settings: Mapping[str, str]) -> str:
        """``APPEND_SLASH = False``: no redirect to the slash form."""
        return append_slash_policy(policy, settings)

    def opaque_mount(self, mount: "Mount", file: str, evaluator: "Evaluator") -> str | None:
        """An include of a URLconf routelink cannot see: ``include('rest_framework.urls')``,
        ``admin.site.urls`` (an installed package's, "third-party"), or a workspace one it
        could not resolve. Its patterns are unknown: the include serves ``ANY
        <prefix>/{?}``."""
        child = mount.child
        if not isinstance(child, Ref):
            return None
        if child.name.startswith("<"):
            # <include:app.urls> (include("app.urls")), <module:a.b> (import a.b; a.b.urls)
            inner = child.name[1:-1].partition(":")[2]
            parts = [inner, *child.attrs]
        else:
            parts = [child.name, *child.attrs]
        if parts[-1] == URLPATTERNS and len(parts) > 1:
            parts.pop()
        elif "pattern" not in parts[-1].lower():
            parts.append("urls")  # admin.site.urls, router.urls
        shown = ".".join(parts)
        facts = evaluator.facts_of(file)
        imp = next((i for i in facts.imports if i.local == child.name), None) if facts else None
        # an installed package's: its top-level package is not in the workspace either
        if imp is not None and not imp.module.startswith(".") and evaluator.modules.resolve(
                file, imp.module.split(".")[0], "python") is None:
            return f"third-party URLconf '{shown}'"
        return f"URLconf '{shown}', which could not be resolved"

    # ------------------------------------------------------------------ extraction

    def on_assign(self, b: "PyBuilder", target: "Node", value: "Node", stmt: "Node",
                  scope: "Scope") -> bool:
        """``ROOT_URLCONF``/``APPEND_SLASH`` at module level (settings); a pattern list
        (``urlpatterns = [...]`` and friends)."""
        if target.type != "identifier":
            return False
        name = b.src.text(target)
        if scope.func is None and name in SETTINGS:
            setting = literal_string(value, b.src)
            if setting is None and value.type in ("true", "false"):
                setting = b.src.text(value)
            if setting is not None:
                b.setting(name, setting)
        return assign_patterns(b, name, value, stmt, scope)

    def on_augmented_assign(self, b: "PyBuilder", name: str, value: "Node", stmt: "Node",
                            scope: "Scope") -> bool:
        """``urlpatterns += [...]``."""
        return extend_patterns(b, name, value, stmt, scope)

    def on_call(self, b: "PyBuilder", call: "Node", fn: "Node | None", pos: list["Node"],
                kw: dict[str, "Node"], scope: "Scope") -> bool:
        """``urlpatterns.append(path(...))`` / ``.extend([...])`` / ``.insert(i, ...)``."""
        if fn is None or fn.type != "attribute":
            return False
        obj = fn.child_by_field_name("object")
        attr = fn.child_by_field_name("attribute")
        method = b.src.text(attr) if attr is not None else ""
        if method not in ("append", "extend", "insert") or obj is None or obj.type != "identifier":
            return False
        name = b.src.text(obj)
        found = b.local_router(name, scope)
        if found is None or found.kind != PATTERNS:
            return False
        for a in pos[1:] if method == "insert" else pos:
            if method == "extend":
                extend_patterns(b, name, a, call, scope)
            else:
                _element(b, found.key, a, scope, self)
        return True

    def pattern_view(self, b: "PyBuilder", key: str, owner: PyFramework, path: Expr,
                     syntax: str, view: "Node", call: "Node", scope: "Scope") -> bool:
        """In a Django pattern list: ``View.as_view(...)`` -> a class view, a name -> a
        function view."""
        if owner is not self:
            return False
        if view.type == "call":
            vfn, vpos, vkw = call_parts(view)
            if _last(b, vfn) != "as_view" or vfn is None or vfn.type != "attribute":
                return False
            cls = b.ref(vfn.child_by_field_name("object"))
            if cls is None:
                return True
            options = []
            actions = unwrap(vpos[0]) if vpos else unwrap(vkw.get("actions"))
            if actions is not None and actions.type == "dictionary":
                pairs = []
                for p in actions.named_children:
                    if p.type != "pair":
                        continue
                    k = literal_string(p.child_by_field_name("key"), b.src)
                    v = literal_string(p.child_by_field_name("value"), b.src)
                    if k and v:
                        pairs.append(f"{k.lower()}={v}")
                options.append(("actions", ",".join(pairs)))
            hm = vkw.get("http_method_names")
            if hm is not None:
                ms = b.methods(hm, [])
                options.append(("http_method_names", ",".join(m.lower() for m in ms)))
            b.view_route(key, CLASS_VIEW, path, cls, call, options=tuple(options),
                         policy=self.trailing_slash, syntax=syntax, framework=self)
            return True
        if view.type in ("identifier", "attribute"):
            r = b.ref(view)
            if r is not None:
                b.view_route(key, FUNCTION_VIEW, path, r, call, policy=self.trailing_slash,
                             syntax=syntax, framework=self)
            return True
        return False

    def function_view_methods(self, b: "PyBuilder", decorator: "Node") -> list[str] | None:
        """``@require_http_methods(["GET", "POST"])``, ``@require_GET``, ``@require_POST``,
        ``@require_safe``."""
        if decorator.type == "call":
            fn, pos, kw = call_parts(decorator)
            last = _last(b, fn)
            if last == "require_http_methods":
                ms = string_list(pos[0] if pos else kw.get("request_method_list"), b.src)
                return [m.upper() for m in ms] if ms else None
        else:
            last = _last(b, decorator)
        if last in VIEW_METHOD_DECORATORS:
            return list(VIEW_METHOD_DECORATORS[last])
        return None

    # ------------------------------------------------------------------ resolution

    def expand_view(self, view_routes, template, file, evaluator) -> list[Route]:
        """``django-function`` and ``django-view`` declarations."""
        if view_routes.kind == FUNCTION_VIEW:
            return self._function_view(view_routes, template, file, evaluator)
        if view_routes.kind == CLASS_VIEW:
            return self._class_view(view_routes, template, file, evaluator)
        return []

    def _function_view(self, vr, path: str, file: str, evaluator) -> list[Route]:
        """The methods the function's decorators allow, else ``ANY``; the route points at
        the ``def`` and reports the framework whose decorator restricted it."""
        found = find_function(vr.view, file, evaluator)
        if found is None:
            name = (vr.view.attrs[-1] if vr.view.attrs else vr.view.name) \
                if isinstance(vr.view, Ref) else None
            return [generated_route(vr, "ANY", path, 0, name, None)]
        framework = found.framework or vr.framework
        return [generated_route(vr, m, path, sub, found.name, (found.file, found.span), framework)
                for sub, m in enumerate(found.methods or ("ANY",))]

    def _class_view(self, vr, path: str, file: str, evaluator) -> list[Route]:
        from routelink.frameworks import registry

        options = dict(vr.options)
        h = hierarchy(vr.view, file, evaluator)
        owner = next((fw for fw in registry.for_language("python")
                      if fw is not self and isinstance(fw, PyFramework)
                      and fw.owns_view(h.external)), None)
        framework = owner.name if owner is not None else vr.framework
        if "actions" in options:
            # SomeViewSet.as_view({"get": "list", "post": "create"})
            out: list[Route] = []
            cls = h.name
            for sub, pair in enumerate(p for p in options["actions"].split(",") if "=" in p):
                method, action = pair.split("=", 1)
                if allowed(h, [method.upper()]):
                    out.append(generated_route(vr, method.upper(), path, sub, f"{cls}.{action}",
                                               h.method(action), framework))
            return out
        served = method_handlers(h, registry.generic_view)
        methods = served.methods()
        if "http_method_names" in options:
            allow = set(options["http_method_names"].split(","))
            methods = [m for m in methods if m.lower() in allow or m == "ANY"]
        return method_routes(vr, path, h, allowed(h, methods), served.handlers,
                             framework=framework, dispatch=("dispatch",),
                             locate=(owner or self).locate_action)


FRAMEWORK = Django()
