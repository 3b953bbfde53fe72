"""Command line: ``routelink check``, ``report``, ``diff``, ``serve``, ``--version``.

Exit statuses of ``check`` (SPEC.md): 0 when no finding is at or above ``--fail-on``,
1 when some is, 2 for a usage or configuration error (one line on stderr, no traceback).
``report`` exits 0 (2 on usage errors); ``diff`` 1 when the change breaks a call, 0 when
not, 2 on usage or git errors.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import posixpath
import sys
import time

import click

from routelink import __version__
from routelink.config import Config, ConfigError, load_config

FAIL_ON = ("error", "warning", "information", "never")
_RANK = {"error": 4, "warning": 3, "information": 2, "hint": 1}


class _Group(click.Group):
    def main(self, *args, **kwargs):  # type: ignore[override]
        try:
            return super().main(*args, standalone_mode=False, **kwargs)
        except click.exceptions.NoArgsIsHelpError as exc:
            click.echo(exc.ctx.get_help() if exc.ctx else str(exc))
            sys.exit(2)
        except click.UsageError as exc:
            click.echo(f"routelink: {exc.format_message()}", err=True)
            sys.exit(2)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.Abort:
            sys.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="routelink", message="%(prog)s %(version)s")
def main() -> None:
    """Link frontend HTTP calls to backend routes and report what does not line up."""


FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit")


def _split_codes(values: tuple[str, ...], option: str) -> list[str]:
    """Codes given to --select/--ignore (repeatable, comma-separated), validated."""
    from routelink.ide.formats import all_codes

    known = all_codes()
    out = []
    for value in values:
        for code in value.split(","):
            code = code.strip()
            if not code:
                continue
            if code not in known:
                _usage_error(f"{option}: unknown diagnostic code '{code}' "
                             f"(known: {', '.join(known)})")
            out.append(code)
    return out


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text",
              show_default=True, help="Output format.")
@click.option("-o", "--output-file", type=click.Path(dir_okay=False), default=None,
              help="Write the output to FILE instead of standard output.")
@click.option("--config", "config_path", type=click.Path(), default=None,
              help="Configuration file (default: routelink.toml, or [tool.routelink] in "
                   "pyproject.toml, found walking up from each PATH).")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="warning", show_default=True,
              help="Lowest severity that makes the exit status 1.")
@click.option("--select", "select", multiple=True, metavar="CODES",
              help="Report only these diagnostic codes (comma-separated).")
@click.option("--ignore", "ignore", multiple=True, metavar="CODES",
              help="Do not report these diagnostic codes (comma-separated).")
@click.option("--statistics", is_flag=True,
              help="Print the number of findings per code instead of the findings.")
@click.option("--baseline", "baseline", type=click.Path(dir_okay=False), default=None,
              help="Report only findings not recorded in this baseline file.")
@click.option("--write-baseline", "write_baseline", type=click.Path(dir_okay=False),
              default=None, help="Record today's findings in this baseline file and exit 0.")
@click.option("--show-settings", is_flag=True,
              help="Print the resolved settings and the file they came from, then exit.")
@click.option("--show-files", is_flag=True,
              help="Print the files that would be indexed (skipped ones on stderr), then exit.")
@click.option("--no-cache", "no_cache", is_flag=True, default=False,
              help="Neither read nor write the cache of per-file facts and of whole runs "
                   "(ROUTELINK_CACHE_DIR, else the user cache directory).")
def check(paths: tuple[str, ...], fmt: str, output_file: str | None, config_path: str | None,
          fail_on: str, select: tuple[str, ...], ignore: tuple[str, ...], statistics: bool,
          baseline: str | None, write_baseline: str | None, show_settings: bool,
          show_files: bool, no_cache: bool) -> None:
    """Index every PATH (default .) as one workspace and print the findings.

    A frontend and a backend in separate folders or repositories are given as two PATHs.
    A PATH may be a file: its enclosing project is indexed and only its findings print.
    """
    from routelink.ide import formats

    started = time.perf_counter()
    if baseline and write_baseline:
        _usage_error("--baseline and --write-baseline cannot be used together")
    if show_settings and show_files:
        _usage_error("--show-settings and --show-files cannot be used together")
    if statistics and fmt not in ("text", "json"):
        _usage_error("--statistics works with --format text or json")
    selected = _split_codes(select, "--select")
    ignored = set(_split_codes(ignore, "--ignore"))
    run, config, found_from = _workspace(paths, config_path)
    for p, f in found_from:
        if f != config.source:
            click.echo(f"routelink: {f} (found from {p}) is not used: one run has one "
                       f"configuration, {config.source}'s; give --config to choose", err=True)
    if show_settings:
        _show_settings(config, run, found_from, config_path)
        sys.exit(0)
    logging.basicConfig(level=logging.WARNING, format="routelink: %(message)s")
    if show_files:
        _show_files(config, run)
        sys.exit(0)
    from routelink.index import results
    from routelink.index.cache import open_cache
    from routelink.index.scan import read_workspace

    files = read_workspace(run.roots, config.scan_excludes(), config.max_file_size_kb * 1024)
    if not files.scanned:
        where = " ".join(run.given) if run.given else "."
        if files.ignored:
            # never a silent pass: a CI job whose every file is ignored checks nothing
            _usage_error(f"no source file to check in {where}: all {files.ignored} "
                         "files and folders found are ignored (.gitignore, exclude, or test "
                         "files: set include_tests = true)")
        click.echo(f"routelink: no source file found in {where}", err=True)
    cache = None if no_cache else open_cache()
    try:
        # a workspace none of whose inputs changed since the last check: its report
        key = results.workspace_key(files.roots, run.display_roots, config)
        cached = results.load(cache, key, files)
        if cached is not None:
            results.replay(cached.warnings)
            report = cached.result
            report["summary"]["seconds"] = round(time.perf_counter() - started, 3)
        else:
            # (loaded only now: a stored run needs neither the extractors nor the linker)
            from routelink.ide.report import json_report
            from routelink.index.incremental import build_index

            with results.capture_warnings() as warned:
                index = build_index(files, env=config.env, cache=cache)
                # nothing built so far is garbage: later collections need not walk it
                gc.freeze()
                report = json_report(index, config, run.display_roots,
                                     time.perf_counter() - started)
            results.store(cache, key, files, index, report, warned)
    finally:
        if cache is not None:
            cache.close()
    diags = report["diagnostics"]
    kept = [d for d in diags
            if (not selected or d["code"] in selected) and d["code"] not in ignored
            and run.shows(posixpath.join(files.roots[d["root"]], d["file"]))]
    if len(kept) != len(diags):
        report["diagnostics"] = kept
    fps = None
    if baseline or write_baseline or fmt in ("sarif", "gitlab"):
        fps = formats.fingerprints(report)
    baseline_line = None
    if write_baseline:
        from routelink.ide.baseline import BaselineError, write_baseline as write

        try:
            n = write(write_baseline, report, fps)
        except BaselineError as exc:
            _usage_error(str(exc))
        click.echo(f"routelink: wrote {n} finding{'s' if n != 1 else ''} to {write_baseline}",
                   err=True)
        sys.exit(0)
    if baseline:
        from routelink.ide.baseline import BaselineError, apply_baseline, load_baseline

        try:
            known = load_baseline(baseline)
        except BaselineError as exc:
            _usage_error(str(exc))
        report, fps, matched, stale = apply_baseline(report, fps, known)
        report["summary"]["baseline"] = {"file": baseline, "matched": matched, "stale": stale}
        baseline_line = (f"{matched} finding{'s' if matched != 1 else ''} in the baseline "
                         f"{baseline} not shown"
                         + (f"; {stale} baseline entr{'ies' if stale != 1 else 'y'} no longer "
                            "found (rewrite it with --write-baseline)" if stale else ""))
    if len(report["diagnostics"]) != len(diags):  # the counts follow what is listed
        listed = report["diagnostics"]
        report["summary"]["unmatched_calls"] = sum(
            1 for d in listed if d["code"] in ("unmatched-call", "method-mismatch"))
        report["summary"]["unused_routes"] = sum(1 for d in listed if d["code"] == "unused-route")
    threshold = 99 if fail_on == "never" else _RANK[fail_on]

    def failing(d: dict) -> bool:
        return _RANK[d["severity"]] >= threshold

    if fmt != "json" or statistics:  # JSON carries them in "notes"
        for note in report["notes"]:
            click.echo(f"routelink: {note}", err=True)
    colour = output_file is None and fmt == "text" and _use_colour()
    if statistics:
        lines = (formats.statistics_lines(report) if fmt == "text"
                 else [json.dumps(formats.statistics_json(report), indent=2)])
    elif fmt == "json":
        lines = [json.dumps(report, indent=2)]
    elif fmt == "sarif":
        lines = [json.dumps(formats.sarif(report, cwd=os.getcwd(), fingerprint=fps), indent=2)]
    elif fmt == "github":
        lines = formats.github_lines(report)
    elif fmt == "gitlab":
        lines = [json.dumps(formats.gitlab(report, fingerprint=fps), indent=2)]
    elif fmt == "junit":
        lines = [formats.junit(report, failing=failing).rstrip("\n")]
    else:
        lines = formats.text_lines(report, colour=colour)
    if baseline_line and fmt == "text":
        lines.append(baseline_line)
    if output_file is not None:
        try:
            with open(output_file, "w", encoding="utf-8", newline="\n") as fh:
                fh.write("".join(line + "\n" for line in lines))
        except OSError as exc:
            _usage_error(f"{output_file}: cannot write ({exc.strerror})")
    else:
        for line in lines:
            click.echo(line, color=colour)
    sys.exit(1 if any(failing(d) for d in report["diagnostics"]) else 0)


def _use_colour() -> bool:
    """Colour for the text format: on a terminal, unless ``NO_COLOR`` is set (non-empty);
    ``FORCE_COLOR`` (non-empty, not ``0``) forces it when piped."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "0") not in ("", "0"):
        return True
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _toml_key(key: str) -> str:
    bare = key and all(c.isalnum() and c.isascii() or c in "-_" for c in key)
    return key if bare else json.dumps(key)


