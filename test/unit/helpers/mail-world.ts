import type { Domain } from '../../../src/shared/domain';
import { DEFAULT_SERVICE_HOSTS } from '../../../src/sandbox/settings';
import type { SandboxOptions } from '../../../src/sandbox/start';
import { startVerificationDns, type VerificationDns } from './sandbox-dns';
import { startTestSandbox, type TestSandbox } from './sandbox';
import { accountId, createSmtpUser, type CreatedUser } from './sandbox-smtp';
import type { Cleanup } from './temp-dir';

const hosts = DEFAULT_SERVICE_HOSTS;

/**
 * A sandbox that sends like the service, and a loopback DNS where its records live: the service's
 * own zone publishes SPF at the return-path host (including the SPF include, which covers the
 * dedicated IP only), so SPF, DKIM and DMARC can pass or fail for real.
 */
export interface MailWorld {
  dns: VerificationDns;
  sb: TestSandbox;
  /** The fixture as a DNS server address (resolver and truth at once). */
  server: { host: string; port: number };
  /** "Add & Verify", every record published as generated, "Verify Now": verified for real. */
  addPublishedDomain(name: string): Promise<Domain>;
  createUser(domain: Domain, login: string): Promise<CreatedUser>;
  accountId(): Promise<string>;
}

export async function startMailWorld(
  cleanup: Cleanup,
  origins: string[],
  options: Partial<SandboxOptions> = {},
): Promise<MailWorld> {
  const dns = await startVerificationDns(cleanup, origins);
  dns.fixture.setRecords(hosts.returnPathHost, 'TXT', [`v=spf1 include:${hosts.spfInclude} -all`]);
  dns.fixture.setRecords(hosts.spfInclude, 'TXT', [`v=spf1 ip4:${hosts.dedicatedIp} -all`]);
  const sb = await startTestSandbox(cleanup, undefined, { dns: dns.dns, ...options });
  return {
    dns,
    sb,
    server: { host: dns.fixture.host, port: dns.fixture.port },
    async addPublishedDomain(name) {
      const created = await sb.request('/v1/domains', { body: { name } });
      if (created.status !== 201) throw new Error(`add ${name}: ${created.status}`);
      const domain = (await created.json()) as Domain;
      dns.publish(domain);
      const verified = await sb.request(`/v1/domains/${domain.id}/verify`, { method: 'POST' });
      const body = (await verified.json()) as { domain: Domain };
      if (body.domain.status !== 'verified') {
        throw new Error(`${name} is ${body.domain.status} after Verify Now`);
      }
      return body.domain;
    },
    createUser: (domain, login) => createSmtpUser(sb, domain.id, login),
    accountId: () => accountId(sb),
  };
}
