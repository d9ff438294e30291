import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Domain } from '../../../src/shared/domain';
import { startDnsFixture } from '../../fixtures/dns/index';
import { createCleanup, makeTempDir } from '../helpers/temp-dir';

const root = resolve(import.meta.dirname, '../../..');
const cli = join(root, 'src/sandbox/cli.ts');

const cleanup = createCleanup();
afterEach(() => cleanup.run());

/** The first line an SMTP server sends on 127.0.0.1:port. */
function smtpGreeting(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.setEncoding('utf8');
    socket.once('error', reject);
    socket.once('data', (line: string) => {
      socket.destroy();
      resolve(line);
    });
  });
}

/** `npx tsx src/sandbox/cli.ts …` as a real child process (tsx loaded into node directly). */
function runCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  cleanup.add(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  return {
    child,
    exited,
    stdout: () => stdout,
    stderr: () => stderr,
    /** Resolves with stdout once it holds a full line. */
    firstLine: () =>
      new Promise<string>((done, fail) => {
        const check = () => {
          const end = stdout.indexOf('\n');
          if (end >= 0) done(stdout.slice(0, end));
        };
        child.stdout.on('data', check);
        child.once('exit', (code) => fail(new Error(`sandbox exited with ${code}: ${stderr}`)));
        check();
      }),
  };
}