def _show_settings(config: Config, run, found_from: list[tuple[str, str]],
                   config_path: str | None) -> None:
    """Print the resolved settings as TOML (valid, so it can be copied into a
    routelink.toml), with comments saying where they came from and the roots."""
    if config_path is not None:
        click.echo(f"# settings from {config.source} (--config)")
    elif config.source:
        first = next(p for p, f in found_from if f == config.source)
        click.echo(f"# settings from {config.source} (found walking up from {first})")
    else:
        click.echo("# settings: defaults (no routelink.toml or [tool.routelink] in "
                   "pyproject.toml found walking up from "
                   f"{', '.join(run.given)})")
    for p, f in found_from:
        if f != config.source:
            click.echo(f"# not used: {f} (found from {p})")
    click.echo(f"# roots: {', '.join(run.display_roots)}")
    if run.files:
        click.echo(f"# findings printed only for: {', '.join(run.given)}")
    click.echo(f"exclude = {json.dumps(config.exclude)}")
    click.echo(f"include_tests = {'true' if config.include_tests else 'false'}")
    click.echo(f"max_file_size_kb = {config.max_file_size_kb}")
    click.echo(f"external = {json.dumps([p.text for p in config.external])}")
    click.echo("")
    click.echo("[env]")
    for name, value in sorted(config.env.items()):
        click.echo(f"{_toml_key(name)} = {json.dumps(value)}")
    click.echo("")
    click.echo("[severity]")
    for code, level in config.severity.items():
        click.echo(f"{_toml_key(code)} = {json.dumps(level)}")
    for service in config.services:
        click.echo("")
        click.echo("[[services]]")
        click.echo(f"name = {json.dumps(service.name)}")
        click.echo(f"base = {json.dumps(service.base)}")


