// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { SmtpStep } from '../../../../src/shared/mail-check';
import { MailVerdicts, SmtpTranscript } from '../../../../src/renderer/domains/MailVerdicts';
import { inboundAtKyrios, sendFailure } from '../../../../src/renderer/smtp/SendTestDialog';
import { keyMismatchResult, passingResult } from './mail-fixtures';

afterEach(cleanup);

const card = (list: HTMLElement, title: RegExp) => {
  const item = within(list)
    .getAllByRole('listitem')
    .find((li) => title.test(li.querySelector('strong')?.textContent ?? ''));
  if (!item) throw new Error(`no verdict ${String(title)}`);
  return item;
};
const verdictWords = (item: HTMLElement) =>
  item.querySelector('.diagnosis-verdict')?.textContent ?? '';

describe('the verdict view', () => {
  it('shows SPF, the DKIM signature and DMARC passing, in the records table’s words', () => {
    render(<MailVerdicts result={passingResult()} label="Verdicts" />);
    const list = screen.getByRole('list', { name: 'Verdicts' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.querySelector('strong')?.textContent),
    ).toEqual(['SPF for kbounce.shop.test', 'DKIM d=shop.test s=kyrios1', 'DMARC for shop.test']);
    for (const title of [/^SPF/, /^DKIM/, /^DMARC/]) {
      expect(verdictWords(card(list, title))).toBe('Pass (receivers write “pass”)');
    }
    expect(screen.queryByRole('button', { name: 'Copy fix' })).toBeNull();
    // No ARC set, no Authentication-Results: nothing said about them.
    expect(screen.queryByText(/^ARC/)).toBeNull();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows a failing signature with its codes and its fix, copied exactly', async () => {
    const result = keyMismatchResult();
    render(<MailVerdicts result={result} label="Verdicts" />);
    const dkim = card(screen.getByRole('list', { name: 'Verdicts' }), /^DKIM/);
    expect(verdictWords(dkim)).toBe('Fail (receivers write “fail”)');
    expect([...dkim.querySelectorAll('code')].map((c) => c.textContent)).toEqual(
      expect.arrayContaining(['dkim_bad_signature', 'dkim_key_mismatch']),
    );
    const fix = result.dkim[0]?.fix ?? '';
    expect(dkim.querySelector('.diagnosis-fix')?.textContent).toContain(fix);
    const copy = within(dkim).getByRole('button', { name: 'Copy fix' });
    // The button says which verdict's fix it copies.
    expect(copy.getAttribute('aria-describedby')).toBe(dkim.querySelector('strong')?.id);
    await userEvent.click(copy);
    expect(await navigator.clipboard.readText()).toBe(fix);
  });

  it('puts the receiver’s own results beside the app’s, and the notes under them', () => {
    const result = passingResult();
    result.receiverResults = {
      authservId: 'mx.example.net',
      status: 'warn',
      codes: ['receiver_disagrees'],
      message: 'The receiver found DKIM fail where this app finds pass.',
      results: [
        {
          method: 'dkim',
          result: 'fail',
          detail: 'header.d=shop.test',
          app: 'pass',
          agrees: false,
        },
        { method: 'spf', result: 'pass', detail: null, app: 'pass', agrees: true },
      ],
    };
    result.notes = [{ code: 'headers_only', message: 'Only the headers were given.' }];
    render(<MailVerdicts result={result} label="Verdicts" />);
    const table = screen.getByRole('table', { name: 'Authentication-Results by mx.example.net' });
    expect(
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map((row) =>
          within(row)
            .getAllByRole('cell')
            .map((c) => c.textContent),
        ),
    ).toEqual([
      ['fail', 'pass', 'No'],
      ['pass', 'pass', 'Yes'],
    ]);
    expect(
      within(screen.getByRole('list', { name: 'Notes on the message' })).getByText(
        'Only the headers were given.',
      ),
    ).toBeTruthy();
  });

  it('lists each SMTP step with its reply, a failed one marked for screen readers too', () => {
    const steps: SmtpStep[] = [
      { command: 'EHLO kyrios-desk.local', reply: { code: 250, text: '250 ok' }, ok: true, ms: 3 },
      {
        command: 'AUTH PLAIN (the password not shown)',
        reply: { code: 535, text: '535 Authentication failed' },
        ok: false,
        ms: 4,
      },
    ];
    render(<SmtpTranscript steps={steps} label="Steps" />);
    const items = within(screen.getByRole('list', { name: 'Steps' })).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      '✓ OK: EHLO kyrios-desk.local250 ok',
      '✗ Failed: AUTH PLAIN (the password not shown)535 Authentication failed',
    ]);
  });
});

describe('Send test message, its rules', () => {
  it('defaults to the domain’s own address only when its MX checks out', () => {
    const mx = (status: 'pending' | 'pass' | 'warn' | 'fail') => ({
      records: [
        {
          id: 'r1',
          purpose: 'mx' as const,
          type: 'MX' as const,
          name: 'shop.test',
          value: 'mx.sandbox.kyrios.test',
          status,
          required: false,
        },
      ],
    });
    expect([mx('pass'), mx('warn'), mx('fail'), mx('pending')].map(inboundAtKyrios)).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it('sends a refused password back to its field, a refused recipient to its own', () => {
    const sent = { from: 'alice@shop.test', to: 'x@y.example' };
    const refused = (code: string) => sendFailure({ ...sent, error: { code, message: 'No.' } });
    expect(refused('smtp_auth_failed')).toMatchObject({ field: 'password' });
    expect(refused('smtp_auth_failed').message).toMatch(
      /refused this password for alice@shop\.test/,
    );
    expect(refused('smtp_refused')).toEqual({
      field: 'to',
      message: 'The server refused to send to x@y.example: No.',
    });
    expect(refused('smtp_connect_failed').field).toBeNull();
    expect(refused('smtp_connect_failed').message).toMatch(/^Could not connect to the SMTP server/);
  });
});
