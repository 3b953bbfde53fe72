import { useEffect, useState } from 'react';
import { api, WS_BASE } from '../api/client';

interface User {
  id: number;
  email: string;
}

export function UsersPage({ userId }: { userId: number }) {
  const [me, setMe] = useState<User | null>(null);
  const [events, setEvents] = useState<string[]>([]);

  useEffect(() => {
    api.get<User>('/api/users/me').then(setMe);
    const socket = new WebSocket(`${WS_BASE}/api/users/${userId}/events`);
    socket.onmessage = (e) => setEvents((prev) => [...prev, e.data]);
    return () => socket.close();
  }, [userId]);

  async function register(email: string) {
    return api.post<User>('/api/users/', { email });
  }

  async function loadUser(id: number) {
    return api.get<User>(`/api/users/${id}`);
  }

  // Deliberate mistake: there is no /api/user/profile route (it is /api/users/me).
  async function loadProfile() {
    return api.get<User>('/api/user/profile');
  }

  return (
    <div>
      <p>{me?.email}</p>
      <button onClick={() => register('new@example.com')}>Register</button>
      <button onClick={() => loadUser(2)}>User 2</button>
      <button onClick={loadProfile}>Profile</button>
      <ul>{events.map((e, i) => <li key={i}>{e}</li>)}</ul>
    </div>
  );
}
