// Next.js applies basePath to <Link> and router.push, not to fetch(): every call to a
// route handler must start with it.
export const BASE_PATH = '/kb';

export type Bookmark = { id: string; url: string; title: string; read: boolean; tags: string[] };

export async function listBookmarks(): Promise<Bookmark[]> {
  const res = await fetch(`${BASE_PATH}/api/bookmarks`);
  return res.json();
}

export async function createBookmark(url: string, title: string): Promise<Bookmark> {
  const res = await fetch(`${BASE_PATH}/api/bookmarks`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ url, title }),
  });
  return res.json();
}

export async function markRead(id: string) {
  await fetch(`${BASE_PATH}/api/bookmarks/${id}`, {
    method: 'PATCH',
    body: JSON.stringify({ read: true }),
  });
}

export async function deleteBookmark(id: string) {
  await fetch(`${BASE_PATH}/api/bookmarks/${id}`, { method: 'DELETE' });
}
