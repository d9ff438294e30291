import type { DnsRecord, Domain } from '../../../src/shared/domain';
import { DEFAULT_SERVICE_HOSTS } from '../../../src/sandbox/settings';
import type { SandboxDnsOptions } from '../../../src/sandbox/start';
import {
  startDnsFixture,
  type DnsFixture,
  type FixtureValue,
  type FixtureZone,
} from '../../fixtures/dns/index';
import type { Cleanup } from './temp-dir';

const hosts = DEFAULT_SERVICE_HOSTS;

export interface VerificationDns {
  fixture: DnsFixture;
  /** Sandbox options pointing verification at the fixture. */
  dns: SandboxDnsOptions;
  /** Publishes the domain's generated records; `change` may alter a value or drop a record (null). */
  publish(domain: Domain, change?: (record: DnsRecord) => FixtureValue | null | undefined): void;
  /** Removes everything published at the domain's record names. */
  unpublish(domain: Domain): void;
}

function published(record: DnsRecord): FixtureValue {
  return record.type === 'MX' ? `${record.priority ?? 10} ${record.value}` : record.value;
}

/**
 * A loopback DNS server authoritative for `origins` and for the sandbox's own service zone (the
 * SPF include and the CNAME/MX targets), used as both the truth and the resolver. `extraZones`
 * are served too (e.g. the dedicated IP's reverse zone and blocklists).
 */
export async function startVerificationDns(
  cleanup: Cleanup,
  origins: string[],
  extraZones: FixtureZone[] = [],
): Promise<VerificationDns> {
  const fixture = await startDnsFixture({
    zones: [
      ...origins.map((origin) => ({ origin })),
      {
        origin: 'sandbox.kyrios.test',
        records: [
          { name: hosts.spfInclude, type: 'TXT', value: 'v=spf1 ip4:192.0.2.0/24 -all' },
          { name: hosts.mxHost, type: 'A', value: '192.0.2.25' },
          { name: hosts.returnPathHost, type: 'A', value: '192.0.2.26' },
          { name: hosts.trackingHost, type: 'A', value: '192.0.2.27' },
        ],
      },
      ...extraZones,
    ],
  });
  cleanup.add(() => fixture.close());
  const server = { host: fixture.host, port: fixture.port };
  return {
    fixture,
    dns: { authoritative: [server], resolvers: [server], timeoutMs: 500, tries: 1 },
    publish(domain, change) {
      for (const record of domain.records) {
        const value = change ? change(record) : undefined;
        if (value === null) continue;
        fixture.setRecords(record.name, record.type, [value ?? published(record)]);
      }
    },
    unpublish(domain) {
      for (const record of domain.records) fixture.removeRecords(record.name);
    },
  };
}
