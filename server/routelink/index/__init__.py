"""The workspace index: scanning (``scan``), the files routelink reads besides sources
(``config_files``) and the incremental index itself (``incremental``)."""

from routelink.index.incremental import WorkspaceIndex, index_workspace

__all__ = ["WorkspaceIndex", "index_workspace"]
