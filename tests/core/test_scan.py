"""The workspace scan: what is indexed, what is skipped and why."""

from __future__ import annotations

from routelink.config import Config
from routelink.index.scan import scan_root


def test_test_and_maintenance_scripts_are_not_frontends(tmp_path):
    files = [
        "src/api.ts", "src/pages/Users.tsx", "scripts/seed.js", "contest.js", "latest.ts",
        # skipped by default
        "test-api.js", "scripts/test-login.mjs", "scripts/smoke-test.ts", "load_test.js",
        "src/api.test.ts", "testing/fixtures.js", "e2e/login.spec.ts",
    ]
    for f in files:
        p = tmp_path / f
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("fetch('/api/x');\n")
    root = str(tmp_path).replace("\\", "/")
    found = {s[len(root) + 1:] for s in scan_root(root, Config().scan_excludes())[0].sources}
    assert found == {"src/api.ts", "src/pages/Users.tsx", "scripts/seed.js", "contest.js", "latest.ts"}
    everything = {s[len(root) + 1:] for s in scan_root(root, Config(include_tests=True).scan_excludes())[0].sources}
    assert everything == set(files)


def test_language_for_path_reads_the_suffix_like_pathlib():
    """The suffix is taken without building a path object, with pathlib's rules: none
    for a dotfile or a name ending in a dot, the last one otherwise, any case."""
    from pathlib import PurePath

    from routelink.syntax import LANGUAGE_BY_SUFFIX, TEMPLATE_SUFFIX, language_for_path

    def reference(name: str):
        if name.endswith(".d.ts"):
            return None
        if name.lower().endswith(TEMPLATE_SUFFIX):
            return "html"
        return LANGUAGE_BY_SUFFIX.get(PurePath(name).suffix.lower())

    names = ["a.ts", "A.TSX", "x/y.js", ".ts", "x/.js", "file.", "x/file.", "a.b.py", "a..ts",
             "dir.ts/file", "dir.ts/file.vue", "types.d.ts", "x.D.TS", "app.component.html",
             "x/App.Component.HTML", "index.html", "noext", "/abs/p.mjs", "a.cjs", "s.svelte",
             "weird.ts.bak", "ünï.tsx", "x\\y.js"]
    for name in names:
        assert language_for_path(name) == reference(name), name
