"""Small helpers shared by framework modules; no framework knowledge.

A framework module keeps its own rules; what lives here is plain HTTP and path-template
vocabulary that several of them need in the same form.
"""

from __future__ import annotations

#: router method names that are HTTP verbs (``@router.get``, ``@api.delete``), lower case
HTTP_VERBS = ("get", "post", "put", "patch", "delete", "options", "head", "trace")


def with_leading_slash(path: str) -> str:
    """``'api/'`` -> ``'/api/'``; ``''`` stays ``''`` (the mount prefix itself)."""
    if path == "" or path.startswith("/"):
        return path
    return "/" + path
