"""A generator of realistic full-stack workspaces for the benchmarks, deterministic by seed.

    python bench/generate.py --size 10k --seed 1 OUT_DIR

The workspace has the shape of a product monorepo:

- ``backend/``: an Express + TypeScript API. ``src/app.ts`` mounts one router per
  resource under ``/api/<resource>`` (a few routers are mounted inside another:
  ``router.use('/:id/comments', comments)``); each router file declares 6-8 routes
  through controllers; services, models, middleware, validators and tests with no routes.
- ``frontend/``: a React + TypeScript app. ``src/lib/api.ts`` is an axios instance
  (``baseURL: '/api'``), ``src/lib/http.ts`` a fetch wrapper (``request(endpoint)``
  prefixing ``/api``); pages call both (some calls deliberately unmatched, as in real
  code under development), hooks call the axios instance; and many files with no
  request at all: components, contexts, utils, styles (CSS/SCSS), tests, stories, docs.
- ``services/reports/``: a Python FastAPI service (``APIRouter`` modules included with a
  prefix) and ``services/admin/``: a Django app (``urls.py`` + views).
- docs, JSON fixtures, images-as-text (SVG) and config files at the root.

``generate(root, n_files, seed)`` writes about ``n_files`` files and returns a
:class:`Workspace` naming the files the benchmark edits: a page with a call whose path it
toggles between a served and an unserved path, and a router file with a route whose path
it toggles (the page ``caller`` calls that route). Sizes are given as ``1k``, ``10k``,
``50k`` or a number.
"""

from __future__ import annotations

import argparse
import pathlib
import random
from dataclasses import dataclass

SIZES = {"1k": 1_000, "10k": 10_000, "50k": 50_000}

#: fractions of the files per kind (the rest are React components)
SHARES = {
    "router": 0.014, "controller": 0.014, "service": 0.02, "model": 0.02, "backend_misc": 0.01,
    "backend_test": 0.02, "page": 0.09, "hook": 0.05, "context": 0.005, "util": 0.04,
    "frontend_test": 0.08, "story": 0.03, "style": 0.11, "doc": 0.05, "fixture": 0.02,
    "svg": 0.02, "fastapi": 0.006, "py_misc": 0.014, "django": 0.004,
}

WORDS = ("user order product invoice account payment report ticket project task team comment "
         "review cart shipment coupon message thread channel file folder event booking room "
         "vendor contract lead deal campaign asset device alert metric plan feature").split()


@dataclass
class Workspace:
    """What :func:`generate` made: the root, file counts, and the benchmark's edit
    targets (absolute paths; ``page_needle``/``route_needle`` are the exact texts whose
    last path segment an edit toggles)."""

    root: pathlib.Path
    files: int
    page: pathlib.Path
    page_needle: str
    route_file: pathlib.Path
    route_needle: str
    caller: pathlib.Path


def size_of(text: str) -> int:
    """``1k``/``10k``/``50k`` or a number of files."""
    return SIZES.get(text) or int(text.replace("_", ""))


def _resource_names(n: int) -> list[str]:
    out = []
    for i in range(n):
        w = WORDS[i % len(WORDS)]
        out.append(w if i < len(WORDS) else f"{w}{i // len(WORDS)}")
    return out


def _camel(name: str) -> str:
    return name[:1].upper() + name[1:]


ROUTER = """import {{ Router }} from 'express';
import {{ requireAuth }} from '../middleware/auth';
import {{ validate }} from '../middleware/validate';
import * as ctrl from '../controllers/{name}.controller';
{child_import}
const router = Router();

router.get('/', ctrl.list{C});
router.post('/', requireAuth, validate('{name}'), ctrl.create{C});
router.get('/:id', ctrl.get{C});
router.put('/:id', requireAuth, validate('{name}'), ctrl.update{C});
router.delete('/:id', requireAuth, ctrl.remove{C});
router.get('/:id/history', ctrl.history{C});
{extra}{child_mount}
export default router;
"""

