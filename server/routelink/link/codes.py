"""The diagnostic codes (SPEC: stable names users select, ignore and suppress) and their
default severities. A module of its own, with no imports: the configuration and the
output formats need the codes without loading the linker."""

from __future__ import annotations

CODES = (
    "unmatched-call",
    "method-mismatch",
    "duplicate-prefix",
    "unused-route",
    "duplicate-route",
    "shadowed-route",
    "unmounted-route",
    "unresolved-call",
    "unresolved-route",
    "mock-only-call",
    "unused-ignore",
    "file-skipped",
)

DEFAULT_SEVERITY = {
    "unmatched-call": "warning",
    "method-mismatch": "warning",
    "duplicate-prefix": "warning",
    "unused-route": "information",
    "duplicate-route": "warning",
    "shadowed-route": "warning",
    "unmounted-route": "warning",
    "unresolved-call": "hint",
    "unresolved-route": "hint",
    "mock-only-call": "information",
    "unused-ignore": "hint",
    "file-skipped": "hint",
}
