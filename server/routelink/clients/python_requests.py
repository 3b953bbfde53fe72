"""requests (2.x), the Python HTTP library: ``requests.get/post/put/patch/delete/head/
options(url, ...)``, ``requests.request(method, url, ...)``, and sessions
(``requests.Session()``, the older ``requests.session()``) with the same methods. A
session has no base URL. Also ``from requests import post``.
"""

from __future__ import annotations

from routelink.clients.python_http import VERB_MEMBERS, PythonHttpClient


class Requests(PythonHttpClient):
    """requests 2: module functions, ``request(method, url)`` and ``Session()`` (see the
    module docstring)."""

    name = "requests"
    packages = ("requests",)
    request_members = VERB_MEMBERS | {"request"}
    factory_members = frozenset({"Session", "session"})
    keywords = (rb"(?m:^[ \t]*(?:import|from)[ \t][^\n]*\brequests\b)",)


CLIENT = Requests()
