"""navigator.sendBeacon(url, data): a POST."""

from __future__ import annotations

from tests.conftest import build_index


def test_beacons_are_posts_that_link():
    a = build_index({
        "server/app.js": """
            const app = require('express')();
            app.post('/api/analytics/events', collect);
            app.get('/api/analytics/events', list);
        """,
        "web/src/analytics.ts": """
            export function track(event: string, props: object) {
              const body = JSON.stringify({ event, props, at: Date.now() });
              if (!navigator.sendBeacon('/api/analytics/events', body)) {
                fetch('/api/analytics/events', { method: 'POST', body, keepalive: true });
              }
            }
            window.addEventListener('pagehide', () => navigator.sendBeacon('/api/analytics/leave'));
        """,
    }).analysis()
    got = sorted((c.method, c.path, c.client, bool(m.routes)) for c, m in zip(a.calls, a.matches))
    assert got == [("POST", "/api/analytics/events", "beacon", True),
                   ("POST", "/api/analytics/events", "fetch", True),
                   ("POST", "/api/analytics/leave", "beacon", False)]
    assert [f.code for f in a.findings if f.code != "unused-route"] == ["unmatched-call"]
