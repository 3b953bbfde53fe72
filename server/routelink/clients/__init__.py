"""Client libraries: one module per way a frontend makes requests, listed in
:mod:`.registry`. See :mod:`routelink.clients.base` for the
:class:`~routelink.clients.base.ClientLibrary` protocol and ``docs/ARCHITECTURE.md``
("Add a client library") for the recipe.
"""
