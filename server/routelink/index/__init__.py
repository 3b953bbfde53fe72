"""The workspace index: scanning (``scan``), the files routelink reads besides sources
(``config_files``) and the incremental index itself (``incremental``).

``WorkspaceIndex`` and ``index_workspace`` are loaded on first use (PEP 562): importing
``routelink.index.scan`` or ``routelink.index.cache`` does not load the extractors and
the linker (``check`` printing a stored run needs neither)."""

__all__ = ["WorkspaceIndex", "index_workspace"]


def __getattr__(name: str):
    if name in __all__:
        from routelink.index import incremental

        return getattr(incremental, name)
    raise AttributeError(f"module 'routelink.index' has no attribute {name!r}")
