import { db } from '@/lib/db';

// `(admin)` is a route group: it organizes files and adds nothing to the URL.
export async function GET() {
  const all = db.all();
  return Response.json({ total: all.length, unread: all.filter((b) => !b.read).length });
}
