from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse
from pydantic import BaseModel

router = APIRouter(prefix="/items", tags=["items"])


class Item(BaseModel):
    name: str
    quantity: int = 0


ITEMS: dict[int, Item] = {}


@router.get("")
async def list_items(skip: int = 0, limit: int = 50) -> list[Item]:
    return list(ITEMS.values())[skip: skip + limit]


@router.post("", status_code=201)
async def create_item(item: Item) -> Item:
    ITEMS[len(ITEMS) + 1] = item
    return item


@router.get("/{item_id}")
async def read_item(item_id: int) -> Item:
    if item_id not in ITEMS:
        raise HTTPException(status_code=404)
    return ITEMS[item_id]


# Deliberate mistake: /items/{item_id} is registered first and matches /items/search,
# so this handler never runs (FastAPI takes the first matching route).
@router.get("/search")
async def search_items(q: str) -> list[Item]:
    return [i for i in ITEMS.values() if q in i.name]


@router.put("/{item_id}")
async def update_item(item_id: int, item: Item) -> Item:
    ITEMS[item_id] = item
    return item


# Deliberate mistake: nothing in the frontend deletes items (unused route).
@router.delete("/{item_id}", status_code=204)
async def delete_item(item_id: int) -> None:
    ITEMS.pop(item_id, None)


@router.get("/files/{file_path:path}")
async def download_attachment(file_path: str) -> FileResponse:
    return FileResponse(f"attachments/{file_path}")
