import type { FastifyInstance } from 'fastify';

/** A NUL byte (raw or %00) anywhere in the path or query: PostgreSQL cannot store or compare it. */
const isNulInUrl = (url: string): boolean => url.includes('\u0000') || /%00/i.test(url);

/**
 * Refuses a URL carrying a NUL byte (400 BAD_REQUEST) before any route sees it: the REST routes pass
 * path and query values to PostgreSQL, which fails on NUL with an internal error.
 */
export function installUrlGuard(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (!isNulInUrl(request.url)) return;
    await reply.code(400).type('application/json').send({ code: 'BAD_REQUEST', message: '请求地址不能包含空字符（%00）' });
  });
}
