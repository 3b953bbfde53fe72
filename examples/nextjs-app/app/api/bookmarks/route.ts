import { NextResponse } from 'next/server';
import { z } from 'zod';
import { db } from '@/lib/db';

const createSchema = z.object({ url: z.string().url(), title: z.string().min(1) });

export const dynamic = 'force-dynamic';

export async function GET() {
  return NextResponse.json(db.all());
}

export async function POST(request: Request) {
  const body = createSchema.parse(await request.json());
  const bookmark = { id: crypto.randomUUID(), read: false, tags: [], ...body };
  db.put(bookmark);
  return NextResponse.json(bookmark, { status: 201 });
}
