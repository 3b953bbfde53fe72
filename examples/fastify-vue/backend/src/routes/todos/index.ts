import type { FastifyPluginAsync } from 'fastify'
import { createTodo, updateTodo } from './schemas'

const todos: FastifyPluginAsync = async (fastify) => {
  fastify.get('/', async () => fastify.db.todos.all())

  fastify.post('/', { schema: createTodo }, async (request, reply) => {
    const todo = await fastify.db.todos.insert(request.body)
    return reply.code(201).send(todo)
  })

  fastify.get('/:id', async (request) => fastify.db.todos.get(request.params.id))

  fastify.put('/:id', { schema: updateTodo }, async (request) =>
    fastify.db.todos.update(request.params.id, request.body))

  fastify.delete('/:id', async (request, reply) => {
    await fastify.db.todos.remove(request.params.id)
    return reply.code(204).send()
  })

  // registered after '/:id' but find-my-way prefers static segments: it is reached
  fastify.get('/search', async (request) => fastify.db.todos.search(request.query.q))
}

export default todos
