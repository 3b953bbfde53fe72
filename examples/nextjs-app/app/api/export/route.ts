import { db } from '@/lib/db';

// Nothing calls this yet: the "Export" button was never built.
export async function GET() {
  const lines = db.all().map((b) => `${b.title}\t${b.url}`);
  return new Response(lines.join('\n'), { headers: { 'Content-Type': 'text/tab-separated-values' } });
}
