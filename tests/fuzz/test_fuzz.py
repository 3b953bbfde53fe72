"""Seeded mutation fuzzing of extraction (issue 13, "Fuzzing as part of the tests").

Every case (``tests/fuzz/mutations.py``) is a bundled example's source file, damaged by
one to three mutations. For each: extraction raises nothing, finishes within a generous
budget, and gives equal facts when run twice; a sample is also extracted in a fresh
process (equal facts), and every 25th case is indexed with the rest of its example
(resolution, linking and findings raise nothing).

The normal run does :data:`DEFAULT_CASES` cases; ``--fuzz-cases N`` (or
``ROUTELINK_FUZZ_CASES``) does N, ``--fuzz-seed S`` (or ``ROUTELINK_FUZZ_SEED``) changes
the seed. A failure names the seed and the case, which reproduce it alone.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time

import pytest

from routelink.extract import extract_file
from tests.fuzz.mutations import EXAMPLES, REPO, corpus, make_case

DEFAULT_CASES = 300
DEFAULT_SEED = 13

#: seconds one case may take (does-not-hang budget, for a loaded machine)
CASE_BUDGET = 20.0

#: the parse budget during fuzzing (a mutation can make a grammar loop: keep those short)
PARSE_SECONDS = "2"

#: cases re-extracted in a fresh process
FRESH_SAMPLE = 20


def _setting(config, option: str, env: str, default: int) -> int:
    value = config.getoption(option)
    if value is None:
        raw = os.environ.get(env, "")
        value = int(raw) if raw.strip() else default
    return value


@pytest.fixture(scope="module")
def fuzz_plan(request):
    cases = _setting(request.config, "--fuzz-cases", "ROUTELINK_FUZZ_CASES", DEFAULT_CASES)
    seed = _setting(request.config, "--fuzz-seed", "ROUTELINK_FUZZ_SEED", DEFAULT_SEED)
    return seed, cases


def _target(case) -> str:
    """The path a case is extracted under: the original file's (its suffix picks the
    language, its place the file-based routes)."""
    return str(case.source)


def test_mutated_sources_extract_within_budget_and_deterministically(fuzz_plan, monkeypatch, tmp_path):
    monkeypatch.setenv("ROUTELINK_PARSE_TIMEOUT", PARSE_SECONDS)
    seed, count = fuzz_plan
    files = corpus()
    assert files, "no example sources to mutate"
    sample = []
    indexed = 0
    for index in range(count):
        case = make_case(seed, index, files)
        started = time.monotonic()
        try:
            first = extract_file(_target(case), case.data)
            second = extract_file(_target(case), case.data)
        except BaseException as exc:  # noqa: BLE001 - report the case, whatever it raised
            pytest.fail(f"{type(exc).__name__}: {exc} on {case.describe()}")
        seconds = time.monotonic() - started
        assert seconds < 2 * CASE_BUDGET, f"{seconds:.1f} s on {case.describe()}"
        timed_out = any("parsing took longer" in e for f in (first, second) if f for e in f.errors)
        if not timed_out:  # a parse cut by its budget under load may differ run to run
            assert first == second, f"facts differ between two runs on {case.describe()}"
        if index % max(1, count // FRESH_SAMPLE) == 0 and not timed_out:
            sample.append((case, first))
        if index % 25 == 0:
            _index_with_its_example(case)
            indexed += 1
    assert indexed and sample
    _compare_in_a_fresh_process(sample, tmp_path)


def _index_with_its_example(case) -> None:
    """Index the case's example with the mutated file in place of the original:
    resolution, linking and findings raise nothing and finish within the budget."""
    from routelink.index import WorkspaceIndex

    root = next(p for p in EXAMPLES.iterdir() if p in case.source.parents)
    changes = {str(p): p.read_bytes() for p in corpus() if root in p.parents}
    changes[str(case.source)] = case.data
    started = time.monotonic()
    try:
        index = WorkspaceIndex(roots=[str(root)])
        index.apply_changes(changes)
        analysis = index.analysis()
    except BaseException as exc:  # noqa: BLE001
        pytest.fail(f"indexing raised {type(exc).__name__}: {exc} on {case.describe()}")
    assert time.monotonic() - started < CASE_BUDGET, f"indexing took too long on {case.describe()}"
    assert analysis.routes or analysis.calls or not changes


_FRESH = """
import pickle, sys
from routelink.extract import extract_file
cases = pickle.load(open(sys.argv[1], "rb"))
pickle.dump([extract_file(path, data) for path, data in cases], sys.stdout.buffer)
"""


def _compare_in_a_fresh_process(sample, tmp_path) -> None:
    """Extraction of the same bytes in a new interpreter gives equal facts (no state
    leaks from earlier files into later ones)."""
    inputs = tmp_path / "fuzz-inputs.pickle"
    inputs.write_bytes(pickle.dumps([(_target(c), c.data) for c, _ in sample]))
    env = {**os.environ, "ROUTELINK_PARSE_TIMEOUT": PARSE_SECONDS,
           "PYTHONPATH": os.pathsep.join([str(REPO / "server"), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run([sys.executable, "-c", _FRESH, str(inputs)], capture_output=True,
                          timeout=CASE_BUDGET * len(sample), env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    fresh = pickle.loads(proc.stdout)
    for (case, facts), other in zip(sample, fresh):
        timed_out = any("parsing took longer" in e for f in (facts, other) if f for e in f.errors)
        assert timed_out or facts == other, f"a fresh process disagrees on {case.describe()}"


def test_cases_reproduce_alone():
    """A case is a function of (seed, index): the failure message's recipe works."""
    a, b = make_case(5, 17), make_case(5, 17)
    assert (a.source, a.data, a.mutations) == (b.source, b.data, b.mutations)
    assert make_case(5, 18).data != a.data or make_case(5, 18).source != a.source
    assert "seed 5" in a.describe() and "case 17" in a.describe()
