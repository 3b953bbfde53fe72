import { NextResponse, type NextRequest } from 'next/server';
import { db } from '@/lib/db';

type Context = { params: Promise<{ id: string }> };

export async function PATCH(request: NextRequest, { params }: Context) {
  const { id } = await params;
  const bookmark = db.get(id);
  if (!bookmark) return NextResponse.json({ error: 'not found' }, { status: 404 });
  db.put({ ...bookmark, ...(await request.json()) });
  return NextResponse.json(db.get(id));
}

export async function DELETE(_request: NextRequest, { params }: Context) {
  const { id } = await params;
  db.remove(id);
  return new Response(null, { status: 204 });
}
