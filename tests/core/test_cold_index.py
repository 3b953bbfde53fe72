"""The cold index's mechanisms give the same facts as extracting each file in-process:
the process pool (routelink.index.pool) and the persistent facts cache
(routelink.index.cache), also when the cache is corrupt, truncated, tampered with or
written by two processes at once."""

from __future__ import annotations

import json
import multiprocessing
import os
import pickle
import sqlite3
import subprocess
import sys

import pytest

from routelink.config import Config
from routelink.extract import DEFAULT_MAX_BYTES, extract_file
from routelink.index import index_workspace, pool
from routelink.index.cache import cache_dir, code_key, content_key, dumps, loads, open_cache
from routelink.index.scan import read_bytes, scan_root
from tests.conftest import EXAMPLES

EXAMPLE_DIRS = sorted(p for p in EXAMPLES.iterdir() if p.is_dir())


def _sources(*roots) -> dict[str, bytes]:
    out = {}
    for root in roots:
        result, _ = scan_root(str(root), Config().scan_excludes())
        for p in result.sources:
            data = read_bytes(p)
            if data is not None:
                out[p] = data
    return out


def _plain(items: dict[str, bytes]) -> dict:
    return {p: extract_file(p, d, DEFAULT_MAX_BYTES) for p, d in items.items()}


@pytest.fixture
def pool_for_any_size(monkeypatch):
    """Use the worker pool even for the few files of an example."""
    monkeypatch.setattr(pool, "POOL_MIN_FILES", 0)
    monkeypatch.setattr(pool, "CHUNK_BYTES", 2048)  # several tasks per worker


@pytest.fixture(scope="module")
def all_sources():
    return _sources(*EXAMPLE_DIRS)


def test_pool_gives_the_facts_of_in_process_extraction(all_sources, pool_for_any_size, monkeypatch):
    done = []
    real = pool._in_pool

    def spy(misses, *args):
        out = real(misses, *args)
        done.append(len(out))
        return out

    monkeypatch.setattr(pool, "_in_pool", spy)
    got = pool.extract_all(all_sources, DEFAULT_MAX_BYTES, jobs=2)
    assert done == [len(all_sources)]  # every file went through the workers
    assert got == _plain(all_sources)
    assert len(got) > 30


def test_spawned_workers_give_the_same_facts(all_sources, pool_for_any_size, monkeypatch):
    """The language server's start method (it runs threads)."""
    monkeypatch.setattr(pool, "_context", lambda: multiprocessing.get_context("spawn"))
    assert pool.extract_all(all_sources, DEFAULT_MAX_BYTES, jobs=2) == _plain(all_sources)


@pytest.mark.parametrize("prefilter", ["file", "cross-file"])
@pytest.mark.parametrize("example", EXAMPLE_DIRS, ids=lambda p: p.name)
def test_index_with_pool_and_cache_equals_index_without(example, prefilter, tmp_path, pool_for_any_size,
                                                        monkeypatch):
    monkeypatch.setenv("ROUTELINK_PREFILTER", prefilter)
    plain = index_workspace([str(example)], jobs=1)
    pooled = index_workspace([str(example)], jobs=2)
    cache = open_cache(str(tmp_path))
    cold = index_workspace([str(example)], jobs=2, cache=cache)
    warm = index_workspace([str(example)], jobs=1, cache=cache)
    if prefilter == "file":
        assert cache.stats["hits"] == len(warm.files) > 0
    else:
        # the files the cross-file prefilter defers are never extracted, nor cached
        deferred = [p for p in warm._deferral.texts if p not in warm._deferral.needed_set]
        assert cache.stats["hits"] == len(warm.files) - len(deferred) > 0
    cache.close()
    for other in (pooled, cold, warm):
        assert {p: s.facts for p, s in other.files.items()} == {p: s.facts for p, s in plain.files.items()}
        assert other.snapshot() == plain.snapshot()


def test_warm_cache_reads_every_file_and_extracts_none(all_sources, tmp_path, monkeypatch):
    cache = open_cache(str(tmp_path))
    first = pool.extract_all(all_sources, DEFAULT_MAX_BYTES, jobs=1, cache=cache)
    assert cache.stats["written"] == sum(f is not None for f in first.values())

    def boom(*_a, **_k):
        raise AssertionError("extracted although cached")

    monkeypatch.setattr(pool, "_extract_one", lambda p, d, m: (None, None) if p.endswith(".json") else boom())
    # sources routelink does not index (None facts) are not cached: leave them out
    cached = {p: d for p, d in all_sources.items() if first[p] is not None}
    second = pool.extract_all(cached, DEFAULT_MAX_BYTES, jobs=1, cache=cache)
    assert second == {p: first[p] for p in cached}
    cache.close()


def test_a_changed_file_or_size_limit_misses(tmp_path):
    cache = open_cache(str(tmp_path))
    path = "/ws/api.ts"
    a = b"import axios from 'axios';\nexport const f = () => axios.get('/a');\n"
    b = a.replace(b"/a", b"/b")
    pool.extract_all({path: a}, DEFAULT_MAX_BYTES, jobs=1, cache=cache)
    got = pool.extract_all({path: b}, DEFAULT_MAX_BYTES, jobs=1, cache=cache)
    assert got[path] == extract_file(path, b)
    assert content_key(path, a, 10) != content_key(path, a, 11)
    assert content_key(path, a, 10) != content_key("/ws/other.ts", a, 10)
    cache.close()


