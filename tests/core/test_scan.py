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
