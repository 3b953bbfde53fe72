"""Small, total helpers over tree-sitter-python nodes (no framework knowledge).

Every helper accepts ``None`` or a node of an unexpected type (half-typed code) and
answers ``None``/empty instead of raising.
"""

from __future__ import annotations

from tree_sitter import Node

from routelink.facts import Alt, CallExpr, Concat, Dyn, EnvVar, Expr, Lit, Obj, Ref
from routelink.syntax import SourceText

_SIMPLE_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "t": "\t", "r": "\r", "0": "\0"}


def unwrap(node: Node | None) -> Node | None:
    """Strip parentheses (``(expr)``) around an expression."""
    while node is not None and node.type == "parenthesized_expression":
        inner = [c for c in node.named_children if c.type != "comment"]
        if len(inner) != 1:
            return node
        node = inner[0]
    return node


def string_parts(node: Node, src: SourceText) -> tuple[str, list[Node]] | None:
    """(prefix, content/interpolation children) of a ``string`` node."""
    if node.type != "string":
        return None
    prefix = ""
    parts: list[Node] = []
    for c in node.children:
        if c.type == "string_start":
            prefix = src.text(c).rstrip("'\"").lower()
        elif c.type in ("string_content", "interpolation"):
            parts.append(c)
    return prefix, parts


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt in _SIMPLE_ESCAPES:
                out.append(_SIMPLE_ESCAPES[nxt])
                i += 2
                continue
            if nxt == "\n":
                i += 2
                continue
        out.append(ch)
        i += 1
    return "".join(out)


def literal_string(node: Node | None, src: SourceText) -> str | None:
    """The value of a plain (non-f) string literal or of a concatenation of them."""
    node = unwrap(node)
    if node is None:
        return None
    if node.type == "concatenated_string":
        pieces = [literal_string(c, src) for c in node.named_children if c.type == "string"]
        if any(p is None for p in pieces):
            return None
        return "".join(pieces)  # type: ignore[arg-type]
    sp = string_parts(node, src)
    if sp is None:
        return None
    prefix, parts = sp
    if "b" in prefix:
        return None
    out: list[str] = []
    for p in parts:
        if p.type == "interpolation":
            return None
        text = src.text(p)
        out.append(text if "r" in prefix else _unescape(text))
    return "".join(out)


def string_list(node: Node | None, src: SourceText) -> list[str] | None:
    """``["GET", "POST"]`` / ``("GET",)`` / ``{"GET"}`` / ``"GET"`` -> list of strings."""
    node = unwrap(node)
    if node is None:
        return None
    if node.type in ("list", "tuple", "set"):
        out = []
        for c in node.named_children:
            if c.type == "comment":
                continue
            v = literal_string(c, src)
            if v is None:
                return None
            out.append(v)
        return out
    v = literal_string(node, src)
    return [v] if v is not None else None


def dotted(node: Node | None, src: SourceText) -> str | None:
    """``a.b.c`` for an identifier/attribute chain, else None."""
    node = unwrap(node)
    if node is None:
        return None
    if node.type == "identifier":
        return src.text(node)
    if node.type == "dotted_name":
        return ".".join(src.text(c) for c in node.named_children if c.type == "identifier")
    if node.type == "attribute":
        obj = dotted(node.child_by_field_name("object"), src)
        attr = node.child_by_field_name("attribute")
        if obj is None or attr is None:
            return None
        return obj + "." + src.text(attr)
    return None


def ref_of(node: Node | None, src: SourceText) -> Ref | None:
    """A :class:`Ref` for ``a`` / ``a.b.c``, else None."""
    d = dotted(node, src)
    if d is None:
        return None
    parts = d.split(".")
    return Ref(parts[0], tuple(parts[1:]))


