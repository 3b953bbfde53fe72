'use server';

import { revalidatePath } from 'next/cache';
import { db } from '@/lib/db';

// A server action: called by React through a POST to the page, not a route handler.
export async function archiveAll() {
  for (const b of db.all()) db.put({ ...b, read: true });
  revalidatePath('/');
}
