import { db } from '@/lib/db';

export async function GET() {
  const items = db.all().map((b) => `<item><title>${b.title}</title><link>${b.url}</link></item>`);
  return new Response(`<rss version="2.0"><channel>${items.join('')}</channel></rss>`, {
    headers: { 'Content-Type': 'application/rss+xml' },
  });
}
