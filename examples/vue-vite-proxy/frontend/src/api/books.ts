import { http } from './http'

export interface Book {
  id: number
  title: string
  author: string
  rating?: number
}

export interface Review {
  text: string
  stars: number
}

export const listBooks = () => http.get<Book[]>('/books').then((r) => r.data)

export const getBook = (id: number) => http.get<Book>(`/books/${id}`).then((r) => r.data)

export const addBook = (book: Omit<Book, 'id'>) => http.post<Book>('/books', book).then((r) => r.data)

export const rateBook = (id: number, rating: number) =>
  http.patch<Book>(`/books/${id}`, { rating }).then((r) => r.data)

export const listReviews = (id: number) =>
  http.get<Review[]>(`/books/${id}/reviews`).then((r) => r.data)

export const addReview = (id: number, review: Review) =>
  http.post<Review>(`/books/${id}/reviews`, review).then((r) => r.data)

export const listAuthors = () => http.get<string[]>('/authors').then((r) => r.data)
