import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { checkLogin } from '../logins';
import { SMTP_USERS_PER_DOMAIN } from '../limits';
import { generatePassword, hashPassword, passwordProblem } from '../passwords';
import type { SandboxAppDeps } from './app';
import { notFound, parseBody } from './parse';
import { ApiProblem } from './problem';

const CreateUserBody = z.object({
  login: z.string().max(512),
  password: z.string().max(1024).optional(),
});
const PasswordBody = z.object({ password: z.string().max(1024) });

type DomainParams = { Params: { id: string } };
type UserParams = { Params: { id: string; userId: string } };

const CONFLICTS = {
  domain_not_verified: [
    'Domain not verified',
    'SMTP users can be created once the domain is verified.',
  ],
  smtp_user_limit: [
    'SMTP user limit',
    `A domain has at most ${SMTP_USERS_PER_DOMAIN} SMTP users; delete one to add another.`,
  ],
  smtp_user_exists: ['SMTP user exists', 'An SMTP user with this login already exists.'],
} as const;

function conflict(code: keyof typeof CONFLICTS): ApiProblem {
  const [title, detail] = CONFLICTS[code];
  return new ApiProblem(409, code, title, detail);
}

function weak(message: string): ApiProblem {
  return new ApiProblem(400, 'weak_password', 'Weak password', message);
}

export function registerSmtpUserRoutes(app: FastifyInstance, { store }: SandboxAppDeps): void {
  app.get<DomainParams>('/v1/domains/:id/smtp-users', (request) => {
    const users = store.smtpUsers.list(request.account.id, request.params.id);
    if (!users) throw notFound('domain', request.params.id);
    return { users, limit: SMTP_USERS_PER_DOMAIN };
  });

  app.post<DomainParams>('/v1/domains/:id/smtp-users', async (request, reply) => {
    const body = parseBody(CreateUserBody, request.body);
    const accountId = request.account.id;
    const domain = store.domains.get(accountId, request.params.id);
    if (!domain) throw notFound('domain', request.params.id);
    if (domain.status !== 'verified') throw conflict('domain_not_verified');
    const login = checkLogin(body.login, domain.name);
    if (!login.ok) throw new ApiProblem(400, 'invalid_login', 'Invalid login', login.message);
    const problem =
      body.password === undefined ? null : passwordProblem(body.password, login.login);
    if (problem) throw weak(problem);

    // Cheap checks first, so a refused request costs no scrypt; the transaction checks again.
    if (store.smtpUsers.identityByLogin(login.login)) throw conflict('smtp_user_exists');
    if ((store.smtpUsers.list(accountId, domain.id)?.length ?? 0) >= SMTP_USERS_PER_DOMAIN) {
      throw conflict('smtp_user_limit');
    }
    const password = body.password ?? generatePassword(login.login);
    const created = store.smtpUsers.create({
      accountId,
      domainId: domain.id,
      login: login.login,
      passwordHash: await hashPassword(password),
    });
    if (!created.ok) {
      if (created.code === 'not_found') throw notFound('domain', request.params.id);
      throw conflict(created.code);
    }
    return reply.code(201).send({ user: created.user, password });
  });

  app.put<UserParams>('/v1/domains/:id/smtp-users/:userId/password', async (request, reply) => {
    const { password } = parseBody(PasswordBody, request.body);
    const { id, userId } = request.params;
    const accountId = request.account.id;
    const user = store.smtpUsers.find(accountId, id, userId);
    if (!user) throw notFound('SMTP user', userId);
    const problem = passwordProblem(password, user.login);
    if (problem) throw weak(problem);
    const hash = await hashPassword(password);
    if (!store.smtpUsers.setPassword(accountId, id, userId, hash))
      throw notFound('SMTP user', userId);
    return reply.code(204).send();
  });

  app.delete<UserParams>('/v1/domains/:id/smtp-users/:userId', (request, reply) => {
    const { id, userId } = request.params;
    if (!store.smtpUsers.delete(request.account.id, id, userId))
      throw notFound('SMTP user', userId);
    return reply.code(204).send();
  });
}
