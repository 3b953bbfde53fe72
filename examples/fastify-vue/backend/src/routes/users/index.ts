import type { FastifyInstance } from 'fastify'

export default async function users(fastify: FastifyInstance) {
  fastify.post('/login', async (request, reply) => {
    const token = await fastify.auth.login(request.body)
    return reply.send({ token })
  })

  fastify.get('/me', { onRequest: [fastify.authenticate] }, async (request) => request.user)

  // Fastify refuses to start: GET /api/users/me is already declared
  fastify.get('/me', async (request) => fastify.db.users.get(request.user.id))
}
