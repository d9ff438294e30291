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

  it('decodes quoted-printable byte for byte: lower-case escapes, a lone "=" kept, latin1 and beyond', () => {
    const qp = (body: string, charset = 'utf-8') =>
      summarizeMessage(
        Buffer.from(
          `Content-Type: text/plain; charset=${charset}\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${body}`,
          'latin1',
        ),
      ).text;
    expect(qp('caf=c3=a9 =3D 100%')).toBe('café = 100%');
    // An "=" not followed by two hex digits is not an escape, and the end of the text cuts none.
    expect(qp('a=zb c=4 d=')).toBe('a=zb c=4 d=');
    expect(qp('Caf=E9, cr\xe8me', 'iso-8859-1')).toBe('Café, crème');
    // Encoded words given as text beyond latin1 keep it, as UTF-8.
    expect(decodeWords('=?utf-8?Q?=E2=9C=93_ok_\u2713?=')).toBe('✓ ok ✓');
  });
});
