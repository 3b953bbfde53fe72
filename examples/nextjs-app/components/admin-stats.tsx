'use client';

import { useEffect, useState } from 'react';
import { BASE_PATH } from '@/lib/api';

type Stats = { total: number; unread: number };

export function AdminStats() {
  const [stats, setStats] = useState<Stats | null>(null);
  const [history, setHistory] = useState<Stats[]>([]);

  useEffect(() => {
    fetch(`${BASE_PATH}/api/admin/stats`).then((res) => res.json()).then(setStats);
    // mistake: there is no stats history endpoint (only /api/admin/stats)
    fetch(`${BASE_PATH}/api/admin/stats/history`).then((res) => res.json()).then(setHistory);
  }, []);

  return stats ? <p>{stats.unread} of {stats.total} unread ({history.length} snapshots)</p> : null;
}