def _show_files(config: Config, run) -> None:
    """Print the files an index of ``run`` reads (sources, then the config files read for
    resolution such as package.json, tsconfig.json, .env), one per line as the text
    format shows paths; skipped entries go to stderr with the reason."""
    from routelink.index.scan import is_source_candidate, scan_root

    skipped: list[tuple[str, str]] = []
    limit = config.max_file_size_kb * 1024
    for root, shown in zip(run.roots, run.display_roots):
        def show(path: str) -> str:
            rel = posixpath.relpath(path.rstrip("/"), root) + ("/" if path.endswith("/") else "")
            return rel if shown in (".", "./") else posixpath.join(shown.rstrip("/"), rel)

        result, _ = scan_root(root, config.scan_excludes(),
                              on_skip=lambda p, why: skipped.append((show(p), why)))
        for path in result.sources:
            try:
                size = os.path.getsize(path)
            except OSError:
                size = 0
            if size > limit:
                skipped.append((show(path), f"larger than max_file_size_kb = "
                                            f"{config.max_file_size_kb}"))
                continue
            click.echo(show(path))
        for path in result.configs:
            click.echo(show(path))
    for f, given in zip(run.files, [p for p in run.given if os.path.isfile(p)]):
        if not is_source_candidate(f):
            skipped.append((given, "not a source file routelink reads"))
    for path, why in skipped:
        click.echo(f"routelink: skipped {path}: {why}", err=True)


