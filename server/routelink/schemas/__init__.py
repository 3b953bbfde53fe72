"""JSON Schemas shipped with routelink: ``report.schema.json`` describes the output of
``routelink check --format json`` (docs/json-report.md). Read it with
``importlib.resources.files("routelink.schemas").joinpath("report.schema.json")``."""
