"""routelink configuration: ``routelink.toml`` or ``[tool.routelink]`` in ``pyproject.toml``.

Keys (all optional)::

    exclude = ["legacy/**", "*.stories.tsx"]   # gitignore-style, relative to the root
    max_file_size_kb = 1024                    # larger files are skipped
    include_tests = false                      # index test files (*.test.ts, tests/, e2e/...)

    [env]                                      # env vars the code cannot resolve
    VITE_API_URL = "http://localhost:8000/api"

    [severity]                                 # per diagnostic code
    unused-route = "off"                       # error|warning|information|hint|off

Precedence in the language server: defaults, then the client's settings
(initializationOptions / workspace configuration section ``routelink``), then the
configuration file of the workspace root, which wins so that CI and editor agree.
An invalid file raises :class:`ConfigError` with a one-line message; the CLI exits 2 and
the server reports it and keeps the previous configuration.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from routelink.index.config_files import SETTINGS_NAMES
from routelink.link.findings import CODES, DEFAULT_SEVERITY

SEVERITIES = ("error", "warning", "information", "hint", "off")

#: the largest ``max_file_size_kb`` accepted (1 GiB)
MAX_FILE_SIZE_KB = 1024 * 1024


class ConfigError(Exception):
    """A configuration file or setting that cannot be used; the message says why."""


@dataclass
class Config:
    """Resolved configuration. ``severity`` maps every code to a severity or ``off``."""

    exclude: list[str] = field(default_factory=list)
    max_file_size_kb: int = 1024
    include_tests: bool = False
    severity: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_SEVERITY))
    source: str | None = None
    #: values for env vars the code reads but routelink cannot resolve (``[env]``); they
    #: win over committed ``.env`` files and defaults written in the code
    env: dict[str, str] = field(default_factory=dict)

    def scan_excludes(self) -> list[str]:
        """Ignore patterns for the scan: ``exclude`` plus test code unless included."""
        from routelink.index.scan import TEST_PATTERNS

        return list(self.exclude) + ([] if self.include_tests else list(TEST_PATTERNS))

    def merged(self, data: dict, where: str) -> "Config":
        """A copy with the keys of ``data`` applied (validated; ConfigError on bad input)."""
        out = Config(list(self.exclude), self.max_file_size_kb, self.include_tests,
                     dict(self.severity), self.source, dict(self.env))
        if not isinstance(data, dict):
            raise ConfigError(f"{where}: expected a table of settings")
        for key, value in data.items():
            if not isinstance(key, str):
                raise ConfigError(f"{where}: setting names must be strings, not {key!r}")
            k = key.replace("-", "_")
            if k == "exclude":
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise ConfigError(f"{where}: 'exclude' must be a list of strings")
                from routelink.index.scan import invalid_pattern

                for pattern in value:
                    why = invalid_pattern(pattern)
                    if why is not None:
                        raise ConfigError(f"{where}: 'exclude' pattern {pattern!r} is not a valid "
                                          f"gitignore pattern ({why})")
                out.exclude = out.exclude + list(value)
            elif k in ("max_file_size_kb", "maxfilesizekb"):
                if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= MAX_FILE_SIZE_KB:
                    raise ConfigError(f"{where}: 'max_file_size_kb' must be an integer from 1 to "
                                      f"{MAX_FILE_SIZE_KB}")
                out.max_file_size_kb = value
            elif k in ("include_tests", "includetests"):
                if not isinstance(value, bool):
                    raise ConfigError(f"{where}: 'include_tests' must be true or false")
                out.include_tests = value
            elif k == "severity":
                if value == []:
                    value = {}  # an empty Lua table arrives as a JSON array
                if not isinstance(value, dict):
                    raise ConfigError(f"{where}: 'severity' must be a table of code = level")
                for code, level in value.items():
                    if not isinstance(code, str) or code not in CODES:
                        raise ConfigError(
                            f"{where}: unknown diagnostic code '{code}' in [severity] "
                            f"(known: {', '.join(CODES)})")
                    if not isinstance(level, str) or level not in SEVERITIES:
                        raise ConfigError(
                            f"{where}: severity of '{code}' must be one of {', '.join(SEVERITIES)}")
                    out.severity[code] = level
            elif k == "env":
                if value == []:
                    value = {}
                if not isinstance(value, dict) or not all(
                        isinstance(v, (str, int, float)) and not isinstance(v, bool)
                        for v in value.values()):
                    raise ConfigError(f"{where}: 'env' must be a table of NAME = \"value\"")
                out.env.update({str(n): str(v) for n, v in value.items()})
            elif k in ("codelens", "codeLens", "code_lens", "trace", "server"):
                continue  # editor-only settings
            else:
                raise ConfigError(f"{where}: unknown setting {key!r}")
        return out


def find_config_file(root: str) -> str | None:
    """``routelink.toml`` in ``root``, else a ``pyproject.toml`` with ``[tool.routelink]``."""
    routelink_toml, pyproject_toml = SETTINGS_NAMES
    candidate = os.path.join(root, routelink_toml)
    if os.path.isfile(candidate):
        return candidate
    pyproject = os.path.join(root, pyproject_toml)
    if os.path.isfile(pyproject):
        try:
            with open(pyproject, "rb") as fh:
                data = tomllib.load(fh)
        except (OSError, ValueError):  # TOMLDecodeError, UnicodeDecodeError: not ours to report
            return None
        if isinstance(data.get("tool"), dict) and "routelink" in data["tool"]:
            return pyproject
    return None


def load_config(path: str, base: Config | None = None) -> Config:
    """Read a configuration file; raises ConfigError with the file and reason."""
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({str(exc).splitlines()[0] if str(exc) else exc})") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except Exception as exc:  # noqa: BLE001 - a config file must never give a traceback
        raise ConfigError(f"{path}: cannot read ({type(exc).__name__}: {exc})") from None
    if os.path.basename(path) == SETTINGS_NAMES[1]:
        tool = data.get("tool", {})
        if not isinstance(tool, dict):
            raise ConfigError(f"{path}: 'tool' must be a table ([tool.routelink])")
        data = tool.get("routelink", {})
        path_where = f"{path} [tool.routelink]"
    else:
        path_where = path
    cfg = (base or Config()).merged(data, path_where)
    cfg.source = path
    return cfg
