import { db } from '@/lib/db';

export async function GET() {
  const tags = new Set(db.all().flatMap((b) => b.tags));
  return Response.json([...tags].sort());
}
