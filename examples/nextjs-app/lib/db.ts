import type { Bookmark } from './api';

const bookmarks = new Map<string, Bookmark>();

export const db = {
  all: () => [...bookmarks.values()],
  get: (id: string) => bookmarks.get(id),
  put: (b: Bookmark) => void bookmarks.set(b.id, b),
  remove: (id: string) => bookmarks.delete(id),
};
