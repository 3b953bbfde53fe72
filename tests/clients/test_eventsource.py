"""Server-sent events: new EventSource(url) (browser and packages), fetchEventSource."""

from __future__ import annotations

from tests.conftest import build_index, calls_of


def test_event_sources_are_gets_and_fetch_event_source_takes_a_method():
    assert calls_of({"src/live.ts": """
        import { EventSourcePolyfill } from 'event-source-polyfill';
        import { fetchEventSource } from '@microsoft/fetch-event-source';
        const API = import.meta.env.VITE_API_URL;
        export function follow(jobId: string) {
          const source = new EventSource(`${API}/jobs/${jobId}/events`, { withCredentials: true });
          source.onmessage = (e) => console.log(e.data);
          return source;
        }
        export const notifications = (token) =>
          new EventSourcePolyfill('/api/notifications/stream', { headers: { Authorization: token } });
        export async function chat(body, signal) {
          await fetchEventSource('/api/chat-process', { method: 'POST', body: JSON.stringify(body), signal });
        }
    """}) == [
        ("GET", "/api/notifications/stream", "eventsource", True),
        ("GET", "/jobs/{}/events", "eventsource", True),
        ("POST", "/api/chat-process", "eventsource", True),
    ]


def test_an_event_stream_links_to_its_route():
    a = build_index({
        "server/main.py": """
            from fastapi import FastAPI
            from sse_starlette.sse import EventSourceResponse
            app = FastAPI()

            @app.get('/api/events')
            async def events():
                return EventSourceResponse(gen())
        """,
        "web/src/events.js": "export const listen = () => new EventSource('/api/events');\n",
    }).analysis()
    assert [(c.method, c.path, [a.routes[i].path for i in m.routes]) for c, m in zip(a.calls, a.matches)] == [
        ("GET", "/api/events", ["/api/events"])]
    assert not a.findings
