"""Answers about one index generation, as plain data (no LSP types).

- :mod:`routelink.ide.report`: configured diagnostics and the SPEC's JSON/text reports.
- :mod:`routelink.ide.snapshot`: :class:`Snapshot`, the queries behind every editor
  feature (call/route at a position, callers, hover, lenses, code actions, symbols,
  links).

Architecture Invariant: nothing in ``routelink.ide`` imports pygls or lsprotocol.
"""
