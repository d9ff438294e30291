import { describe, expect, it } from 'vitest';
import { KNOWN_PROVIDER_IDS, recognizeProvider } from '../../../src/dns';
import { EMPTY_APEX_PROVIDER_IDS, hostForProvider } from '../../../src/shared/host-field';

const provider = (id: string) => ({ id });

describe('hostForProvider: what "Copy host" puts in the recognised provider’s host field', () => {
  it('gives the part before the domain, and @ for the domain itself where providers take it', () => {
    expect(hostForProvider('_dmarc.shop.test', 'shop.test', null)).toBe('_dmarc');
    expect(hostForProvider('shop.test', 'shop.test', null)).toBe('@');
    expect(hostForProvider('shop.test', 'shop.test', provider('cloudflare'))).toBe('@');
    expect(hostForProvider('shop.test', 'shop.test', provider('godaddy'))).toBe('@');
  });

  it('leaves the field empty for the domain itself at Route 53, Google Cloud DNS, OVHcloud and Porkbun', () => {
    for (const id of ['route53', 'google_cloud_dns', 'ovh', 'porkbun']) {
      expect(hostForProvider('shop.test', 'shop.test', provider(id))).toBe('');
      expect(hostForProvider('kbounce.shop.test', 'shop.test', provider(id))).toBe('kbounce');
    }
  });

  it('names only providers the DNS engine recognises, and every one whose advice says "empty"', () => {
    for (const id of EMPTY_APEX_PROVIDER_IDS) expect(KNOWN_PROVIDER_IDS).toContain(id);
    const nameservers: Record<string, string> = {
      route53: 'ns-1.awsdns-01.com',
      google_cloud_dns: 'ns-cloud-a1.googledomains.com',
      ovh: 'dns1.ovh.net',
      porkbun: 'curitiba.ns.porkbun.com',
      godaddy: 'ns1.domaincontrol.com',
      cloudflare: 'ada.ns.cloudflare.com',
    };
    for (const [id, ns] of Object.entries(nameservers)) {
      const recognised = recognizeProvider([ns]);
      expect(recognised?.id).toBe(id);
      if (recognised && /\bempty\b/.test(recognised.hostAdvice)) {
        expect(EMPTY_APEX_PROVIDER_IDS).toContain(id);
      }
    }
  });
});
