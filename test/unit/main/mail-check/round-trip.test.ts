import { generateKeyPairSync } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../../../../src/main/app-core';
import { openAppDatabase } from '../../../../src/main/db/app-database';
import { createMailChecksRepo } from '../../../../src/main/db/mail-checks-repo';
import type { SmtpUserView, Verified } from '../../../../src/shared/contract';
import type { Domain } from '../../../../src/shared/domain';
import type { Result } from '../../../../src/shared/errors';
import type { MailHistoryEntry, TestSendResult } from '../../../../src/shared/mail-check';
import type { AuditEntry } from '../../../../src/shared/audit';
import { DEFAULT_SERVICE_HOSTS } from '../../../../src/sandbox/settings';
import { startVerificationDns, type VerificationDns } from '../../helpers/sandbox-dns';
import { createCleanup, makeTempDir } from '../../helpers/temp-dir';

// The round trip at service level, on the app core with its embedded sandbox: create an SMTP user,
// send a test message through submission (STARTTLS, AUTH), read it back, and see DKIM, SPF and
// DMARC pass for a correctly published domain; change the DKIM record after verification and see
// the exact failure with its fix. The browser round trip comes with the screens.
const cleanup = createCleanup();
const hosts = DEFAULT_SERVICE_HOSTS;
let dns: VerificationDns;
let core: AppCore;
let dataDir: string;
let domain: Domain;
let alice: { user: SmtpUserView; password: string };

function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

async function startCore(): Promise<AppCore> {
  const started = await createAppCore({
    dataDir,
    mode: 'browser',
    version: '0.0.0-test',
    background: { enabled: false },
    dns: { authoritative: dns.dns.authoritative ?? [], resolvers: dns.dns.resolvers ?? [] },
  });
  cleanup.add(() => started.close());
  return started;
}

beforeAll(async () => {
  dns = await startVerificationDns(cleanup, ['shop.test']);
  // The service's own zone: SPF at the return-path host, its include covering the dedicated IP.
  dns.fixture.setRecords(hosts.returnPathHost, 'TXT', [`v=spf1 include:${hosts.spfInclude} -all`]);
  dns.fixture.setRecords(hosts.spfInclude, 'TXT', [`v=spf1 ip4:${hosts.dedicatedIp} -all`]);
  const temp = makeTempDir('kyrios-mail-round-trip-');
  cleanup.add(() => temp.remove());
  dataDir = temp.dir;
  core = await startCore();
  const added = value<Domain>(await core.dispatch('domains:add', { name: 'shop.test' }));
  dns.publish(added);
  domain = value<Verified>(await core.dispatch('domains:verify', { domainId: added.id })).domain;
  alice = value(await core.dispatch('smtp:create', { domainId: domain.id, login: 'alice' }));
}, 60_000);
afterAll(() => cleanup.run());

const testSend = async (to?: string) =>
  value<TestSendResult>(
    await core.dispatch('mail:test-send', {
      domainId: domain.id,
      userId: alice.user.id,
      password: alice.password,
      ...(to ? { to } : {}),
    }),
  );