CONTROLLER = """import type {{ Request, Response }} from 'express';
import {{ {name}Service }} from '../services/{name}.service';

export async function list{C}(req: Request, res: Response) {{
  const page = Number(req.query.page ?? 1);
  res.json(await {name}Service.list(page));
}}

export async function create{C}(req: Request, res: Response) {{
  res.status(201).json(await {name}Service.create(req.body));
}}

export async function get{C}(req: Request, res: Response) {{
  const item = await {name}Service.find(req.params.id);
  if (!item) return res.sendStatus(404);
  res.json(item);
}}

export async function update{C}(req: Request, res: Response) {{
  res.json(await {name}Service.update(req.params.id, req.body));
}}

export async function remove{C}(req: Request, res: Response) {{
  await {name}Service.remove(req.params.id);
  res.sendStatus(204);
}}

export async function history{C}(req: Request, res: Response) {{
  res.json(await {name}Service.history(req.params.id));
}}

export async function archive{C}(req: Request, res: Response) {{
  res.json(await {name}Service.update(req.params.id, {{ archived: true }}));
}}
"""

SERVICE = """import {{ db }} from '../db';
import type {{ {C} }} from '../models/{name}.model';

const TABLE = '{name}s';

export const {name}Service = {{
  async list(page: number): Promise<{C}[]> {{
    return db.select(TABLE).offset((page - 1) * 20).limit(20);
  }},
  async find(id: string): Promise<{C} | undefined> {{
    return db.select(TABLE).where({{ id }}).first();
  }},
  async create(data: Partial<{C}>): Promise<{C}> {{
    const [row] = await db.insert(TABLE, data).returning('*');
    return row;
  }},
  async update(id: string, data: Partial<{C}>): Promise<{C}> {{
    const [row] = await db.update(TABLE, data).where({{ id }}).returning('*');
    return row;
  }},
  async remove(id: string): Promise<void> {{
    await db.delete(TABLE).where({{ id }});
  }},
  async history(id: string) {{
    return db.select(`${{TABLE}}_history`).where({{ {name}_id: id }});
  }},
}};
"""

MODEL = """export interface {C} {{
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  ownerId: string;
  archived?: boolean;
  tags: string[];
  {field}: number;
}}

export const {name}Defaults: Partial<{C}> = {{
  tags: [],
  archived: false,
}};

export function is{C}(value: unknown): value is {C} {{
  return typeof value === 'object' && value !== null && 'id' in value;
}}
"""

BACKEND_MISC = """import {{ createHash }} from 'crypto';

export function checksum{n}(input: string): string {{
  return createHash('sha256').update(input).digest('hex');
}}

export function paginate{n}<T>(items: T[], page = 1, size = 20): T[] {{
  return items.slice((page - 1) * size, page * size);
}}

export const RETRY_LIMIT_{n} = {n};
"""

BACKEND_TEST = """import request from 'supertest';
import {{ app }} from '../src/app';

describe('{name} routes', () => {{
  it('lists {name}s', async () => {{
    const res = await request(app).get('/api/{name}');
    expect(res.status).toBe(200);
  }});
  it('creates a {name}', async () => {{
    const res = await request(app).post('/api/{name}').send({{ name: 'x' }});
    expect(res.status).toBe(201);
  }});
}});
"""