def _workspace(paths: tuple[str, ...], config_path: str | None):
    """(RunPaths, Config, found_from) for a command that indexes PATHs as ``check`` does
    (folders are roots, a file stands for its enclosing project; settings found walking
    up from the PATHs, or ``--config``). ``found_from`` lists (PATH, settings file) for
    every settings file a PATH's walk found (empty with ``--config``). Exits 2 with one
    line on a missing PATH or a bad configuration."""
    from routelink.ide.workspace import PathError, discover_config, resolve_paths

    try:
        run = resolve_paths(list(paths))
    except PathError as exc:
        _usage_error(str(exc))
    found_from: list[tuple[str, str]] = []
    try:
        if config_path is not None:
            if not os.path.isfile(config_path):
                raise ConfigError(f"{config_path}: no such file")
            config = load_config(config_path)
        else:
            found, found_from = discover_config(run.given)
            config = load_config(found) if found else Config()
    except ConfigError as exc:
        _usage_error(str(exc))
    logging.basicConfig(level=logging.WARNING, format="routelink: %(message)s")
    return run, config, found_from


def _write(text: str, output: str | None) -> None:
    """``text`` to the file ``output`` (exit 2 when it cannot be written), else stdout."""
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    try:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        _usage_error(f"{output}: cannot write ({exc.strerror})")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["markdown", "html", "json"]),
              default="markdown", show_default=True, help="Output format.")
@click.option("-o", "--output", "--output-file", "output", type=click.Path(dir_okay=False), default=None,
              help="Write the report to FILE instead of stdout.")
@click.option("--config", "config_path", type=click.Path(), default=None,
              help="Configuration file (default: as for check).")
def report(paths: tuple[str, ...], fmt: str, output: str | None, config_path: str | None) -> None:
    """Write the sync report of every PATH (default .): a summary, the calls and
    endpoints that do not line up, then every endpoint with its handler, callers and
    status (docs/ci.md).

    Exit status 0 whatever the findings (use check or diff to gate); 2 on a usage or
    configuration error.
    """
    from routelink.ide.sync import render, sync_report
    from routelink.index import index_workspace

    started = time.perf_counter()
    run, config, _ = _workspace(paths, config_path)
    index = index_workspace(run.roots, config.scan_excludes(), config.max_file_size_kb * 1024,
                            env=config.env)
    data = sync_report(index, config, run.display_roots, time.perf_counter() - started)
    _write(render(data, fmt), output)


