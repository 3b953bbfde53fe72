import { useEffect, useState } from 'react';
import { api } from '../api/client';

export function AccountPage() {
  const [me, setMe] = useState<{ username: string } | null>(null);
  const [stats, setStats] = useState<{ articles: number } | null>(null);

  useEffect(() => {
    api.get<{ username: string }>('/auth/me/').then(setMe);
    api.get<{ articles: number }>('/stats/').then(setStats);
  }, []);

  async function signIn(username: string, password: string) {
    return api.post('/auth/login/', { username, password });
  }

  async function signOut() {
    return api.post('/auth/logout/');
  }

  async function rename(username: string) {
    return api.patch('/auth/me/', { username });
  }

  async function search(term: string) {
    return api.get(`/search/${encodeURIComponent(term)}/`);
  }

  // Deliberate mistake: the legacy URLconf is never included by config/urls.py.
  async function exportCsv() {
    return api.get('/legacy/export/');
  }

  return (
    <div>
      <p>{me?.username} — {stats?.articles} articles</p>
      <button onClick={() => signIn('a', 'b')}>Sign in</button>
      <button onClick={signOut}>Sign out</button>
      <button onClick={() => rename('b')}>Rename</button>
      <button onClick={() => search('django')}>Search</button>
      <button onClick={exportCsv}>Export</button>
    </div>
  );
}
