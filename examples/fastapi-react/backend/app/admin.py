"""A separate application for the back office, mounted under /admin by main.py."""

from fastapi import FastAPI

admin_app = FastAPI(title="Inventory admin")


@admin_app.get("/stats")
def stats() -> dict:
    return {"items": 0, "users": 0}
