import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { validateDomainName } from '../../shared/domain-name';
import { DuplicateDomainError } from '../store';
import { generateDkimKeys, generateRecords, newVerificationToken } from '../records';
import type { SandboxAppDeps } from './app';
import { ApiProblem } from './problem';

const CreateDomainBody = z.object({ name: z.string().max(1024) });

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` (${issue.path.join('.')})` : '';
    throw new ApiProblem(
      400,
      'invalid_request',
      'Invalid request',
      `${issue?.message ?? 'Invalid body'}${where}.`,
    );
  }
  return parsed.data;
}

export function registerDomainRoutes(app: FastifyInstance, { store, hosts }: SandboxAppDeps): void {
  app.get('/v1/domains', (request) => ({ domains: store.listDomains(request.account.id) }));

  app.get<{ Params: { id: string } }>('/v1/domains/:id', (request) => {
    const domain = store.getDomain(request.account.id, request.params.id);
    if (!domain)
      throw new ApiProblem(404, 'not_found', 'Not found', `No domain ${request.params.id}.`);
    return domain;
  });

  // "Add & Verify": the records are generated here.
  app.post('/v1/domains', async (request, reply) => {
    const { name } = parseBody(CreateDomainBody, request.body);
    const check = validateDomainName(name);
    if (!check.ok)
      throw new ApiProblem(400, 'invalid_domain', 'Invalid domain name', check.message);
    const accountId = request.account.id;
    if (store.hasActiveDomain(accountId, name)) throw domainExists(name);

    const dkim = await generateDkimKeys();
    const token = newVerificationToken();
    let id: string;
    try {
      id = store.createDomain({
        accountId,
        name,
        verificationToken: token,
        dkimSelector: hosts.dkimSelector,
        dkimPrivateKey: dkim.privateKeyPem,
        records: generateRecords(name, token, dkim, hosts),
      });
    } catch (error) {
      if (error instanceof DuplicateDomainError) throw domainExists(name);
      throw error;
    }
    return reply.code(201).send(store.getDomain(accountId, id));
  });
}

function domainExists(name: string): ApiProblem {
  return new ApiProblem(
    409,
    'domain_exists',
    'Domain exists',
    `${name} is already added to this account.`,
  );
}
