from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.admin import admin_app
from app.core.config import settings
from app.routers import items, users

app = FastAPI(title=settings.PROJECT_NAME)
app.add_middleware(
    CORSMiddleware,
    allow_origins=[settings.FRONTEND_ORIGIN],
    allow_methods=["*"],
    allow_headers=["*"],
)

app.include_router(items.router, prefix=settings.API_PREFIX)
app.include_router(users.router, prefix=settings.API_PREFIX)
app.mount("/admin", admin_app)


@app.get("/health")
def health() -> dict:
    return {"status": "ok"}
