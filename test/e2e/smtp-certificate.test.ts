/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { runTool } from '../unit/helpers/run-tool';
import {
  addVerifiedDomain,
  callApi,
  clipboardText,
  eventually,
  seriousViolations,
} from './app-helpers';
import { test } from './fixtures';
import { startRemoteSandbox, type RemoteSandbox } from './remote-sandbox';
import { SmtpPage } from './pages/smtp-page';

/**
 * SMTP Settings' certificate, for apps that pin it, in Chromium against the app's embedded
 * sandbox: the certificate is read off the sandbox's SMTP port with `openssl s_client -starttls
 * smtp` (a client the project did not write), and the PEM copied, the file saved and the
 * fingerprint shown must be that certificate, with the fingerprint openssl computes.
 */

async function opensslFingerprint(pem: string): Promise<string> {
  const x509 = await runTool('openssl', ['x509', '-noout', '-fingerprint', '-sha256'], {
    input: pem,
  });
  expect(x509.code, x509.stderr).toBe(0);
  return x509.stdout.trim().replace(/^sha256 Fingerprint=/i, '');
}

/** The certificate the server presents on STARTTLS, as openssl's own SMTP client sees it. */
async function servedCertificate(host: string, port: number): Promise<string> {
  const client = await runTool(
    'openssl',
    ['s_client', '-starttls', 'smtp', '-connect', `${host}:${port}`, '-showcerts'],
    { input: 'QUIT\r\n' },
  );
  const pem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/.exec(
    client.stdout,
  )?.[0];
  if (!pem) throw new Error(`openssl s_client read no certificate:\n${client.stderr}`);
  return pem;
}

test('SMTP Settings copies and saves the certificate the SMTP host serves', async ({
  app,
  dns,
  page,
}) => {
  const shop = await addVerifiedDomain(app, dns, 'shop.test');
  const { account } = await callApi(app, 'account:get', {});
  const host = account?.smtp.host ?? '';
  const port = account?.smtp.port ?? 0;
  const served = await servedCertificate(host, port);
  const fingerprint = await opensslFingerprint(served);

  const smtp = new SmtpPage(page, app);
  await smtp.open(shop);
  const panel = page.getByRole('region', { name: 'TLS certificate' });
  const shown = panel.locator('code.fingerprint');
  await shown.waitFor();
  expect(await shown.innerText()).toBe(fingerprint);
  // The host SMTP Settings shows is among the names covered, so no warning.
  const names = panel.getByRole('list', { name: 'Names the certificate covers' });
  expect(await names.getByRole('listitem').allInnerTexts()).toContain(host);
  expect(await panel.getByRole('note').count()).toBe(0);

  await panel.getByRole('button', { name: 'Copy certificate (PEM)' }).click();
  await eventually(() => clipboardText(page)).toBe(served);
  await panel.getByRole('button', { name: 'Copy SHA-256 fingerprint' }).click();
  await eventually(() => clipboardText(page)).toBe(fingerprint);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    panel.getByRole('button', { name: 'Save certificate…' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${host}.pem`);
  const saved = readFileSync((await download.path()) ?? '', 'utf8');
  expect(saved).toBe(served);
  expect(await opensslFingerprint(saved)).toBe(fingerprint);
  expect(await seriousViolations(page)).toEqual([]);
});

/** The app on a real (remote) Kyrios account: a sandbox of the test's own, reached over HTTP. */
const remoteTest = test
  .extend('remote', async ({ dns }, { onCleanup }): Promise<RemoteSandbox> => {
    const remote = await startRemoteSandbox(dns);
    onCleanup(() => remote.close());
    return remote;
  })
  .override('appEnv', ({ remote }) => remote.env);

remoteTest(
  'a real account’s certificate is read off its SMTP host, and a host that cannot be reached is said',
  async ({ app, dns, page, remote }) => {
    const shop = await addVerifiedDomain(app, dns, 'shop.test');
    const { account } = await callApi(app, 'account:get', {});
    expect(account?.smtp.port).toBe(remote.sandbox.smtp.port);
    const host = account?.smtp.host ?? '';
    const port = account?.smtp.port ?? 0;
    const fingerprint = await opensslFingerprint(await servedCertificate(host, port));

    const smtp = new SmtpPage(page, app);
    await smtp.open(shop);
    const panel = page.getByRole('region', { name: 'TLS certificate' });
    const shown = panel.locator('code.fingerprint');
    await shown.waitFor();
    expect(await shown.innerText()).toBe(fingerprint);

    // Its SMTP host gone: the page, opened again, says why it has no certificate to show.
    await remote.stop();
    await page.reload();
    const error = panel.getByRole('alert');
    await error.waitFor();
    expect(await error.innerText()).toMatch(
      new RegExp(`^Could not read the certificate of ${host}:${port}: .*could not be reached`),
    );
    // Back, and Try again shows it.
    await remote.start();
    await panel.getByRole('button', { name: 'Try again' }).click();
    await shown.waitFor();
    expect(await shown.innerText()).toBe(fingerprint);
    expect(await panel.getByRole('alert').count()).toBe(0);
  },
);
