"""Single-file components: Vue SFCs (``.vue``) and Svelte components (``.svelte``).

A component file is extracted as the JavaScript/TypeScript of its ``<script>`` blocks
(positions stay positions in the original file: everything else is blanked out) plus
the usages of other components in its markup:

- **The component as a function.** Its props are parameter 0 of a function
  (:class:`routelink.extract.javascript.ComponentMode`, key ``"<default>"``, the
  module's default export). Props are declared, following Vue 3.5 and Svelte 4/5:

  - Vue ``<script setup>``: ``const props = defineProps(...)`` (runtime array or
    object, or a type argument: an object type or an interface/type alias of the
    file), ``withDefaults(defineProps<...>(), { url: '/x' })``, destructured
    ``const { url = '/x' } = defineProps(...)``; the template reads a prop by its bare
    name;
  - Vue Options API (``export default { props, setup, methods... }``, also wrapped in
    ``defineComponent(...)``): ``props: ['url']`` / ``props: { url: { type, default } }``,
    ``this.url`` anywhere in the options, ``setup(props)``;
  - Svelte: ``export let url = '/x'`` (Svelte 4), ``let { url } = $props()`` (Svelte 5).

  A request whose URL reads a prop belongs to the component: the component is then a
  wrapper, and each usage is a request.
- **Usages.** In the markup (outside ``<script>``/``<style>``), a tag naming a
  component the script imports (``<DataTable>``, ``<data-table>`` for Vue; an Options
  API ``components: { alias: Imported }``) is a call site of that import with one
  argument, the object of the props written there: Vue ``url="/x"`` (a string),
  ``:url="expr"`` / ``v-bind:url="expr"`` (an expression), ``v-bind="obj"`` (spread),
  kebab-case names as camelCase; Svelte ``url="/x"``, ``url="/api/{id}"``,
  ``url={expr}``, ``{url}``, ``{...obj}``. Directives (``@click``, ``v-if``, ``on:``,
  ``bind:``...) are not props. The call is reported on the attribute that most likely
  holds the URL (:func:`routelink.extract.javascript.url_attribute`).

Template expressions are JavaScript (or TypeScript with ``lang="ts"``) parsed on their
own and converted by the same builder, in the scope of the script (and, for Vue, the
props by name). Nothing here reads another file.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from routelink.clients import registry as clients
from routelink.extract.javascript import (
    PROPS,
    ComponentMode,
    ElementAttribute,
    JsBuilder,
    Scope,
    _destructured,
    _unwrap,
    unquote_js_string,
)
from routelink.facts import Arg, Concat, Dyn, Expr, FileFacts, Lit, Obj, Ref
from routelink.syntax import SourceText, named_children, parse

#: Vue: functions of ``<script setup>`` that declare props
_DEFINE_PROPS = "defineProps"
_WITH_DEFAULTS = "withDefaults"
#: Vue: calls that wrap an Options API object
_OPTIONS_WRAPPERS = ("defineComponent", "Vue.extend", "Vue.component", "defineNuxtComponent")
#: Svelte 5: the rune that declares props
_SVELTE_PROPS = "$props"

_TAG = re.compile(rb"<([A-Za-z][\w.:-]*)")
_COMMENT = re.compile(rb"<!--.*?-->", re.S)


@dataclass
class _Block:
    start: int  # the element's bytes, for the markup regions
    end: int
    body: tuple[int, int] | None = None  # a script's code
    lang: str | None = None


@dataclass
class _Usage:
    """One tag using an imported component."""

    local: str
    name_start: int
    name_end: int
    #: (key, value expr, attribute start, attribute end, value start, value end)
    props: list[tuple[str, Expr, int, int, int, int]] = field(default_factory=list)
    spreads: list[Expr] = field(default_factory=list)
    #: an HTML element a client library reads (``<a>``, ``<form>``), not a component:
    #: its directives and event handlers are kept too, in ``props``, with no value
    element: bool = False


def _blocks(data: bytes) -> list[_Block]:
    """The ``<script>`` and ``<style>`` elements of a component (tree-sitter-html)."""
    import tree_sitter_html
    from tree_sitter import Language, Parser

    from routelink.syntax import run_parser

    parser = Parser(Language(tree_sitter_html.language()))
    tree = run_parser(parser, data)  # within the file's parse budget
    out: list[_Block] = []
    for node in tree.root_node.named_children:
        if node.type not in ("script_element", "style_element"):
            continue
        block = _Block(node.start_byte, node.end_byte)
        if node.type == "script_element":
            start_tag = node.named_children[0] if node.named_children else None
            if start_tag is not None:
                block.lang = _attribute(start_tag, data, "lang")
            raw = next((c for c in node.named_children if c.type == "raw_text"), None)
            if raw is not None:
                block.body = (raw.start_byte, raw.end_byte)
        out.append(block)
    return out


def _attribute(start_tag, data: bytes, name: str) -> str | None:
    """The value of attribute ``name`` of an HTML start tag node, or None."""
    for attr in start_tag.named_children:
        if attr.type != "attribute" or not attr.named_children:
            continue
        attr_name = attr.named_children[0]
        if data[attr_name.start_byte:attr_name.end_byte].decode("utf-8", "replace") != name:
            continue
        for value in attr.named_children[1:]:
            if value.type == "quoted_attribute_value":
                value = value.named_children[0] if value.named_children else value
            raw = data[value.start_byte:value.end_byte].decode("utf-8", "replace")
            return raw.strip("'\"")
        return ""
    return None


def script_blocks(data: bytes) -> tuple[bytes, str] | None:
    """Blank out everything but the ``<script>`` blocks of a Vue/Svelte component.

    Returns (bytes of the same length and line structure, language of the scripts), so
    every position in the result is a position in the original file; None when the
    file has no script.
    """
    return _script_buffer(data, _blocks(data))


def _script_buffer(data: bytes, blocks: list[_Block]) -> tuple[bytes, str] | None:
    keep = [b.body for b in blocks if b.body is not None]
    if not keep:
        return None
    language = "typescript" if any(b.lang in ("ts", "typescript", "tsx") for b in blocks) else "javascript"
    out = bytearray(b" " * len(data))
    for i, b in enumerate(data):
        if b == 0x0A:
            out[i] = 0x0A
    for s, e in keep:
        out[s:e] = data[s:e]
    return bytes(out), language


# ---------------------------------------------------------------------- extraction


def extract_component(path: str, data: bytes, kind: str, prefilter) -> FileFacts:
    """Facts of a ``.vue`` (``kind="vue"``) or ``.svelte`` (``"svelte"``) file, or of a
    component template file (``"html"``: ``*.component.html``, Angular's template
    syntax; markup only, its elements read by the client libraries' ``element`` hooks).

    ``prefilter(language, script_bytes)`` tells whether a script with no component
    usages in the markup is worth parsing.
    """
    blocks = _blocks(data)
    script = _script_buffer(data, blocks)
    regions = _markup_regions(data, blocks)
    tags = _component_tags(data, regions)
    handlers = _svelte_handlers(data, regions) if kind == "svelte" else []
    if script is None:
        if not handlers and not any(t in clients.element_tags() for t, _, _ in tags):
            return FileFacts(language=kind)
        # markup only (a template with links, forms, event handlers): an empty script
        script = (bytes(b if b == 0x0A else 0x20 for b in data), "javascript")
    buf, language = script
    if not tags and not prefilter(language, buf) and not any(
            prefilter(language, data[s:e]) for s, e in handlers):
        return FileFacts(language=language)
    tree = parse(buf, language)
    builder = JsBuilder(SourceText(buf), language, path)
    bodies = [b.body for b in blocks if b.body is not None] or [(0, 0)]
    first = min(s for s, _ in bodies)
    last = max(e for _, e in bodies)
    sfc = _Component(kind, builder, data)
    builder.component = ComponentMode(kind, SourceText(data).span_of(first, last),
                                      declare=sfc.declare)
    builder.walk_module(tree.root_node)
    if tags:
        sfc.usages(tags, language)
    for start, end in handlers:
        sfc.handler(start, end, language)
    return builder.build()


def _comments(data: bytes) -> list[tuple[int, int]]:
    """The byte ranges of the ``<!-- ... -->`` comments, as ``_COMMENT.finditer`` would
    find them but in linear time (a lazy ``.*?`` rescans to the end of the file from
    every ``<!--`` that is never closed)."""
    out = []
    pos = data.find(b"<!--")
    while pos != -1:
        end = data.find(b"-->", pos + 4)
        if end == -1:
            break  # no later '<!--' is closed either
        out.append((pos, end + 3))
        pos = data.find(b"<!--", end + 3)
    return out


def _split_mustaches(text: str) -> list[str]:
    r"""``re.split(r"\{\{(.*?)\}\}", text, flags=re.S)`` in linear time: text and
    ``{{ expression }}`` bodies alternately (bodies at odd indices)."""
    out = []
    pos = 0
    while True:
        start = text.find("{{", pos)
        end = text.find("}}", start + 2) if start != -1 else -1
        if end == -1:
            out.append(text[pos:])
            return out
        out.extend((text[pos:start], text[start + 2:end]))
        pos = end + 2


def _markup_regions(data: bytes, blocks: list[_Block]) -> list[tuple[int, int]]:
    """The byte ranges of the markup: the file minus scripts, styles and comments."""
    cuts = sorted([(b.start, b.end) for b in blocks] + _comments(data))
    out, pos = [], 0
    for s, e in cuts:
        if s > pos:
            out.append((pos, s))
        pos = max(pos, e)
    if pos < len(data):
        out.append((pos, len(data)))
    return out


def _component_tags(data: bytes, regions: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    """(tag name, name start, name end) of the tags in the markup that may be
    components: capitalized (``DataTable``, ``UI.Table``) or kebab-case (``data-table``),
    and the HTML elements a client library reads (``a``, ``form``)."""
    out = []
    elements = clients.element_tags()
    for s, e in regions:
        for m in _TAG.finditer(data, s, e):
            name = m.group(1).decode("ascii", "replace")
            if name[:1].isupper() or "-" in name or name in elements:
                out.append((name, m.start(1), m.end(1)))
    return out


#: a Svelte event handler attribute whose value is an expression: ``on:click={...}``
#: (with modifiers, ``on:submit|preventDefault={...}``) or Svelte 5 ``onclick={...}``
_SVELTE_HANDLER = re.compile(rb"[\s/](?:on:[\w-]+(?:\|[\w|]+)?|on[a-z]+)\s*=\s*\{")


def _svelte_handlers(data: bytes, regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The byte ranges of the expressions of the event handlers written in Svelte
    markup (inside the braces)."""
    out = []
    for s, e in regions:
        for m in _SVELTE_HANDLER.finditer(data, s, e):
            open_brace = m.end() - 1
            close = _balanced(data, open_brace)
            if close <= e:
                out.append((open_brace + 1, close - 1))
    return out


class _Overlay(SourceText):
    """The text of a buffer that has the original file's bytes in some ranges and
    blanks elsewhere (same offsets, same lines): columns are computed from the original
    file, so spans are the file's even after non-ASCII text on the line."""

    __slots__ = ("_original",)

    def __init__(self, data: bytes, original: bytes) -> None:
        super().__init__(data)
        self._original = SourceText(original)

    def _utf16_column(self, row: int, byte_column: int) -> int:
        return self._original._utf16_column(row, byte_column)


def _camel(name: str) -> str:
    """``api-url`` -> ``apiUrl``; ``data-table`` -> ``dataTable``."""
    head, *rest = name.split("-")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def _pascal(name: str) -> str:
    """``data-table`` -> ``DataTable``."""
    return "".join(p[:1].upper() + p[1:] for p in name.split("-"))


class _Component:
    """The state of one component's extraction: its builder, and the markup."""

    def __init__(self, kind: str, builder: JsBuilder, data: bytes) -> None:
        self.kind = kind
        self.b = builder
        self.data = data
        self.source = SourceText(data)
        #: names the markup may use for a component -> the script's local name
        self.aliases: dict[str, str] = {}

    # ------------------------------------------------------------------ props

    def declare(self, b: JsBuilder, stmts: list) -> None:
        """Fill in the component's props (``ComponentMode.declare``)."""
        for st in stmts:
            if self.kind == "svelte" and st.type == "export_statement":
                self._svelte_export(st)
                continue
            if st.type == "export_statement":
                value = st.child_by_field_name("value")
                options = self._options_object(value)
                if options is not None:
                    self._options_api(options)
                continue
            if st.type in ("lexical_declaration", "variable_declaration"):
                for d in st.named_children:
                    if d.type == "variable_declarator":
                        self._declarator(d)
            elif st.type == "expression_statement" and st.named_children:
                self._props_call(_unwrap(st.named_children[0]))

    def _declarator(self, d) -> None:
        name = d.child_by_field_name("name")
        value = _unwrap(d.child_by_field_name("value"))
        if name is None or value is None or not self._props_call(value):
            return
        comp = self.b.component
        if name.type == "identifier":
            comp.bindings[self.b.text(name)] = Arg(PROPS)
            return
        for key, local, dnode in _destructured(name, self.b.src):
            if key is None:
                comp.bindings[local] = Arg(PROPS)
                continue
            if dnode is not None:
                comp.defaults.setdefault(key, self.b.expr(dnode, None))
            if key not in comp.props:
                comp.props.append(key)
            comp.bindings[local] = comp.prop(key)

    def _props_call(self, node) -> bool:
        """``defineProps(...)``, ``withDefaults(defineProps(...), {...})``, ``$props()``:
        record the prop names and defaults; True when ``node`` is one."""
        if node is None or node.type != "call_expression":
            return False
        fn = node.child_by_field_name("function")
        name = self.b.text(fn) if fn is not None else ""
        args = self.b.args(node)
        comp = self.b.component
        if name == _WITH_DEFAULTS and args and self._props_call(_unwrap(args[0])):
            if len(args) > 1 and _unwrap(args[1]).type == "object":
                for k, v in _pairs(self.b, _unwrap(args[1])):
                    comp.defaults.setdefault(k, self.b.expr(v, None))
            return True
        if name == _SVELTE_PROPS and self.kind == "svelte":
            return True
        if name != _DEFINE_PROPS or self.kind != "vue":
            return False
        if args:
            self._runtime_props(_unwrap(args[0]))
        types = node.child_by_field_name("type_arguments")
        if types is not None and types.named_children:
            self._type_props(types.named_children[0])
        return True

    def _add_prop(self, name: str, default=None) -> None:
        comp = self.b.component
        if name not in comp.props:
            comp.props.append(name)
        if default is not None:
            comp.defaults.setdefault(name, self.b.expr(default, None))

    def _runtime_props(self, node) -> None:
        """``['url', 'title']`` or ``{ url: String, page: { type: Number, default: 1 } }``."""
        if node.type == "array":
            for c in named_children(node):
                if c.type == "string":
                    self._add_prop(unquote_js_string(c, self.b.src))
        elif node.type == "object":
            for k, v in _pairs(self.b, node):
                v = _unwrap(v)
                default = self.b.object_property(v, "default") if v.type == "object" else None
                if default is not None and _unwrap(default).type in (
                        "arrow_function", "function_expression", "function"):
                    default = None  # a factory for an object or array default
                self._add_prop(k, default)

    def _type_props(self, node) -> None:
        """``{ url: string }``, or the name of an interface/type alias of the file."""
        if node.type == "type_identifier":
            target = self._type_declaration(self.b.text(node))
            if target is None:
                return
            node = target
        if node.type not in ("object_type", "interface_body"):
            return
        for c in node.named_children:
            if c.type == "property_signature":
                n = c.child_by_field_name("name")
                if n is not None:
                    self._add_prop(unquote_js_string(n, self.b.src) if n.type == "string"
                                   else self.b.text(n))

    def _type_declaration(self, name: str):
        stack = list(self.b.root_node.named_children)
        while stack:
            st = stack.pop()
            if st.type == "export_statement":
                stack.extend(st.named_children)
                continue
            n = st.child_by_field_name("name")
            if n is None or self.b.text(n) != name:
                continue
            if st.type == "interface_declaration":
                return st.child_by_field_name("body")
            if st.type == "type_alias_declaration":
                return st.child_by_field_name("value")
        return None

    def _options_object(self, value):
        """The options object of ``export default {...}`` / ``defineComponent({...})``."""
        value = _unwrap(value)
        if value is None:
            return None
        if value.type == "object":
            return value
        if value.type == "call_expression":
            fn = value.child_by_field_name("function")
            if fn is not None and self.b.text(fn) in _OPTIONS_WRAPPERS:
                obj = next((_unwrap(a) for a in self.b.args(value) if _unwrap(a).type == "object"), None)
                return obj
        return None

    def _options_api(self, obj) -> None:
        """Vue Options API: ``props``, ``setup(props)``, ``components``."""
        comp = self.b.component
        for c in obj.named_children:
            if c.type == "method_definition":
                n = c.child_by_field_name("name")
                if n is not None and self.b.text(n) == "setup":
                    comp.props_params.add(c.start_byte)
                continue
            if c.type != "pair":
                continue
            k = c.child_by_field_name("key")
            v = _unwrap(c.child_by_field_name("value"))
            if k is None or v is None:
                continue
            key = self.b.text(k).strip("'\"")
            if key == "props":
                self._runtime_props(v)
                comp.this_props = True
            elif key == "setup" and v.type in ("arrow_function", "function_expression", "function"):
                comp.props_params.add(v.start_byte)
            elif key == "components" and v.type == "object":
                for alias, target in _pairs(self.b, v):
                    target = _unwrap(target)
                    if target.type == "identifier":
                        self.aliases[alias] = self.b.text(target)
                for s in v.named_children:
                    if s.type == "shorthand_property_identifier":
                        self.aliases[self.b.text(s)] = self.b.text(s)

    def _svelte_export(self, st) -> None:
        """``export let url = '/x'``: a prop (``export const``/``function`` are not)."""
        decl = st.child_by_field_name("declaration")
        if decl is None or decl.type not in ("lexical_declaration", "variable_declaration"):
            return
        if decl.children and decl.children[0].type == "const":
            return
        comp = self.b.component
        for d in decl.named_children:
            if d.type != "variable_declarator":
                continue
            name = d.child_by_field_name("name")
            if name is None or name.type != "identifier":
                continue
            prop = self.b.text(name)
            self._add_prop(prop, d.child_by_field_name("value"))
            comp.bindings[prop] = comp.prop(prop)

    # ------------------------------------------------------------------ usages

    def usages(self, tags: list[tuple[str, int, int]], language: str) -> None:
        """Record each tag that uses an imported component as a call site of it."""
        b = self.b
        local_names = {i.local for i in b.imports if not i.local.startswith("<")}
        names: dict[str, str] = {}
        for local in local_names:
            if local[:1].isupper():
                names[local] = local
                if self.kind == "vue":
                    names[re.sub(r"(?<!^)(?=[A-Z])", "-", local).lower()] = local
        for alias, local in self.aliases.items():
            if local in local_names:
                names[alias] = local
                if self.kind == "vue":
                    names[_pascal(alias)] = local
                    names[re.sub(r"(?<!^)(?=[A-Z])", "-", alias).lower()] = local
        comp = b.component
        scope = None
        if self.kind == "vue" and comp.props:
            # the template reads props by name
            scope = Scope(bindings={p: comp.prop(p) for p in comp.props})
        elements = clients.element_tags()
        markers = clients.element_markers() if self.kind == "vue" else frozenset()
        for tag, start, end in tags:
            if tag in elements:
                usage = _Usage(tag, start, end, element=True)
                self._attributes(usage, end, language, scope)
                self._element(usage, tag, scope)
                continue
            local = names.get(tag) or (names.get(_pascal(tag)) if "-" in tag else None)
            marked = bool(markers) and self._has_marker(end, markers)
            if local is None and not marked:
                continue
            usage = _Usage(local or tag, start, end, element=marked)
            self._attributes(usage, end, language, scope)
            if marked:
                self._element(usage, tag, scope)
            if local is not None:
                usage.props = [p for p in usage.props if p[1] is not None]
                self._record(usage, scope)

    def _has_marker(self, pos: int, markers: frozenset[str]) -> bool:
        """Whether the tag whose name ends at ``pos`` carries one of the attributes
        ``markers`` (``external``), found in its text without parsing it."""
        data, n, i = self.data, len(self.data), pos
        while i < n and data[i:i + 1] != b">":
            if data[i:i + 1] in (b'"', b"'"):
                close = data.find(data[i:i + 1], i + 1)
                i = n if close == -1 else close + 1
                continue
            i += 1
        text = data[pos:i]
        return any(re.search(rb"\s" + re.escape(m.encode()) + rb"(?=[\s/=]|$)", text) for m in markers)

    def handler(self, start: int, end: int, language: str) -> None:
        """A Svelte event handler's expression (``on:click={() => (location.href =
        '/api/auth/google')}``): walked for call sites like the script, in place (its
        positions are the file's)."""
        buf = bytearray(b if b == 0x0A else 0x20 for b in self.data)
        buf[start:end] = self.data[start:end]
        buf = bytes(buf)
        tree = parse(buf, language)
        if tree.root_node.has_error:
            return
        b = self.b
        saved = b.src
        b.src = _Overlay(buf, self.data)
        try:
            for st in named_children(tree.root_node):
                b._walk(st, None)
        finally:
            b.src = saved

    def _element(self, usage: _Usage, tag: str, scope) -> None:
        """An HTML element a client library reads (``<a :href="...">``), with its
        attributes, positions in the original file."""
        text = lambda s, e: self.data[s:e].decode("utf-8", "replace")  # noqa: E731
        attributes = tuple(
            ElementAttribute(k, e, self.source.span_of(a0, a1), self.source.span_of(v0, v1),
                             text(v0, v1))
            for k, e, a0, a1, v0, v1 in usage.props)
        self.b.element(tag, attributes,
                       self.source.span_of(usage.name_start, usage.name_end), scope)

    def _record(self, usage: _Usage, scope) -> None:
        items = [(k, e) for k, e, *_ in usage.props]
        text = lambda s, e: self.data[s:e].decode("utf-8", "replace")  # noqa: E731
        attributes = [(k, self.source.span_of(a0, a1), self.source.span_of(v0, v1), text(v0, v1))
                      for k, _, a0, a1, v0, v1 in usage.props]
        self.b.add_usage(Ref(usage.local), Obj(tuple(items), tuple(usage.spreads)),
                         self.source.span_of(usage.name_start, usage.name_end),
                         text(usage.name_start, usage.name_end), attributes, scope)

    def _attributes(self, usage: _Usage, pos: int, language: str, scope) -> None:
        """Read the attributes of the tag whose name ends at ``pos``."""
        data, n = self.data, len(self.data)
        i = pos
        while i < n:
            while i < n and data[i:i + 1].isspace():
                i += 1
            if i >= n or data[i:i + 1] == b">" or data.startswith(b"/>", i):
                return
            if data[i:i + 1] == b"{" and self.kind == "svelte":
                end = _balanced(data, i)
                inner = data[i + 1:end - 1].decode("utf-8", "replace")
                stripped = inner.strip()
                if stripped.startswith("..."):
                    usage.spreads.append(self._expr(stripped[3:], language, scope))
                elif re.fullmatch(r"[A-Za-z_$][\w$]*", stripped):
                    usage.props.append((stripped, self._expr(stripped, language, scope),
                                        i, end, i + 1, end - 1))
                i = end
                continue
            a0 = i
            while i < n and not data[i:i + 1].isspace() and data[i:i + 1] not in (b"=", b">") \
                    and not data.startswith(b"/>", i):
                i += 1
            name = data[a0:i].decode("utf-8", "replace")
            j = i
            while j < n and data[j:j + 1].isspace():
                j += 1
            if j < n and data[j:j + 1] == b"=":
                j += 1
                while j < n and data[j:j + 1].isspace():
                    j += 1
                q = data[j:j + 1]
                if q in (b'"', b"'"):
                    close = data.find(q, j + 1)
                    close = n - 1 if close == -1 else close
                    v0, v1, i = j + 1, close, close + 1
                    quoted = True
                elif q == b"{" and self.kind == "svelte":
                    end = _balanced(data, j)
                    v0, v1, i = j + 1, end - 1, end
                    quoted = False
                else:
                    v1 = j
                    while v1 < n and not data[v1:v1 + 1].isspace() and data[v1:v1 + 1] != b">" \
                            and not data.startswith(b"/>", v1):
                        v1 += 1
                    v0, i = j, v1
                    quoted = True
                self._attribute_value(usage, name, a0, i, v0, v1, quoted, language, scope)
            else:
                if name:
                    self._attribute_value(usage, name, a0, i, a0, i, None, language, scope)
                i = max(i, a0 + 1)

    def _attribute_value(self, usage: _Usage, name: str, a0: int, a1: int, v0: int, v1: int,
                         quoted: bool | None, language: str, scope) -> None:
        """One attribute: a prop (with its value), a spread, or a directive (ignored)."""
        text = self.data[v0:v1].decode("utf-8", "replace")
        # the value's span covers its quotes, as a string literal's does
        q0, q1 = (v0 - 1, v1 + 1) if quoted and self.data[v0 - 1:v0] in (b'"', b"'") else (v0, v1)
        if self.kind == "vue":
            bound = False
            if name.startswith(":") or name.startswith("v-bind:"):
                name, bound = name.split(":", 1)[1], True
            elif name == "v-bind":
                if quoted is not None:
                    usage.spreads.append(self._expr(html.unescape(text), language, scope))
                return
            elif name.startswith(("@", "#", "v-")):
                if usage.element:
                    usage.props.append((name, None, a0, a1, q0, q1))
                return
            name = _camel(name.split(".")[0])
            if not name or name in ("key", "ref", "is"):
                return  # Vue's own attributes, not props
            if quoted is None:
                value: Expr = Lit("true")
            elif bound:
                value = self._expr(html.unescape(text), language, scope)
                q0, q1 = v0, v1
            else:
                value = Lit(html.unescape(text))
            usage.props.append((name, value, a0, a1, q0, q1))
            return
        if self.kind == "html":
            self._template_attribute(usage, name, a0, a1, v0, v1, q0, q1, quoted, text, language, scope)
            return
        # svelte
        if ":" in name or not name:
            if name and usage.element:
                usage.props.append((name, None, a0, a1, q0, q1))
            return  # on:click, bind:value, class:active, use:action...
        if quoted is None:
            value = Lit("true")
        elif not quoted:
            value = self._expr(text, language, scope)
        elif "{" in text:
            value = self._interpolated(v0, v1, language, scope)
        else:
            value = Lit(html.unescape(text))
        usage.props.append((name, value, a0, a1, q0, q1))

    def _template_attribute(self, usage: _Usage, name: str, a0: int, a1: int, v0: int, v1: int,
                            q0: int, q1: int, quoted: bool | None, text: str, language: str,
                            scope) -> None:
        """One attribute of a component template file (``kind="html"``, Angular's
        syntax): ``href="/x"`` a literal, ``href="/users/{{ user.id }}"`` text and
        expressions, ``[href]="expr"`` / ``[attr.href]="expr"`` a bound expression;
        event bindings ``(ngSubmit)``, two-way ``[(ngModel)]``, structural ``*ngIf`` and
        references ``#form`` are kept by name only (a submit handler takes a form over)."""
        bound = name.startswith("[") and name.endswith("]") and not name.startswith("[(")
        if bound:
            name = name[1:-1]
            name = name[5:] if name.startswith("attr.") else name
        elif name.startswith(("(", "[", "*", "#")) or not name:
            if name and usage.element:
                usage.props.append((name, None, a0, a1, q0, q1))
            return
        if quoted is None:
            value: Expr = Lit("true")
        elif bound:
            value = self._expr(html.unescape(text), language, scope)
            q0, q1 = v0, v1
        elif "{{" in text:
            parts: list[Expr] = []
            for k, piece in enumerate(_split_mustaches(text)):
                if k % 2:
                    parts.append(self._expr(html.unescape(piece), language, scope))
                elif piece:
                    parts.append(Lit(html.unescape(piece)))
            value = Concat(tuple(parts)) if len(parts) != 1 else parts[0]
        else:
            value = Lit(html.unescape(text))
        usage.props.append((name, value, a0, a1, q0, q1))

    def _interpolated(self, v0: int, v1: int, language: str, scope) -> Expr:
        """``"/api/{id}/items"`` (Svelte): literal text and expressions."""
        parts: list[Expr] = []
        i = v0
        while i < v1:
            j = self.data.find(b"{", i, v1)
            if j == -1:
                parts.append(Lit(html.unescape(self.data[i:v1].decode("utf-8", "replace"))))
                break
            if j > i:
                parts.append(Lit(html.unescape(self.data[i:j].decode("utf-8", "replace"))))
            end = min(_balanced(self.data, j), v1)
            parts.append(self._expr(self.data[j + 1:end - 1].decode("utf-8", "replace"),
                                    language, scope))
            i = end
        return Concat(tuple(parts)) if len(parts) != 1 else parts[0]

    def _expr(self, text: str, language: str, scope) -> Expr:
        """A template expression, converted in the script's scope."""
        if not text.strip():
            return Dyn("segment")
        data = b"(" + text.encode("utf-8") + b"\n)"
        tree = parse(data, language)
        stmt = next(iter(named_children(tree.root_node)), None)
        node = stmt.named_children[0] if stmt is not None and stmt.named_children else None
        if node is None or tree.root_node.has_error:
            return Dyn("segment")
        b = self.b
        saved = b.src
        b.src = SourceText(data)
        try:
            return b.expr(node, scope)
        finally:
            b.src = saved


def _pairs(b: JsBuilder, obj) -> list[tuple[str, object]]:
    """(key, value node) of the ``key: value`` entries of an object literal node."""
    out = []
    for c in obj.named_children:
        if c.type == "pair":
            k = c.child_by_field_name("key")
            v = c.child_by_field_name("value")
            if k is not None and v is not None:
                out.append((unquote_js_string(k, b.src) if k.type == "string" else b.text(k), v))
    return out


def _balanced(data: bytes, i: int) -> int:
    """The offset just past the ``}`` closing the ``{`` at ``i`` (strings skipped)."""
    depth, n = 0, len(data)
    while i < n:
        ch = data[i:i + 1]
        if ch in (b'"', b"'", b"`"):
            close = i + 1
            while close < n and data[close:close + 1] != ch:
                close += 2 if data[close:close + 1] == b"\\" else 1
            i = close + 1
            continue
        if ch == b"{":
            depth += 1
        elif ch == b"}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return n

