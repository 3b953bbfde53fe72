"""Command line: ``routelink check``, ``routelink serve``, ``routelink --version``.

Exit statuses of ``check`` (SPEC.md): 0 when no finding is at or above ``--fail-on``,
1 when some is, 2 for a usage or configuration error (one line on stderr, no traceback).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time

import click

from routelink import __version__
from routelink.config import Config, ConfigError, find_config_file, load_config

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


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("--config", "config_path", type=click.Path(), default=None,
              help="Configuration file (default: routelink.toml or [tool.routelink] in "
                   "pyproject.toml of the first PATH).")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="warning", show_default=True,
              help="Lowest severity that makes the exit status 1.")
@click.option("--no-cache", "no_cache", is_flag=True, default=False,
              help="Neither read nor write the cache of per-file facts "
                   "(ROUTELINK_CACHE_DIR, else the user cache directory).")
def check(paths: tuple[str, ...], fmt: str, config_path: str | None, fail_on: str,
          no_cache: bool) -> None:
    """Index every PATH (default .) as one workspace and print the findings.

    A frontend and a backend in separate folders or repositories are given as two PATHs.
    """
    from routelink.ide.report import json_report, text_report
    from routelink.index import index_workspace

    started = time.perf_counter()
    given = list(paths) or ["."]
    for p in given:
        if not os.path.isdir(p):
            _usage_error(f"{p}: not a directory" if os.path.exists(p) else f"{p}: no such directory")
    roots = [os.path.abspath(p).replace(os.sep, "/") for p in given]
    try:
        if config_path is not None:
            if not os.path.isfile(config_path):
                raise ConfigError(f"{config_path}: no such file")
            config = load_config(config_path)
        else:
            found = find_config_file(roots[0])
            config = load_config(found) if found else Config()
    except ConfigError as exc:
        _usage_error(str(exc))
    logging.basicConfig(level=logging.WARNING, format="routelink: %(message)s")
    from routelink.index.cache import open_cache

    cache = None if no_cache else open_cache()
    try:
        index = index_workspace(roots, config.scan_excludes(), config.max_file_size_kb * 1024,
                                env=config.env, cache=cache)
    finally:
        if cache is not None:
            cache.close()
    report = json_report(index, config, given, time.perf_counter() - started)
    if fmt == "json":
        click.echo(json.dumps(report, indent=2))
    else:
        for note in report["notes"]:
            click.echo(f"routelink: {note}", err=True)
        for line in text_report(report, given):
            click.echo(line)
    threshold = 99 if fail_on == "never" else _RANK[fail_on]
    failing = any(_RANK[d["severity"]] >= threshold for d in report["diagnostics"])
    sys.exit(1 if failing else 0)


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
