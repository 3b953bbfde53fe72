import { useEffect, useState } from 'react';
import { api } from '@/lib/api';

type User = { id: string; name: string };

export function UsersPage() {
  const [users, setUsers] = useState<User[]>([]);
  const [query, setQuery] = useState('');

  useEffect(() => {
    api.get<User[]>('/users').then((r) => setUsers(r.data));
  }, []);

  async function search() {
    const { data } = await api.get<User[]>('/users/search', { params: { q: query } });
    setUsers(data);
  }

  async function invite(name: string) {
    // the base URL already ends in /api: this goes to /api/api/users
    await api.post('/api/users', { name });
  }

  async function remove(id: string) {
    await api.delete(`/users/${id}`);
    setUsers((all) => all.filter((u) => u.id !== id));
  }

  return (
    <div>
      <input value={query} onChange={(e) => setQuery(e.target.value)} />
      <button onClick={search}>Search</button>
      <button onClick={() => invite(query)}>Invite</button>
      {users.map((u) => (
        <div key={u.id} onClick={() => remove(u.id)}>{u.name}</div>
      ))}
    </div>
  );
}
