import { useEffect, useState } from 'react';
import { api } from '../api/client';

interface Item {
  id: number;
  name: string;
  quantity: number;
}

interface Page<T> {
  results: T[];
  next: string | null;
}

export function ItemsPage() {
  const [items, setItems] = useState<Item[]>([]);
  const [query, setQuery] = useState('');

  useEffect(() => {
    api.get<Item[]>('/api/items').then(setItems);
  }, []);

  async function addItem(name: string) {
    const created = await api.post<Item>('/api/items', { name, quantity: 1 });
    setItems([...items, created]);
  }

  async function rename(id: number, name: string) {
    await api.put<Item>(`/api/items/${id}`, { name });
  }

  async function search() {
    setItems(await api.get<Item[]>(`/api/items/search?q=${encodeURIComponent(query)}`));
  }

  // Deliberate mistake: restocking uses POST, but /api/items/{item_id} has GET, PUT, DELETE.
  async function restock(id: number) {
    await api.post(`/api/items/${id}`, { quantity: 10 });
  }

  async function loadMore(page: Page<Item>) {
    // Deliberate: the next-page URL comes from the server (unresolved call).
    if (page.next) {
      const more = await api.get<Page<Item>>(page.next);
      setItems([...items, ...more.results]);
    }
  }

  async function open(id: number) {
    return api.get<Item>(`/api/items/${id}`);
  }

  function downloadUrl(path: string) {
    return api.get<Blob>(`/api/items/files/${path}`);
  }

  return (
    <div>
      <input value={query} onChange={(e) => setQuery(e.target.value)} />
      <button onClick={search}>Search</button>
      <button onClick={() => addItem('new')}>Add</button>
      {items.map((i) => (
        <div key={i.id} onClick={() => open(i.id)}>
          {i.name}
          <button onClick={() => rename(i.id, i.name + '!')}>Rename</button>
          <button onClick={() => restock(i.id)}>Restock</button>
          <button onClick={() => downloadUrl(`${i.id}/manual.pdf`)}>Manual</button>
        </div>
      ))}
      <button onClick={() => loadMore({ results: items, next: null })}>More</button>
    </div>
  );
}
