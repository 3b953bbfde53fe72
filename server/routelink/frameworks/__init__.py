"""Backend frameworks: one module per framework, listed in :mod:`.registry`.

See :mod:`routelink.frameworks.base` for the :class:`~routelink.frameworks.base.Framework`
protocol and ``docs/ARCHITECTURE.md`` ("Add a backend framework") for the recipe.
"""
