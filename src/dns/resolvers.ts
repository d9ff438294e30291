import { getServers } from 'node:dns';
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { uniqueServers } from './server-address';
import type { ServerAddress } from './server-address';

/**
 * The resolvers a check compares with the authoritative servers: the machine's own (what this
 * user's mail client and browser see) plus well-known public ones (what most recipients see).
 */

export const PUBLIC_RESOLVERS: readonly ServerAddress[] = [
  { host: '1.1.1.1', port: 53, label: 'Cloudflare' },
  { host: '8.8.8.8', port: 53, label: 'Google Public DNS' },
  { host: '9.9.9.9', port: 53, label: 'Quad9' },
];

/** `nameserver` lines of a resolv.conf; a zone index (`fe80::1%eth0`) is dropped with the address. */
export function parseResolvConf(text: string): ServerAddress[] {
  const servers: ServerAddress[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*nameserver\s+(\S+)/.exec(line);
    const host = match?.[1];
    if (!host || isIP(host) === 0) continue;
    servers.push({ host, port: 53, label: 'system' });
  }
  return servers;
}

function fromServerList(list: string[]): ServerAddress[] {
  const servers: ServerAddress[] = [];
  for (const entry of list) {
    const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(entry);
    const withPort = /^([\d.]+):(\d+)$/.exec(entry);
    const host = bracketed?.[1] ?? withPort?.[1] ?? entry;
    const port = Number(bracketed?.[2] ?? withPort?.[2] ?? 53);
    if (isIP(host) !== 0) servers.push({ host, port, label: 'system' });
  }
  return servers;
}

/**
 * The OS's resolvers: /etc/resolv.conf where it exists (Linux, macOS), else what Node's resolver
 * found in the OS configuration (Windows).
 */
export async function systemResolvers(path = '/etc/resolv.conf'): Promise<ServerAddress[]> {
  try {
    const parsed = parseResolvConf(await readFile(path, 'utf8'));
    if (parsed.length > 0) return parsed;
  } catch {
    // No resolv.conf here: fall back to the OS configuration Node read at start-up.
  }
  return fromServerList(getServers());
}

/** System resolvers first (they matter to this user), then the public list, each address once. */
export async function defaultResolvers(
  publicList: readonly ServerAddress[] = PUBLIC_RESOLVERS,
): Promise<ServerAddress[]> {
  return uniqueServers([...(await systemResolvers()), ...publicList]);
}
