// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KyriosApi } from '../../../../src/shared/api';
import type { SmtpCertificate as Certificate } from '../../../../src/shared/smtp-certificate';
import {
  certificateFileName,
  certificateWarnings,
  createCertificateStore,
} from '../../../../src/renderer/smtp/certificate-store';
import { SmtpCertificate } from '../../../../src/renderer/smtp/SmtpCertificate';
import { resetAccountStores } from '../../../../src/renderer/shell/store-kit';
import { fail, fakeApi, ok } from '../fake-api';

// SMTP Settings' certificate panel and its store: what is read, what is copied and saved, and
// the warnings, from the `smtp:certificate` answer (tested against real servers in
// test/unit/main/contract/smtp-certificate-channel.test.ts and test/e2e/smtp-certificate.test.ts).

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBqTCCAU6gAwIBAgIUQ0Gm\n-----END CERTIFICATE-----\n';
const FINGERPRINT =
  '85:FF:F4:A5:60:18:6E:71:8E:AB:9D:29:29:A1:99:AE:DE:B5:04:78:05:D6:B2:F6:E4:FE:B2:17:19:51:1E:40';
const NOW = new Date('2026-12-04T12:00:00.000Z');

const certificate = (change: Partial<Certificate> = {}): Certificate => ({
  host: 'smtp.shop.test',
  port: 587,
  pem: PEM,
  sha256Fingerprint: FINGERPRINT,
  hostNames: ['smtp.shop.test', '127.0.0.1'],
  coversHost: true,
  validFrom: '2026-12-01T00:00:00.000Z',
  validTo: '2036-12-01T00:00:00.000Z',
  ...change,
});

describe('the certificate store', () => {
  it('loads once for concurrent askers, and keeps the last certificate through a failed read', async () => {
    const fake = fakeApi({
      getSmtpCertificate: [
        ok(certificate()),
        fail(
          'offline',
          'The SMTP server at smtp.shop.test:587 could not be reached (ECONNREFUSED).',
        ),
      ],
    });
    const store = createCertificateStore(fake.api);
    const release = fake.hold('getSmtpCertificate');
    const first = store.getState().load();
    const second = store.getState().load();
    expect(store.getState().status).toBe('loading');
    release();
    await Promise.all([first, second]);
    expect(fake.requests('getSmtpCertificate')).toHaveLength(1);
    expect(store.getState()).toMatchObject({ status: 'ready', certificate: certificate() });

    await store.getState().load();
    expect(store.getState()).toMatchObject({
      status: 'ready',
      certificate: certificate(),
      error: { code: 'offline' },
    });
  });

  it('drops an answer that arrives after a switch of account, and reads the new one', async () => {
    const other = certificate({ host: 'smtp.other.test', sha256Fingerprint: 'AA:BB' });
    const fake = fakeApi({ getSmtpCertificate: [ok(certificate()), ok(other)] });
    const store = createCertificateStore(fake.api);
    const release = fake.hold('getSmtpCertificate');
    const old = store.getState().load();
    // What the session does when another account is switched to.
    store.setState(store.getInitialState(), true);
    release();
    await old;
    expect(store.getState()).toMatchObject({ status: 'idle', certificate: null });
    await store.getState().load();
    expect(fake.requests('getSmtpCertificate')).toHaveLength(2);
    expect(store.getState().certificate).toEqual(other);
  });

  it('is in error when the first read fails', async () => {
    const store = createCertificateStore(
      fakeApi({ getSmtpCertificate: [fail('offline', 'not reachable')] }).api,
    );
    await store.getState().load();
    expect(store.getState()).toMatchObject({ status: 'error', certificate: null });
  });
});

