import { isIP } from 'node:net';
import type { SMTPServer, SMTPServerDataStream } from 'smtp-server';

/** The name the submission listener announces (greeting and EHLO); its certificate is valid for it. */
export const SUBMISSION_HOST = 'smtp.sandbox.kyrios.test';

/**
 * What one misbehaving or greedy client may hold. smtp-server's own defaults leave the number of
 * sessions unbounded and bound nothing but silence: a client that trickles a byte now and then
 * keeps its session for ever. These apply to both listeners (submission and MX).
 */
export interface SmtpLimits {
  /** Sessions at once; the next client is answered 421 and disconnected. */
  maxClients: number;
  /** A client that sends nothing for this long is answered 421 and disconnected. */
  idleTimeoutMs: number;
  /** No connection lasts longer, whatever it sends: past it the socket is closed. */
  maxSessionMs: number;
}

export const DEFAULT_SMTP_LIMITS: SmtpLimits = {
  maxClients: 200,
  idleTimeoutMs: 60_000,
  maxSessionMs: 15 * 60_000,
};

/** An error smtp-server answers with this reply code (the text carries the enhanced code). */
export function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

export function isLoopback(address: string): boolean {
  const plain = address.replace(/^::ffff:/i, '');
  if (isIP(plain) === 4) return plain.startsWith('127.');
  return plain === '::1';
}

/** The domain part of an address, lowercased; '' for the null sender or no @. */
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1).toLowerCase();
}

/**
 * Reads a DATA stream to its end, keeping at most `maxBytes` (smtp-server keeps counting and sets
 * `sizeExceeded` past its `size` option, which is the real size check, not the SIZE parameter).
 */
export function readMessage(
  stream: SMTPServerDataStream,
  maxBytes: number,
): Promise<{ raw: Buffer; size: number; exceeded: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (kept + chunk.length <= maxBytes) {
        chunks.push(chunk);
        kept += chunk.length;
      }
    });
    stream.once('error', reject);
    stream.once('end', () =>
      resolve({
        raw: Buffer.concat(chunks),
        size,
        exceeded: stream.sizeExceeded || size > maxBytes,
      }),
    );
  });
}

export function listen(server: SMTPServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      const address = server.server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

export function close(server: SMTPServer): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