describe('test send, read back, checked', () => {
  it('to the domain itself (its mail arrives at Kyrios): DKIM, SPF and DMARC pass', async () => {
    expect(domain.status).toBe('verified');
    const sent = await testSend();
    expect(sent).toMatchObject({
      accepted: true,
      to: 'alice@shop.test',
      readBack: 'inbound',
      error: null,
    });
    expect(sent.transcript.map((s) => s.command.split(' ')[0])).toEqual([
      'connect',
      'EHLO',
      'STARTTLS',
      'TLS',
      'EHLO',
      'AUTH',
      'MAIL',
      'RCPT',
      'DATA',
      'the',
      'QUIT',
    ]);
    expect(sent.transcript.every((s) => s.ok)).toBe(true);
    const check = sent.check;
    expect(check?.status).toBe('pass');
    expect(check?.connection).toMatchObject({ ip: hosts.dedicatedIp, source: 'received' });
    expect([check?.spf.result, check?.spf.domain]).toEqual(['pass', 'kbounce.shop.test']);
    expect(check?.dkim.map((d) => [d.result, d.domain, d.selector, d.aligned])).toEqual([
      ['pass', 'shop.test', 'kyrios1', true],
    ]);
    expect(check?.dmarc).toMatchObject({ result: 'pass', spfAligned: true, dkimAligned: true });
    expect(check?.fixes).toEqual([]);
  });

  it('to an outside address (the outbox): checked as its receiver will see it', async () => {
    const sent = await testSend('friend@elsewhere.example');
    expect(sent).toMatchObject({ accepted: true, readBack: 'outbox' });
    expect(sent.queueId).toMatch(/^msg_/);
    expect(sent.check?.connection).toEqual({
      ip: hosts.dedicatedIp,
      helo: null,
      source: 'given',
      receivedBy: null,
    });
    expect(sent.check?.envelopeFrom).toBe(
      `bounce-${sent.queueId}-alice=shop.test@kbounce.shop.test`,
    );
    expect([sent.check?.spf.result, sent.check?.dkim[0]?.result, sent.check?.dmarc.result]).toEqual(
      ['pass', 'pass', 'pass'],
    );
    // A test send is an action taken from the app: the audit log has it, never the password.
    const audit = value<{ entries: AuditEntry[] }>(await core.dispatch('audit:list', {}));
    expect(audit.entries[0]).toMatchObject({
      action: 'smtp_test_sent',
      target: 'alice@shop.test',
      detail: {
        domain: 'shop.test',
        recipient: 'friend@elsewhere.example',
        sent: true,
        status: 'pass',
      },
    });
    expect(JSON.stringify(audit.entries)).not.toContain(alice.password);
  });

  it('a DKIM record changed after verification: the exact failure, with its fix', async () => {
    const { publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'der' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const dkim = domain.records.find((r) => r.purpose === 'dkim');
    if (!dkim) throw new Error('no DKIM record');
    dns.fixture.setRecords(dkim.name, 'TXT', [`v=DKIM1; k=rsa; p=${publicKey.toString('base64')}`]);
    try {
      const sent = await testSend();
      expect(sent.accepted).toBe(true);
      const verdict = sent.check?.dkim[0];
      expect(verdict).toMatchObject({
        status: 'fail',
        result: 'fail',
        codes: ['dkim_bad_signature', 'dkim_key_mismatch'],
      });
      expect(verdict?.message).toMatch(
        /^The signature by shop\.test does not verify with the key published at kyrios1\._domainkey\.shop\.test\. A DKIM record is published at kyrios1\._domainkey\.shop\.test, but the published key/,
      );
      expect(verdict?.fix).toBe(
        `Replace the TXT record at kyrios1._domainkey.shop.test with the expected value, pasted whole: ${dkim.value} (${Buffer.byteLength(dkim.value)} characters: paste it whole; if your DNS host rejects it, enter it as several quoted strings of at most 255 characters, "…" "…", which DNS joins back together)`,
      );
      expect(sent.check?.fixes.map((f) => [f.subject, f.code])).toEqual([
        ['dkim', 'dkim_key_mismatch'],
      ]);
      // SPF through the return path still aligns, so DMARC passes.
      expect(sent.check?.dmarc.result).toBe('pass');
      expect(sent.check?.status).toBe('fail');
    } finally {
      dns.publish(domain);
    }
  });

  it('a wrong password: refused at AUTH, with the reply; nothing read back', async () => {
    const refused = value<TestSendResult>(
      await core.dispatch('mail:test-send', {
        domainId: domain.id,
        userId: alice.user.id,
        password: 'not-her-password',
      }),
    );
    expect(refused).toMatchObject({ accepted: false, readBack: null, check: null });
    expect(refused.error?.code).toBe('smtp_auth_failed');
    expect(refused.transcript.at(-1)).toMatchObject({ ok: false, reply: { code: 535 } });
  });

  it('a recipient is required where the domain mail does not arrive at Kyrios, and must be an address', async () => {
    const bad = await core.dispatch('mail:test-send', {
      domainId: domain.id,
      userId: alice.user.id,
      password: alice.password,
      to: 'not an address',
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const gone = await core.dispatch('mail:test-send', {
      domainId: domain.id,
      userId: 'smtp_missing',
      password: alice.password,
    });
    expect(gone).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('checked messages and the history', () => {
  it('a pasted message and an uploaded file are checked and stored for the domain', async () => {
    const sent = await testSend('friend@elsewhere.example');
    const raw = Buffer.from(
      (await core.session().kyrios.getOutboxMessage(sent.queueId ?? '')).raw,
      'base64',
    );
    // Pasted as it left: no Received line from outside, so SPF cannot be judged here.
    const pasted = value<MailHistoryEntry>(
      await core.dispatch('mail:check-message', { raw: raw.toString('latin1') }),
    );
    expect(pasted).toMatchObject({ kind: 'check', domainId: domain.id, domain: 'shop.test' });
    expect(pasted.result?.spf.codes).toEqual(['spf_no_connection']);
    expect(pasted.result?.dkim.map((d) => d.result)).toEqual(['pass']);

    // The same file in chunks of 100 bytes, as the screens will send a dropped .eml.
    let uploadId: string | undefined;
    let entry: MailHistoryEntry | null = null;
    for (let at = 0; at < raw.length; at += 100) {
      const answer = value<{ uploadId: string; received: number; entry: MailHistoryEntry | null }>(
        await core.dispatch('mail:check-upload', {
          ...(uploadId ? { uploadId } : {}),
          data: raw.subarray(at, at + 100).toString('base64'),
          last: at + 100 >= raw.length,
        }),
      );
      uploadId = answer.uploadId;
      expect(answer.received).toBe(Math.min(at + 100, raw.length));
      entry = answer.entry;
    }
    expect(entry?.result?.dkim.map((d) => d.result)).toEqual(['pass']);
    expect(entry?.result?.size).toBe(raw.length);

    // A binary file is refused at its first chunk, and the upload is over.
    const binary = await core.dispatch('mail:check-upload', {
      data: Buffer.from([0, 1, 2, 3, 4, 5, 6, 7]).toString('base64'),
      last: false,
    });
    expect(binary).toMatchObject({ ok: false, error: { code: 'invalid_message' } });
    if (!binary.ok) expect(binary.error.message).toMatch(/binary file, not an email message/);
    const pastedBinary = await core.dispatch('mail:check-message', { raw: 'just some words\n' });
    expect(pastedBinary).toMatchObject({ ok: false, error: { code: 'invalid_message' } });
  });

  it('the history per domain, newest first, readable offline after a restart; no password stored', async () => {
    const history = value<{ entries: MailHistoryEntry[] }>(
      await core.dispatch('mail:history', { domainId: domain.id }),
    );
    expect(history.entries.map((e) => e.kind)).toEqual([
      'check',
      'check',
      'test_send',
      'test_send',
      'test_send',
      'test_send',
      'test_send',
    ]);
    expect(history.entries.map((e) => e.status).slice(2)).toEqual([
      'pass',
      'fail',
      'fail',
      'pass',
      'pass',
    ]);
    const refused = history.entries[3];
    expect(refused?.note).toMatch(/^Not sent: Invalid login: 535/);
    expect(refused?.transcript?.at(-1)?.reply?.code).toBe(535);

    await core.close();
    // Offline: nothing running, no service, no DNS; the app database alone has it.
    const db = openAppDatabase(dataDir);
    try {
      const stored = createMailChecksRepo(db).list('sandbox', domain.id, 5);
      expect(stored.map((e) => e.id)).toEqual(history.entries.slice(0, 5).map((e) => e.id));
      expect(stored[4]?.result?.dkim[0]?.codes).toEqual([
        'dkim_bad_signature',
        'dkim_key_mismatch',
      ]);
      expect(stored[4]?.result?.dkim[0]?.fix).toMatch(
        /^Replace the TXT record at kyrios1\._domainkey/,
      );
    } finally {
      db.close();
    }

    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? files(path) : [path];
      });
    for (const file of files(dataDir)) {
      expect(readFileSync(file).includes(alice.password), file).toBe(false);
    }
  });
});
