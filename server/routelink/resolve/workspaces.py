"""Frontend workspaces: Angular CLI (``angular.json``) and Nx (``project.json``,
``workspace.json``) projects, read from config text (JSON, never executed).

What the index takes from them (:func:`read_frontend_workspaces`):

- **projects**: each project's folder (``root`` of an ``angular.json`` project relative
  to the workspace; the folder of a ``project.json``), and whether it is an application
  (``projectType: "application"``, or a dev-server target when no type is written) or
  a library;
- **the app that serves a file** (:meth:`FrontendWorkspaces.app_of`): the deepest
  project folder containing it; a library's files belong to its workspace's only
  browser application (one with a ``dev-server``, ``browser``/``application`` or
  Angular builder; a Node backend app of the same Nx workspace does not count; with
  several browser apps, to none: which app imports the library is not read). The
  index scopes what an app sets up for all of its code by it: Angular interceptors'
  base URLs and other client defaults, and dev proxies;
- **dev proxies**: the ``proxyConfig`` of the dev-server target (``serve``, or the
  target whose builder/executor ends in ``dev-server``): its default configuration's
  value, else its options'. The file (``proxy.conf.json``, a ``proxy.conf.js`` read
  statically) is read with :func:`routelink.resolve.devproxy.parse_proxy_config`;
- **file replacements**: ``fileReplacements`` (``replace`` -> ``with``) of the build
  target's options and of its *default configuration* (``defaultConfiguration``:
  ``production`` in projects made by Angular CLI 12+; none written: the options only),
  which is what ``ng build`` ships. Module resolution then resolves ``import {
  environment } from './environments/environment'`` to the replacement. The default
  build configuration is chosen over the dev server's (``development``): it is the code
  that is deployed, and the environments of one project differ in the host of their
  URLs far more often than in the path (a named base's host is dropped when linking).

Paths in these files are relative to the workspace root: the ``angular.json`` folder;
for Nx, the folder of the nearest ``nx.json`` above the project, else the first of the
project folder and its ancestors where the file exists. ``{projectRoot}`` and
``{workspaceRoot}`` are substituted.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass, field
from typing import Callable, Mapping

from routelink.resolve.devproxy import DevProxyTable, ProxyRule, parse_proxy_config
from routelink.resolve.modules import strip_jsonc

WORKSPACE_FILES = ("angular.json", "workspace.json")
PROJECT_FILE = "project.json"
NX_FILE = "nx.json"
#: builders/executors of browser apps besides ``*:dev-server``, ``*:browser`` and
#: ``*:application`` (Angular CLI, Nx's Angular plugin)
_BROWSER_TOOLS = ("@angular-devkit/", "@angular/build", "@nx/angular", "@nrwl/angular")


@dataclass(frozen=True, slots=True)
class FrontendProject:
    """One Angular CLI / Nx project: ``folder`` (absolute), the ``config`` file that
    declares it, ``application`` (else a library), its ``workspace`` root folder ('' when
    unknown), the ``proxy`` rules of its dev server and the ``replacements`` (absolute
    file -> absolute file) of its default build configuration."""

    name: str
    folder: str
    config: str
    application: bool
    workspace: str
    proxy: tuple[ProxyRule, ...] = ()
    replacements: tuple[tuple[str, str], ...] = ()
    #: an application run by a browser dev server (a ``dev-server`` or Angular builder),
    #: not a Node backend of the same workspace
    browser: bool = False


@dataclass
class FrontendWorkspaces:
    """Every frontend project of the indexed roots, and what the index derives."""

    projects: list[FrontendProject] = field(default_factory=list)
    #: project folder -> the application folder that serves its files ('' for none)
    serving: dict[str, str] = field(default_factory=dict)

    def project_of(self, path: str) -> FrontendProject | None:
        """The deepest project whose folder contains file ``path``."""
        best = None
        for p in self.projects:
            if path.startswith(p.folder.rstrip("/") + "/") and (
                    best is None or len(p.folder) > len(best.folder)):
                best = p
        return best

    def app_of(self, path: str) -> str | None:
        """The folder of the application that serves file ``path``, or None (in no
        project, or in a library no single application serves)."""
        p = self.project_of(path)
        if p is None:
            return None
        return self.serving.get(p.folder) or None

    def replacements(self) -> dict[str, str]:
        """Every file replacement of the default build configurations."""
        out: dict[str, str] = {}
        for p in self.projects:
            for a, b in p.replacements:
                out.setdefault(a, b)
        return out

    def dev_proxies(self) -> DevProxyTable:
        """The dev proxy rules by project folder (a library gets its serving app's)."""
        apps = {p.folder: p for p in self.projects if p.application}
        scopes: dict[str, tuple[ProxyRule, ...]] = {}
        for p in self.projects:
            app = apps.get(self.serving.get(p.folder, ""))
            scopes[p.folder] = app.proxy if app is not None else ()
        return DevProxyTable(scopes)


def read_frontend_workspaces(configs: Mapping[str, str],
                             exists: Callable[[str], bool],
                             read_external: Callable[[str], str | None] | None = None
                             ) -> FrontendWorkspaces:
    """Read every ``angular.json`` / ``workspace.json`` / ``project.json`` of
    ``configs`` (path -> text). ``exists(path)`` tells whether a source file is indexed
    (both files of a replacement must be); ``read_external(path)`` reads a proxy config
    the index does not hold (JSON only), or None."""
    nx_roots = sorted((posixpath.dirname(p) for p in configs if posixpath.basename(p) == NX_FILE),
                      key=len, reverse=True)

    def read(path: str) -> str | None:
        text = configs.get(path)
        if text is None and read_external is not None:
            text = read_external(path)
        return text

    projects: list[FrontendProject] = []
    seen: set[str] = set()
    for path in sorted(configs):
        base = posixpath.basename(path)
        if base in WORKSPACE_FILES:
            data = _json(configs[path])
            ws = posixpath.dirname(path)
            entries = data.get("projects") if isinstance(data, dict) else None
            for name, proj in (entries.items() if isinstance(entries, dict) else ()):
                if not isinstance(proj, dict):
                    continue  # `"web": "apps/web"`: its project.json is read itself
                folder = posixpath.normpath(posixpath.join(ws, proj.get("root") or ""))
                if folder in seen:
                    continue
                seen.add(folder)
                projects.append(_project(str(name), folder, path, ws, proj, read, exists))
        elif base == PROJECT_FILE:
            data = _json(configs[path])
            if not isinstance(data, dict) or not (
                    "targets" in data or "projectType" in data or "architect" in data):
                continue
            folder = posixpath.dirname(path)
            if folder in seen:
                continue
            seen.add(folder)
            ws = next((r for r in nx_roots if folder == r or folder.startswith(r + "/")), "")
            projects.append(_project(str(data.get("name") or posixpath.basename(folder)),
                                     folder, path, ws, data, read, exists))
    result = FrontendWorkspaces(projects)
    # projects by workspace (Nx projects with no nx.json above them are one group)
    by_workspace: dict[str, list[FrontendProject]] = {}
    for p in projects:
        by_workspace.setdefault(p.workspace, []).append(p)
    for p in projects:
        apps = [q for q in by_workspace.get(p.workspace, []) if q.application and q.browser]
        if p.application:
            result.serving[p.folder] = p.folder
        elif len(apps) == 1:
            result.serving[p.folder] = apps[0].folder
        else:
            result.serving[p.folder] = ""
    return result


def _json(text: str):
    try:
        return json.loads(strip_jsonc(text))
    except (ValueError, RecursionError):
        return None


def _project(name: str, folder: str, config: str, ws: str, proj: dict,
             read: Callable[[str], str | None], exists: Callable[[str], bool]) -> FrontendProject:
    targets = proj.get("architect") or proj.get("targets") or {}
    if not isinstance(targets, dict):
        targets = {}
    serve = _target(targets, "serve", "dev-server")
    build = _target(targets, "build", None)
    if serve is not None:
        wanted = _target_ref(serve)
        if wanted and isinstance(targets.get(wanted), dict):
            build = targets[wanted]
    kind = proj.get("projectType")
    application = kind == "application" or (kind is None and serve is not None)
    tools = [str(t.get("builder") or t.get("executor") or "") for t in targets.values()
             if isinstance(t, dict)]
    browser = application and any(t.endswith(("dev-server", ":browser", ":application"))
                                  or t.startswith(_BROWSER_TOOLS) for t in tools)

    # where relative paths may start: the workspace root, else the project folder and
    # its ancestors
    bases = [ws] if ws else []
    d = folder
    while True:
        bases.append(d)
        parent = posixpath.dirname(d)
        if parent == d:
            break
        d = parent
    project_root = posixpath.relpath(folder, ws) if ws else "."

    def resolve(rel: str, base: str) -> str:
        rel = rel.replace("{projectRoot}", project_root).replace("{workspaceRoot}", ".")
        return posixpath.normpath(posixpath.join(base, rel))

    proxy: tuple[ProxyRule, ...] = ()
    proxy_file = _option(serve, "proxyConfig") if serve is not None else None
    if isinstance(proxy_file, str):
        for base in bases:
            cand = resolve(proxy_file, base)
            text = read(cand)
            if text is not None:
                proxy = parse_proxy_config(text, cand)
                break
    replacements: list[tuple[str, str]] = []
    if build is not None:
        items = list(_list(build.get("options"), "fileReplacements"))
        default = build.get("defaultConfiguration")
        configurations = build.get("configurations")
        if isinstance(default, str) and isinstance(configurations, dict):
            items += _list(configurations.get(default), "fileReplacements")
        for item in items:
            if not isinstance(item, dict):
                continue
            src = item.get("replace") or item.get("src")
            dst = item.get("with") or item.get("replaceWith")
            if not (isinstance(src, str) and isinstance(dst, str)):
                continue
            for base in bases:
                a, b = resolve(src, base), resolve(dst, base)
                if exists(a) and exists(b):
                    replacements.append((a, b))
                    break
    return FrontendProject(name, folder, config, application, ws, proxy, tuple(replacements),
                           browser)


def _target(targets: dict, name: str, builder_suffix: str | None) -> dict | None:
    t = targets.get(name)
    if isinstance(t, dict):
        return t
    if builder_suffix is None:
        return None
    for t in targets.values():
        if isinstance(t, dict) and str(t.get("builder") or t.get("executor") or "").endswith(builder_suffix):
            return t
    return None


def _target_ref(serve: dict) -> str | None:
    """The build target a dev-server target serves (``"app:build:development"`` ->
    ``build``)."""
    for key in ("buildTarget", "browserTarget"):
        ref = _option(serve, key)
        if isinstance(ref, str) and ":" in ref:
            return ref.split(":")[1]
    return None


def _option(target: dict, key: str):
    """A target option: its default configuration's value, else its options', else the
    value every configuration that sets it agrees on."""
    configurations = target.get("configurations")
    configurations = configurations if isinstance(configurations, dict) else {}
    default = target.get("defaultConfiguration")
    if isinstance(default, str) and isinstance(configurations.get(default), dict) and \
            key in configurations[default]:
        return configurations[default][key]
    options = target.get("options")
    if isinstance(options, dict) and key in options:
        return options[key]
    values = [c[key] for c in configurations.values() if isinstance(c, dict) and key in c]
    return values[0] if values and len(set(map(str, values))) == 1 else None


def _list(options, key: str) -> list:
    if isinstance(options, dict) and isinstance(options.get(key), list):
        return options[key]
    return []
