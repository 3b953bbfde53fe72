import { Router } from 'express'

export const authRouter = Router()

authRouter.post('/login', (req, res) => {
  res.json({ token: 'dev-token', user: { name: req.body.email } })
})

authRouter.post('/logout', (req, res) => {
  res.sendStatus(204)
})

authRouter.get('/me', (req, res) => {
  res.json({ name: 'reader' })
})
