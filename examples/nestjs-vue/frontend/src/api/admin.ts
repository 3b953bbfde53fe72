import { http } from './http';

export interface LibraryStats {
  books: number;
  onLoan: number;
}

export async function fetchStats(): Promise<LibraryStats> {
  const { data } = await http.get<LibraryStats>('/admin/stats');
  return data;
}