def call_parts(node: Node | None) -> tuple[Node | None, list[Node], dict[str, Node]]:
    """(callee, positional args, keyword args) of a ``call`` node.

    ``*args``/``**kwargs`` splats are left out. A call whose argument list is missing
    (``@app.get(`` being typed) has no arguments.
    """
    if node is None or node.type != "call":
        return None, [], {}
    fn = node.child_by_field_name("function")
    args = node.child_by_field_name("arguments")
    positional: list[Node] = []
    keywords: dict[str, Node] = {}
    if args is not None and args.type == "argument_list":
        for a in args.named_children:
            if a.type == "comment":
                continue
            if a.type == "keyword_argument":
                name = a.child_by_field_name("name")
                value = a.child_by_field_name("value")
                if name is not None and value is not None:
                    keywords[name.text.decode("utf-8", "replace")] = value
            elif a.type in ("list_splat", "dictionary_splat"):
                continue
            else:
                positional.append(a)
    return fn, positional, keywords


def arg(positional: list[Node], keywords: dict[str, Node], index: int,
        *names: str) -> Node | None:
    """The argument given by keyword (any of ``names``) or at ``index``."""
    for n in names:
        if n in keywords:
            return keywords[n]
    if 0 <= index < len(positional):
        return positional[index]
    return None


def decorator_expr(dec: Node) -> Node | None:
    """The expression of a ``decorator`` node (``@x.y(...)`` -> the call)."""
    for c in dec.named_children:
        if c.type != "comment":
            return unwrap(c)
    return None


def statements(block: Node | None) -> list[Node]:
    """The statements of a ``block``/``module`` (comments skipped)."""
    if block is None:
        return []
    return [c for c in block.named_children if c.type != "comment"]


def nested_blocks(stmt: Node) -> list[Node]:
    """The blocks of a compound statement executed at the same scope level.

    ``if``/``elif``/``else``, ``try``/``except``/``else``/``finally``, ``with``, ``for`` and
    ``while`` bodies: statements there run in the enclosing scope (e.g. ``if
    settings.DEBUG: urlpatterns += [...]``).
    """
    out: list[Node] = []
    for c in stmt.named_children:
        if c.type == "block":
            out.append(c)
        elif c.type in ("elif_clause", "else_clause", "except_clause", "finally_clause",
                        "except_group_clause", "case_clause"):
            for cc in c.named_children:
                if cc.type == "block":
                    out.append(cc)
    return out


COMPOUND = frozenset({"if_statement", "try_statement", "with_statement", "for_statement",
                      "while_statement"})


