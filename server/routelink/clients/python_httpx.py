"""HTTPX (0.2x), the Python HTTP library: ``httpx.get/post/put/patch/delete/head/
options(url, ...)``, ``httpx.request(method, url, ...)``, ``httpx.stream(method, url)``,
and clients made by ``httpx.Client(...)`` / ``httpx.AsyncClient(...)`` (assigned, or as
a context manager: ``with httpx.Client(base_url=B) as c: c.get('/x')``), whose
``base_url`` is joined before a relative URL (HTTPX merges the base's path with the
request's, a leading ``/`` included).
"""

from __future__ import annotations

from routelink.clients.python_http import VERB_MEMBERS, PythonHttpClient


class Httpx(PythonHttpClient):
    """httpx 0.2x: module functions, ``Client``/``AsyncClient(base_url=...)`` and
    ``stream`` (see the module docstring)."""

    name = "httpx"
    packages = ("httpx",)
    request_members = VERB_MEMBERS | {"request", "stream"}
    factory_members = frozenset({"Client", "AsyncClient"})
    base_keywords = ("base_url",)
    method_first = frozenset({"request", "stream"})
    keywords = (rb"(?m:^[ \t]*(?:import|from)[ \t][^\n]*\bhttpx\b)",)


CLIENT = Httpx()
