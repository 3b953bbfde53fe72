"""`python -m routelink` entry point.

``python -m`` (and ``python -c``) put the current folder first on ``sys.path``. A
language server is started inside the user's workspace, whose modules must never
shadow routelink's imports: a ``click.py`` or ``pygls.py`` there would run as soon as
the CLI imports it. So before anything else is imported, the current folder (``''``,
``'.'`` or its absolute path) is taken off ``sys.path``; routelink's own modules are
found through the package, never through ``sys.path``. Only ``os`` and ``sys`` (already
loaded by the interpreter) are imported before that.

This guard protects every import from here on; the package ``routelink`` itself (which
imports nothing) is found before it runs. The editor clients therefore start the
server with :data:`PYTHON_LAUNCHER` (``python -c "<launcher>" serve``), which drops the
current folder before even ``routelink`` is looked up and works on every supported
Python (``-P`` needs 3.11); ``tests/core/test_safe_start.py`` runs both clients'
commands in a workspace holding a malicious ``click.py``/``pygls.py``/``routelink.py``.
"""

import os
import sys

#: The code the editor clients pass to ``python -c`` (then ``serve``): the same guard
#: as below, then ``routelink`` run as ``__main__``. Kept equal to the clients' copies
#: (clients/vscode/src/serverCommand.ts, clients/neovim/lua/routelink/init.lua) by a test.
PYTHON_LAUNCHER = ("import sys; sys.path[:] = [p for p in sys.path if p not in ('', '.')]; "
                   "import runpy; runpy.run_module('routelink', run_name='__main__', alter_sys=True)")


def _drop_current_folder() -> None:
    try:
        cwd = os.path.realpath(os.getcwd())
    except OSError:  # the folder was deleted: only '' and '.' can name it
        cwd = None

    def here(entry: str) -> bool:
        if entry in ("", "."):
            return True
        try:
            return cwd is not None and os.path.realpath(entry) == cwd
        except (OSError, ValueError):
            return False

    sys.path[:] = [p for p in sys.path if not (isinstance(p, str) and here(p))]


if __name__ == "__main__":
    # only when run: importing this module (a test reading PYTHON_LAUNCHER) must not
    # change the importer's sys.path
    _drop_current_folder()
    from routelink.cli import main

    main()