describe('certificate warnings', () => {
  it('say when the host shown is not covered, and when it expires or is not valid yet', () => {
    expect(certificateWarnings(certificate(), NOW)).toEqual([]);
    expect(certificateWarnings(certificate({ coversHost: false }), NOW)).toEqual([
      expect.stringMatching(/^This certificate does not cover smtp\.shop\.test: apps that check/),
    ]);
    expect(certificateWarnings(certificate({ validTo: '2026-12-05T00:00:00.000Z' }), NOW)).toEqual([
      'This certificate expires in 1 day: apps that pin it must be given the new one then.',
    ]);
    expect(
      certificateWarnings(certificate({ validTo: '2026-12-24T12:00:00.000Z' }), NOW)[0],
    ).toMatch(/expires in 20 days/);
    expect(certificateWarnings(certificate({ validTo: '2026-12-04T11:00:00.000Z' }), NOW)).toEqual([
      'This certificate has expired: apps that check it refuse the connection.',
    ]);
    expect(
      certificateWarnings(certificate({ validFrom: '2026-12-05T00:00:00.000Z' }), NOW)[0],
    ).toMatch(/not valid yet/);
  });

  it('names the saved file after the host', () => {
    expect(certificateFileName('smtp.shop.test')).toBe('smtp.shop.test.pem');
    expect(certificateFileName('127.0.0.1')).toBe('127.0.0.1.pem');
    expect(certificateFileName('::1')).toBe('_1.pem');
  });
});

describe('the certificate panel', () => {
  // The window's stores call `window.kyrios`: each test scripts its own answers behind it.
  let current: KyriosApi;
  beforeEach(() => {
    (window as { kyrios?: unknown }).kyrios = new Proxy(
      {},
      { get: (_target, method: string) => (current as Record<string, unknown>)[method] },
    );
  });
  afterEach(() => {
    cleanup();
    resetAccountStores();
    vi.restoreAllMocks();
  });

  it('shows the fingerprint, the names and the dates, and copies and saves exactly the PEM', async () => {
    current = fakeApi({ getSmtpCertificate: [ok(certificate())] }).api;
    const user = userEvent.setup();
    render(<SmtpCertificate host="smtp.shop.test" port={587} />);
    const panel = await screen.findByRole('region', { name: 'TLS certificate' });
    expect(panel.querySelector('code.fingerprint')?.textContent).toBe(FINGERPRINT);
    const names = within(panel).getByRole('list', { name: 'Names the certificate covers' });
    expect(
      within(names)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['smtp.shop.test', '127.0.0.1']);
    expect(within(panel).getByText(/Dec 1, 2026 to Dec 1, 2036/)).toBeTruthy();
    expect(within(panel).queryByRole('note')).toBeNull();

    await user.click(within(panel).getByRole('button', { name: 'Copy SHA-256 fingerprint' }));
    expect(await navigator.clipboard.readText()).toBe(FINGERPRINT);
    await user.click(within(panel).getByRole('button', { name: 'Copy certificate (PEM)' }));
    expect(await navigator.clipboard.readText()).toBe(PEM);

    const blobs: Blob[] = [];
    const saved: string[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:certificate';
    });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      saved.push(this.download);
    });
    await user.click(within(panel).getByRole('button', { name: 'Save certificate…' }));
    expect(saved).toEqual(['smtp.shop.test.pem']);
    expect(await blobs[0]?.text()).toBe(PEM);
    expect(blobs[0]?.type).toMatch(/^application\/x-pem-file/);
  });

  it('warns when the certificate does not cover the host shown', async () => {
    current = fakeApi({
      getSmtpCertificate: [ok(certificate({ hostNames: ['mx.other.test'], coversHost: false }))],
    }).api;
    render(<SmtpCertificate host="smtp.shop.test" port={587} />);
    const note = await screen.findByRole('note');
    expect(note.textContent).toMatch(/does not cover smtp\.shop\.test/);
  });

  it('says why it could not read the certificate, and tries again', async () => {
    current = fakeApi({
      getSmtpCertificate: [
        fail('offline', 'The SMTP server at smtp.shop.test:587 did not answer within 10 s.'),
        ok(certificate()),
      ],
    }).api;
    const user = userEvent.setup();
    render(<SmtpCertificate host="smtp.shop.test" port={587} />);
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /Could not read the certificate of smtp\.shop\.test:587: The SMTP server .* did not answer within 10 s\./,
    );
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(document.querySelector('code.fingerprint')?.textContent).toBe(FINGERPRINT);
  });
});
