import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startSupervisedSandbox,
  type SupervisedSandbox,
} from '../../../src/main/sandbox-process/supervisor';
import { TLS_CERT_FILE } from '../../../src/sandbox/smtp/certificate';
import { authNeedsTls } from '../../../src/sandbox/smtp/session-guard';
import { createNetnsPair, type NetnsPair } from '../helpers/netns';
import { PYTHON } from '../helpers/run-tool';
import { prepareSender, SANDBOX_CHILD, type Sender } from '../helpers/sandbox-process';
import { createCleanup, makeTempDir } from '../helpers/temp-dir';

// AUTH from a peer that is not on loopback: the sandbox in a network namespace of the test's own,
// the client (Python's smtplib) in another one across a veth link, so the server sees a real
// network address. Before STARTTLS: no AUTH offered, and AUTH anyway is 538 5.7.11; after it,
// the same client logs in and sends, checking the certificate for the SMTP host's address.

const CLIENTS = fileURLToPath(new URL('../../fixtures/smtp-clients.py', import.meta.url));
const cleanup = createCleanup();
let net: NetnsPair;
let sandbox: SupervisedSandbox;
let sender: Sender;
let certFile: string;
const lines: string[] = [];

beforeAll(async () => {
  net = await createNetnsPair(cleanup);
  const temp = makeTempDir('kyrios-netns-sandbox-');
  cleanup.add(() => temp.remove());
  sender = await prepareSender(temp.dir);
  sandbox = await startSupervisedSandbox({
    launcher: net.launcher(net.server.ns, (line) => lines.push(line)),
    entry: SANDBOX_CHILD,
    options: {
      dataDir: temp.dir,
      host: net.server.address,
      dns: { authoritative: [], resolvers: [] },
    },
    log: (line) => lines.push(line),
  });
  cleanup.add(() => sandbox.close());
  certFile = join(temp.dir, 'presented-cert.pem');
  writeFileSync(certFile, readFileSync(join(temp.dir, TLS_CERT_FILE)));
}, 60_000);
afterAll(() => cleanup.run());

const python = (...args: string[]) => net.run(net.client.ns, PYTHON, [CLIENTS, ...args]);

describe('a client on the network, not on loopback', () => {
  it('is offered STARTTLS and not AUTH, and AUTH before STARTTLS is 538 5.7.11', async () => {
    expect(sandbox.smtp.host).toBe(net.server.address);
    const result = await python(
      'auth-before-tls',
      net.server.address,
      String(sandbox.smtp.port),
      sender.login,
      sender.password,
    );
    expect(result.stderr).toBe('');
    const replies = JSON.parse(result.stdout) as {
      ehlo: string[];
      auth: [number, string];
      mail: [number, string];
    };
    expect(replies.ehlo).toContain('STARTTLS');
    expect(replies.ehlo).toContain('ENHANCEDSTATUSCODES');
    expect(replies.ehlo.filter((f) => f.startsWith('AUTH'))).toEqual([]);
    expect(replies.auth).toEqual([538, '5.7.11 Encryption required: issue STARTTLS before AUTH']);
    expect(replies.mail).toEqual([530, '5.7.0 Authentication required']);
  });

  it('logs in and sends after STARTTLS, the certificate valid for the SMTP host it was given', async () => {
    const result = await python(
      'pinned',
      net.server.address,
      String(sandbox.smtp.port),
      net.server.address,
      certFile,
      sender.login,
      sender.password,
      sender.login,
    );
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe(`ok: TLSv1.3, certificate valid for ${net.server.address}`);
  });

  it('leaves the sandbox serving: /health from the peer, nothing broken', async () => {
    const health = await python('health', `${sandbox.api}/health`);
    expect(health.stdout.trim()).toBe('200');
    const { stats } = await sandbox.stats();
    expect(Object.values(stats.smtp.submission.broken).reduce((a, b) => a + b, 0)).toBe(0);
    expect(stats.smtp.submission.completed).toBe(2);
  });
});

describe('the rule, for the addresses a peer may have', () => {
  it('needs TLS before AUTH for any address but loopback, and never once on TLS', () => {
    for (const address of ['10.231.0.2', '192.0.2.7', '2001:db8::7', '::ffff:192.0.2.7']) {
      expect(authNeedsTls(address, false)).toBe(true);
      expect(authNeedsTls(address, true)).toBe(false);
    }
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) {
      expect(authNeedsTls(address, false)).toBe(false);
    }
  });
});
