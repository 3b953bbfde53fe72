"""routelink configuration: ``routelink.toml`` or ``[tool.routelink]`` in ``pyproject.toml``.

Keys (all optional)::

    exclude = ["legacy/**", "*.stories.tsx"]   # gitignore-style, relative to the root
    max_file_size_kb = 1024                    # larger files are skipped
    include_tests = false                      # index test files (*.test.ts, tests/, e2e/...)
    external = ["GET /health", "POST /webhooks/*", "/oauth/**"]   # never unused-route

    [[services]]                               # calls to it are not checked
    name = "payments"
    base = "https://payments.example.com/v1"

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

import fnmatch
import os
import re
import sys
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from routelink.index.config_files import SETTINGS_NAMES
from routelink.link.codes import CODES, DEFAULT_SEVERITY

SEVERITIES = ("error", "warning", "information", "hint", "off")

#: the largest ``max_file_size_kb`` accepted (1 GiB)
MAX_FILE_SIZE_KB = 1024 * 1024


class ConfigError(Exception):
    """A configuration file or setting that cannot be used; the message says why."""


_METHOD = re.compile(r"[A-Za-z]+")


def _segments(path: str) -> list[str]:
    return [s for s in path.strip("/").split("/") if s != ""]


@dataclass(frozen=True)
class RoutePattern:
    """One ``external`` entry: routes called from outside the workspace.

    Written ``"[METHOD] /path"``: without a method it covers every method. In the path,
    ``*`` is one segment (or, inside a segment, any text: ``stripe-*``), ``**`` any number
    of segments (none included), and a parameter ``{id}`` any route parameter
    (``{id}``, ``:id`` as converted, ``{slug*}``). The trailing slash is ignored.
    """

    text: str
    method: str | None
    path: str

    @classmethod
    def parse(cls, text: str, where: str) -> "RoutePattern":
        """Parse ``"GET /health"`` / ``"/oauth/callback"``; ConfigError when it is no
        ``[METHOD] /path``."""
        parts = text.split()
        if len(parts) == 1 and parts[0].startswith("/"):
            return cls(text, None, parts[0])
        if len(parts) == 2 and _METHOD.fullmatch(parts[0]) and parts[1].startswith("/"):
            method = parts[0].upper()
            return cls(text, None if method == "ANY" else method, parts[1])
        raise ConfigError(f"{where}: 'external' entry {text!r} must be '[METHOD] /path' "
                          "(e.g. \"GET /health\" or \"/webhooks/*\")")

    def matches(self, method: str, path: str) -> bool:
        """Whether a route (upper-case ``method``, ``ANY`` for every method; normalized
        ``path`` template) is covered."""
        if self.method is not None and method not in (self.method, "ANY"):
            return False
        return _match_segments(_segments(self.path), _segments(path))


def _match_segments(pattern: list[str], path: list[str]) -> bool:
    if not pattern:
        return not path
    head = pattern[0]
    if head == "**":
        return any(_match_segments(pattern[1:], path[k:]) for k in range(len(path) + 1))
    if not path:
        return False
    seg = path[0]
    if head.startswith("{") and head.endswith("}"):
        ok = seg.startswith("{") and seg.endswith("}")
    else:
        ok = fnmatch.fnmatchcase(seg, head)
    return ok and _match_segments(pattern[1:], path[1:])


@dataclass(frozen=True)
class Service:
    """One ``[[services]]`` table: an origin outside the workspace whose calls are not
    checked. ``base`` is an absolute URL (``https://payments.example.com/v1``); a call
    whose resolved URL starts with it (same host; the same port when ``base`` gives
    one other than its scheme's default; path under ``base``'s path) is external. ``name`` labels it in reports (default: the
    host)."""

    base: str
    name: str
    host: str
    port: int | None
    path: str

    @classmethod
    def parse(cls, data: object, where: str) -> "Service":
        """Read one table; ConfigError on anything but ``base`` (an absolute URL with a
        scheme and a host) and an optional string ``name``."""
        if not isinstance(data, dict):
            raise ConfigError(f"{where}: each [[services]] entry must be a table with 'base'")
        unknown = sorted(set(data) - {"base", "name"})
        if unknown:
            raise ConfigError(f"{where}: unknown key '{unknown[0]}' in [[services]] "
                              "(known: base, name)")
        base = data.get("base")
        name = data.get("name", "")
        if not isinstance(base, str) or not isinstance(name, str):
            raise ConfigError(f"{where}: [[services]] needs base = \"https://host/...\" "
                              "(and an optional string name)")
        try:
            parts = urlsplit(base)
            port = parts.port
        except ValueError:
            parts, port = None, None
        if parts is None or not parts.scheme or not parts.hostname:
            raise ConfigError(f"{where}: [[services]] base {base!r} must be an absolute URL "
                              "such as \"https://payments.example.com\"")
        if port == {"http": 80, "https": 443}.get(parts.scheme.lower()):
            port = None  # the scheme's default port: calls write no port
        return cls(base, name or parts.hostname, parts.hostname.lower(), port,
                   "/" + "/".join(_segments(parts.path)))

    def serves(self, origin: str, path: str) -> bool:
        """Whether a call to ``origin`` (``host`` or ``host:port`` as calls record it;
        '' for a relative URL, which never matches) and ``path`` goes to this service."""
        if not origin:
            return False
        host, _, port = origin.lower().rpartition(":") if origin.count(":") == 1 else (origin.lower(), "", "")
        if host != self.host:
            return False
        if self.port is not None and port != str(self.port):
            return False
        base = _segments(self.path)
        return _segments(path.split("?")[0])[: len(base)] == base


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
    #: routes called from outside the workspace (``external``): never ``unused-route``
    external: list[RoutePattern] = field(default_factory=list)
    #: origins outside the workspace (``[[services]]``): their calls are not checked
    services: list[Service] = field(default_factory=list)

    def external_route(self, method: str, path: str) -> RoutePattern | None:
        """The first ``external`` pattern covering the route, or None."""
        return next((p for p in self.external if p.matches(method, path)), None)

    def service_of(self, origin: str, path: str) -> Service | None:
        """The first ``[[services]]`` entry a call to ``origin`` + ``path`` goes to."""
        return next((s for s in self.services if s.serves(origin, path)), None)

    def scan_excludes(self) -> list[str]:
        """Ignore patterns for the scan: ``exclude`` plus test code unless included."""
        from routelink.index.scan import TEST_PATTERNS

        return list(self.exclude) + ([] if self.include_tests else list(TEST_PATTERNS))

    def merged(self, data: dict, where: str) -> "Config":
        """A copy with the keys of ``data`` applied (validated; ConfigError on bad input)."""
        out = replace(self, exclude=list(self.exclude), severity=dict(self.severity),
                      env=dict(self.env), external=list(self.external),
                      services=list(self.services))
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
            elif k == "external":
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise ConfigError(f"{where}: 'external' must be a list of strings "
                                      "such as \"GET /health\"")
                out.external = out.external + [RoutePattern.parse(v, where) for v in value]
            elif k == "services":
                if isinstance(value, dict):
                    value = [value]
                if not isinstance(value, list):
                    raise ConfigError(f"{where}: 'services' must be [[services]] tables with 'base'")
                out.services = out.services + [Service.parse(v, where) for v in value]
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
