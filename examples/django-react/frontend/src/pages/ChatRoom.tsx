import { useEffect, useState } from 'react';
import { WS_URL } from '../api/client';

export function ChatRoom({ room }: { room: string }) {
  const [messages, setMessages] = useState<string[]>([]);

  useEffect(() => {
    const socket = new WebSocket(`${WS_URL}/ws/chat/${room}/`);
    socket.onmessage = (event) => setMessages((m) => [...m, JSON.parse(event.data).text]);
    return () => socket.close();
  }, [room]);

  return <ul>{messages.map((m, i) => <li key={i}>{m}</li>)}</ul>;
}
