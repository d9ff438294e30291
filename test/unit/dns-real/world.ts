import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { decode } from 'dns-packet';
import type { ServerAddress } from '../../../src/dns/index';
import { cases } from './cases';
import type { Case } from './cases';
import { Lab } from './lab';
import { kyriosZone, zoneText } from './zones';
import type { Addresses, Rr } from './zones';

/**
 * The lab's world, started once per test file: Debian's BIND 9 authoritative for a root, a signed
 * `test.` and a zone per case (some signed, some deliberately bogus); NSD for a delegated
 * `_domainkey` subzone and a lagging secondary; Unbound as the caching resolver, validating from
 * `test.`'s trust anchor; and, on one address, a server that never answers.
 */

export interface World {
  lab: Lab;
  addresses: Addresses;
  resolver: ServerAddress;
  cases: Map<string, Case>;
  /** A real DKIM key pair: the public key as published, the private key file for opendkim. */
  dkim: { publicKey: string; privateKeyFile: string };
  /** Questions the never-answering server got: name, type and the sender's address. */
  silentLog: { name: string; type: string; from: string }[];
  /** Rewrites a case's zone on BIND and waits until BIND serves it. */
  republish: (domain: string, rrs: Rr[], serial: number) => Promise<void>;
  close: () => Promise<void>;
}

function sh(dir: string, command: string, args: string[]): string {
  return execFileSync(command, args, { cwd: dir, encoding: 'utf8' }).trim();
}

const KEY_ALGORITHM = 'ECDSAP256SHA256';

/** A key for the zone in `keyDir`: its base name (`Kzone.+013+12345`). */
function keygen(dir: string, keyDir: string, zone: string, ksk: boolean): string {
  return sh(dir, 'dnssec-keygen', [
    '-q',
    '-K',
    keyDir,
    '-a',
    KEY_ALGORITHM,
    ...(ksk ? ['-f', 'KSK'] : []),
    zone,
  ]);
}

function dsOf(dir: string, keyDir: string, key: string): string {
  return sh(dir, 'dnssec-dsfromkey', ['-2', join(keyDir, `${key}.key`)]);
}

/**
 * Signs `file` (a zone without keys) with a new KSK and ZSK; returns the signed file and the DS.
 * `expired`: signatures valid in 2020 only (dnssec-signzone's own check of them is skipped).
 */
function sign(
  dir: string,
  zone: string,
  file: string,
  expired = false,
): { file: string; ds: string } {
  const keyDir = join(dir, 'keys');
  const ksk = keygen(dir, keyDir, zone, true);
  const zsk = keygen(dir, keyDir, zone, false);
  const text = readFileSync(join(dir, file), 'utf8');
  const keys = [ksk, zsk].map((k) => `$INCLUDE ${join(keyDir, `${k}.key`)}`).join('\n');
  writeFileSync(join(dir, file), `${text}${keys}\n`);
  const signed = `${file}.signed`;
  sh(dir, 'dnssec-signzone', [
    '-q',
    '-K',
    keyDir,
    '-o',
    zone,
    ...(expired ? ['-P', '-s', '20200101000000', '-e', '20200201000000'] : []),
    '-f',
    signed,
    file,
    ksk,
    zsk,
  ]);
  return { file: signed, ds: dsOf(dir, keyDir, ksk) };
}

/** A server that reads every question and never answers, over UDP and TCP. */
async function silentServer(host: string, log: World['silentLog']): Promise<() => Promise<void>> {
  const udp = createSocket('udp4');
  udp.on('message', (msg, from) => {
    try {
      const q = decode(msg).questions?.[0];
      if (q) log.push({ name: q.name, type: q.type, from: from.address });
    } catch {
      // Not DNS: nothing to log.
    }
  });
  await new Promise<void>((resolve) => udp.bind(53, host, resolve));
  const sockets = new Set<Socket>();
  const tcp = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => tcp.listen(53, host, resolve));
  return async () => {
    for (const s of sockets) s.destroy();
    await Promise.all([
      new Promise<void>((resolve) => udp.close(() => resolve())),
      new Promise<void>((resolve) => tcp.close(() => resolve())),
    ]);
  };
}

/** In-bailiwick nameservers of a case, as A records (in its own zone, and as glue above it). */
function nameserverAddresses(c: Case): Rr[] {
  return Object.entries(c.nameservers)
    .filter(([host]) => host.endsWith(`.${c.domain}`))
    .map(([host, address]) => ({ name: host, type: 'A', value: address }));
}

