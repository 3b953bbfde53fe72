import { AdminStats } from '@/components/admin-stats';

export default function AdminPage() {
  return <AdminStats />;
}
