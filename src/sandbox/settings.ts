import { isIPv4 } from 'node:net';
import { validateDomainName } from '../shared/domain-name';

/**
 * The service's own host names, which the generated records point at. A sandbox setting, so tests
 * and demos can publish matching records in their own DNS.
 */
export interface ServiceHosts {
  spfInclude: string;
  returnPathHost: string;
  mxHost: string;
  trackingHost: string;
  dmarcReports: string;
  dkimSelector: string;
  /** The account's dedicated sending IP, as GET /v1/account reports it. */
  dedicatedIp: string;
}

export const DEFAULT_SERVICE_HOSTS: ServiceHosts = {
  spfInclude: 'spf.sandbox.kyrios.test',
  returnPathHost: 'bounces.sandbox.kyrios.test',
  mxHost: 'mx.sandbox.kyrios.test',
  trackingHost: 'track.sandbox.kyrios.test',
  dmarcReports: 'dmarc@reports.sandbox.kyrios.test',
  dkimSelector: 'kyrios1',
  // TEST-NET-1 (RFC 5737): the sandbox sends nothing to the internet.
  dedicatedIp: '192.0.2.10',
};

/** How each host setting is given on the command line (`npm run sandbox -- --mx-host …`). */
export const SERVICE_HOST_FLAGS = {
  spfInclude: 'spf-include',
  returnPathHost: 'return-path-host',
  mxHost: 'mx-host',
  trackingHost: 'tracking-host',
  dmarcReports: 'dmarc-reports',
  dkimSelector: 'dkim-selector',
  dedicatedIp: 'dedicated-ip',
} as const satisfies Record<keyof ServiceHosts, string>;

const SELECTOR_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const REPORTS_LOCAL = /^[a-z0-9._+-]{1,64}$/;

/** What is wrong with a value for one host setting, or null when it can be used as given. */
export function serviceHostProblem(key: keyof ServiceHosts, value: string): string | null {
  switch (key) {
    case 'dedicatedIp':
      return isIPv4(value) ? null : `"${value}" is not an IPv4 address`;
    case 'dkimSelector':
      return value.split('.').every((label) => SELECTOR_LABEL.test(label))
        ? null
        : `"${value}" is not a DKIM selector (lowercase letters, digits and hyphens, in dot-separated labels)`;
    case 'dmarcReports': {
      const at = value.lastIndexOf('@');
      if (at < 0 || !REPORTS_LOCAL.test(value.slice(0, at))) {
        return `"${value}" is not an address such as dmarc@reports.example.com`;
      }
      const domain = validateDomainName(value.slice(at + 1));
      return domain.ok ? null : domain.message;
    }
    default: {
      const host = validateDomainName(value);
      return host.ok ? null : host.message;
    }
  }
}