def _db(folder) -> str:
    (name,) = [n for n in os.listdir(folder) if n.endswith(".sqlite3")]
    return os.path.join(folder, name)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_a_corrupt_or_truncated_database_is_rebuilt(all_sources, tmp_path, damage, caplog):
    cache = open_cache(str(tmp_path))
    pool.extract_all(all_sources, DEFAULT_MAX_BYTES, jobs=1, cache=cache)
    cache.close()
    path = _db(tmp_path)
    for suffix in ("-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    data = open(path, "rb").read()
    with open(path, "wb") as fh:
        if damage == "garbage":
            fh.write(b"\x00not a database" * 1000)
        elif damage == "truncated":
            fh.write(data[: len(data) // 3])
    cache = open_cache(str(tmp_path))
    assert cache is not None
    got = pool.extract_all(all_sources, DEFAULT_MAX_BYTES, jobs=1, cache=cache)
    assert got == _plain(all_sources)
    cache.close()
    # and it works again afterwards
    cache = open_cache(str(tmp_path))
    assert pool.extract_all(all_sources, DEFAULT_MAX_BYTES, jobs=1, cache=cache) == got
    assert cache.stats["hits"] > 0
    cache.close()


def test_a_tampered_row_is_never_trusted(tmp_path):
    path = "/ws/api.ts"
    data = b"import axios from 'axios';\nexport const f = () => axios.get('/a');\n"
    cache = open_cache(str(tmp_path))
    pool.extract_all({path: data}, DEFAULT_MAX_BYTES, jobs=1, cache=cache)
    cache.close()
    key = content_key(path, data, DEFAULT_MAX_BYTES)
    other = dumps(extract_file("/ws/x.ts", b"import axios from 'axios';\naxios.get('/evil');\n"))
    conn = sqlite3.connect(_db(tmp_path))
    # a blob that does not match its digest, then code disguised with a matching digest
    for blob, digest in ((other, None), (pickle.dumps(os.system), "match")):
        if digest == "match":
            import hashlib
            digest = hashlib.blake2b(blob, digest_size=16).digest()
        else:
            digest = conn.execute("SELECT digest FROM facts WHERE key = ?", (key,)).fetchone()[0]
        with conn:
            conn.execute("UPDATE facts SET facts = ?, digest = ? WHERE key = ?", (blob, digest, key))
        cache = open_cache(str(tmp_path))
        got = pool.extract_all({path: data}, DEFAULT_MAX_BYTES, jobs=1, cache=cache)
        assert got[path] == extract_file(path, data)
        assert cache.stats["rejected"] == 1 and cache.stats["hits"] == 0
        cache.close()
    conn.close()


def test_blobs_build_only_facts():
    with pytest.raises(pickle.UnpicklingError):
        loads(pickle.dumps(os.system))
    with pytest.raises(pickle.UnpicklingError):
        loads(pickle.dumps(("not", "facts")))
    facts = extract_file("/ws/a.ts", b"import axios from 'axios';\naxios.get(`/a/${id}`);\n")
    assert loads(dumps(facts)) == facts


def _index_into(folder: str, roots: list[str], out) -> None:
    cache = open_cache(folder)
    index = index_workspace(roots, jobs=1, cache=cache)
    out.put((cache is not None, sorted(index.files), index.snapshot()))
    if cache is not None:
        cache.close()


def test_two_processes_writing_the_cache_at_once(tmp_path):
    roots = [str(p) for p in EXAMPLE_DIRS]
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    procs = [ctx.Process(target=_index_into, args=(str(tmp_path), roots, out)) for _ in range(3)]
    for p in procs:
        p.start()
    results = [out.get(timeout=300) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    fresh = index_workspace(roots, jobs=1)
    for used_cache, files, snapshot in results:
        assert used_cache
        assert files == sorted(fresh.files)
        assert snapshot == fresh.snapshot()
    cache = open_cache(str(tmp_path))
    warm = index_workspace(roots, jobs=1, cache=cache)
    assert cache.stats["misses"] == 0 and cache.stats["rejected"] == 0
    assert warm.snapshot() == fresh.snapshot()
    cache.close()


def test_cache_folder_follows_the_environment(tmp_path):
    assert cache_dir({"ROUTELINK_CACHE_DIR": str(tmp_path / "x"),
                      "XDG_CACHE_HOME": str(tmp_path / "y")}) == str(tmp_path / "x")
    assert cache_dir({"XDG_CACHE_HOME": str(tmp_path / "y")}) == str(tmp_path / "y" / "routelink")
    assert cache_dir({}).endswith("routelink")


def test_a_registered_plugin_changes_the_code_key_and_stops_the_pool(monkeypatch):
    from routelink.frameworks import registry
    from routelink.frameworks.base import JsFramework

    class Extra(JsFramework):
        name = "extra-test"

    before = code_key()
    assert pool._registries_are_default()
    registry.register(Extra())
    try:
        assert code_key() != before
        assert not pool._registries_are_default()
    finally:
        registry.unregister(registry.FRAMEWORKS[-1])
    assert code_key() == before


def _check(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "routelink", "check", "--format", "json",
                           "--fail-on", "never", *args], capture_output=True, text=True,
                          timeout=120, env=env)


def test_check_uses_the_cache_unless_no_cache(tmp_path):
    example = str(EXAMPLES / "express-react")
    env = dict(os.environ, ROUTELINK_CACHE_DIR=str(tmp_path / "off"))
    off = _check("--no-cache", example, env=env)
    assert off.returncode == 0, off.stderr
    assert not (tmp_path / "off").exists()
    env = dict(os.environ, ROUTELINK_CACHE_DIR=str(tmp_path / "on"))
    cold = _check(example, env=env)
    warm = _check(example, env=env)
    assert any(n.endswith(".sqlite3") for n in os.listdir(tmp_path / "on"))
    # a corrupt database: a warning at most, the same report
    db = _db(tmp_path / "on")
    for suffix in ("-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    with open(db, "wb") as fh:
        fh.write(b"garbage" * 100)
    broken = _check(example, env=env)
    reports = [json.loads(p.stdout) for p in (off, cold, warm, broken)]
    for r in reports:
        r["summary"].pop("seconds")
    assert reports[0] == reports[1] == reports[2] == reports[3]
    assert "Traceback" not in broken.stderr


@pytest.mark.parametrize("seed", range(4))
def test_incremental_after_random_edits_equals_fresh_with_cache_on_and_off(seed, tmp_path, pool_for_any_size):
    """Edits, deletes and re-creates on disk; the incremental index equals a fresh index
    built through the cache (cold, then warm, with the pool) and one built without it."""
    import random

    from tests.core.test_index import FLOW, FLOW_EDITS, ROOT

    ws = tmp_path / "ws"
    cache_folder = str(tmp_path / "cache")

    def disk(p: str) -> str:
        return str(ws) + p[len(ROOT):]

    def write(p: str, data: bytes | None) -> None:
        path = disk(p)
        if data is None:
            if os.path.exists(path):
                os.remove(path)
            return
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(data)

    files = dict(FLOW)
    for p, data in files.items():
        write(p, data)
    cache = open_cache(cache_folder)
    index = index_workspace([str(ws)], jobs=2, cache=cache)
    cache.close()
    rng = random.Random(2000 + seed)
    for _ in range(12):
        path = rng.choice(sorted(FLOW))
        roll = rng.random()
        if roll < 0.15:
            data = None
        elif roll < 0.3:
            data = FLOW[path]
        else:
            current = files.get(path, FLOW[path])
            data = current + b"\n// touched\n"
            for old, new in rng.sample(FLOW_EDITS, len(FLOW_EDITS)):
                if old in current:
                    data = current.replace(old, new, 1)
                    break
        if data is None:
            files.pop(path, None)
        else:
            files[path] = data
        write(path, data)
        index.apply_changes({disk(path): data})
        cache = open_cache(cache_folder)
        with_cache = index_workspace([str(ws)], jobs=2, cache=cache)
        again = index_workspace([str(ws)], jobs=1, cache=cache)  # every file a hit
        cache.close()
        without = index_workspace([str(ws)], jobs=1)
        assert index.snapshot() == with_cache.snapshot() == again.snapshot() == without.snapshot()


def test_an_oversized_file_crosses_the_pool_and_is_never_cached(tmp_path, pool_for_any_size):
    """A file over the size limit is read only up to it (``scan.Oversized``); its facts
    (the over-the-limit report with the file's size) are the same through the workers,
    and not cached, since its first bytes do not fix its size."""
    from routelink.index.scan import Oversized

    big = tmp_path / "bundle.js"
    big.write_bytes(b"fetch('/api/x');\n" * 200)
    data = read_bytes(str(big), 100)
    assert isinstance(data, Oversized) and data.size == big.stat().st_size
    items = {str(big): data, str(tmp_path / "ok.js"): b"fetch('/api/ok');\n"}
    cache = open_cache(str(tmp_path / "cache"))
    try:
        got = pool.extract_all(items, 100, jobs=2, cache=cache)
        assert got == {p: extract_file(p, d, 100) for p, d in items.items()}
        again = pool.extract_all(items, 100, jobs=1, cache=cache)
        assert again == got
        keys = {p: content_key(p, d, 100) for p, d in items.items()}
        assert set(cache.get_many(keys.values())) == {keys[str(tmp_path / "ok.js")]}
    finally:
        cache.close()


def test_pool_workers_collect_garbage_cycles_although_the_parent_paused_collection():
    """``build_index`` pauses the cyclic collector while it builds; a worker forked
    meanwhile must not inherit the pause (its cycles would pile up: the 10k bench's
    peak RSS went from 190 to 250 MiB)."""
    import gc

    was = gc.isenabled()
    gc.disable()
    try:
        pool._warm_worker()
        assert gc.isenabled()
    finally:
        if not was:
            gc.disable()
        else:
            gc.enable()
