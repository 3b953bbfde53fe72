import { useEffect, useState } from 'react';
import { api } from '../api/client';

export function Dashboard() {
  const [stats, setStats] = useState<Record<string, number>>({});
  const [report, setReport] = useState<Record<string, number>>({});

  useEffect(() => {
    api.get<Record<string, number>>('/admin/stats').then(setStats);
    // Deliberate mistake: the reports router is never included by the backend.
    api.get<Record<string, number>>('/api/reports/daily').then(setReport);
  }, []);

  return <pre>{JSON.stringify({ stats, report }, null, 2)}</pre>;
}
