"""One module per LSP feature, each with ``register(server)``.

A handler converts the request's params (:mod:`routelink.lsp.convert`), asks the
server's :class:`~routelink.ide.snapshot.Snapshot`, and converts the answer back. It
holds no logic of its own beyond that, and wears :func:`routelink.lsp.guard.safe`.
To add a feature: a module here with ``register(server)``, a line in
:data:`FEATURES`, the query in ``routelink.ide`` and a test in ``tests/core/test_ide.py``
(plus one over stdio in ``tests/e2e``).
"""

from routelink.lsp.features import (code_actions, code_lens, diagnostics, hover, lifecycle,
                                    links, navigation, report, symbols, sync)

#: every feature module, in registration order
FEATURES = (lifecycle, sync, diagnostics, navigation, hover, code_lens, code_actions,
            symbols, links, report)
