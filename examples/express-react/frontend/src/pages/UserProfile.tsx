import { useEffect, useState } from 'react';
import { api } from '../lib/api';

export default function UserProfile({ userId }: { userId: string }) {
  const [user, setUser] = useState<{ name: string } | null>(null);

  useEffect(() => {
    api.get(`/users/${userId}`).then(({ data }) => setUser(data));
  }, [userId]);

  const uploadAvatar = async (file: File) => {
    const form = new FormData();
    form.append('file', file);
    await api.put(`/users/${userId}/avatar`, form);
  };

  return user ? <h1 onClick={() => uploadAvatar(new File([], 'a.png'))}>{user.name}</h1> : null;
}
