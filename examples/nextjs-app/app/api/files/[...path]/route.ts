import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

// GET /kb/api/files/screenshots/2024/home.png -> params.path = ['screenshots', '2024', 'home.png']
export async function GET(_request: Request, { params }: { params: Promise<{ path: string[] }> }) {
  const { path } = await params;
  const data = await readFile(join(process.cwd(), 'uploads', ...path));
  return new Response(data);
}
