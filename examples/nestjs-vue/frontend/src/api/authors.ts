import { http } from './http';

export interface Author {
  id: number;
  name: string;
}

export async function listAuthors(): Promise<Author[]> {
  const { data } = await http.get<Author[]>('/authors');
  return data;
}

// the backend's collection is /authors
export async function getAuthor(id: number): Promise<Author> {
  const { data } = await http.get<Author>(`/author/${id}`);
  return data;
}
