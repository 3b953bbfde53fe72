"""A persistent cache of per-file facts, shared by every routelink process of a user.

Facts are a pure function of (path, bytes, size limit) and of the code that extracts
them (:mod:`routelink.extract`), so a file whose text did not change since the last
index need not be parsed again. The cache maps a *content key* to the pickled
:class:`~routelink.facts.FileFacts` of that input:

- **Where**: ``$ROUTELINK_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/routelink``, else
  ``~/.cache/routelink`` (``platformdirs``' user cache directory on other systems: macOS
  ``~/Library/Caches/routelink``, Windows ``%LOCALAPPDATA%\\routelink\\Cache``).
- **Which database**: one SQLite file per *code key*, ``facts-<code key>.sqlite3``. The
  code key hashes routelink's version, the versions of tree-sitter and of its grammars,
  the Python version, the source of the ``routelink`` package itself (an upgrade or a
  local edit of an extractor gives a new database, never stale facts) and the plug-ins
  registered in the framework and client registries.
- **Which row**: ``blake2b(path, size limit, bytes)``. A file moved or edited is a miss;
  each row also carries the blake2b digest of its blob, checked on every read.
- **Concurrency**: SQLite in WAL mode with a busy timeout, so two language servers and a
  ``routelink check`` can read and write the same database at once; each index writes
  its misses in one transaction (``INSERT OR REPLACE``: equal keys give equal facts, so
  the last writer wins harmlessly). A write that cannot get the lock in time is skipped.
- **Never trusted**: a blob is unpickled by an unpickler that only builds the classes of
  :mod:`routelink.facts` (nothing else can run), its digest must match and the result
  must be a ``FileFacts``; a row that fails any check is a miss and is rewritten. A
  database file that SQLite cannot open or read (truncated, overwritten, not a database)
  is deleted and created again; if even that fails the index runs without the cache.
  No cache error ever stops indexing (they are logged).
- **Growth**: rows not read for 30 days are deleted when a database is opened for writing
  (at most once a day); databases of other code keys are deleted once unused for 30 days.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import pickle
import sqlite3
import sys
import time
from collections.abc import Iterable, Mapping

from routelink import __version__
from routelink.facts import FileFacts

log = logging.getLogger(__name__)

#: rows (and databases) unused for this long are deleted
MAX_AGE_DAYS = 30
_DAY = 86400
_GRAMMARS = ("tree-sitter", "tree-sitter-typescript", "tree-sitter-javascript",
             "tree-sitter-python", "tree-sitter-html")
_SCHEMA = 1


def cache_dir(environ: Mapping[str, str] | None = None) -> str:
    """The folder of the facts cache: ``ROUTELINK_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/routelink``, else the platform's user cache folder + ``routelink``
    (``~/.cache/routelink`` on Linux)."""
    env = os.environ if environ is None else environ
    explicit = env.get("ROUTELINK_CACHE_DIR")
    if explicit:
        return os.path.abspath(os.path.expanduser(explicit))
    xdg = env.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return os.path.join(xdg, "routelink")
    import platformdirs

    return platformdirs.user_cache_dir("routelink", appauthor=False)


def _package_versions() -> str:
    from importlib import metadata

    out = []
    for name in _GRAMMARS:
        try:
            out.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name}=-")
    return ";".join(out)


def _source_digest() -> bytes:
    """blake2b of every ``.py`` file of the ``routelink`` package (path and bytes)."""
    import routelink

    root = os.path.dirname(os.path.abspath(routelink.__file__))
    h = hashlib.blake2b(digest_size=16)
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                h.update(os.path.relpath(path, root).encode())
                try:
                    with open(path, "rb") as fh:
                        h.update(fh.read())
                except OSError:
                    h.update(b"<unreadable>")
    return h.digest()


def _customized(module: str, attribute: str) -> bool:
    registry = sys.modules.get(module)
    return registry is not None and tuple(getattr(registry, attribute)) != registry.BUILTIN


def registry_signature() -> str:
    """The frameworks and client libraries registered now, in order, when a plug-in
    registered at run time changed them; "" while they hold exactly the built-in ones
    (which the source digest covers), so that a process that has not imported the
    registries (``check`` printing a stored run) has the same key."""
    if not (_customized("routelink.frameworks.registry", "FRAMEWORKS")
            or _customized("routelink.clients.registry", "CLIENTS")):
        return ""
    from routelink.clients import registry as clients
    from routelink.frameworks import registry as frameworks

    return ";".join(f"{type(p).__module__}.{type(p).__qualname__}:{getattr(p, 'name', '')}"
                    for p in (*frameworks.FRAMEWORKS, *clients.CLIENTS))


_SOURCE_DIGEST: bytes | None = None


def code_key() -> str:
    """The key of everything besides a file's input that its facts depend on (see the
    module docstring); hex, 32 characters."""
    global _SOURCE_DIGEST
    if _SOURCE_DIGEST is None:
        _SOURCE_DIGEST = _source_digest()
    h = hashlib.blake2b(digest_size=16)
    for part in (f"routelink={__version__};schema={_SCHEMA}", _package_versions(),
                 sys.version, registry_signature()):
        h.update(part.encode())
        h.update(b"\0")
    h.update(_SOURCE_DIGEST)
    return h.hexdigest()


def content_key(path: str, data: bytes, max_bytes: int) -> bytes:
    """The row key of one extraction input: blake2b of the path, the size limit and the
    bytes (16 bytes)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(path.encode("utf-8", "surrogateescape"))
    h.update(b"\0%d\0" % max_bytes)
    h.update(data)
    return h.digest()