def to_expr(node: Node | None, src: SourceText, depth: int = 0) -> Expr | None:
    """An expression tree for a value the resolver may need (strings, names, calls).

    Strings and f-strings become :class:`Lit`/:class:`Concat` (an interpolated name is a
    :class:`Ref`, anything else a :class:`Dyn`); ``os.environ.get("X", "d")``,
    ``os.getenv("X", "d")`` and ``os.environ["X"]`` become :class:`EnvVar`; a conditional
    expression an :class:`Alt`; ``a + b`` on strings a :class:`Concat`; names and dotted
    names a :class:`Ref`; calls a :class:`CallExpr` (keyword arguments as a trailing
    :class:`Obj`); dict literals with string keys an :class:`Obj`. Lists of strings are
    written as one :class:`Lit` joined with ``,``. Anything else is None.
    """
    node = unwrap(node)
    if node is None or depth > 12:
        return None
    t = node.type
    if t == "string":
        sp = string_parts(node, src)
        if sp is None:
            return None
        prefix, parts = sp
        if "b" in prefix:
            return None
        pieces: list[Expr] = []
        for p in parts:
            if p.type == "interpolation":
                inner = p.child_by_field_name("expression")
                e = to_expr(inner, src, depth + 1)
                pieces.append(e if isinstance(e, (Ref, Lit, EnvVar)) else Dyn("segment"))
            else:
                text = src.text(p)
                if "f" in prefix:
                    text = text.replace("{{", "{").replace("}}", "}")  # f-string escapes
                pieces.append(Lit(text if "r" in prefix else _unescape(text)))
        return _concat(pieces)
    if t == "concatenated_string":
        parts2 = [to_expr(c, src, depth + 1) for c in node.named_children if c.type == "string"]
        return _concat([p if p is not None else Dyn("segment") for p in parts2])
    if t == "binary_operator":
        op = node.child_by_field_name("operator")
        if op is not None and src.text(op) == "+":
            left = to_expr(node.child_by_field_name("left"), src, depth + 1)
            right = to_expr(node.child_by_field_name("right"), src, depth + 1)
            if left is not None and right is not None:
                return _concat([left, right])
        if op is not None and src.text(op) == "%":
            return _percent_format(node, src, depth)
        return None
    if t == "conditional_expression":
        opts = [to_expr(c, src, depth + 1) for c in node.named_children]
        # children: consequence, condition, alternative
        if len(opts) == 3 and opts[0] is not None and opts[2] is not None:
            return Alt((opts[0], opts[2]))
        return None
    if t == "boolean_operator":
        op = node.child_by_field_name("operator")
        left = to_expr(node.child_by_field_name("left"), src, depth + 1)
        right = to_expr(node.child_by_field_name("right"), src, depth + 1)
        if op is not None and src.text(op) == "or" and left is not None and right is not None:
            if isinstance(left, EnvVar) and left.default is None:
                return EnvVar(left.name, right)
            return Alt((left, right))
        return None
    if t in ("identifier", "attribute"):
        return ref_of(node, src)
    if t == "subscript":
        # os.environ["X"]
        value = dotted(node.child_by_field_name("value"), src)
        key = literal_string(node.child_by_field_name("subscript"), src)
        if value in ("os.environ", "environ") and key is not None:
            return EnvVar(key)
        return None
    if t == "call":
        fn, pos, kw = call_parts(node)
        name = dotted(fn, src)
        if name is None:
            return _str_format(fn, pos, kw, src, depth)
        if name in ("os.environ.get", "os.getenv", "getenv", "environ.get", "env", "env.str",
                    "config") and pos:
            key = literal_string(pos[0], src)
            if key is not None:
                default_node = pos[1] if len(pos) > 1 else kw.get("default")
                default = to_expr(default_node, src, depth + 1) if default_node is not None else None
                return EnvVar(key, default)
        args: list[Expr] = []
        for a in pos:
            e = to_expr(a, src, depth + 1)
            args.append(e if e is not None else Dyn("segment"))
        if kw:
            items = []
            for k, v in kw.items():
                e = to_expr(v, src, depth + 1)
                if e is not None:
                    items.append((k, e))
            args.append(Obj(tuple(items)))
        parts = name.split(".")
        return CallExpr(Ref(parts[0], tuple(parts[1:])), tuple(args), new=True)
    if t == "dictionary":
        items = []
        for pair in node.named_children:
            if pair.type != "pair":
                continue
            k = literal_string(pair.child_by_field_name("key"), src)
            v = to_expr(pair.child_by_field_name("value"), src, depth + 1)
            if k is not None and v is not None:
                items.append((k, v))
        return Obj(tuple(items))
    if t in ("list", "tuple", "set"):
        strs = string_list(node, src)
        if strs is not None:
            return Lit(",".join(strs))
        return None
    if t in ("true", "false", "integer", "float"):
        return Lit(src.text(node))
    return None


def _piece(node: Node | None, src: SourceText, depth: int) -> Expr:
    """A value interpolated into a string: a name, a literal or an env var as such,
    anything else one unknown segment (as in an f-string)."""
    e = to_expr(node, src, depth + 1) if node is not None else None
    return e if isinstance(e, (Ref, Lit, EnvVar)) else Dyn("segment")


