import Fastify from 'fastify'
import autoload from '@fastify/autoload'
import fp from 'fastify-plugin'
import { join } from 'node:path'
import { Server } from 'socket.io'
import healthRoutes from './health'

const app = Fastify({ logger: true })

// every plugin under routes/ is loaded with its folder as prefix: routes/todos -> /api/todos
app.register(autoload, {
  dir: join(import.meta.dirname, 'routes'),
  options: { prefix: '/api' },
})

// fastify-plugin removes encapsulation, and with it the prefix option
app.register(fp(healthRoutes), { prefix: '/api' })

const io = new Server(app.server, { path: '/ws/' })
io.on('connection', (socket) => {
  socket.on('chat', (message: string) => io.emit('chat', message))
})

await app.listen({ port: 3000 })
