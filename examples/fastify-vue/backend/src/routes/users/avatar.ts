import type { FastifyInstance } from 'fastify'

// routes/users has an index.ts, so autoload loads only that file: this plugin never runs
export default async function avatar(fastify: FastifyInstance) {
  fastify.get('/avatar/:userId', async (request, reply) =>
    reply.sendFile(`${request.params.userId}.png`))
}
