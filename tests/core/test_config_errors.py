"""Configuration errors are one line, never a traceback: the loader only ever raises
``ConfigError`` (fuzzed with a table of bad values for every key), ``check`` exits 2 with
one stderr line, and the server shows the message and indexes with the defaults."""

from __future__ import annotations

import itertools
import os
import pathlib
import subprocess
import sys

import pytest

from routelink.config import Config, ConfigError, find_config_file, load_config

REPO = pathlib.Path(__file__).resolve().parents[2]

KEYS = ["exclude", "max_file_size_kb", "max-file-size-kb", "include_tests", "severity", "env",
        "codeLens", "unknown", 3]
BAD_VALUES = [None, 0, -1, 1.5, True, "x", "!", "", [], [1], ["!"], ["a\\"], ["[z-a]"], [["x"]],
              {}, {"a": 1}, {"unused-route": 1}, {"unused-route": "loud"}, {1: "off"},
              {"X": None}, {"X": [1]}, {"X": True}, 10 ** 30, "\udcff"]


@pytest.mark.parametrize("key,value", list(itertools.product(KEYS, BAD_VALUES)))
def test_the_loader_raises_only_config_errors(key, value):
    try:
        cfg = Config().merged({key: value}, "routelink.toml")
    except ConfigError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("routelink.toml: ")
    else:
        assert isinstance(cfg, Config)


BAD_FILES = {
    "routelink.toml": [
        b"exclude = ['!']\n",
        b"exclude = ['ok', 'foo\\']\n",
        b"exclude = [\"\xff\xfe\"]\n",  # not UTF-8
        b"\xef\xbb\xbfmax_file_size_kb = 'big'\n",
        b"max_file_size_kb = 99999999999999999999999\n",
        b"[severity]\nunused-route = 3\n",
        b"[env]\nX = [1]\n",
        b"env = 3\n",
        b"= = =\n",
        b"\x00\x01\x02",
    ],
    "pyproject.toml": [
        b"tool = 3\n",
        b"[tool]\nroutelink = 5\n",
        b"[tool.routelink]\nexclude = 'x'\n",
        b"[tool]\nroutelink = [1]\n",
    ],
}


def _cli(*args: str, cwd=None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(REPO / "server"), *filter(None, [os.environ.get("PYTHONPATH")])]))
    return subprocess.run([sys.executable, "-m", "routelink", "check", *args], cwd=cwd,
                          capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize("name,data", [(n, d) for n, ds in BAD_FILES.items() for d in ds])
def test_a_bad_config_file_is_one_line_and_exit_2(tmp_path, name, data):
    (tmp_path / "a.ts").write_text("export const f = () => fetch('/api/x');\n")
    (tmp_path / name).write_bytes(data)
    with pytest.raises(ConfigError):
        load_config((tmp_path / name).as_posix())
    out = _cli("--config", str(tmp_path / name), str(tmp_path))
    assert out.returncode == 2, (out.stdout, out.stderr)
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1, out.stderr
    if name == "routelink.toml":  # found without --config too
        out = _cli(str(tmp_path))
        assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1, out.stderr


def test_an_unreadable_pyproject_is_not_ours_to_report(tmp_path):
    (tmp_path / "pyproject.toml").write_bytes(b"name = \"\xff\"\n")
    assert find_config_file(tmp_path.as_posix()) is None