PAGE = """import {{ useEffect, useState }} from 'react';
import {{ useParams }} from 'react-router-dom';
import {{ api }} from '../../lib/api';
import {{ request }} from '../../lib/http';
import {{ Card }} from '../../components/Card';
import {{ formatDate }} from '../../utils/format';

interface Row {{
  id: string;
  name: string;
  updatedAt: string;
}}

export default function {C}Page{n}() {{
  const {{ id = '' }} = useParams();
  const [rows, setRows] = useState<Row[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {{
    api.get('/{name}').then((r) => setRows(r.data)).catch((e) => setError(String(e)));
  }}, []);

  const load = () => api.get(`/{name}/${{id}}`);
  const history = () => api.get(`/{name}/${{id}}/history`);
  const save = (body: Partial<Row>) => request(`/{name}/${{id}}`, {{ method: 'PUT', body: JSON.stringify(body) }});
  const create = (body: Partial<Row>) => request('/{name}', {{ method: 'POST', body: JSON.stringify(body) }});
{extra}
  return (
    <Card title="{C}">
      {{error && <p className="error">{{error}}</p>}}
      <ul>
        {{rows.map((r) => (
          <li key={{r.id}} onClick={{() => {{ load(); history(); }}}}>
            {{r.name}} <small>{{formatDate(r.updatedAt)}}</small>
          </li>
        ))}}
      </ul>
      <button onClick={{() => create({{ name: 'new' }})}}>Add</button>
      <button onClick={{() => save({{ name: 'renamed' }})}}>Save</button>
    </Card>
  );
}}
"""

HOOK_CALL = """import {{ useEffect, useState }} from 'react';
import {{ api }} from '../lib/api';

export function use{C}{n}(id: string) {{
  const [data, setData] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  useEffect(() => {{
    let live = true;
    api.get(`/{name}/${{id}}`).then((r) => {{ if (live) setData(r.data); }}).finally(() => setLoading(false));
    return () => {{ live = false; }};
  }}, [id]);
  return {{ data, loading }};
}}
"""

HOOK_PLAIN = """import {{ useCallback, useEffect, useRef, useState }} from 'react';

export function useToggle{n}(initial = false) {{
  const [on, setOn] = useState(initial);
  const toggle = useCallback(() => setOn((v) => !v), []);
  return [on, toggle] as const;
}}

export function usePrevious{n}<T>(value: T): T | undefined {{
  const ref = useRef<T>();
  useEffect(() => {{ ref.current = value; }}, [value]);
  return ref.current;
}}
"""

COMPONENT = """import {{ useMemo, useState }} from 'react';
import styles from './{C}{n}.module.css';

export interface {C}{n}Props {{
  title: string;
  items?: string[];
  onSelect?: (item: string) => void;
}}

export function {C}{n}({{ title, items = [], onSelect }}: {C}{n}Props) {{
  const [filter, setFilter] = useState('');
  const visible = useMemo(() => items.filter((i) => i.includes(filter)), [items, filter]);
  return (
    <section className={{styles.root}}>
      <h3>{{title}}</h3>
      <input value={{filter}} onChange={{(e) => setFilter(e.target.value)}} placeholder="Filter" />
      <ul>
        {{visible.map((item) => (
          <li key={{item}} onClick={{() => onSelect?.(item)}}>{{item}}</li>
        ))}}
      </ul>
    </section>
  );
}}
"""

CONTEXT = """import {{ createContext, useContext, useState, type ReactNode }} from 'react';

const Ctx{n} = createContext<{{ value: string; set: (v: string) => void }} | null>(null);

export function Provider{n}({{ children }}: {{ children: ReactNode }}) {{
  const [value, set] = useState('');
  return <Ctx{n}.Provider value={{{{ value, set }}}}>{{children}}</Ctx{n}.Provider>;
}}

export const useCtx{n} = () => useContext(Ctx{n});
"""

UTIL = """export function clamp{n}(value: number, min: number, max: number): number {{
  return Math.min(max, Math.max(min, value));
}}

export function groupBy{n}<T>(items: T[], key: (item: T) => string): Record<string, T[]> {{
  const out: Record<string, T[]> = {{}};
  for (const item of items) (out[key(item)] ||= []).push(item);
  return out;
}}

export const LABELS_{n} = ['{w1}', '{w2}', '{w3}'] as const;
"""

