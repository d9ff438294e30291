import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { validateDomainName } from '../../shared/domain-name';
import { DuplicateDomainError } from '../store';
import { generateDkimKeys, generateRecords, newVerificationToken } from '../records';
import { verifyDomain } from '../verification';
import type { SandboxAppDeps } from './app';
import { notFound, parseBody } from './parse';
import { ApiProblem } from './problem';

// Any string: the rules (length included) are the service's, answered as `invalid_domain`; the
// body limit (64 KiB, 413) is what bounds it on the way in.
const CreateDomainBody = z.object({ name: z.string() });

type IdParams = { Params: { id: string } };

export function registerDomainRoutes(
  app: FastifyInstance,
  { store, hosts, dns }: SandboxAppDeps,
): void {
  app.get('/v1/domains', (request) => ({ domains: store.domains.list(request.account.id) }));

  app.get<IdParams>('/v1/domains/:id', (request) => {
    const domain = store.domains.get(request.account.id, request.params.id);
    if (!domain) throw notFound('domain', request.params.id);
    return domain;
  });

  // "Add & Verify": the records are generated and a first verification is tried.
  app.post('/v1/domains', async (request, reply) => {
    const { name } = parseBody(CreateDomainBody, request.body);
    const check = validateDomainName(name);
    if (!check.ok)
      throw new ApiProblem(400, 'invalid_domain', 'Invalid domain name', check.message);
    const accountId = request.account.id;
    if (store.domains.hasActive(accountId, name)) throw domainExists(name);

    const dkim = await generateDkimKeys();
    const token = newVerificationToken();
    let id: string;
    try {
      id = store.domains.create({
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
    const verified = await verifyDomain(store, dns, accountId, id, 'add');
    return reply.code(201).send(verified?.domain ?? store.domains.get(accountId, id));
  });

  app.delete<IdParams>('/v1/domains/:id', (request, reply) => {
    if (!store.deleteDomain(request.account.id, request.params.id)) {
      throw notFound('domain', request.params.id);
    }
    return reply.code(204).send();
  });

  // "Verify Now".
  app.post<IdParams>('/v1/domains/:id/verify', async (request) => {
    const result = await verifyDomain(store, dns, request.account.id, request.params.id, 'verify');
    if (!result) throw notFound('domain', request.params.id);
    return result;
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
