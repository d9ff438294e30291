import { describe, expect, it } from 'vitest';
import { decodeWords, summarizeMessage } from '../../../src/sandbox/smtp/message';

const crlf = (s: string) => Buffer.from(s.replace(/\n/g, '\r\n'), 'utf8');

describe('reading an inbound message for Conversations', () => {
  it('reads the header fields, unfolding and decoding encoded words', () => {
    const summary = summarizeMessage(
      crlf(
        'From: =?utf-8?B?w4lsaXNl?= <elise@example.org>\nSubject: =?iso-8859-1?Q?Caf=E9_cr=E8me?=\n  and more\nMessage-ID: <abc@example.org>\n\nBody\n',
      ),
    );
    expect(summary).toEqual({
      from: 'Élise <elise@example.org>',
      subject: 'Café crème and more',
      messageId: '<abc@example.org>',
      text: 'Body\n',
    });
    expect(decodeWords('=?utf-8?Q?a?= =?utf-8?Q?b?=')).toBe('ab');
  });

  it('takes the first text/plain part of a multipart message, decoding quoted-printable or base64', () => {
    const raw = crlf(
      [
        'Subject: parts',
        'Content-Type: multipart/alternative; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        'Gr=C3=BC=C3=9Fe, soft=',
        'break',
        '--b1',
        'Content-Type: text/html',
        '',
        '<p>x</p>',
        '--b1--',
        '',
      ].join('\n'),
    );
    expect(summarizeMessage(raw).text).toBe('Grüße, softbreak');
    const b64 = crlf(
      `Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n${Buffer.from('naïve ✓').toString('base64')}\n`,
    );
    expect(summarizeMessage(b64).text).toBe('naïve ✓');
  });

  it('leaves absent fields and an HTML-only body as null', () => {
    expect(summarizeMessage(crlf('Content-Type: text/html\n\n<p>x</p>\n'))).toEqual({
      from: null,
      subject: null,
      messageId: null,
      text: null,
    });
    expect(summarizeMessage(Buffer.alloc(0)).text).toBe('');
  });
});
