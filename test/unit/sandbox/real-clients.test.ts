import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListenerName } from '../../../src/sandbox/smtp/session-guard';
import { startSandboxProcess, type SandboxProcess } from '../helpers/sandbox-process';
import { PYTHON, runTool } from '../helpers/run-tool';
import { createCleanup } from '../helpers/temp-dir';

// Mail tools people really use, which the project did not write (swaks, openssl s_client, Python's
// smtplib and ssl), against the embedded sandbox in its own process as the app runs it. Each of
// them once ended the whole process with an unhandled 'error'. After each case: the same process
// still answers /health, a normal authenticated send goes through, and the broken session was
// counted and logged as one line.

const CLIENTS = fileURLToPath(new URL('../../fixtures/smtp-clients.py', import.meta.url));
const cleanup = createCleanup();
let sb: SandboxProcess;
let pid: number | undefined;
let certFile: string;

beforeAll(async () => {
  sb = await startSandboxProcess(cleanup);
  pid = sb.sandbox.pid();
  certFile = join(sb.dataDir, 'presented-cert.pem');
  writeFileSync(certFile, sb.certificate());
}, 60_000);
afterAll(() => cleanup.run());

const port = (listener: ListenerName) =>
  listener === 'submission' ? sb.sandbox.smtp.port : sb.sandbox.mx.port;
const brokenLine = (listener: ListenerName, kind: string) =>
  new RegExp(`^sandbox smtp ${listener}: broken session from 127\\.0\\.0\\.1:\\d+ \\(${kind} `);

/** Waits for the n-th broken-session line of that kind, then checks the sandbox is fine. */
async function survived(listener: ListenerName, kind: string, count: number): Promise<string> {
  const lines = await sb.linesMatching(brokenLine(listener, kind), count);
  const { stats } = await sb.sandbox.stats();
  expect(stats.smtp[listener].broken[kind as 'reset']).toBe(count);
  expect(sb.sandbox.pid()).toBe(pid);
  expect(sb.sandbox.state().status).toBe('running');
  expect(await sb.health()).toBe(200);
  expect(await sb.send()).toMatch(/^250 2\.6\.0 Message accepted as msg_/);
  // One line, the peer's fault: no stack trace anywhere in what the process wrote.
  expect(sb.lines.filter((line) => /^\s+at /.test(line))).toEqual([]);
  return lines.at(-1) ?? '';
}

describe.each(['submission', 'mx'] as const)('%s listener', (listener) => {
  it("survives Python's smtplib refusing the self-signed certificate (ssl.create_default_context())", async () => {
    const before = (await sb.sandbox.stats()).stats.smtp[listener].broken.tls_handshake;
    const result = await runTool(PYTHON, [
      CLIENTS,
      'default-context',
      '127.0.0.1',
      String(port(listener)),
    ]);
    expect(result.stdout).toMatch(/^refused: self[- ]signed certificate/);
    const line = await survived(listener, 'tls_handshake', before + 1);
    expect(line).toMatch(/\(tls_handshake during STARTTLS, [\d.]+ s\): .*alert unknown ca/);
  });

  it('survives openssl s_client -starttls smtp -verify_return_error', async () => {
    const before = (await sb.sandbox.stats()).stats.smtp[listener].broken.tls_handshake;
    const result = await runTool('openssl', [
      's_client',
      '-starttls',
      'smtp',
      '-connect',
      `127.0.0.1:${port(listener)}`,
      '-verify_return_error',
    ]);
    expect(`${result.stdout}${result.stderr}`).toMatch(/self[- ]signed certificate/);
    expect(result.code).not.toBe(0);
    await survived(listener, 'tls_handshake', before + 1);
  });

  it.each(['-tls1', '-tls1_1'])(
    'refuses a %s handshake with a protocol_version alert',
    async (flag) => {
      const before = (await sb.sandbox.stats()).stats.smtp[listener].broken.tls_handshake;
      const result = await runTool('openssl', [
        's_client',
        '-starttls',
        'smtp',
        '-connect',
        `127.0.0.1:${port(listener)}`,
        flag,
        // Debian's OpenSSL does not even offer TLS 1.0/1.1 at its default security level.
        '-cipher',
        'DEFAULT:@SECLEVEL=0',
      ]);
      expect(result.stderr).toMatch(/alert protocol version/);
      await survived(listener, 'tls_handshake', before + 1);
    },
  );

  it('accepts a client that pins the certificate and checks the announced name and the SMTP host', async () => {
    const announced =
      listener === 'submission' ? 'smtp.sandbox.kyrios.test' : 'mx.sandbox.kyrios.test';
    for (const name of [announced, '127.0.0.1']) {
      const result = await runTool(PYTHON, [
        CLIENTS,
        'pinned',
        '127.0.0.1',
        String(port(listener)),
        name,
        certFile,
        ...(listener === 'submission'
          ? [sb.sender.login, sb.sender.password, sb.sender.login]
          : []),
      ]);
      expect(result.stderr).toBe('');
      expect(result.stdout.trim()).toBe(`ok: TLSv1.3, certificate valid for ${name}`);
    }
    const verified = await runTool('openssl', [
      's_client',
      '-starttls',
      'smtp',
      '-connect',
      `127.0.0.1:${port(listener)}`,
      '-CAfile',
      certFile,
      '-verify_hostname',
      announced,
      '-verify_return_error',
    ]);
    expect(verified.stdout).toMatch(/Verify return code: 0 \(ok\)/);
  });
});

