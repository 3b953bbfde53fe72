"""``routelink diff BASE``: what a change breaks, against a git revision.

The working tree and the tree at ``BASE`` are indexed the same way (the working tree's
configuration for both) and their ``check --format json`` objects
(:func:`routelink.ide.report.json_report`) are compared call by call. A call is the
same call in both when it has the same root, file (relative to its root), method and
path template. A change *breaks* a call when the working tree reports it as
``unmatched-call`` or ``method-mismatch`` (after ``routelink-ignore`` comments and
``[severity]``), and:

- ``route-removed``: at ``BASE`` the same call reached a route, and no mounted route of
  the working tree has that route's method and path (parameter names aside) any more
  (it was deleted, or its path or method changed: ``route-changed`` when a route whose
  method and path are new is declared at the same file and handler, or at the same file
  and line). Broken when the call is now unmatched or a method mismatch, and also when
  it is still served, but only by routes that were already there at ``BASE`` (a
  renamed ``/products/top`` whose call ``/products/:id`` now captures: the message says
  which); a call that reaches a route this change added (the route moved) is fine;
- ``route-changed``: see above;
- ``new-call``: there was no such call at ``BASE`` (it was added, or its method, path
  or file changed) and no route serves it;
- ``call-unlinked``: at ``BASE`` the same call reached a route that the working tree
  still declares, but it no longer reaches it (a dev proxy, a port or a base URL
  changed); the working tree's finding says why.

A router that is no longer mounted counts as its routes removed (``route-changed``:
the message says it is no longer mounted).

A call that was already broken at ``BASE`` is not reported (``check`` reports it). The tree at ``BASE`` is read with ``git
archive`` into a temporary folder that is removed afterwards; nothing is executed.
"""

from __future__ import annotations

import os
import subprocess
import tarfile
from dataclasses import dataclass

from routelink.ide.sync import finding_detail

BREAKING_CODES = ("unmatched-call", "method-mismatch")


class GitError(Exception):
    """git is missing, the folder is no repository, or ``BASE`` is no revision; the
    message is one line for the user."""


def _git(args: list[str], cwd: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=300)
    except FileNotFoundError:
        raise GitError("git is not installed (routelink diff needs it)") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} did not finish in 300 s") from None


def repository_root(path: str) -> str:
    """The top folder of the git work tree that holds ``path`` (a folder); GitError
    when it is in none."""
    proc = _git(["rev-parse", "--show-toplevel"], path)
    if proc.returncode != 0:
        raise GitError(f"{path}: not in a git repository")
    return proc.stdout.decode().strip()


def resolve_revision(repo: str, base: str) -> str:
    """The commit id ``base`` names in ``repo``; GitError when it names none."""
    if base.startswith("-"):
        raise GitError(f"{base}: not a git revision")
    proc = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{base}^{{commit}}"], repo)
    if proc.returncode != 0:
        raise GitError(f"{base}: not a git revision of {repo}")
    return proc.stdout.decode().strip()