export async function startWorld(): Promise<World> {
  const lab = Lab.create(4);
  const stops: (() => Promise<void>)[] = [];
  try {
    return await build(lab, stops);
  } catch (err) {
    await Promise.all(stops.map((s) => s()));
    await lab.close();
    throw err;
  }
}

async function build(lab: Lab, stops: (() => Promise<void>)[]): Promise<World> {
  const { dir } = lab;
  mkdirSync(join(dir, 'keys'));
  mkdirSync(join(dir, 'other-keys'));
  const a: Addresses = {
    bind: lab.address(1),
    nsd: lab.address(2),
    refused: lab.address(3),
    silent: lab.address(4),
  };
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKey = pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const privateKeyFile = join(dir, 'dkim.pem');
  writeFileSync(privateKeyFile, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), {
    mode: 0o600,
  });
  const list = cases(a, publicKey);
  const write = (file: string, text: string): string => {
    writeFileSync(join(dir, file), text);
    return file;
  };

  // Case zones first: the DS records of the signed ones go into `test.`.
  const bindZones: { origin: string; file: string }[] = [];
  const ds: string[] = [];
  for (const c of list) {
    if (!c.bind) continue;
    const ns = Object.keys(c.nameservers);
    const file = write(
      `${c.domain}.zone`,
      zoneText(c.domain, ns, [...nameserverAddresses(c), ...c.bind]),
    );
    if (c.signing === 'signed' || c.signing === 'expired' || c.signing === 'ds-mismatch') {
      const signed = sign(dir, c.domain, file, c.signing === 'expired');
      bindZones.push({ origin: c.domain, file: signed.file });
      if (c.signing === 'ds-mismatch') {
        // The DS of a key the zone does not have: keys rolled without telling the registrar.
        ds.push(
          dsOf(dir, join(dir, 'other-keys'), keygen(dir, join(dir, 'other-keys'), c.domain, true)),
        );
      } else ds.push(signed.ds);
    } else {
      bindZones.push({ origin: c.domain, file });
      if (c.signing === 'ds-only') {
        ds.push(
          dsOf(dir, join(dir, 'other-keys'), keygen(dir, join(dir, 'other-keys'), c.domain, true)),
        );
      }
    }
  }

  const tld: Rr[] = [
    { name: 'ns1.test', type: 'A', value: a.bind },
    { name: 'ns.keyhost.test', type: 'A', value: a.nsd },
    { name: 'kyrios.test', type: 'NS', value: 'ns1.kyrios.test' },
    { name: 'ns1.kyrios.test', type: 'A', value: a.bind },
    ...list.flatMap((c) => [
      ...Object.keys(c.nameservers).map((host) => ({ name: c.domain, type: 'NS', value: host })),
      ...nameserverAddresses(c),
    ]),
  ];
  const tldFile = write('test.zone', `${zoneText('test', ['ns1.test'], tld)}${ds.join('\n')}\n`);
  const tldSigned = sign(dir, 'test', tldFile);
  write(
    'root.zone',
    zoneText(
      '.',
      ['ns1.test'],
      [
        { name: 'test', type: 'NS', value: 'ns1.test' },
        { name: 'cloudflare.com', type: 'NS', value: 'ns1.test' },
        { name: 'ns1.test', type: 'A', value: a.bind },
      ],
    ),
  );
  write('kyrios.test.zone', zoneText('kyrios.test', ['ns1.kyrios.test'], kyriosZone(a, publicKey)));
  write(
    'cloudflare.com.zone',
    zoneText(
      'cloudflare.com',
      ['ns1.test'],
      [
        { name: 'ada.ns.cloudflare.com', type: 'A', value: a.bind },
        { name: 'bob.ns.cloudflare.com', type: 'A', value: a.bind },
      ],
    ),
  );
  const zones = [
    { origin: '.', file: 'root.zone' },
    { origin: 'test', file: tldSigned.file },
    { origin: 'kyrios.test', file: 'kyrios.test.zone' },
    { origin: 'cloudflare.com', file: 'cloudflare.com.zone' },
    ...bindZones,
  ];
  write(
    'named.conf',
    `options {
  directory "${dir}";
  pid-file "${dir}/named.pid";
  session-keyfile "${dir}/session.key";
  managed-keys-directory "${dir}";
  listen-on port 53 { ${a.bind}; };
  listen-on-v6 { none; };
  recursion no;
  dnssec-validation no;
  allow-query { any; };
  notify no;
};
controls { };
${zones.map((z) => `zone "${z.origin}" { type primary; file "${dir}/${z.file}"; };`).join('\n')}
`,
  );

  // NSD: the delegated DKIM subzone of ok.test, and the lagging second server of disagree.test.
  const ok = list.find((c) => c.domain === 'ok.test');
  const dkimRecord = ok?.expected.records.find((r) => r.purpose === 'dkim');
  write(
    '_domainkey.ok.test.zone',
    zoneText(
      '_domainkey.ok.test',
      ['ns.keyhost.test'],
      [{ name: dkimRecord?.name ?? '', type: 'TXT', value: dkimRecord?.value ?? '' }],
    ),
  );
  const nsdZones = ['_domainkey.ok.test'];
  for (const c of list) {
    if (!c.nsd) continue;
    write(
      `${c.domain}.nsd.zone`,
      zoneText(c.domain, Object.keys(c.nameservers), [...nameserverAddresses(c), ...c.nsd]),
    );
    nsdZones.push(c.domain);
  }
  write(
    'nsd.conf',
    `server:
  ip-address: ${a.nsd}@53
  username: ""
  chroot: ""
  zonesdir: "${dir}"
  pidfile: "${dir}/nsd.pid"
  database: ""
  zonelistfile: "${dir}/zone.list"
  xfrdfile: "${dir}/xfrd.state"
  xfrdir: "${dir}"
  server-count: 1
  verbosity: 1
  reuseport: no
remote-control:
  control-enable: no
${nsdZones
  .map(
    (z) =>
      `zone:\n  name: "${z}"\n  zonefile: "${dir}/${z}${z === '_domainkey.ok.test' ? '' : '.nsd'}.zone"`,
  )
  .join('\n')}
`,
  );

  const anchor = tldSigned.ds.replace(/\s+/g, ' ');
  write('root.hints', `. 3600000 NS ns1.test.\nns1.test. 3600000 A ${a.bind}\n`);
  write(
    'unbound.conf',
    `server:
  interface: ${lab.address(53)}
  port: 53
  outgoing-interface: ${lab.address(53)}
  do-ip6: no
  username: ""
  chroot: ""
  directory: "${dir}"
  pidfile: "${dir}/unbound.pid"
  use-syslog: no
  logfile: ""
  verbosity: 1
  num-threads: 1
  so-reuseport: no
  access-control: 127.0.0.0/8 allow
  do-not-query-localhost: no
  root-hints: "${dir}/root.hints"
  module-config: "validator iterator"
  trust-anchor: "${anchor}"
  local-zone: "test." nodefault
  qname-minimisation: no
  aggressive-nsec: no
  prefetch: no
  minimal-responses: yes
`,
  );

  const silentLog: World['silentLog'] = [];
  stops.push(await silentServer(a.silent, silentLog));
  const [named] = await Promise.all([
    lab.start('named', 'named', ['-g', '-4', '-c', join(dir, 'named.conf')], /\brunning\b/),
    lab.start('nsd', 'nsd', ['-d', '-c', join(dir, 'nsd.conf')], /nsd started/),
    lab.start('unbound', 'unbound', ['-d', '-c', join(dir, 'unbound.conf')], /start of service/),
  ]);

  return {
    lab,
    addresses: a,
    resolver: { host: lab.address(53), port: 53, label: 'unbound' },
    cases: new Map(list.map((c) => [c.domain, c])),
    dkim: { publicKey, privateKeyFile },
    silentLog,
    republish: async (domain, rrs, serial) => {
      const c = list.find((x) => x.domain === domain);
      if (!c) throw new Error(`no case ${domain}`);
      write(
        `${domain}.zone`,
        zoneText(domain, Object.keys(c.nameservers), [...nameserverAddresses(c), ...rrs], serial),
      );
      const loaded = lab.waitFor(
        named,
        new RegExp(`zone ${domain.replace(/\./g, '\\.')}/IN: loaded serial ${serial}`),
      );
      named.child.kill('SIGHUP');
      await loaded;
    },
    close: async () => {
      await Promise.all(stops.map((s) => s()));
      await lab.close();
    },
  };
}
