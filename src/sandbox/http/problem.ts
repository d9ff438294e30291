import type { FastifyReply } from 'fastify';

/** An RFC 9457 problem with the stable `code` the Kyrios contract promises. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'ApiProblem';
  }
}

export function sendProblem(reply: FastifyReply, problem: ApiProblem): FastifyReply {
  return reply
    .code(problem.status)
    .type('application/problem+json')
    .send({
      type: `urn:kyrios:problem:${problem.code}`,
      title: problem.title,
      status: problem.status,
      code: problem.code,
      detail: problem.detail,
    });
}