def export_tree(repo: str, commit: str, subpaths: list[str], dest: str) -> list[str]:
    """Write the files of ``commit`` under each of ``subpaths`` (relative to ``repo``,
    ``.`` for all) into ``dest`` with ``git archive``; returns the subpaths that exist
    at that commit (the others are created empty: everything there is new)."""
    present = []
    for sub in subpaths:
        spec = commit if sub in ("", ".") else f"{commit}:{sub}"
        if _git(["cat-file", "-e", spec], repo).returncode == 0:
            present.append(sub)
        os.makedirs(os.path.join(dest, sub), exist_ok=True)
    if not present:
        return present
    args = ["archive", "--format=tar", commit]
    if "." not in present and "" not in present:
        args += ["--", *present]
    proc = subprocess.Popen(["git", *args], cwd=repo, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    try:
        assert proc.stdout is not None
        with tarfile.open(fileobj=proc.stdout, mode="r|") as tar:
            if hasattr(tarfile, "data_filter"):
                tar.extractall(dest, filter="data")
            else:  # pragma: no cover - Python before 3.10.12 / 3.11.4
                for member in tar:
                    name = member.name
                    if (member.isfile() or member.isdir()) and not name.startswith("/") \
                            and ".." not in name.split("/"):
                        tar.extract(member, dest)
    except tarfile.TarError as exc:
        raise GitError(f"cannot read {commit[:12]} with git archive ({exc})") from None
    finally:
        err = proc.stderr.read().decode(errors="replace").strip() if proc.stderr else ""
        if proc.wait() != 0:
            raise GitError(f"git archive {commit[:12]} failed: {err.splitlines()[-1] if err else 'unknown error'}")
    return present


@dataclass(frozen=True)
class Change:
    """One call a change breaks. ``kind`` is ``route-removed``, ``route-changed``,
    ``new-call`` or ``call-unlinked``; ``code`` the working tree's finding on the call
    (``unmatched-call`` or ``method-mismatch``), or ``kind`` for a call still served by
    another route; ``call`` its row in the working tree's JSON report,
    ``diagnostic`` the finding's; ``base_routes`` the rows (in ``BASE``'s report) of the
    routes the call reached there, ``now`` for each the working tree's route at the
    same place (a row) or None."""

    kind: str
    code: str
    message: str
    call: dict
    diagnostic: dict
    base_routes: tuple[dict, ...] = ()
    now: tuple[dict | None, ...] = ()


def _call_key(c: dict) -> tuple:
    return (c["root"], c["file"], c["method"], c["path"])


def _route_desc(r: dict) -> str:
    return f"{r['method']} {r['path']}"


def _shape(path: str) -> str:
    """A route path with parameter names dropped (``/users/{id}`` and ``/users/{userId}``
    are one shape; a catch-all is ``{*}``)."""
    out = []
    for seg in path.split("/"):
        if seg.startswith("{") and seg.endswith("}") and "{" not in seg[1:-1]:
            seg = "{*}" if seg[-2:-1] in ("*", "+") else "{}"
        out.append(seg)
    return "/".join(out)


def _route_key(r: dict) -> tuple:
    return (r["root"], r["method"], _shape(r["path"]))


def compare(base: dict, head: dict, base_label: str) -> list[Change]:
    """The calls the change from ``base`` to ``head`` (two ``json_report`` objects of the
    same roots) breaks, in the order of ``head``'s calls (root, file, line, column).
    ``base_label`` names ``BASE`` in messages. See the module docstring for the rules."""
    base_broken = {d["call"] for d in base["diagnostics"] if d["code"] in BREAKING_CODES and d["call"]}
    base_calls: dict[tuple, list[dict]] = {}
    for c in base["calls"]:
        base_calls.setdefault(_call_key(c), []).append(c)
    base_routes = {r["id"]: r for r in base["routes"]}
    base_shapes = {_route_key(r) for r in base["routes"] if r["mounted"]}
    head_routes = head["routes"]
    head_by_id = {r["id"]: r for r in head_routes}
    head_shapes = {_route_key(r) for r in head_routes if r["mounted"]}
    fresh = [h for h in head_routes if _route_key(h) not in base_shapes or not h["mounted"]]
    broken = {}
    for d in head["diagnostics"]:
        if d["code"] in BREAKING_CODES and d["call"] and d["call"] not in broken:
            broken[d["call"]] = d
    out: list[Change] = []
    for call in head["calls"]:
        if call.get("side", "client") != "client":
            continue
        d = broken.get(call["id"])
        desc = f"{call['method']} {call['path']}"
        before = base_calls.get(_call_key(call), [])
        linked = [c for c in before if c["routes"] and c["id"] not in base_broken]
        if not linked:
            if d is not None and not before:
                detail = finding_detail(d["message"], call["method"], call["path"])
                out.append(Change("new-call", d["code"],
                                  f"{desc} is new or changed since {base_label} and no route "
                                  "serves it" + (f": {detail}" if detail else ""), call, d))
            continue  # (already broken, or never checked, at BASE: not this change's doing)
        gone = [base_routes[r] for c in linked for r in c["routes"]]
        gone = [r for r in {r["id"]: r for r in gone}.values() if _route_key(r) not in head_shapes]
        if not gone:
            if d is not None:
                # its routes are still there (a proxy, a port, a base URL changed): the
                # working tree's finding says why
                detail = finding_detail(d["message"], call["method"], call["path"]) or d["message"]
                out.append(Change("call-unlinked", d["code"],
                                  f"{desc} reached a route at {base_label} and no longer does: "
                                  f"{detail}", call, d))
            continue
        now_reached = [head_by_id[r] for r in call["routes"]]
        if d is None and (not now_reached or any(_route_key(r) not in base_shapes for r in now_reached)):
            continue  # it reaches a route added by this change: the route moved there
        now = tuple(_same_place(r, fresh) for r in gone)
        kind = "route-changed" if any(now) else "route-removed"
        parts = []
        for r, n in zip(gone, now):
            where = f"{_shown(base, r['root'], r['file'])}:{r['line']}"
            parts.append(f"{_route_desc(r)} ({where} at {base_label}) "
                         + ("was removed" if n is None else
                            "is no longer mounted" if not n["mounted"] else
                            f"is now {_route_desc(n)}"))
        message = (f"{desc} reached a route at {base_label} and no longer does: "
                   + "; ".join(parts))
        if d is None:
            # still served, by a route that was already there: it captures the call now
            # (`/products/top` taken by `/products/:id`), which is not what it called
            taken = ", ".join(f"{_route_desc(r)} ({_shown(head, r['root'], r['file'])}:{r['line']}"
                              + (f", {r['handler']}" if r.get("handler") else "") + ")"
                              for r in now_reached)
            message += f"; it now reaches {taken} instead"
            d = {"code": kind, "root": call["root"], "file": call["file"], "line": call["line"],
                 "column": call["column"], "end_line": call["line"], "end_column": call["column"],
                 "message": message, "call": call["id"], "route": None, "related": call["routes"]}
        out.append(Change(kind, d["code"], message, call, d, tuple(gone), now))
    return out


def _shown(report: dict, root: int, file: str) -> str:
    """A root-relative file joined to its root as given (as ``check`` prints it)."""
    given = report.get("roots", ["."])[root] if report.get("roots") else "."
    return file if given in (".", "./") else f"{given.rstrip('/')}/{file}"


def _same_place(r: dict, head_routes: list[dict]) -> dict | None:
    """Among ``head_routes`` (the working tree's routes whose method and path are new
    since ``BASE``, or that are not mounted), the one declared where ``r`` was: same root,
    file and handler (a named one), else the same file and line; None when there is
    none."""
    for h in head_routes:
        if h["root"] == r["root"] and h["file"] == r["file"]:
            if r.get("handler") and h.get("handler") == r["handler"]:
                return h
    for h in head_routes:
        if h["root"] == r["root"] and h["file"] == r["file"] and h["line"] == r["line"]:
            return h
    return None


def diff_json(changes: list[Change], base: str, commit: str, roots: list[str]) -> dict:
    """The ``diff --format json`` object: ``{"routelink", "base", "base_commit",
    "roots", "changes": [{"kind", "code", "message", "root", "file", "line", "column",
    "end_line", "end_column", "call": <call row>, "base_routes": [<route rows at BASE>],
    "now": [<route row or null>]}], "summary": {"changes", "route_removed",
    "route_changed", "new_call", "call_unlinked"}}``."""
    from routelink import __version__

    rows = []
    for ch in changes:
        d = ch.diagnostic
        rows.append({"kind": ch.kind, "code": ch.code, "message": ch.message,
                     "root": d["root"], "file": d["file"], "line": d["line"],
                     "column": d["column"], "end_line": d["end_line"],
                     "end_column": d["end_column"], "call": ch.call,
                     "base_routes": list(ch.base_routes), "now": list(ch.now)})
    count = {k: sum(1 for c in changes if c.kind == k)
             for k in ("route-removed", "route-changed", "new-call", "call-unlinked")}
    return {"routelink": __version__, "base": base, "base_commit": commit, "roots": roots,
            "changes": rows,
            "summary": {"changes": len(changes), "route_removed": count["route-removed"],
                        "route_changed": count["route-changed"], "new_call": count["new-call"],
                        "call_unlinked": count["call-unlinked"]}}


def as_check_report(data: dict) -> dict:
    """The diff as a ``check --format json``-shaped report (one ``error`` diagnostic per
    broken call, on the call, its ``code`` the call's finding and its message starting
    with the kind), so the CI formats of :mod:`routelink.ide.formats` (SARIF, GitHub,
    GitLab, JUnit) print it as they print ``check``."""
    calls, diags = [], []
    for ch in data["changes"]:
        calls.append(ch["call"])
        diags.append({"code": ch["code"], "severity": "error", "root": ch["root"],
                      "file": ch["file"], "line": ch["line"], "column": ch["column"],
                      "end_line": ch["end_line"], "end_column": ch["end_column"],
                      "message": f"{ch['kind']}: {ch['message']}", "call": ch["call"]["id"],
                      "route": None, "related": []})
    n = len(diags)
    return {"routelink": data["routelink"], "roots": data["roots"], "routes": [],
            "calls": calls, "diagnostics": diags, "notes": [],
            "summary": {"files": 0, "routes": 0, "calls": len(calls), "linked_calls": 0,
                        "unmatched_calls": n, "unused_routes": 0, "seconds": 0.0}}


def diff_text(data: dict) -> list[str]:
    """``path:line:col: error <kind> <message>`` per change (paths joined to the roots
    as given), then one summary line."""
    lines = []
    for ch in data["changes"]:
        path = _shown(data, ch["root"], ch["file"])
        lines.append(f"{path}:{ch['line']}:{ch['column']}: error {ch['kind']} {ch['message']}")
    n = data["summary"]["changes"]
    short = data["base_commit"][:12]
    lines.append(f"{n} call{'s' if n != 1 else ''} broken since {data['base']} ({short})"
                 if n else f"no call broken since {data['base']} ({short})")
    return lines