class _FactsUnpickler(pickle.Unpickler):
    """Builds only the plain-data classes of :mod:`routelink.facts` (and nothing that
    could run code): a cache file written by someone else cannot execute anything."""

    def find_class(self, module: str, name: str):
        if module == "routelink.facts" and not name.startswith("_"):
            import routelink.facts as facts

            cls = getattr(facts, name, None)
            if isinstance(cls, type):
                return cls
        if module == "builtins" and name in ("frozenset", "set", "tuple", "list", "dict"):
            return getattr(__import__("builtins"), name)
        raise pickle.UnpicklingError(f"refusing {module}.{name} in a facts cache entry")


def _register_reducers() -> None:
    """Pickle every facts dataclass as a call of its constructor with its field values:
    about 2.5x faster to write and 1.5x to read than the default slots state (facts cross
    the process boundary of the pool and fill the cache). Equal values either way."""
    import copyreg
    import dataclasses

    import routelink.facts as facts

    for value in vars(facts).values():
        if isinstance(value, type) and dataclasses.is_dataclass(value) \
                and value.__module__ == facts.__name__:
            names = tuple(f.name for f in dataclasses.fields(value))
            if any(not f.init for f in dataclasses.fields(value)):
                continue

            def reduce(obj, cls=value, names=names):
                return cls, tuple([getattr(obj, n) for n in names])

            copyreg.pickle(value, reduce)


_register_reducers()


def dumps(facts: FileFacts) -> bytes:
    """The cache blob of ``facts`` (pickle protocol 5)."""
    return pickle.dumps(facts, protocol=5)


def loads(blob: bytes) -> FileFacts:
    """Facts from a blob written by :func:`dumps`; raises on anything else."""
    value = _FactsUnpickler(io.BytesIO(blob)).load()
    if not isinstance(value, FileFacts):
        raise pickle.UnpicklingError("a facts cache entry that is not FileFacts")
    return value


def _digest(blob: bytes) -> bytes:
    return hashlib.blake2b(blob, digest_size=16).digest()