describe('resets in the middle of a transaction', () => {
  it('a reset after RCPT TO on submission: one line, and the reserved recipient is given back', async () => {
    const sent = await sb.sentToday();
    const result = await runTool(PYTHON, [
      CLIENTS,
      'reset',
      '127.0.0.1',
      String(sb.sandbox.smtp.port),
      'submission',
      sb.sender.login,
      sb.sender.password,
    ]);
    expect(result.stdout.trim()).toBe('reset after RCPT TO (250)');
    const line = await survived('submission', 'reset', 1);
    expect(line).toMatch(/\(reset after RCPT TO, [\d.]+ s\): (read )?ECONNRESET/);
    // The normal send in survived() counted one: the reset one was given back.
    expect(await sb.sentToday()).toBe(sent + 1);
  });

  it('a reset after MAIL FROM on the MX: one line, the MX keeps serving', async () => {
    const result = await runTool(PYTHON, [
      CLIENTS,
      'reset',
      '127.0.0.1',
      String(sb.sandbox.mx.port),
      'mx',
    ]);
    expect(result.stdout.trim()).toBe('reset after MAIL FROM (250)');
    const line = await survived('mx', 'reset', 1);
    expect(line).toMatch(/\(reset after MAIL FROM, [\d.]+ s\): (read )?ECONNRESET/);
  });
});

describe('swaks', () => {
  it('sends with STARTTLS and AUTH (the normal case)', async () => {
    const result = await runTool('swaks', [
      '--server',
      `127.0.0.1:${sb.sandbox.smtp.port}`,
      '--tls',
      '--auth',
      'PLAIN',
      '--auth-user',
      sb.sender.login,
      '--auth-password',
      sb.sender.password,
      '--from',
      sb.sender.login,
      '--to',
      'someone@example.org',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/<~ {2}250 2\.6\.0 Message accepted as msg_/);
  });

  it('survives swaks --tls-verify refusing the self-signed certificate', async () => {
    const before = (await sb.sandbox.stats()).stats.smtp.submission.broken.tls_handshake;
    const result = await runTool('swaks', [
      '--server',
      `127.0.0.1:${sb.sandbox.smtp.port}`,
      '--tls',
      '--tls-verify',
      '--from',
      sb.sender.login,
      '--to',
      'someone@example.org',
    ]);
    expect(result.code).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toMatch(
      /TLS startup failed|certificate verify failed/,
    );
    await survived('submission', 'tls_handshake', before + 1);
  });
});
