import { http } from './http';

export interface Book {
  id: number;
  title: string;
  authorId: number;
  available: boolean;
}

export async function listBooks(): Promise<Book[]> {
  const { data } = await http.get<Book[]>('/books');
  return data;
}

export async function getBook(id: number): Promise<Book> {
  const { data } = await http.get<Book>(`/books/${id}`);
  return data;
}

export async function searchBooks(q: string): Promise<Book[]> {
  const { data } = await http.get<Book[]>('/v2/books/search', { params: { q } });
  return data;
}

export async function createBook(title: string, authorId: number): Promise<Book> {
  const { data } = await http.post<Book>('/books', { title, authorId });
  return data;
}

// the backend updates books with PATCH
export async function renameBook(id: number, title: string): Promise<Book> {
  const { data } = await http.put<Book>(`/books/${id}`, { title });
  return data;
}