class FactsCache:
    """One open facts database (see the module docstring).

    ``get_many(keys)`` returns ``{key: FileFacts}`` for the keys it holds and trusts;
    ``put_many({key: facts})`` stores facts (None facts are not stored). Both swallow
    and log every cache error: a broken cache costs time, never results. ``stats`` counts
    ``hits``, ``misses``, ``rejected`` (rows that failed a check) and ``written``.
    Use :func:`open_cache` to get one; ``close()`` when done.
    """

    def __init__(self, path: str, conn: sqlite3.Connection) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = conn
        self.stats = {"hits": 0, "misses": 0, "rejected": 0, "written": 0}

    @property
    def usable(self) -> bool:
        return self._conn is not None

    def _fail(self, what: str, exc: BaseException) -> None:
        log.warning("facts cache %s: %s failed (%s); continuing without the cache",
                    self.path, what, exc)
        self.close()

    def get_many(self, keys: Iterable[bytes]) -> dict[bytes, FileFacts]:
        """The trusted facts of those of ``keys`` the cache holds."""
        keys = list(keys)
        out: dict[bytes, FileFacts] = {}
        if self._conn is None or not keys:
            self.stats["misses"] += len(keys)
            return out
        bad: list[bytes] = []
        stale: list[bytes] = []
        today = int(time.time() // _DAY)
        try:
            for i in range(0, len(keys), 500):
                chunk = keys[i:i + 500]
                rows = self._conn.execute(
                    f"SELECT key, digest, used, facts FROM facts WHERE key IN ({','.join('?' * len(chunk))})",
                    chunk).fetchall()
                for key, digest, used, blob in rows:
                    try:
                        if not isinstance(blob, bytes) or _digest(blob) != digest:
                            raise ValueError("digest mismatch")
                        out[bytes(key)] = loads(blob)
                    except Exception:  # noqa: BLE001 - any bad row is a miss, never trusted
                        bad.append(key)
                        continue
                    if used != today:
                        stale.append(key)
        except sqlite3.Error as exc:
            self._fail("reading", exc)
            self.stats["misses"] += len(keys)
            return {}
        self.stats["hits"] += len(out)
        self.stats["misses"] += len(keys) - len(out)
        self.stats["rejected"] += len(bad)
        if bad or stale:
            try:
                with self._conn:
                    if bad:
                        self._conn.executemany("DELETE FROM facts WHERE key = ?", [(k,) for k in bad])
                    if stale:
                        self._conn.executemany("UPDATE facts SET used = ? WHERE key = ?",
                                               [(today, k) for k in stale])
            except sqlite3.Error as exc:  # busy: another process writes; try next time
                log.info("facts cache %s: not updated (%s)", self.path, exc)
        return out

    def put_many(self, entries: Mapping[bytes, FileFacts | None]) -> None:
        """Store facts by content key in one transaction (skipped when the database
        stays locked past the busy timeout)."""
        if self._conn is None:
            return
        today = int(time.time() // _DAY)
        rows = []
        from routelink.extract.budget import timed_out

        for key, facts in entries.items():
            if facts is None or timed_out(facts):
                continue  # (a parse cut by its time budget is tried again next time)
            try:
                blob = dumps(facts)
            except Exception:  # noqa: BLE001 - unpicklable facts are simply not cached
                log.exception("facts cache: cannot store facts")
                continue
            rows.append((key, _digest(blob), today, blob))
        if not rows:
            return
        try:
            with self._conn:
                self._conn.executemany(
                    "INSERT OR REPLACE INTO facts (key, digest, used, facts) VALUES (?, ?, ?, ?)", rows)
            self.stats["written"] += len(rows)
        except sqlite3.OperationalError as exc:  # locked past the timeout, disk full
            log.info("facts cache %s: not written (%s)", self.path, exc)
        except sqlite3.Error as exc:
            self._fail("writing", exc)

    def get_result(self, key: bytes) -> tuple[bytes, bytes] | None:
        """(inputs digest, payload) of the whole-run result stored under ``key`` (see
        :mod:`routelink.index.results`), or None. A row whose payload fails its digest
        is deleted and never returned."""
        if self._conn is None:
            return None
        try:
            row = self._conn.execute("SELECT inputs, digest, used, payload FROM results WHERE key = ?",
                                     (key,)).fetchone()
        except sqlite3.Error as exc:
            self._fail("reading", exc)
            return None
        if row is None:
            return None
        inputs, digest, used, payload = row
        today = int(time.time() // _DAY)
        try:
            with self._conn:
                if not isinstance(payload, bytes) or _digest(payload) != digest:
                    self.stats["rejected"] += 1
                    self._conn.execute("DELETE FROM results WHERE key = ?", (key,))
                    return None
                if used != today:
                    self._conn.execute("UPDATE results SET used = ? WHERE key = ?", (today, key))
        except sqlite3.Error as exc:  # busy: another process writes; try next time
            log.info("facts cache %s: not updated (%s)", self.path, exc)
            if not isinstance(payload, bytes) or _digest(payload) != digest:
                return None
        return bytes(inputs), payload

    def put_result(self, key: bytes, inputs: bytes, payload: bytes) -> None:
        """Store a whole-run result (replacing the one under ``key``); skipped when the
        database stays locked past the busy timeout."""
        if self._conn is None:
            return
        try:
            with self._conn:
                self._conn.execute(
                    "INSERT OR REPLACE INTO results (key, inputs, digest, used, payload) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (key, inputs, _digest(payload), int(time.time() // _DAY), payload))
        except sqlite3.OperationalError as exc:
            log.info("facts cache %s: result not written (%s)", self.path, exc)
        except sqlite3.Error as exc:
            self._fail("writing", exc)

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
            self._conn = None


def _connect(path: str, timeout: float) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
    try:
        conn.isolation_level = ""  # implicit transactions inside `with conn`
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("CREATE TABLE IF NOT EXISTS facts (key BLOB PRIMARY KEY, digest BLOB NOT NULL,"
                     " used INTEGER NOT NULL, facts BLOB NOT NULL) WITHOUT ROWID")
        conn.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
        conn.execute("CREATE TABLE IF NOT EXISTS results (key BLOB PRIMARY KEY, inputs BLOB NOT NULL,"
                     " digest BLOB NOT NULL, used INTEGER NOT NULL, payload BLOB NOT NULL)"
                     " WITHOUT ROWID")
        # a quick structural check: a truncated or overwritten file fails here
        conn.execute("SELECT count(*) FROM meta").fetchone()
        if conn.execute("PRAGMA quick_check(1)").fetchone()[0] != "ok":
            raise sqlite3.DatabaseError("quick_check failed")
    except BaseException:
        conn.close()
        raise
    return conn


def _remove_db(path: str) -> None:
    for suffix in ("", "-wal", "-shm"):
        try:
            os.remove(path + suffix)
        except FileNotFoundError:
            pass


def _prune(conn: sqlite3.Connection, folder: str, current: str) -> None:
    """Once a day: delete rows unused for MAX_AGE_DAYS, and databases of other code keys
    not modified for as long."""
    today = int(time.time() // _DAY)
    row = conn.execute("SELECT value FROM meta WHERE name = 'pruned'").fetchone()
    if row is not None and row[0] == str(today):
        return
    with conn:
        conn.execute("DELETE FROM facts WHERE used < ?", (today - MAX_AGE_DAYS,))
        conn.execute("DELETE FROM results WHERE used < ?", (today - MAX_AGE_DAYS,))
        conn.execute("INSERT OR REPLACE INTO meta (name, value) VALUES ('pruned', ?)", (str(today),))
    cutoff = time.time() - MAX_AGE_DAYS * _DAY
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        if name.startswith("facts-") and name.endswith(".sqlite3") and path != current:
            try:
                if os.path.getmtime(path) < cutoff:
                    _remove_db(path)
            except OSError:
                pass


def open_cache(folder: str | None = None, timeout: float = 10.0) -> FactsCache | None:
    """Open (creating it if needed) the facts database of the running code in ``folder``
    (default :func:`cache_dir`). A database that cannot be read is deleted and created
    again; None when the cache cannot be used at all (logged)."""
    try:
        folder = folder or cache_dir()
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, f"facts-{code_key()}.sqlite3")
    except Exception as exc:  # noqa: BLE001 - no cache, never a crash
        log.warning("facts cache unavailable (%s)", exc)
        return None
    for attempt in (1, 2):
        try:
            conn = _connect(path, timeout)
            try:
                _prune(conn, folder, path)
            except (sqlite3.Error, OSError) as exc:
                log.info("facts cache %s: not pruned (%s)", path, exc)
            return FactsCache(path, conn)
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                log.warning("facts cache %s is busy (%s); indexing without it", path, exc)
                return None
            broken = exc
        except sqlite3.DatabaseError as exc:
            broken = exc
        except OSError as exc:
            log.warning("facts cache %s unavailable (%s)", path, exc)
            return None
        if attempt == 1:
            log.warning("facts cache %s is unreadable (%s); rebuilding it", path, broken)
            try:
                _remove_db(path)
            except OSError as exc:
                log.warning("facts cache %s cannot be removed (%s)", path, exc)
                return None
    log.warning("facts cache %s unusable (%s); indexing without it", path, broken)
    return None