FRONTEND_TEST = """import {{ render, screen }} from '@testing-library/react';
import {{ {C}{n} }} from '../components/{c}/{C}{n}';

describe('{C}{n}', () => {{
  it('renders its title', () => {{
    render(<{C}{n} title="hello" items={{['a', 'b']}} />);
    expect(screen.getByText('hello')).toBeInTheDocument();
  }});
}});
"""

STORY = """import type {{ Meta, StoryObj }} from '@storybook/react';
import {{ {C}{n} }} from '../components/{c}/{C}{n}';

const meta: Meta<typeof {C}{n}> = {{ component: {C}{n} }};
export default meta;
export const Basic: StoryObj<typeof {C}{n}> = {{ args: {{ title: '{w1}', items: ['{w2}'] }} }};
"""

STYLE = """.root {{
  display: flex;
  flex-direction: column;
  gap: {n}px;
  padding: 8px 12px;
}}

.root h3 {{
  font-size: 1.1rem;
  color: #{color};
}}

.root li:hover {{
  background: rgba(0, 0, 0, 0.05);
}}
"""

DOC = """# {C} {n}

This page documents the {w1} workflow: how a {w2} moves from draft to {w3}.

## Steps

1. Open the {w1} list.
2. Pick a {w2} and review it.
3. Save; the change is visible to the team at once.

See also `{w3}` in the admin guide.
"""

FASTAPI_ROUTER = """from fastapi import APIRouter, Depends, HTTPException

from ..deps import get_session
from ..schemas import ReportIn, ReportOut

router = APIRouter()


@router.get("/", response_model=list[ReportOut])
def list_{name}(session=Depends(get_session)):
    return session.query_all("{name}")


@router.get("/{{report_id}}", response_model=ReportOut)
def get_{name}(report_id: int, session=Depends(get_session)):
    row = session.get("{name}", report_id)
    if row is None:
        raise HTTPException(status_code=404)
    return row


@router.post("/", response_model=ReportOut, status_code=201)
def create_{name}(body: ReportIn, session=Depends(get_session)):
    return session.add("{name}", body)
"""

PY_MISC = '''"""Helpers for {name} {n}."""

from dataclasses import dataclass


@dataclass
class {C}Row{n}:
    id: int
    name: str
    total: float = 0.0


def summarize_{n}(rows: list[{C}Row{n}]) -> dict[str, float]:
    return {{"count": len(rows), "total": sum(r.total for r in rows)}}
'''

DJANGO_URLS = """from django.urls import path

from . import views

urlpatterns = [
    path("{name}/", views.{name}_list),
    path("{name}/<int:pk>/", views.{name}_detail),
]
"""

DJANGO_VIEWS = """from django.http import JsonResponse


def {name}_list(request):
    return JsonResponse({{"items": []}})


def {name}_detail(request, pk):
    return JsonResponse({{"id": pk}})
"""

SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24">
  <path d="M{n} 2L2 {n}h20z" fill="#{color}"/>
