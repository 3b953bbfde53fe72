"""The whole-run results cache: ``routelink check`` of a workspace whose inputs did not
change since the last check prints the last report without indexing again, and the
language server shows the diagnostics of its last session at once while it indexes.

Per-file facts (:mod:`routelink.index.cache`) spare the parsing of unchanged files, but
resolving and linking the whole workspace still runs at every start (its results depend
on every file). When *nothing* the last run read has changed, its result is the result:
this module stores it, in the same database as the facts (so under the same code key:
another routelink, grammar or Python never reuses it), and finds it again.

- **Which row**: :func:`workspace_key` hashes what identifies a run besides the files:
  the roots, the PATHs as given (echoed in the report; the server passes a name of its
  own), every setting. One row per workspace, settings and kind of run: a new run with
  other inputs replaces it.
- **Valid when**: the :func:`inputs_digest` of the files the scan found and read
  (every path, size and byte, configs included, and the scan's own messages) equals the
  stored one, *and* every answer resolution got from the disk outside those files
  (``WorkspaceIndex.disk_probes``: a tsconfig a config ``extends`` from
  ``node_modules``, whether a public folder holds a file, a symlink's target) is still
  the same. Anything else is a miss and the workspace is indexed as usual.
- **Warnings** the indexing logged (a ``.env`` line skipped...) are stored with the
  report and logged again on a hit, so a warm run says what a cold one says.
- **Not stored**: a run in which some file hit the parse time budget (its facts depend
  on the machine's load; see :mod:`routelink.extract.budget`).
- **Never trusted**: the payload is JSON (never pickled), its blake2b digest is checked
  on read, and a payload that does not decode is a miss.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import zlib
from contextlib import contextmanager
from dataclasses import dataclass

log = logging.getLogger(__name__)

#: the version of the payload's layout
_LAYOUT = 1


def workspace_key(roots: list[str], roots_as_given: list[str], config) -> bytes:
    """The row key of a run: blake2b (16 bytes) of the normalized ``roots``, the PATHs
    as given and every field of ``config`` (a :class:`routelink.config.Config`)."""
    fields = dataclasses.asdict(config) if dataclasses.is_dataclass(config) else repr(config)
    text = json.dumps({"layout": _LAYOUT, "roots": list(roots), "given": list(roots_as_given),
                       "config": fields}, sort_keys=True, default=repr)
    return hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=16).digest()


def inputs_digest(files) -> bytes:
    """blake2b (16 bytes) of what a :class:`routelink.index.scan.WorkspaceFiles`
    holds: every path read with its size and bytes (in path order), the size limit, the
    scan's counts and messages. Computed once per object (a run looks it up, then
    stores under it: the files are never changed once read)."""
    if files.digest is not None:
        return files.digest
    h = hashlib.blake2b(digest_size=16)
    h.update(b"%d\0%d\0%d\0" % (files.max_bytes, files.scanned, files.ignored))
    for note in files.notes:
        h.update(note.encode("utf-8", "surrogateescape") + b"\0")
    for path in sorted(files.data):
        data = files.data[path]
        h.update(b"\1" + path.encode("utf-8", "surrogateescape"))
        h.update(b"\0%d\0%d\0" % (getattr(data, "size", len(data)), len(data)))
        h.update(data)
    files.digest = h.digest()
    return files.digest


def _text_digest(text: str | None) -> str | None:
    if text is None:
        return None
    return hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def _probe(kind: str, path: str, max_bytes: int):
    """The answer the disk gives now to one ``WorkspaceIndex.disk_probes`` question, as
    stored (a config's text as its digest)."""
    if kind == "json":
        from routelink.index.scan import read_bytes

        data = read_bytes(path, max_bytes)
        text = data.decode("utf-8", "replace") if data is not None and len(data) <= max_bytes else None
        return _text_digest(text)
    if kind == "file":
        return os.path.isfile(path)
    if kind == "real":
        from routelink.index.incremental import _realpath

        return _realpath(path)
    raise ValueError(f"unknown probe kind {kind!r}")


@dataclass
class CachedRun:
    """A stored run: its result (``check``: the JSON report of
    ``routelink.ide.report.json_report``; the language server: ``{"diagnostics":
    {path: [LSP Diagnostic as JSON]}}``) and the warnings its indexing logged, as
    (logger name, level, message)."""

    result: dict
    warnings: list[tuple[str, int, str]]


def load(cache, key: bytes, files) -> CachedRun | None:
    """The run stored under ``key`` when it is valid for ``files`` (see the module
    docstring), else None. Never raises."""
    if cache is None:
        return None
    try:
        row = cache.get_result(key)
        if row is None:
            return None
        inputs, payload = row
        if inputs != inputs_digest(files):
            return None
        data = json.loads(zlib.decompress(payload).decode("utf-8"))
        if not isinstance(data, dict) or data.get("layout") != _LAYOUT:
            return None
        for kind, path, value in data["probes"]:
            if _probe(kind, path, files.max_bytes) != value:
                return None
        result = data["result"]
        if not isinstance(result, dict):
            return None
        warnings = [(str(n), int(lv), str(m)) for n, lv, m in data["warnings"]]
        return CachedRun(result, warnings)
    except Exception as exc:  # noqa: BLE001 - a bad row is a miss, never an error
        log.info("results cache: entry not used (%s)", exc)
        return None


def probes_of(index) -> list | None:
    """What of ``index`` a stored run keeps besides its result: the disk answers its
    resolution got (``WorkspaceIndex.disk_probes``, a config's text as its digest); None
    when the run must not be stored (a parse over its time budget). Call it where the
    index is not being changed (the language server's event loop)."""
    from routelink.extract.budget import timed_out

    if any(timed_out(st.facts) for st in index.files.values()):
        return None
    deferral = getattr(index, "_deferral", None)
    if deferral is not None and any(timed_out(f) for f in deferral.lazy.values()):
        return None  # (a deferred file resolution read, extracted on demand)
    return [[kind, path, _text_digest(value) if kind == "json" else value]
            for (kind, path), value in sorted(index.disk_probes.items())]


def store(cache, key: bytes, files, index, result: dict,
          warnings: list[tuple[str, int, str]], probes: list | None = None) -> bool:
    """Store the run of ``index`` (built from ``files``) with its ``result`` (JSON
    data); False when it is not stored (no cache, a parse over its time budget, an
    error: logged). ``probes``: :func:`probes_of` the index, taken earlier (then
    ``index`` is not read)."""
    if cache is None:
        return False
    if probes is None:
        probes = probes_of(index)
        if probes is None:
            return False
    try:
        payload = json.dumps({"layout": _LAYOUT, "probes": probes, "warnings": warnings,
                              "result": result}, separators=(",", ":"))
        cache.put_result(key, inputs_digest(files),
                         zlib.compress(payload.encode("utf-8", "surrogateescape"), 1))
        return True
    except Exception as exc:  # noqa: BLE001 - a run that cannot be stored is just not
        log.info("results cache: run not stored (%s)", exc)
        return False


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith("routelink.index.cache") or record.name == __name__:
            return  # about the cache itself, not about the workspace
        try:
            self.records.append((record.name, record.levelno, record.getMessage()))
        except Exception:  # noqa: BLE001 - a message that cannot be formatted
            self.handleError(record)


@contextmanager
def capture_warnings():
    """Collect the warnings routelink logs meanwhile (``with capture_warnings() as
    got:``; ``got`` is a list of (logger name, level, message)); they are logged as
    usual too."""
    handler = _Collect()
    logger = logging.getLogger("routelink")
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)


def replay(warnings: list[tuple[str, int, str]]) -> None:
    """Log the warnings of a stored run again, as they were logged."""
    for name, level, message in warnings:
        logging.getLogger(name).log(level, "%s", message)
