import type { DnsProvider } from '../shared/dns-check';
import { canonicalName } from './wire';

/**
 * DNS hosting providers recognised from the zone's NS host names, with how each one's UI wants
 * the host entered. Most failures we diagnose (doubled names, quotes, proxied CNAMEs) come from a
 * provider's form, so the fix has to speak that form's language.
 */

interface ProviderRule {
  id: string;
  name: string;
  ns: RegExp;
  hostField: DnsProvider['hostField'];
  hostAdvice: string;
  warnings: string[];
}

const RELATIVE = 'it appends the domain itself, so a full name ends up doubled';

const RULES: ProviderRule[] = [
  {
    id: 'cloudflare',
    name: 'Cloudflare',
    ns: /\.ns\.cloudflare\.com$/,
    hostField: 'relative_or_full',
    hostAdvice:
      'In the Name field type the part before your domain (e.g. _dmarc), or the full name: Cloudflare strips the domain from full names. Use @ for the domain itself.',
    warnings: [
      'Set CNAME records to "DNS only" (grey cloud): a proxied (orange cloud) CNAME answers with Cloudflare addresses, not the CNAME, and fails verification.',
    ],
  },
  {
    id: 'godaddy',
    name: 'GoDaddy',
    ns: /\.domaincontrol\.com$/,
    hostField: 'relative',
    hostAdvice: `In the Name field type only the part before your domain (e.g. _dmarc) and @ for the domain itself: ${RELATIVE}.`,
    warnings: [
      'Paste TXT values without quotes; GoDaddy stores quotes you type as part of the value.',
    ],
  },
  {
    id: 'route53',
    name: 'Amazon Route 53',
    ns: /^ns-\d+\.awsdns-\d+\.(com|net|org|co\.uk)$/,
    hostField: 'relative',
    hostAdvice:
      'In "Record name" type only the part before your domain (e.g. _dmarc); leave it empty for the domain itself.',
    warnings: [
      'Route 53 wants each TXT value in double quotes, and values longer than 255 characters split into several quoted strings on one line: "first 255 characters" "rest".',
    ],
  },
  {
    id: 'google_cloud_dns',
    name: 'Google Cloud DNS',
    ns: /^ns-cloud-[a-z]\d+\.googledomains\.com$/,
    hostField: 'relative',
    hostAdvice:
      'In "DNS name" type only the part before your domain (e.g. _dmarc); the domain is shown after the field and added for you.',
    warnings: [
      'TXT values longer than 255 characters must be entered as several quoted strings: "first 255 characters" "rest".',
    ],
  },
  {
    id: 'namecheap',
    name: 'Namecheap',
    ns: /\.registrar-servers\.com$/,
    hostField: 'relative',
    hostAdvice: `In the Host field type only the part before your domain (e.g. _dmarc) and @ for the domain itself: ${RELATIVE}.`,
    warnings: ['Paste TXT values without quotes.'],
  },
  {
    id: 'ovh',
    name: 'OVHcloud',
    ns: /(^|\.)(ovh\.net|ovh\.ca|anycast\.me)$/,
    hostField: 'relative',
    hostAdvice: `In the Sub-domain field type only the part before your domain (e.g. _dmarc), empty for the domain itself: ${RELATIVE}.`,
    warnings: ['Paste TXT values without quotes; OVHcloud adds them in the zone file itself.'],
  },
  {
    id: 'digitalocean',
    name: 'DigitalOcean',
    ns: /^ns\d\.digitalocean\.com$/,
    hostField: 'relative',
    hostAdvice: `In the Hostname field type only the part before your domain (e.g. _dmarc) and @ for the domain itself: ${RELATIVE}.`,
    warnings: ["CNAME targets need no trailing dot in DigitalOcean's form; it adds one."],
  },
  {
    id: 'azure',
    name: 'Azure DNS',
    ns: /^ns\d-\d+\.azure-dns\.(com|net|org|info)$/,
    hostField: 'relative',
    hostAdvice:
      'In the record set Name type only the part before your domain (e.g. _dmarc), @ for the domain itself.',
    warnings: [],
  },
  {
    id: 'gandi',
    name: 'Gandi',
    ns: /\.gandi\.net$/,
    hostField: 'relative',
    hostAdvice: `In the Name field type only the part before your domain (e.g. _dmarc), @ for the domain itself: ${RELATIVE}.`,
    warnings: [],
  },
  {
    id: 'porkbun',
    name: 'Porkbun',
    ns: /\.porkbun\.com$/,
    hostField: 'relative',
    hostAdvice: `In the Host field type only the part before your domain (e.g. _dmarc), empty for the domain itself: ${RELATIVE}.`,
    warnings: [],
  },
];

// NS host name → the index of the first rule it matches (RULES.length: none). Every domain check
// recognises its provider, and a provider's few NS hosts serve many domains, so each host is
// tested against the rules' regexes once. Bounded: forgotten all at once when full.
const ruleOfHost = new Map<string, number>();
const MAX_REMEMBERED_HOSTS = 4096;

function firstRuleOf(ns: string): number {
  let index = ruleOfHost.get(ns);
  if (index === undefined) {
    index = RULES.findIndex((r) => r.ns.test(ns));
    if (index < 0) index = RULES.length;
    if (ruleOfHost.size >= MAX_REMEMBERED_HOSTS) ruleOfHost.clear();
    ruleOfHost.set(ns, index);
  }
  return index;
}

export function recognizeProvider(nameservers: readonly string[]): DnsProvider | null {
  const names = [...new Set(nameservers.map(canonicalName))].sort();
  // The first rule, in RULES order, that any of the names matches.
  const rule = RULES[Math.min(RULES.length, ...names.map(firstRuleOf))];
  if (!rule) return null;
  return {
    id: rule.id,
    name: rule.name,
    nameservers: names,
    hostField: rule.hostField,
    hostAdvice: rule.hostAdvice,
    warnings: rule.warnings,
  };
}

export const KNOWN_PROVIDER_IDS: readonly string[] = RULES.map((r) => r.id);

/** What to type in a provider's host field for `name` in the zone `apex`: relative, or @. */
export function hostFieldValue(name: string, apex: string): string {
  const n = canonicalName(name);
  const z = canonicalName(apex);
  if (n === z) return '@';
  if (z !== '' && n.endsWith(`.${z}`)) return n.slice(0, -(z.length + 1));
  return n;
}
