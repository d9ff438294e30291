import type { DnsCheckService } from '../services/dns-check-service';
import type { Handlers } from './dispatch';

export function dnsHandlers(
  dns: DnsCheckService,
): Pick<Handlers, 'dns:check' | 'dns:latest' | 'dns:latest-runs' | 'dns:history' | 'dns:run'> {
  return {
    'dns:check': ({ domainId }) => dns.check(domainId),
    'dns:latest': ({ domainId }) => Promise.resolve(dns.latest(domainId)),
    'dns:latest-runs': () => Promise.resolve(dns.latestRuns()),
    'dns:history': ({ domainId, limit }) => Promise.resolve(dns.history(domainId, limit)),
    'dns:run': ({ runId }) => Promise.resolve(dns.run(runId)),
  };
}
