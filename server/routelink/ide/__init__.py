"""Answers about one index generation, as plain data (no LSP types).

- :mod:`routelink.ide.report`: configured diagnostics and the SPEC's JSON/text reports.

Architecture Invariant: nothing in ``routelink.ide`` imports pygls or lsprotocol.
"""

from routelink.ide.report import Diagnostic, diagnostics, json_report, text_report

__all__ = ["Diagnostic", "diagnostics", "json_report", "text_report"]
