"""Every file name routelink reads besides sources, in one place.

Three kinds of files matter besides JS/TS/Python sources:

- *resolution configs*, read as text by the resolver: ``tsconfig*.json`` and
  ``jsconfig*.json`` (``paths``, ``baseUrl``, ``extends``), ``package.json`` (package
  boundaries, ``name``), ``.env*`` files (values of env vars the code reads), and
  frontend workspace files (``angular.json``, Nx ``project.json``/``workspace.json``/
  ``nx.json``, dev proxy configs such as ``proxy.conf.json`` and ``proxy.conf.js``);
- *settings files* of routelink itself: ``routelink.toml`` and ``pyproject.toml``
  (``[tool.routelink]``); a change re-reads the configuration;
- *public files* of a frontend (``public/``, ``static/``: :func:`public_file_owners`),
  which its web server serves at the site root: a request naming one is no backend
  call, so their creation and deletion matter whatever their type;
- everything the language server asks the editor to watch (:data:`WATCH_GLOB`,
  :data:`PUBLIC_WATCH_GLOB`).

The scanner (:mod:`routelink.index.scan`), the index (:mod:`routelink.index.incremental`)
and the language server (:mod:`routelink.lsp`) all ask this module, so a new kind of
config file is added here once.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
import re

#: ``.env`` files whose values the resolver uses, in precedence order (first wins)
ENV_NAMES = (".env", ".env.development", ".env.local", ".env.development.local",
             ".env.example")

#: routelink's own settings files (a change re-reads the configuration)
SETTINGS_NAMES = ("routelink.toml", "pyproject.toml")

_RESOLUTION_CONFIG = re.compile(
    r"^(?:(?:ts|js)config(?:\.[\w.-]+)?\.json|package\.json|\.env(?:\.[\w.-]+)?)$")

#: frontend workspace files (:mod:`routelink.resolve.workspaces`): Angular CLI and Nx
#: project configs, and dev-server proxy configs (``proxy.conf.json``,
#: ``src/proxy.conf.js``, ``proxy.config.json``, ``dev.proxy.conf.json``); a JavaScript
#: proxy config is read as text (never executed), not indexed as a source
FRONTEND_NAMES = ("angular.json", "workspace.json", "project.json", "nx.json")
_PROXY_CONFIG = re.compile(
    r"^(?:[\w-]+[.-])?proxy[.-]conf(?:ig)?(?:\.[\w-]+)?\.(?:json|js|cjs|mjs)$")

#: dev-server configs (:mod:`routelink.resolve.devservers`): Vite, webpack-dev-server
#: (``webpack.config.js``, ``webpack.dev.js``...), Vue CLI, CRACO; and Create React App's
#: ``setupProxy.js``
VITE_CONFIG = re.compile(r"^vite\.config\.(?:ts|js|mjs|mts|cjs|cts)$")
WEBPACK_CONFIG = re.compile(
    r"^(?:webpack(?:\.[\w-]+)*|vue\.config|craco\.config)\.(?:js|cjs|mjs|ts)$")
SETUP_PROXY = "setupProxy.js"
#: UmiJS's proxy config, ``config/proxy.ts`` (also ``.js``), by its path's end
UMI_PROXY = re.compile(r"(?:^|/)config/proxy\.(?:ts|js)$")

#: the glob the language server registers for ``workspace/didChangeWatchedFiles``
WATCH_GLOB = "**/*.{ts,tsx,js,jsx,mjs,cjs,mts,cts,vue,svelte,html,py,json,toml}"

#: folders whose files a frontend's web server serves at the site root (Vite, CRA,
#: Next.js, Nuxt 3: `public/`; SvelteKit, Nuxt 2, Gatsby: `static/`)
PUBLIC_FOLDERS = ("public", "static")

#: the glob the language server also registers: files of any type in those folders
PUBLIC_WATCH_GLOB = "**/{public,static}/**"


def is_resolution_config(path: str) -> bool:
    """True for a file the resolver reads as text (``tsconfig.app.json``, ``.env.local``,
    ``angular.json``, ``proxy.conf.json``, ``vite.config.ts``)."""
    return _config_name(posixpath.basename(path)) or bool(UMI_PROXY.search(path))


@lru_cache(maxsize=8192)
def _config_name(name: str) -> bool:
    """Whether a file name alone makes a resolution config (see
    :func:`is_resolution_config`); remembered: a workspace repeats names."""
    return bool(_RESOLUTION_CONFIG.match(name)) or name in FRONTEND_NAMES or \
        bool(_PROXY_CONFIG.match(name)) or is_dev_server_config(name)


def is_dev_server_config(name: str) -> bool:
    """True for a dev-server config file name (``vite.config.ts``, ``webpack.dev.js``,
    ``vue.config.js``, ``craco.config.js``, ``setupProxy.js``)."""
    return bool(VITE_CONFIG.match(name) or WEBPACK_CONFIG.match(name)) or name == SETUP_PROXY


def is_settings_file(path: str) -> bool:
    """True for ``routelink.toml`` or ``pyproject.toml``."""
    return posixpath.basename(path) in SETTINGS_NAMES


def public_file_owners(path: str) -> tuple[str, ...]:
    """The folders whose public folder holds ``path`` (``/ws/web`` for
    ``/ws/web/public/data/cities.json``), innermost first; empty for a path in no
    ``public/`` or ``static/`` folder. A request of a file of such a folder's package
    naming the file is served by the frontend's web server
    (``routelink.resolve.calls._public_file``)."""
    parts = path.split("/")
    return tuple("/".join(parts[:i]) for i in range(len(parts) - 2, 0, -1)
                 if parts[i] in PUBLIC_FOLDERS)


def is_watched_config(path: str) -> bool:
    """True for any non-source file whose change the index or the server must see."""
    return is_resolution_config(path) or is_settings_file(path)


#: the dependency tables of a package.json
DEPENDENCY_KINDS = ("dependencies", "devDependencies", "peerDependencies", "optionalDependencies")


def package_dependencies(package_json: str | bytes | None) -> dict[str, set[str]] | None:
    """The package names of each dependency table of a ``package.json`` text (kind ->
    names, for every kind of :data:`DEPENDENCY_KINDS`, empty when absent), or None when
    the text is missing or no JSON object."""
    import json

    if not package_json:
        return None
    try:
        data = json.loads(package_json)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    out: dict[str, set[str]] = {}
    for kind in DEPENDENCY_KINDS:
        got = data.get(kind)
        out[kind] = set(got) if isinstance(got, dict) else set()
    return out
