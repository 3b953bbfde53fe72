from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from pydantic import BaseModel

router = APIRouter(prefix="/users", tags=["users"])


class User(BaseModel):
    id: int
    email: str


@router.get("/me")
async def read_me() -> User:
    return User(id=1, email="me@example.com")


# Deliberate mistake: GET /users/me is declared a second time (duplicate route).
@router.get("/me")
async def read_me_v2() -> User:
    return User(id=1, email="me@example.com")


@router.post("/")
async def create_user(user: User) -> User:
    return user


@router.get("/{user_id}")
async def read_user(user_id: int) -> User:
    return User(id=user_id, email="someone@example.com")


@router.websocket("/{user_id}/events")
async def user_events(websocket: WebSocket, user_id: int) -> None:
    await websocket.accept()
    try:
        while True:
            await websocket.send_json({"user": user_id, "event": await websocket.receive_text()})
    except WebSocketDisconnect:
        pass