</svg>
"""

STATIC = {
    "package.json": '{"name": "monorepo", "private": true, "workspaces": ["frontend", "backend"]}\n',
    "README.md": "# Monorepo\n\nFrontend, backend and services.\n",
    ".gitignore": "node_modules/\ndist/\n*.log\n",
    "backend/package.json": '{"name": "backend", "dependencies": {"express": "^4.19.0"},'
                            ' "devDependencies": {"supertest": "^7.0.0"}}\n',
    "backend/tsconfig.json": '{"compilerOptions": {"target": "es2022", "module": "commonjs",'
                             ' "strict": true, "outDir": "dist"}}\n',
    "backend/src/db.ts": "export const db: any = {};\n",
    "backend/src/middleware/auth.ts": (
        "import type { Request, Response, NextFunction } from 'express';\n\n"
        "export function requireAuth(req: Request, res: Response, next: NextFunction) {\n"
        "  if (!req.headers.authorization) return res.sendStatus(401);\n  next();\n}\n"),
    "backend/src/middleware/validate.ts": (
        "import type { Request, Response, NextFunction } from 'express';\n\n"
        "export const validate = (schema: string) => (req: Request, res: Response, next: NextFunction) => {\n"
        "  if (!req.body) return res.status(400).json({ error: `invalid ${schema}` });\n  next();\n};\n"),
    "frontend/package.json": '{"name": "frontend", "dependencies": {"react": "^18.3.0",'
                             ' "react-dom": "^18.3.0", "react-router-dom": "^6.23.0", "axios": "^1.7.0"}}\n',
    "frontend/tsconfig.json": '{"compilerOptions": {"target": "es2022", "jsx": "react-jsx",'
                              ' "strict": true, "baseUrl": "src"}}\n',
    "frontend/src/lib/api.ts": (
        "import axios from 'axios';\n\n"
        "export const api = axios.create({ baseURL: '/api', withCredentials: true });\n\n"
        "api.interceptors.response.use((r) => r, (error) => Promise.reject(error));\n"),
    "frontend/src/lib/http.ts": (
        "const BASE = '/api';\n\n"
        "export async function request(endpoint: string, options: RequestInit = {}) {\n"
        "  const res = await fetch(`${BASE}${endpoint}`, {\n"
        "    headers: { 'Content-Type': 'application/json' },\n    ...options,\n  });\n"
        "  if (!res.ok) throw new Error(res.statusText);\n  return res.json();\n}\n"),
    "frontend/src/components/Card.tsx": (
        "import type { ReactNode } from 'react';\n\n"
        "export function Card({ title, children }: { title: string; children: ReactNode }) {\n"
        "  return <div className=\"card\"><h2>{title}</h2>{children}</div>;\n}\n"),
    "frontend/src/utils/format.ts": (
        "export const formatDate = (iso: string) => new Date(iso).toLocaleDateString();\n"),
    "services/reports/requirements.txt": "fastapi==0.111.0\nuvicorn==0.30.0\n",
    "services/reports/app/__init__.py": "",
    "services/reports/app/deps.py": "def get_session():\n    yield None\n",
    "services/reports/app/schemas.py": (
        "from pydantic import BaseModel\n\n\nclass ReportIn(BaseModel):\n    name: str\n\n\n"
        "class ReportOut(ReportIn):\n    id: int\n"),
    "services/reports/app/routers/__init__.py": "",
    "services/admin/requirements.txt": "Django==5.0\n",
    "services/admin/manage.py": "import os\nimport sys\n\nif __name__ == '__main__':\n"
                                "    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings')\n",
    "services/admin/config/__init__.py": "",
    "services/admin/config/settings.py": "ROOT_URLCONF = 'config.urls'\nDEBUG = True\n",
}


def generate(root: pathlib.Path, n_files: int, seed: int = 1) -> Workspace:
    """Write a workspace of about ``n_files`` files under ``root`` (created; must be
    empty or absent). Deterministic: equal (n_files, seed) give equal bytes."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    count = {k: max(1, int(n_files * share)) for k, share in SHARES.items()}
    count["component"] = max(1, n_files - sum(count.values()) - len(STATIC) - 2)
    written = 0

    def write(rel: str, text: str) -> pathlib.Path:
        nonlocal written
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
        written += 1
        return p

    for rel, text in STATIC.items():
        write(rel, text)

    # backend: routers (one per resource), controllers, services, models
    names = _resource_names(count["router"])
    children: dict[int, int] = {}  # parent router -> child router mounted inside it
    for i in range(3, len(names), 17):
        children[i - 1] = i
    mounted_inside = set(children.values())
    for i, name in enumerate(names):
        C = _camel(name)
        extra = ""
        if rng.random() < 0.4:
            extra = f"router.post('/:id/archive', requireAuth, ctrl.archive{C});\n"
        child_import = child_mount = ""
        if i in children:
            child = names[children[i]]
            child_import = f"import {child}Router from './{child}.routes';\n"
            child_mount = f"router.use('/:id/{child}', {child}Router);\n"
        write(f"backend/src/routes/{name}.routes.ts",
              ROUTER.format(name=name, C=C, extra=extra, child_import=child_import,
                            child_mount=child_mount))
    app = ["import express from 'express';", "import cors from 'cors';"]
    app += [f"import {n}Router from './routes/{n}.routes';"
            for i, n in enumerate(names) if i not in mounted_inside]
    app += ["", "export const app = express();", "app.use(cors());", "app.use(express.json());", ""]
    app += [f"app.use('/api/{n}', {n}Router);" for i, n in enumerate(names) if i not in mounted_inside]
    app += ["", "app.listen(Number(process.env.PORT ?? 4000));", ""]
    write("backend/src/app.ts", "\n".join(app))
    for i in range(count["controller"]):
        name = names[i % len(names)]
        suffix = "" if i < len(names) else str(i)
        write(f"backend/src/controllers/{name}{suffix}.controller.ts", CONTROLLER.format(name=name, C=_camel(name)))
    for i in range(count["service"]):
        name = names[i % len(names)]
        suffix = "" if i < len(names) else str(i)
        write(f"backend/src/services/{name}{suffix}.service.ts", SERVICE.format(name=name, C=_camel(name)))
    for i in range(count["model"]):
        name = names[i % len(names)]
        suffix = "" if i < len(names) else str(i)
        write(f"backend/src/models/{name}{suffix}.model.ts",
              MODEL.format(name=name, C=_camel(name), field=rng.choice(WORDS) + "Count"))
    for i in range(count["backend_misc"]):
        write(f"backend/src/lib/util{i}.ts", BACKEND_MISC.format(n=i))
    for i in range(count["backend_test"]):
        write(f"backend/tests/{names[i % len(names)]}{i}.test.ts", BACKEND_TEST.format(name=names[i % len(names)]))

    # the full path of each router's base, for pages of a router mounted inside another
    base = {}
    for i, n in enumerate(names):
        base[i] = n
    for parent, child in children.items():
        base[child] = f"{names[parent]}/1/{names[child]}"

    # frontend pages: each calls one resource; ~6% of pages have a call nothing serves
    pages: list[pathlib.Path] = []
    page_resource: list[int] = []
    for n in range(count["page"]):
        r = n % len(names)
        name, C = base[r], _camel(names[r])
        extra = ""
        roll = rng.random()
        if roll < 0.06:
            extra = f"  const stats = () => api.get('/{name}/stats');\n"
        elif roll < 0.25:
            extra = f"  const remove = () => api.delete(`/{name}/${{id}}`);\n"
        folder = f"frontend/src/pages/{names[r]}"
        pages.append(write(f"{folder}/{C}Page{n}.tsx", PAGE.format(name=name, C=C, n=n, extra=extra)))
        page_resource.append(r)
    for n in range(count["hook"]):
        if n % 3 == 0:
            r = n % len(names)
            write(f"frontend/src/hooks/use{_camel(names[r])}{n}.ts",
                  HOOK_CALL.format(name=base[r], C=_camel(names[r]), n=n))
        else:
            write(f"frontend/src/hooks/useToggle{n}.ts", HOOK_PLAIN.format(n=n))
    for n in range(count["context"]):
        write(f"frontend/src/context/Provider{n}.tsx", CONTEXT.format(n=n))
    for n in range(count["util"]):
        w = rng.sample(WORDS, 3)
        write(f"frontend/src/utils/util{n}.ts", UTIL.format(n=n, w1=w[0], w2=w[1], w3=w[2]))
    comp_names = []
    for n in range(count["component"]):
        C = _camel(rng.choice(WORDS)) + rng.choice(("List", "Card", "Panel", "Form", "Badge", "Table", "Menu"))
        comp_names.append(C)
        folder = f"frontend/src/components/{C[:1].lower()}"
        write(f"{folder}/{C}{n}.tsx", COMPONENT.format(C=C, n=n))
    for n in range(count["frontend_test"]):
        k = n % len(comp_names)
        C = comp_names[k]
        write(f"frontend/src/__tests__/{C}{n}.test.tsx", FRONTEND_TEST.format(C=C, c=C[:1].lower(), n=k))
    for n in range(count["story"]):
        k = n % len(comp_names)
        C = comp_names[k]
        w = rng.sample(WORDS, 2)
        write(f"frontend/src/stories/{C}{n}.stories.tsx", STORY.format(C=C, c=C[:1].lower(), n=k, w1=w[0], w2=w[1]))
    for n in range(count["style"]):
        ext = "scss" if n % 3 == 0 else "css"
        write(f"frontend/src/styles/s{n % 40}/style{n}.module.{ext}",
              STYLE.format(n=n % 24, color=f"{rng.randrange(16**6):06x}"))
    for n in range(count["doc"]):
        w = rng.sample(WORDS, 3)
        write(f"docs/{w[0]}/guide{n}.md", DOC.format(C=_camel(w[0]), n=n, w1=w[0], w2=w[1], w3=w[2]))
    for n in range(count["fixture"]):
        write(f"frontend/src/fixtures/data{n}.json",
              '{"id": %d, "items": [%s]}\n' % (n, ", ".join(str(rng.randrange(1000)) for _ in range(20))))
    for n in range(count["svg"]):
        write(f"frontend/src/assets/icon{n}.svg", SVG.format(n=n % 20 + 2, color=f"{rng.randrange(16**6):06x}"))

    # python services
    fa = ["from fastapi import FastAPI", ""]
    fa_names = [f"{w}_report" for w in _resource_names(count["fastapi"])]
    fa += [f"from .routers import {n}" for n in fa_names]
    fa += ["", "app = FastAPI()", ""]
    fa += [f'app.include_router({n}.router, prefix="/reports/{n}")' for n in fa_names]
    write("services/reports/app/main.py", "\n".join(fa) + "\n")
    for n in fa_names:
        write(f"services/reports/app/routers/{n}.py", FASTAPI_ROUTER.format(name=n))
    for n in range(count["py_misc"]):
        name = WORDS[n % len(WORDS)]
        write(f"services/reports/app/util/{name}_{n}.py", PY_MISC.format(name=name, C=_camel(name), n=n))
    dj_names = _resource_names(count["django"])
    urls = ["from django.urls import include, path", "", "urlpatterns = ["]
    for n in dj_names:
        write(f"services/admin/{n}_admin/__init__.py", "")
        write(f"services/admin/{n}_admin/urls.py", DJANGO_URLS.format(name=n))
        write(f"services/admin/{n}_admin/views.py", DJANGO_VIEWS.format(name=n))
        urls.append(f'    path("admin-api/", include("{n}_admin.urls")),')
    urls.append("]")
    write("services/admin/config/urls.py", "\n".join(urls) + "\n")

    # edit targets: a page of a top-level router (resource 1) and that router file
    target = next(i for i, r in enumerate(page_resource) if r == 1)
    page = pages[target]
    route_name = names[1]
    caller = next(pages[i] for i, r in enumerate(page_resource) if r == 1 and i != target)
    return Workspace(
        root=root, files=written, page=page,
        page_needle=f"api.get('/{route_name}')",
        route_file=root / f"backend/src/routes/{route_name}.routes.ts",
        route_needle="router.get('/:id/history'",
        caller=caller,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", default="10k", help="1k, 10k, 50k or a number of files")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("out", type=pathlib.Path)
    args = ap.parse_args()
    ws = generate(args.out, size_of(args.size), args.seed)
    print(f"{ws.files} files under {ws.root}")


if __name__ == "__main__":
    main()
