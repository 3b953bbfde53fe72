"""Deliberate mistake: this router is never included by main.py (unmounted route)."""

from fastapi import APIRouter

router = APIRouter(prefix="/reports", tags=["reports"])


@router.get("/daily")
async def daily_report() -> dict:
    return {"sold": 0}