describe('npm run sandbox (src/sandbox/cli.ts)', () => {
  it('prints exactly one JSON line when ready, serves that address with that key, and stops on SIGTERM', async () => {
    const temp = makeTempDir('kyrios-sandbox-cli-');
    cleanup.add(() => temp.remove());
    const run = runCli(['--port', '0', '--smtp-port', '0', '--mx-port', '0', '--data', temp.dir]);

    const line = await run.firstLine();
    const ready = JSON.parse(line) as Record<string, unknown>;
    expect(Object.keys(ready)).toEqual(['api', 'apiKey', 'smtp', 'mx']);
    expect(ready.api).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.apiKey).toMatch(/^kys_/);
    for (const service of ['smtp', 'mx'] as const) {
      const address = ready[service] as { host: string; port: number };
      expect(Object.keys(address)).toEqual(['host', 'port']);
      expect(address.host).toBe('127.0.0.1');
      expect(address.port).toBeGreaterThan(0);
      // A real SMTP server answers there.
      expect(await smtpGreeting(address.port)).toMatch(/^220 /);
    }
    const account = await fetch(`${String(ready.api)}/v1/account`, {
      headers: { authorization: `Bearer ${String(ready.apiKey)}` },
    });
    expect(((await account.json()) as { smtp: unknown }).smtp).toEqual(ready.smtp);

    const listed = await fetch(`${String(ready.api)}/v1/domains`, {
      headers: { authorization: `Bearer ${String(ready.apiKey)}` },
    });
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual({ domains: [] });
    expect(existsSync(join(temp.dir, 'sandbox.db'))).toBe(true);

    run.child.kill('SIGTERM');
    const [code] = await run.exited;
    expect(code).toBe(0);
    expect(run.stdout()).toBe(`${line}\n`);
    expect(run.stderr()).toBe('');
  });

  it('puts the service host names given as flags into the records it generates, and verifies against them', async () => {
    // A DNS of the test's own, serving the non-default service names and the new domain.
    const dns = await startDnsFixture({
      zones: [
        { origin: 'hosts.example.com' },
        {
          origin: 'acme-mail.test',
          records: [
            { name: 'spf.acme-mail.test', type: 'TXT', value: 'v=spf1 ip4:198.51.100.0/24 -all' },
            { name: 'in.acme-mail.test', type: 'A', value: '198.51.100.25' },
            { name: 'bounce.acme-mail.test', type: 'A', value: '198.51.100.26' },
            { name: 'click.acme-mail.test', type: 'A', value: '198.51.100.27' },
          ],
        },
      ],
    });
    cleanup.add(() => dns.close());
    const temp = makeTempDir('kyrios-sandbox-cli-');
    cleanup.add(() => temp.remove());
    const server = `${dns.host}:${dns.port}`;
    const run = runCli([
      ...['--port', '0', '--smtp-port', '0', '--mx-port', '0', '--data', temp.dir],
      ...['--authoritative', server, '--resolver', server],
      ...['--spf-include', 'spf.acme-mail.test', '--mx-host', 'in.acme-mail.test'],
      ...['--return-path-host', 'bounce.acme-mail.test', '--tracking-host', 'click.acme-mail.test'],
      ...['--dmarc-reports', 'rua@acme-mail.test', '--dkim-selector', 'acme2026'],
      ...['--dedicated-ip', '198.51.100.7'],
    ]);
    const ready = JSON.parse(await run.firstLine()) as { api: string; apiKey: string };
    const api = (path: string, body?: unknown) =>
      fetch(`${ready.api}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          authorization: `Bearer ${ready.apiKey}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });

    expect(await (await api('/v1/account')).json()).toMatchObject({ dedicatedIp: '198.51.100.7' });
    const created = await api('/v1/domains', { name: 'hosts.example.com' });
    expect(created.status).toBe(201);
    const domain = (await created.json()) as Domain;
    const byPurpose = Object.fromEntries(domain.records.map((r) => [r.purpose, r]));
    expect(byPurpose.spf?.value).toBe('v=spf1 include:spf.acme-mail.test ~all');
    expect(byPurpose.mx).toMatchObject({ value: 'in.acme-mail.test', priority: 10 });
    expect(byPurpose.return_path?.value).toBe('bounce.acme-mail.test');
    expect(byPurpose.tracking?.value).toBe('click.acme-mail.test');
    expect(byPurpose.dmarc?.value).toBe('v=DMARC1; p=none; rua=mailto:rua@acme-mail.test');
    expect(byPurpose.dkim?.name).toBe('acme2026._domainkey.hosts.example.com');
    expect(JSON.stringify(domain.records)).not.toContain('sandbox.kyrios.test');

    // Published as generated, the records verify against those names.
    for (const r of domain.records) {
      dns.setRecords(r.name, r.type, [
        r.type === 'MX' ? `${r.priority ?? 10} ${r.value}` : r.value,
      ]);
    }
    const verified = await api(`/v1/domains/${domain.id}/verify`, {});
    expect(verified.status).toBe(200);
    expect(((await verified.json()) as { domain: Domain }).domain.status).toBe('verified');

    run.child.kill('SIGTERM');
    expect((await run.exited)[0]).toBe(0);
  });

  it.each([
    ['--port', 'abc'],
    ['--port', '70000'],
    ['--smtp-port', '-1'],
    ['--mx-port', 'x'],
    ['--authoritative', 'ns1.example.com:53'],
    ['--resolver', '127.0.0.1:99999'],
    ['--mx-host', 'MX.example.com'],
    ['--spf-include', 'localhost'],
    ['--dmarc-reports', 'reports.example.com'],
    ['--dkim-selector', 'bad_selector'],
    ['--dedicated-ip', '2001:db8::1'],
  ])('exits 2 with usage on %s %s', async (option, value) => {
    const temp = makeTempDir('kyrios-sandbox-cli-');
    cleanup.add(() => temp.remove());
    const run = runCli([option, value, '--data', temp.dir]);
    const [code] = await run.exited;
    expect(code).toBe(2);
    expect(run.stdout()).toBe('');
    expect(run.stderr()).toContain(option);
    expect(run.stderr()).toContain('Usage:');
    expect(existsSync(join(temp.dir, 'sandbox.db'))).toBe(false);
  });

  it('exits 2 on an unknown option', async () => {
    const run = runCli(['--nope']);
    const [code] = await run.exited;
    expect(code).toBe(2);
    expect(run.stdout()).toBe('');
    expect(run.stderr()).toContain('Usage:');
  });
});
