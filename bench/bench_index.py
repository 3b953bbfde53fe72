"""Benchmark: full indexing and incremental updates on a generated full-stack workspace.

    python bench/bench_index.py [--routers 300] [--pages 1500] [--filler 3000] [PATH ...]

Generates an Express backend (``--routers`` router files of 8 routes, mounted by one
app), a React frontend (``--pages`` components calling the API through axios, a fetch
wrapper and an API client class, and ``--filler`` components with no API call), then
prints: files/s for a fresh index, peak RSS, and the latency of single-file edits
(median and p95 of ``apply_changes`` for an edit to a page, a router file and the API
client module). With PATH arguments it also times ``index_workspace`` on those folders.
Numbers only, no assertions: these machines are shared and noisy. ``bench/run.py`` is
the complete benchmark (realistic generated workspaces, the CLI and a real language
server session); this one times the index alone on a simpler shape.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import resource
import statistics
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "server"))

from routelink.index import index_workspace  # noqa: E402
from routelink.index.scan import read_bytes  # noqa: E402

ROUTER = """import {{ Router }} from 'express';
import {{ requireAuth }} from '../middleware/auth';

const router = Router();
const ITEM = '/:id';

router.get('/', async (req, res) => res.json([]));
router.post('/', requireAuth, async (req, res) => res.status(201).json(req.body));
router.get(ITEM, async (req, res) => res.json({{ id: req.params.id }}));
router.put(ITEM, requireAuth, async (req, res) => res.json(req.body));
router.delete(ITEM, requireAuth, async (req, res) => res.sendStatus(204));
router.get(`${{ITEM}}/history`, async (req, res) => res.json([]));
router
  .route(`${{ITEM}}/notes`)
  .get(async (req, res) => res.json([]))
  .post(async (req, res) => res.sendStatus(201));

export default router;
"""

PAGE = """import {{ useEffect, useState }} from 'react';
import {{ api }} from '../lib/api';
import {{ http }} from '../lib/http';
import {{ client }} from '../lib/client';

export function Resource{n}Page({{ id }}: {{ id: string }}) {{
  const [items, setItems] = useState<unknown[]>([]);
  useEffect(() => {{
    api.get('/resource{r}').then((r) => setItems(r.data));
  }}, []);
  const save = (body: unknown) => http.post('/resource{r}', body);
  const load = () => client.get(`/resource{r}/${{id}}/history`);
  const remove = () => fetch(`/api/resource{r}/${{id}}`, {{ method: 'DELETE' }});
  const missing = () => api.get(`/resource{r}/${{id}}/attachments`);
  return <div onClick={{() => {{ save({{}}); load(); remove(); missing(); }}}}>{{items.length}}</div>;
}}
"""

FILLER = """import {{ useState }} from 'react';

export function Widget{n}({{ label }}: {{ label: string }}) {{
  const [open, setOpen] = useState(false);
  const toggle = () => setOpen((o) => !o);
  return (
    <section className="widget-{n}">
      <button onClick={{toggle}}>{{label}}</button>
      {{open && <p>Details for {{label}}</p>}}
    </section>
  );
}}
"""

LIB = {
    "frontend/src/lib/api.ts": "import axios from 'axios';\nexport const api = axios.create({ baseURL: '/api' });\n",
    "frontend/src/lib/http.ts": """const BASE = '/api';
