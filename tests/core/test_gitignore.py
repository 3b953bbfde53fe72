""".gitignore is read like git reads it: for each case of a table, a small tree is built
and every file and folder in it is asked to ``git check-ignore --no-index`` and to
routelink's ``IgnoreRules``; the scan indexes exactly the source files git does not
ignore. Also: an invalid line is skipped (not the whole file), and ``check`` never
passes silently when every file is ignored."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys

import pytest

from routelink.index.scan import IgnoreRules, is_skipped_dir, scan_root

REPO = pathlib.Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

FILES = ["a.js", "keep.js", "top.ts", "build/x.js", "build/keep.js", "sub/a.js", "sub/top.ts",
         "sub/deep/b.js", "dir/keep.js", "dir/other.js", "gen/out/c.ts", "#note.js", "!bang.js",
         "sp.js ", "log.py", "a/x/y/b.js", "a/b.js", "src/app.ts", "src/nested/app.ts",
         "docs/page.vue"]

# name -> {.gitignore path: bytes}
CASES = {
    "lone slash": {".gitignore": b"/\n"},
    "lone bang then patterns": {".gitignore": b"!\n*.js\n"},
    "trailing backslash line": {".gitignore": b"*.py\nfoo\\\n*.ts\n"},
    "bom": {".gitignore": b"\xef\xbb\xbf*.js\n"},
    "crlf": {".gitignore": b"*.js\r\n!keep.js\r\n"},
    "negation": {".gitignore": b"*.js\n!keep.js\n"},
    "directory only": {".gitignore": b"build/\nsub/deep/\n"},
    "cannot re-include under an ignored folder": {".gitignore": b"build/\n!build/keep.js\n"},
    "folder contents then re-include": {".gitignore": b"dir/*\n!dir/keep.js\n"},
    "nested gitignore overrides": {".gitignore": b"*.js\n", "sub/.gitignore": b"!*.js\n"},
    "nested gitignore adds": {"sub/.gitignore": b"top.ts\ndeep\n"},
    "anchored": {".gitignore": b"/top.ts\n/sub/a.js\n"},
    "middle slash is anchored": {".gitignore": b"src/*.ts\n"},
    "double star": {".gitignore": b"**/out/**\na/**/b.js\n"},
    "escaped hash and bang": {".gitignore": b"\\#note.js\n\\!bang.js\n"},
    "trailing spaces": {".gitignore": b"keep.js   \nsp.js\\ \n"},
    "invalid range kept out": {".gitignore": b"[z-a].js\n*.py\n"},
    "character class": {".gitignore": b"[ak]*.js\n"},
    "comments and blanks": {".gitignore": b"# a comment\n\n   \n*.vue\n"},
    "star everything but js": {".gitignore": b"*\n!*/\n!*.js\n"},
    "anchored folder": {".gitignore": b"/build/\n/sub/deep/\n"},
    "nested negation of one file": {".gitignore": b"*.js\n", "sub/.gitignore": b"!a.js\n"},
    "double star prefix and suffix": {".gitignore": b"**/deep\nsrc/**\n"},
    "question mark": {".gitignore": b"?.js\n"},
    "folder contents only": {".gitignore": b"a/**\n"},
    "negated folder then file": {".gitignore": b"sub/\n!sub/\n*.ts\n"},
}


#: git without the machine's global or system configuration (a global excludesFile would
#: make git ignore more than the tree's .gitignore files say)
GIT_ENV = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1",
               XDG_CONFIG_HOME=os.devnull, HOME=os.devnull)


def build(tmp: pathlib.Path, ignores: dict[str, bytes]) -> pathlib.Path:
    root = tmp / "repo"
    root.mkdir()
    subprocess.run(["git", "init", "-q", str(root)], check=True, env=GIT_ENV)
    for rel in FILES:
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("export const x = () => fetch('/api/x');\n")
    for rel, data in ignores.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


def all_paths(root: pathlib.Path) -> list[str]:
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for name in dirnames + filenames:
            if name != ".gitignore":
                out.append(os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, "/"))
    return sorted(out)


def git_ignored(root: pathlib.Path, paths: list[str]) -> set[str]:
    out = subprocess.run(["git", "-c", "core.quotePath=false", "check-ignore", "--no-index", "-v",
                          "-n", "-z", "--stdin"], cwd=root, input="\0".join(paths).encode() + b"\0",
                         capture_output=True, check=False, env=GIT_ENV)
    assert out.returncode in (0, 1), out.stderr  # 128: git failed
    fields = out.stdout.split(b"\0")
    ignored = set()
    for i in range(0, len(fields) - 3, 4):
        source, _line, pattern, path = fields[i:i + 4]
        if source and not pattern.startswith(b"!"):
            ignored.add(path.decode())
    return ignored


def routelink_rules(root: pathlib.Path) -> IgnoreRules:
    rules = IgnoreRules(root.as_posix())
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        if ".gitignore" in filenames:
            with open(os.path.join(dirpath, ".gitignore"), encoding="utf-8", errors="replace") as fh:
                rules.add_gitignore(pathlib.Path(dirpath).as_posix(), fh.read())
    return rules


@pytest.mark.parametrize("case", list(CASES))
def test_ignore_decisions_equal_git_check_ignore(tmp_path, case):
    root = build(tmp_path, CASES[case])
    paths = all_paths(root)
    want = git_ignored(root, paths)
    rules = routelink_rules(root)
    got = {p for p in paths if rules.ignored((root / p).as_posix(), (root / p).is_dir())}
    assert got == want, {"only routelink": sorted(got - want), "only git": sorted(want - got)}
    # the scan indexes exactly the source files git keeps
    result, _ = scan_root(root.as_posix())
    scanned = {os.path.relpath(p, root.as_posix()) for p in result.sources}
    kept = {p for p in paths if (root / p).is_file() and p.endswith((".js", ".ts", ".vue", ".py"))
            and not any(a in want for a in _ancestors_and_self(p))
            and not any(is_skipped_dir(part) for part in p.split("/")[:-1])}
    assert scanned == kept


def _ancestors_and_self(rel: str) -> list[str]:
    parts = rel.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]


def test_an_invalid_line_is_reported_and_the_rest_of_the_file_applies(tmp_path):
    root = build(tmp_path, {".gitignore": b"!\n*.py\nfoo\\\n"})
    rules = routelink_rules(root)
    assert rules.ignored((root / "log.py").as_posix())
    assert [r.split(": ", 1)[0].rsplit("/", 1)[-1] for r in rules.invalid] == [".gitignore:1",
                                                                               ".gitignore:3"]


def _check(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(REPO / "server"), *filter(None, [os.environ.get("PYTHONPATH")])]))
    return subprocess.run([sys.executable, "-m", "routelink", "check", *args],
                          capture_output=True, text=True, env=env, timeout=120)


def test_check_never_passes_silently_when_every_file_is_ignored(tmp_path):
    root = tmp_path / "ws"
    (root / "web").mkdir(parents=True)
    (root / "web/a.ts").write_text("export const f = () => fetch('/api/x');\n")
    (root / ".gitignore").write_text("*\n")
    out = _check(str(root))
    assert out.returncode == 2, out
    assert "ignored" in out.stderr and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_a_lone_slash_ignores_nothing(tmp_path):
    root = tmp_path / "ws"
    (root / "web").mkdir(parents=True)
    (root / "web/a.ts").write_text("export const f = () => fetch('/api/x');\n")
    (root / ".gitignore").write_text("/\n")
    out = _check("--format", "json", str(root))
    assert out.returncode == 0, out.stderr
    assert '"files": 1' in out.stdout


def test_a_pathological_pattern_matches_in_linear_time(tmp_path):
    """``*a*a*...*c`` against a long name backtracks for minutes in Python's ``re``; the
    patterns are matched by RE2. A generous budget: it must not hang."""
    import time

    root = tmp_path / "ws"
    (root / "web").mkdir(parents=True)
    (root / ".gitignore").write_text("*a" * 12 + "*c\n" + "**/" + "*a" * 12 + "*c/\n")
    (root / "web" / ("a" * 200 + ".ts")).write_text("export const f = () => fetch('/api/x');\n")
    (root / "routelink.toml").write_text("exclude = ['" + "*a" * 12 + "*b']\n")
    started = time.monotonic()
    out = _check("--format", "json", str(root))
    assert time.monotonic() - started < 60, "ignore matching took too long"
    assert out.returncode == 0, out.stderr
    assert '"files": 1' in out.stdout


def test_one_set_per_ignore_file_decides_like_the_patterns_one_by_one():
    """The RE2 set of an ignore file's patterns (one automaton run per name) gives the
    same decision as trying the patterns last to first, for every pattern of the table
    and of the test-file defaults, on files and folders (with non-ASCII names too)."""
    from routelink.index.scan import TEST_PATTERNS, _last_match, _rules, _RuleSet, \
        compile_patterns, gitignore_lines

    texts = [b.decode("utf-8", "replace") for case in CASES.values() for b in case.values()]
    texts.append("\n".join(TEST_PATTERNS))
    texts.append("*.js\n!keep.js\nbuild/\n!build/\n/top.ts\nsub/**/b.js\n\u00e9t\u00e9/\n")
    names = FILES + ["build", "sub", "sub/deep", "dir", "gen/out", "tests", "src/__tests__",
                     "app.test.ts", "\u00e9t\u00e9", "\u00e9t\u00e9/a.js", "a/\udcff.js"]
    compared = 0
    for text in texts:
        rules = _rules(compile_patterns(gitignore_lines(text), "t"))
        one_set = _RuleSet(rules)
        for name in names:
            for is_dir in (False, True):
                assert one_set.last_match(name, is_dir) == _last_match(rules, name, is_dir), \
                    (text, name, is_dir)
                compared += 1
    assert compared > 500
