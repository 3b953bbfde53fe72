import express from 'express'
import { booksRouter } from './routes/books.js'
import { authRouter } from './routes/auth.js'

export const app = express()
app.use(express.json())

// no `/api` prefix: the Vite dev server strips it before forwarding (vite.config.ts)
app.use('/books', booksRouter)
app.use('/auth', authRouter)

app.get('/health', (req, res) => res.json({ status: 'ok' }))
