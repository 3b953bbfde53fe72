"""Which diagnostics the language server shows while its cold index is built in batches
(:mod:`routelink.index.batches`): only those that what is not indexed yet cannot make
false.

After a batch other than the last, the index holds the *foundation* (every file that
may declare a route or feed a table all findings read: routes, mounts, listens,
settings, client default base URLs, global properties, the app's own hosts) and some of
the sources of frontend-only packages (pages, hooks...); the files of later batches that
resolution read were read in full. So the route table, and whether a backend exists,
are those of the whole workspace, and a call of an indexed file resolves to what it
will resolve to at the end, except where it depends on who else calls or creates
something (a class method evaluated per module-level instance, a client passed as a
parameter, an API client's method that nothing calls yet, an auto-import of a later
file): then it is *unresolved* now and is never shown early.

The rule (:func:`early_diagnostics`): a diagnostic is shown before the last batch only if

- its code is call-side and about the call alone: :data:`EARLY_CODES`
  (``unmatched-call``, ``method-mismatch``, ``duplicate-prefix``, ``mock-only-call``);
  never ``unresolved-call`` (more files may resolve it), never a route-side code
  (``unused-route``: its callers may be in a later batch; ``duplicate-route``,
  ``shadowed-route``, ``unmounted-route``, ``unresolved-route``), never
  ``unused-ignore`` (it reads every finding), never a workspace note ("no backend found",
  "routes never served");
- its file is a source of a frontend-only package (``BatchPlan.early``: no backend
  framework there, so whether the file is backend code does not hang on files not
  indexed yet) that is indexed, and is not backend code now;
- its call is not *tentative* (a browser navigation is a request only with evidence
  from the other requests of its app, ``link.findings.reaches_backend``).

Findings kept from an absolute URL's host or an env var's origin (``proven`` hosts and
origins: a call to a host no linked call uses is not reported) only grow with more
files, so what is shown early is not taken back by them. A diagnostic shown early that
the full index words differently (a message naming more routes) is replaced by the
final publish, which sends every file whose diagnostics changed.
"""

from __future__ import annotations

from routelink.ide.report import Diagnostic
from routelink.ide.snapshot import Snapshot

#: diagnostic codes that may be shown before the last batch of a batched cold index
EARLY_CODES = frozenset({"unmatched-call", "method-mismatch", "duplicate-prefix", "mock-only-call"})


def early_diagnostics(snapshot: Snapshot, index, early: frozenset[str]) -> dict[str, list[Diagnostic]]:
    """The diagnostics of ``snapshot`` (of a partial ``index``, a
    :class:`~routelink.index.incremental.WorkspaceIndex`) that may be shown before the
    index is complete (see the module's docstring), by file; ``early``: the files that
    may have any (``BatchPlan.early``)."""
    calls = snapshot.analysis.calls
    backend = index._backend
    out: dict[str, list[Diagnostic]] = {}
    for path, ds in snapshot.diagnostics_by_file.items():
        if path not in early or path not in index.files or path in backend:
            continue
        keep = [d for d in ds if d.code in EARLY_CODES and d.subject is not None
                and d.subject[0] == "call" and not calls[d.subject[1]].tentative]
        if keep:
            out[path] = keep
    return out
