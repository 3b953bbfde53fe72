"""Baselines: adopt routelink on an existing codebase without drowning in old findings.

``routelink check --write-baseline FILE`` records today's findings; ``check --baseline
FILE`` then reports only findings that are not in it. A finding is identified by its
fingerprint (:func:`routelink.ide.formats.fingerprints`): code, method and path template,
file relative to its root and the normalized source text it is on, plus an occurrence
counter; no line numbers, so moving code or editing elsewhere keeps it matched.

The file (JSON, documented in docs/cli.md)::

    {
      "routelink_baseline": 1,
      "routelink": "0.1.0",
      "findings": [
        {"fingerprint": "9c1e...:0", "code": "unused-route", "file": "src/app.ts",
         "message": "No indexed call reaches GET /health"}
      ]
    }

``routelink_baseline`` is the format version; ``code``, ``file`` and ``message`` are for
people reviewing the file (only ``fingerprint`` is matched). Entries are sorted by file,
code and fingerprint so the file diffs well.
"""

from __future__ import annotations

import json
import os

from routelink import __version__

FORMAT_VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be read or written; the message says why."""


def baseline_data(report: dict, fps: list[str]) -> dict:
    """The baseline object for ``report``'s diagnostics with fingerprints ``fps``."""
    entries = [{"fingerprint": fp, "code": d["code"], "file": d["file"], "message": d["message"]}
               for d, fp in zip(report["diagnostics"], fps)]
    entries.sort(key=lambda e: (e["file"], e["code"], e["fingerprint"]))
    return {"routelink_baseline": FORMAT_VERSION, "routelink": __version__, "findings": entries}


def write_baseline(path: str, report: dict, fps: list[str]) -> int:
    """Write the baseline of ``report`` to ``path`` (UTF-8, indented JSON, a final
    newline); returns the number of findings written. BaselineError when it cannot be
    written."""
    data = baseline_data(report, fps)
    try:
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            json.dump(data, fh, indent=2, ensure_ascii=False)
            fh.write("\n")
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write the baseline ({exc.strerror})") from None
    return len(data["findings"])


def load_baseline(path: str) -> set[str]:
    """The fingerprints recorded in the baseline file ``path``. BaselineError (one line)
    when the file is missing, unreadable, not JSON or not a baseline of a format version
    this routelink knows."""
    if not os.path.isfile(path):
        raise BaselineError(f"{path}: no such baseline file (write one with --write-baseline)")
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read the baseline ({exc.strerror})") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: not a routelink baseline (invalid JSON: {exc})") from None
    if not isinstance(data, dict) or "routelink_baseline" not in data:
        raise BaselineError(f"{path}: not a routelink baseline (no 'routelink_baseline' key)")
    if data["routelink_baseline"] != FORMAT_VERSION:
        raise BaselineError(f"{path}: baseline format {data['routelink_baseline']!r} is not "
                            f"supported (this routelink writes {FORMAT_VERSION}); rewrite it "
                            "with --write-baseline")
    findings = data.get("findings")
    if not isinstance(findings, list) or not all(
            isinstance(e, dict) and isinstance(e.get("fingerprint"), str) for e in findings):
        raise BaselineError(f"{path}: not a routelink baseline ('findings' must be a list of "
                            "objects with a 'fingerprint' string)")
    return {e["fingerprint"] for e in findings}


def apply_baseline(report: dict, fps: list[str], known: set[str]) -> tuple[dict, list[str], int, int]:
    """``report`` without the diagnostics whose fingerprint is in ``known``.

    Returns (new report, fingerprints of the diagnostics kept, number matched, number of
    baseline entries no finding matched any more: fixed or changed since)."""
    keep = [i for i, fp in enumerate(fps) if fp not in known]
    matched = len(fps) - len(keep)
    stale = len(known - set(fps))
    out = dict(report)
    out["diagnostics"] = [report["diagnostics"][i] for i in keep]
    return out, [fps[i] for i in keep], matched, stale
