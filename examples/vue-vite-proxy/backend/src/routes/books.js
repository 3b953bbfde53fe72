import { Router } from 'express'

export const booksRouter = Router()

const books = new Map()

booksRouter.get('/', (req, res) => {
  res.json([...books.values()])
})

booksRouter.post('/', (req, res) => {
  const book = { id: books.size + 1, ...req.body }
  books.set(book.id, book)
  res.status(201).json(book)
})

booksRouter.get('/:id', (req, res) => {
  const book = books.get(Number(req.params.id))
  if (!book) return res.sendStatus(404)
  res.json(book)
})

booksRouter.put('/:id', (req, res) => {
  books.set(Number(req.params.id), { id: Number(req.params.id), ...req.body })
  res.json(books.get(Number(req.params.id)))
})

booksRouter.delete('/:id', (req, res) => {
  books.delete(Number(req.params.id))
  res.sendStatus(204)
})

booksRouter.get('/:id/reviews', (req, res) => {
  res.json(books.get(Number(req.params.id))?.reviews ?? [])
})

booksRouter.post('/:id/reviews', (req, res) => {
  res.status(201).json(req.body)
})
