"""How the JavaScript extractor reaches the nodes it reads (issue 12: extraction that
visits only the nodes that matter).

- The generic walk (``JsBuilder._walk``) visits the nodes a compiled tree-sitter query
  finds, not every node; it must record exactly what a walk of every node records.
- A tree parsed under the time budget (read through a callback) is parsed again from the
  bytes, so that reading a node's text slices the bytes; that tree must be the tree an
  unbudgeted parse gives.
"""

from __future__ import annotations

import pathlib

import pytest

from routelink.extract import extract_file
from routelink.extract import javascript as js

REPO = pathlib.Path(__file__).resolve().parents[2]

#: a React page in the style of real ones: calls in nested functions, a class component,
#: JSX, types whose annotations hold function types, a loop over a route table, a
#: default assigned to a parameter, an IIFE and a callback-in-callback
PAGE = """\
import axios from "axios";
import { useEffect, useState } from "react";
import type { Order } from "../types";

type Loader = (id: string) => Promise<Order>;
interface Api { load: (id: string) => Promise<Order>; }

const api = axios.create({ baseURL: "/api" });
const ENDPOINTS = { orders: "/orders", users: "/users" };

export function useOrders(status: string = "open") {
  const [orders, setOrders] = useState<Order[]>([]);
  useEffect(() => {
    api.get(`/orders?status=${status}`).then((res) => setOrders(res.data));
  }, [status]);
  return orders;
}

export async function cancel(id: string, reason?: string) {
  reason = reason || "customer";
  const res = await fetch(`/api/orders/${id}/cancel`, { method: "POST", body: reason });
  return res.json();
}

for (const key in ENDPOINTS) {
  api.get(ENDPOINTS[key]);
}

export class OrderTable extends React.Component<{ url: string }> {
  load = async () => {
    const { data } = await api.get<Order[]>(this.props.url);
    return data;
  };
  render() {
    return <DataTable url="/api/orders" onRow={(o: Order) => api.delete(`/orders/${o.id}`)} />;
  }
}

(async () => {
  await api.post("/sessions", { remember: true });
})();
"""

#: an Express router with routes inside if-blocks and a mounted sub-router
ROUTES = """\
const express = require("express");
const router = express.Router();
const admin = express.Router();

router.get("/orders", (req, res) => res.json([]));
if (process.env.ENABLE_CANCEL) {
  router.post("/orders/:id/cancel", async (req, res) => {
    res.json(await cancel(req.params.id));
  });
}
admin.delete("/orders/:id", (req, res) => res.sendStatus(204));
router.use("/admin", admin);
module.exports = router;
"""


def _example_sources() -> list[pathlib.Path]:
    kinds = {".js", ".jsx", ".ts", ".tsx", ".vue", ".svelte"}
    return sorted(p for p in (REPO / "examples").rglob("*")
                  if p.suffix in kinds and "node_modules" not in p.parts)


def _node_by_node(monkeypatch) -> None:
    """Make every walk visit every named node, as before the query."""
    monkeypatch.setattr(js.JsBuilder, "_walk_targets", lambda self: None)


def test_the_query_walk_records_what_a_walk_of_every_node_records(monkeypatch, tmp_path):
    files = {"web/src/orders.tsx": PAGE, "api/routes/orders.js": ROUTES}
    by_query = {name: extract_file(str(tmp_path / name), text.encode())
                for name, text in files.items()}
    # not vacuous: the page's requests and the router's routes are there
    assert len(by_query["web/src/orders.tsx"].calls) >= 6
    assert len(by_query["api/routes/orders.js"].routes) == 3
    _node_by_node(monkeypatch)
    for name, text in files.items():
        assert extract_file(str(tmp_path / name), text.encode()) == by_query[name], name


def test_the_query_walk_agrees_on_every_bundled_example(monkeypatch):
    paths = _example_sources()
    assert len(paths) > 50
    by_query = {p: extract_file(str(p), p.read_bytes()) for p in paths}
    assert sum(len(f.calls) for f in by_query.values() if f is not None) > 50
    _node_by_node(monkeypatch)
    differ = [str(p.relative_to(REPO)) for p in paths
              if extract_file(str(p), p.read_bytes()) != by_query[p]]
    assert differ == []


def test_a_walk_of_another_tree_visits_every_node():
    """A component's event handler is parsed apart (a tree of its own): the walk must not
    look for its nodes in the file's tree."""
    source = ("<script>\n  let n = 0;\n</script>\n\n"
              "<button on:click={() => fetch('/api/clicks', { method: 'POST' })}>+</button>\n")
    facts = extract_file("/ws/web/src/Counter.svelte", source.encode())
    assert [c.raw for c in facts.calls] == ["'/api/clicks'"]


@pytest.mark.parametrize("budgeted", [True, False])
def test_a_budgeted_parse_gives_the_tree_an_unbudgeted_one_gives(monkeypatch, budgeted):
    from routelink.syntax import parse

    # more than one 64 KiB read of the budgeted parser, with characters of 2 to 4 bytes
    # across its boundaries
    line = "const label_{i} = fetch('/api/étiquette/{i}?q=日本語🙂');\n"
    source = "".join(line.format(i=i) for i in range(3000)).encode()
    assert len(source) > 2 * 65536
    monkeypatch.setenv("ROUTELINK_PARSE_TIMEOUT", "30" if budgeted else "0")
    tree = parse(source, "javascript")
    monkeypatch.setenv("ROUTELINK_PARSE_TIMEOUT", "0")
    reference = parse(source, "javascript")
    assert str(tree.root_node) == str(reference.root_node)
    assert not tree.root_node.has_error
    strings = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.type == "string":
            strings.append(node)
        stack.extend(node.named_children)
    assert len(strings) == 3000
    assert all(n.text == source[n.start_byte:n.end_byte] for n in strings)
    assert all(n.text.decode().endswith("?q=日本語🙂'") for n in strings)


def test_a_budgeted_parse_of_broken_code_is_not_parsed_again(monkeypatch):
    """The second parse (from the bytes, for cheap ``Node.text``) reuses the whole tree
    only when it has no error: tree-sitter recovers from errors again, which would take
    as long as the first parse, outside the time budget. A broken file is parsed once."""
    import tree_sitter

    from routelink import syntax

    calls: list[bool] = []

    class Counting:
        def __init__(self, parser):
            self._parser = parser

        def parse(self, source, *args, **kwargs):
            calls.append(callable(source))
            return self._parser.parse(source, *args, **kwargs)

        def __getattr__(self, name):
            return getattr(self._parser, name)

    real = syntax._parser
    monkeypatch.setattr(syntax, "_parser", lambda language: Counting(real(language)))
    monkeypatch.setenv("ROUTELINK_PARSE_TIMEOUT", "30")
    clean = syntax.parse(b"fetch('/api/orders');\n", "tsx")
    assert not clean.root_node.has_error
    assert calls == [True, False]  # through the budget's callback, then from the bytes
    calls.clear()
    broken = syntax.parse(b"fetch('/api/orders');\n(<a (<a (<a\n}", "tsx")
    assert broken.root_node.has_error
    assert calls == [True]
    assert isinstance(broken, tree_sitter.Tree)
