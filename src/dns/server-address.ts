import { isIP } from 'node:net';

/** A DNS server reachable by IP address and port (names are resolved before they get here). */
export interface ServerAddress {
  host: string;
  port: number;
  /** Shown beside the address in results: an NS host name or a resolver's name. */
  label?: string;
}

export class ServerAddressError extends Error {
  override name = 'ServerAddressError';
}

interface Formatted {
  host: string;
  port: number;
  text: string;
  key: string;
}

// Remembered per server object, since isIP is regex work and every query and every result cell
// formats its server; checked against the object's current host and port, so never stale.
const formatted = new WeakMap<object, Formatted>();

function format(server: Pick<ServerAddress, 'host' | 'port'>): Formatted {
  let f = formatted.get(server);
  if (f === undefined || f.host !== server.host || f.port !== server.port) {
    const text =
      isIP(server.host) === 6 ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`;
    f = { host: server.host, port: server.port, text, key: text.toLowerCase() };
    formatted.set(server, f);
  }
  return f;
}

/** `192.0.2.1:53`, `[2001:db8::1]:53`: the form used in results and in the CLI. */
export function formatServer(server: Pick<ServerAddress, 'host' | 'port'>): string {
  return format(server).text;
}

/** Identity of a server for limits and caches. */
export function serverKey(server: Pick<ServerAddress, 'host' | 'port'>): string {
  return format(server).key;
}

export interface HostPort {
  host: string;
  port: number;
}

/**
 * Parses HOST[:PORT] as the CLI takes it: an IPv4 address or host name with an optional port,
 * `[IPv6]:PORT`, or a bare IPv6 address. The port defaults to 53.
 */
export function parseHostPort(text: string, defaultPort = 53): HostPort {
  const input = text.trim();
  let host: string;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(input);
  if (bracketed) {
    host = bracketed[1] ?? '';
    portText = bracketed[2];
  } else if (isIP(input) === 6) {
    host = input;
  } else {
    const colon = input.lastIndexOf(':');
    if (colon >= 0 && input.indexOf(':') === colon) {
      host = input.slice(0, colon);
      portText = input.slice(colon + 1);
    } else {
      host = input;
    }
  }
  if (host === '' || /[\s/]/.test(host)) {
    throw new ServerAddressError(`"${text}" is not HOST[:PORT]`);
  }
  if (bracketed && isIP(host) !== 6) {
    throw new ServerAddressError(`"${text}": brackets are for IPv6 addresses`);
  }
  let port = defaultPort;
  if (portText !== undefined) {
    port = Number(portText);
    if (!/^\d{1,5}$/.test(portText) || port < 1 || port > 65535) {
      throw new ServerAddressError(`"${text}": the port must be a number from 1 to 65535`);
    }
  }
  return { host, port };
}

/** Like parseHostPort, but the host must already be an IP address. */
export function parseServerAddress(text: string, defaultPort = 53): ServerAddress {
  const hp = parseHostPort(text, defaultPort);
  if (isIP(hp.host) === 0) throw new ServerAddressError(`"${text}": expected an IP address`);
  return hp;
}

/** Keeps the first server of each address, so one machine listed twice is asked once. */
export function uniqueServers<T extends Pick<ServerAddress, 'host' | 'port'>>(servers: T[]): T[] {
  const seen = new Set<string>();
  return servers.filter((s) => {
    const key = serverKey(s);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