def _percent_format(node: Node, src: SourceText, depth: int) -> Expr | None:
    """``"http://%s:%d/x" % (host, port)`` / ``"/u/%(id)s" % {"id": i}``: the format
    string with each conversion replaced by the value it takes; None when the left
    operand is no string literal."""
    fmt = literal_string(node.child_by_field_name("left"), src)
    if fmt is None:
        return None
    right = unwrap(node.child_by_field_name("right"))
    positional: list[Node] = []
    named: dict[str, Node] = {}
    if right is not None and right.type == "tuple":
        positional = [c for c in right.named_children if c.type != "comment"]
    elif right is not None and right.type == "dictionary":
        for pair in right.named_children:
            k = literal_string(pair.child_by_field_name("key"), src) if pair.type == "pair" else None
            if k is not None:
                named[k] = pair.child_by_field_name("value")  # type: ignore[assignment]
    elif right is not None:
        positional = [right]
    pieces: list[Expr] = []
    text: list[str] = []
    i, n, index = 0, len(fmt), 0
    while i < n:
        ch = fmt[i]
        if ch != "%" or i + 1 >= n:
            text.append(ch)
            i += 1
            continue
        if fmt[i + 1] == "%":
            text.append("%")
            i += 2
            continue
        j = i + 1
        key = None
        if fmt[j] == "(":
            close = fmt.find(")", j)
            if close == -1:
                return None
            key, j = fmt[j + 1:close], close + 1
        while j < n and (fmt[j] in "#0- +.*" or fmt[j].isdigit() or fmt[j] in "hlL"):
            j += 1
        if j >= n:
            return None
        pieces.append(Lit("".join(text)))
        text = []
        if key is not None:
            pieces.append(_piece(named.get(key), src, depth))
        else:
            pieces.append(_piece(positional[index] if index < len(positional) else None, src, depth))
            index += 1
        i = j + 1
    pieces.append(Lit("".join(text)))
    return _concat([p for p in pieces if p != Lit("")])


def _str_format(fn: Node | None, pos: list[Node], kw: dict[str, Node], src: SourceText,
                depth: int) -> Expr | None:
    """``"{}/users/{id}".format(base, id=i)``: the string with each replacement field
    replaced by the argument it names (``{}`` and ``{0}`` by position, ``{name}`` by
    keyword; a field that reads a member or an index of one, or that no argument gives,
    is an unknown segment); None when ``fn`` is not ``.format`` of a string literal."""
    fn = unwrap(fn)
    if fn is None or fn.type != "attribute":
        return None
    attr = fn.child_by_field_name("attribute")
    fmt = literal_string(fn.child_by_field_name("object"), src)
    if fmt is None or attr is None or src.text(attr) != "format":
        return None
    pieces: list[Expr] = []
    text: list[str] = []
    i, n, auto = 0, len(fmt), 0
    while i < n:
        ch = fmt[i]
        if ch in "{}" and i + 1 < n and fmt[i + 1] == ch:
            text.append(ch)
            i += 2
            continue
        if ch != "{":
            text.append(ch)
            i += 1
            continue
        close = fmt.find("}", i)
        if close == -1:
            return None
        field = fmt[i + 1:close]
        for stop in ("!", ":"):
            field = field.split(stop, 1)[0]
        pieces.append(Lit("".join(text)))
        text = []
        value: Node | None = None
        if field == "":
            value = pos[auto] if auto < len(pos) else None
            auto += 1
        elif field.isdigit():
            value = pos[int(field)] if int(field) < len(pos) else None
        elif field.isidentifier():
            value = kw.get(field)
        pieces.append(_piece(value, src, depth))
        i = close + 1
    pieces.append(Lit("".join(text)))
    return _concat([p for p in pieces if p != Lit("")])


def _concat(pieces: list[Expr]) -> Expr:
    flat: list[Expr] = []
    for p in pieces:
        if isinstance(p, Concat):
            flat.extend(p.parts)
        else:
            flat.append(p)
    merged: list[Expr] = []
    for p in flat:
        if isinstance(p, Lit) and merged and isinstance(merged[-1], Lit):
            merged[-1] = Lit(merged[-1].value + p.value)
        else:
            merged.append(p)
    if not merged:
        return Lit("")
    if len(merged) == 1:
        return merged[0]
    return Concat(tuple(merged))
