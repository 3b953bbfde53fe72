"""routelink: link the HTTP calls a frontend makes to the routes a backend declares."""

__version__ = "0.1.0"