@main.command()
@click.argument("base")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text",
              show_default=True, help="Output format (json: the diff object, docs/ci.md; "
              "sarif, github, gitlab, junit: one error per broken call, as check prints them).")
@click.option("-o", "--output-file", type=click.Path(dir_okay=False), default=None,
              help="Write the output to FILE instead of stdout.")
@click.option("--config", "config_path", type=click.Path(), default=None,
              help="Configuration file (default: as for check, from the working tree).")
def diff(base: str, paths: tuple[str, ...], fmt: str, output_file: str | None,
         config_path: str | None) -> None:
    """Report the calls a change since the git revision BASE breaks: a route removed or
    changed that a call still makes, a new or changed call that no route serves.

    PATHs (default .) are read in the working tree and at BASE (the same folders,
    relative to the repository root). Exit status 1 when a call is broken, 0 when not,
    2 when BASE is no revision, a PATH is outside the repository, or git is missing.
    """
    import tempfile

    from routelink.diff import (GitError, as_check_report, compare, diff_json, diff_text,
                                export_tree, repository_root, resolve_revision)
    from routelink.ide.report import json_report
    from routelink.index import index_workspace

    run, config, _ = _workspace(paths, config_path)
    given, roots = run.display_roots, run.roots
    try:
        repo = repository_root(roots[0])
        commit = resolve_revision(repo, base)
    except GitError as exc:
        _usage_error(str(exc))
    real_repo = os.path.realpath(repo)
    subpaths = []
    for p, root in zip(given, roots):
        rel = os.path.relpath(os.path.realpath(root), real_repo).replace(os.sep, "/")
        if rel == ".." or rel.startswith("../"):
            _usage_error(f"{p}: outside the git repository {repo}")
        subpaths.append(rel)

    def analyse(folders: list[str]) -> dict:
        index = index_workspace(folders, config.scan_excludes(), config.max_file_size_kb * 1024,
                                env=config.env)
        return json_report(index, config, given, 0.0)

    with tempfile.TemporaryDirectory(prefix="routelink-diff-") as tmp:
        try:
            export_tree(repo, commit, subpaths, tmp)
        except GitError as exc:
            _usage_error(str(exc))
        base_roots = [os.path.normpath(os.path.join(tmp, sub)).replace(os.sep, "/")
                      for sub in subpaths]
        before = analyse(base_roots)
    after = analyse(roots)
    changes = [ch for ch in compare(before, after, base)
               if run.shows(posixpath.join(roots[ch.diagnostic["root"]], ch.diagnostic["file"]))]
    data = diff_json(changes, base, commit, given)
    if fmt == "json":
        text = json.dumps(data, indent=2) + "\n"
    elif fmt == "text":
        text = "".join(line + "\n" for line in diff_text(data))
    else:
        from routelink.ide import formats

        rep = as_check_report(data)
        if fmt == "sarif":
            fps = formats.fingerprints(rep)
            text = json.dumps(formats.sarif(rep, cwd=os.getcwd(), fingerprint=fps), indent=2) + "\n"
        elif fmt == "gitlab":
            text = json.dumps(formats.gitlab(rep, fingerprint=formats.fingerprints(rep)), indent=2) + "\n"
        elif fmt == "github":
            text = "".join(line + "\n" for line in formats.github_lines(rep))
        else:
            text = formats.junit(rep)
    _write(text, output_file)
    sys.exit(1 if changes else 0)


@main.command()
@click.option("--log-level", type=click.Choice(["debug", "info", "warning", "error"]),
              default="info", show_default=True, help="Log level (logs go to stderr).")
def serve(log_level: str) -> None:
    """Run the language server over stdio."""
    logging.basicConfig(level=getattr(logging, log_level.upper()), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from routelink.lsp.server import create_server

    create_server().start_io()


def _usage_error(message: str) -> None:
    click.echo(f"routelink: {message}", err=True)
    sys.exit(2)


if __name__ == "__main__":
    main()