export async function request(endpoint: string, options: RequestInit = {}) {
  const res = await fetch(`${BASE}${endpoint}`, { ...options });
  return res.json();
}
export const http = {
  get: (p: string) => request(p),
  post: (p: string, b: unknown) => request(p, { method: 'POST', body: JSON.stringify(b) }),
};
""",
    "frontend/src/lib/client.ts": """class ApiClient {
  constructor(private baseURL: string = import.meta.env.VITE_API_URL || 'http://localhost:4000/api') {}
  async request(endpoint: string, options: RequestInit = {}) {
    return fetch(`${this.baseURL}${endpoint}`, options).then((r) => r.json());
  }
  get(path: string) { return this.request(path); }
}
export const client = new ApiClient();
""",
    "frontend/package.json": "{}",
    "backend/package.json": "{}",
    "backend/src/middleware/auth.ts": "export const requireAuth = (req, res, next) => next();\n",
}


def generate(root: pathlib.Path, routers: int, pages: int, filler: int) -> None:
    for rel, text in LIB.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    (root / "backend/src/routes").mkdir(parents=True, exist_ok=True)
    app = ["import express from 'express';"]
    for i in range(routers):
        (root / f"backend/src/routes/resource{i}.ts").write_text(ROUTER.format())
        app.append(f"import resource{i} from './routes/resource{i}';")
    app.append("const app = express();")
    app += [f"app.use('/api/resource{i}', resource{i});" for i in range(routers)]
    (root / "backend/src/app.ts").write_text("\n".join(app) + "\n")
    (root / "frontend/src/pages").mkdir(parents=True, exist_ok=True)
    (root / "frontend/src/components").mkdir(parents=True, exist_ok=True)
    for n in range(pages):
        (root / f"frontend/src/pages/Resource{n}Page.tsx").write_text(PAGE.format(n=n, r=n % max(routers, 1)))
    for n in range(filler):
        (root / f"frontend/src/components/Widget{n}.tsx").write_text(FILLER.format(n=n))


def edits(index, path: str, variants: list[bytes], rounds: int) -> list[float]:
    times = []
    for i in range(rounds):
        data = variants[i % len(variants)]
        t = time.perf_counter()
        index.apply_changes({path: data})
        times.append((time.perf_counter() - t) * 1000)
    return times


def report_latency(name: str, times: list[float]) -> None:
    times = sorted(times)
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"  edit {name:<28} median {statistics.median(times):7.2f} ms   p95 {p95:7.2f} ms")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--routers", type=int, default=300)
    ap.add_argument("--pages", type=int, default=1500)
    ap.add_argument("--filler", type=int, default=3000)
    ap.add_argument("--rounds", type=int, default=40)
    ap.add_argument("paths", nargs="*")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        generate(root, args.routers, args.pages, args.filler)
        nfiles = sum(1 for _ in root.rglob("*.ts*"))
        size = sum(p.stat().st_size for p in root.rglob("*.ts*"))
        t = time.perf_counter()
        index = index_workspace([str(root)])
        secs = time.perf_counter() - t
        a = index.analysis()
        print(f"generated workspace: {nfiles} files, {size / 1e6:.1f} MB")
        print(f"  full index        {secs:6.2f} s  ({nfiles / secs:,.0f} files/s)  "
              f"{len(a.routes)} routes, {len(a.calls)} calls, {len(a.findings)} findings")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  peak RSS          {rss:6.0f} MiB")
        n = min(7, args.pages - 1, args.routers - 1)  # a page calling router n
        page = str(root / f"frontend/src/pages/Resource{n}Page.tsx")
        text = read_bytes(page)
        report_latency("page (path renamed)", edits(index, page, [
            text.replace(b"'/resource%d'" % n, b"'/resource%dx'" % n), text], args.rounds))
        router = str(root / f"backend/src/routes/resource{n}.ts")
        text = read_bytes(router)
        report_latency("router (route added)", edits(index, router, [
            text.replace(b"export default", b"router.get('/extra', h);\nexport default"), text], args.rounds))
        lib = str(root / "frontend/src/lib/http.ts")
        text = read_bytes(lib)
        report_latency("api module (base changed)", edits(index, lib, [
            text.replace(b"const BASE = '/api';", b"const BASE = '/api/v2';"), text], max(4, args.rounds // 8)))
        report_latency("page (whitespace only)", edits(index, page, [
            read_bytes(page) + b"\n", read_bytes(page)], args.rounds))
    for p in args.paths:
        t = time.perf_counter()
        index = index_workspace([os.path.abspath(p)])
        secs = time.perf_counter() - t
        a = index.analysis()
        print(f"{p}: {len(index.files)} files in {secs:.2f} s, {len(a.routes)} routes, {len(a.calls)} calls")


if __name__ == "__main__":
    main()
