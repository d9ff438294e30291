import type { DnsProvider } from './dns-check';
import { relativeHost } from './labels';

/**
 * Recognised DNS providers (`DnsProvider.id`) whose host field takes no "@": the domain itself is
 * an empty field there (Route 53's "Record name", Google Cloud DNS's "DNS name", OVHcloud's
 * "Sub-domain", Porkbun's "Host"). Typing "@" in them makes a record at a wrong name or an error.
 */
export const EMPTY_APEX_PROVIDER_IDS: readonly string[] = [
  'route53',
  'google_cloud_dns',
  'ovh',
  'porkbun',
];

/**
 * What to type in the host field of the DNS provider the last check recognised: the part before
 * the domain, and for the domain itself "@", or "" (leave it empty) where the provider wants that.
 * With no provider recognised, the "@" most providers take.
 */
export function hostForProvider(
  recordName: string,
  domain: string,
  provider: Pick<DnsProvider, 'id'> | null,
): string {
  const host = relativeHost(recordName, domain);
  if (host === '@' && provider && EMPTY_APEX_PROVIDER_IDS.includes(provider.id)) return '';
  return host;
}
