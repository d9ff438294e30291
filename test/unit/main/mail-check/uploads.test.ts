import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createMailResolver } from '../../../../src/dns/mail-resolver';
import { checkMessage, MailInputError } from '../../../../src/main/mail-check/check-message';
import { ServiceError } from '../../../../src/main/services/service-error';
import { createMailUploads } from '../../../../src/main/services/mail-uploads';
import type { MailHistoryEntry } from '../../../../src/shared/mail-check';
import { createFakeTimers } from '../../helpers/fake-timers';

// Files reach the message check in chunks: each goes into the running check, the answer waits for
// it to be read, and an upload that stops, fails or grows too large is over.
const MESSAGE = Buffer.from(
  'From: alice@shop.test\r\nTo: bob@receiver.test\r\nSubject: Hi\r\n\r\nHello Bob.\r\n',
);

function uploads(maxBytes = 1024 * 1024) {
  const fake = createFakeTimers();
  const manager = createMailUploads({
    timers: fake.timers,
    maxBytes,
    async check(source: Readable, domainId, onProgress) {
      try {
        const result = await checkMessage(source, {
          resolver: createMailResolver({ servers: [] }),
          onProgress,
        });
        return { id: 1, kind: 'check', domainId: domainId ?? null, result } as MailHistoryEntry;
      } catch (error) {
        if (error instanceof MailInputError)
          throw new ServiceError('invalid_message', error.message);
        throw error;
      }
    },
  });
  return { manager, fake };
}

async function failure(promise: Promise<unknown>): Promise<ServiceError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServiceError);
  return error as ServiceError;
}

describe('mail uploads', () => {
  it('checks a file sent in chunks; each answer counts what was received', async () => {
    const { manager } = uploads();
    const first = await manager.chunk({
      data: MESSAGE.subarray(0, 10).toString('base64'),
      last: false,
      domainId: 'd1',
    });
    expect(first).toMatchObject({ received: 10, entry: null });
    const end = await manager.chunk({
      uploadId: first.uploadId,
      data: MESSAGE.subarray(10).toString('base64'),
      last: true,
    });
    expect(end.received).toBe(MESSAGE.length);
    expect(end.entry).toMatchObject({
      domainId: 'd1',
      result: { size: MESSAGE.length, subject: 'Hi' },
    });
    expect(manager.open).toBe(0);
    const over = await failure(manager.chunk({ uploadId: first.uploadId, data: '', last: true }));
    expect(over.code).toBe('not_found');
  });

  it('refuses a file at the chunk that shows it is not a message', async () => {
    const { manager } = uploads();
    const start = await manager.chunk({
      data: Buffer.from('From: a@b.test\r\n').toString('base64'),
      last: false,
    });
    const bad = await failure(
      manager.chunk({
        uploadId: start.uploadId,
        data: Buffer.from('\x00\x01\x02').toString('base64'),
        last: false,
      }),
    );
    expect(bad.code).toBe('invalid_message');
    expect(bad.message).toMatch(/binary file/);
    expect(manager.open).toBe(0);
  });

  it('drops an upload that grows past the limit, or waits a minute for its next chunk', async () => {
    const { manager, fake } = uploads(70);
    const start = await manager.chunk({
      data: MESSAGE.subarray(0, 60).toString('base64'),
      last: false,
    });
    const big = await failure(
      manager.chunk({
        uploadId: start.uploadId,
        data: MESSAGE.subarray(60).toString('base64'),
        last: false,
      }),
    );
    expect([big.code, manager.open]).toEqual(['invalid_message', 0]);

    const idle = await manager.chunk({
      data: MESSAGE.subarray(0, 20).toString('base64'),
      last: false,
    });
    expect(manager.open).toBe(1);
    await fake.advance(59_000);
    expect(manager.open).toBe(1);
    await fake.advance(2_000);
    expect(manager.open).toBe(0);
    expect(
      (await failure(manager.chunk({ uploadId: idle.uploadId, data: '', last: true }))).code,
    ).toBe('not_found');
  });

  it('takes four uploads at once, and closes them all with the session', async () => {
    const { manager } = uploads();
    for (let i = 0; i < 4; i++) {
      await manager.chunk({ data: MESSAGE.subarray(0, 5).toString('base64'), last: false });
    }
    const fifth = await failure(manager.chunk({ data: MESSAGE.toString('base64'), last: true }));
    expect(fifth.code).toBe('rate_limited');
    manager.close();
    expect(manager.open).toBe(0);
  });
});
