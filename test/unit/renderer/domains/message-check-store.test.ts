import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_PASTED_MESSAGE, MAX_UPLOAD_CHUNK } from '../../../../src/shared/contract';
import {
  createMessageCheckStore,
  MAX_PASTED_CHARS,
  toBase64,
  UPLOAD_SLICE_BYTES,
} from '../../../../src/renderer/domains/message-check-store';
import { fail, fakeApi, ok } from '../fake-api';
import { entry } from './mail-fixtures';

type Chunk = { uploadId?: string; data: string; last: boolean; domainId?: string };

const uploaded = (id: string, received: number, last: boolean) =>
  ok({ uploadId: id, received, entry: last ? entry(7) : null });

describe('message check store', () => {
  it('keeps within the contract’s limits', () => {
    expect(MAX_PASTED_CHARS).toBe(MAX_PASTED_MESSAGE);
    expect(Math.ceil(UPLOAD_SLICE_BYTES / 3) * 4).toBeLessThanOrEqual(MAX_UPLOAD_CHUNK);
  });

  it('encodes slices as base64 exactly as Node does, past one String.fromCharCode batch', () => {
    for (const size of [0, 1, 2, 3, 0x8000 + 1, UPLOAD_SLICE_BYTES]) {
      const bytes = randomBytes(size);
      expect(toBase64(new Uint8Array(bytes))).toBe(bytes.toString('base64'));
    }
  });

  it('checks pasted text for the domain and puts the entry at the top of its history', async () => {
    const fake = fakeApi({
      getMailHistory: [ok({ entries: [entry(1)] })],
      checkMessage: [ok(entry(2))],
    });
    const store = createMessageCheckStore(fake.api);
    await store.getState().loadHistory('d1');
    const release = fake.hold('checkMessage');
    const checking = store.getState().checkText('d1', 'From: a@shop.test\r\n\r\nhi');
    expect(store.getState().runs['d1']?.status).toBe('checking');
    release();
    const result = await checking;
    expect(result.ok).toBe(true);
    expect(fake.requests('checkMessage')).toEqual([
      { raw: 'From: a@shop.test\r\n\r\nhi', domainId: 'd1' },
    ]);
    expect(store.getState().runs['d1']).toMatchObject({ status: 'done', error: null });
    expect(store.getState().runs['d1']?.entry?.id).toBe(2);
    expect(store.getState().history['d1']?.entries.map((e) => e.id)).toEqual([2, 1]);
  });

  it('shows the service’s refusal of bad input and keeps no result', async () => {
    const refusal = {
      code: 'invalid_message' as const,
      message: 'This is a binary file, not an email message.',
    };
    const fake = fakeApi({
      checkMessage: [ok(entry(2)), { ok: false, error: refusal } as const],
    });
    const store = createMessageCheckStore(fake.api);
    await store.getState().checkText('d1', 'From: a@shop.test\r\n\r\nhi');
    const result = await store.getState().checkText('d1', '\u0000\u0001');
    expect(result).toEqual({ ok: false, error: refusal });
    expect(store.getState().runs['d1']).toMatchObject({
      status: 'failed',
      error: refusal,
      entry: null,
    });
  });

  it('sends a file slice by slice: domainId with the first, the upload id after, progress as it goes', async () => {
    const bytes = randomBytes(2 * UPLOAD_SLICE_BYTES + 1000);
    const fake = fakeApi({
      uploadMessage: [
        uploaded('up1', UPLOAD_SLICE_BYTES, false),
        uploaded('up1', 2 * UPLOAD_SLICE_BYTES, false),
        uploaded('up1', bytes.length, true),
      ],
    });
    const store = createMessageCheckStore(fake.api);
    const release = fake.hold('uploadMessage');
    const checking = store.getState().checkFile('d1', new Blob([bytes]), 'big.eml');
    await expect.poll(() => fake.calls.length).toBe(1);
    expect(store.getState().runs['d1']).toMatchObject({
      status: 'checking',
      file: { name: 'big.eml', size: bytes.length, sent: 0 },
    });
    release();
    const result = await checking;
    expect(result.ok && result.value.id).toBe(7);

    const chunks = fake.requests('uploadMessage') as Chunk[];
    expect(chunks.map((c) => [c.uploadId, c.domainId, c.last])).toEqual([
      [undefined, 'd1', false],
      ['up1', undefined, false],
      ['up1', undefined, true],
    ]);
    expect(chunks.every((c) => c.data.length <= MAX_UPLOAD_CHUNK)).toBe(true);
    expect(Buffer.concat(chunks.map((c) => Buffer.from(c.data, 'base64'))).equals(bytes)).toBe(
      true,
    );
    expect(store.getState().runs['d1']).toMatchObject({
      status: 'done',
      file: { name: 'big.eml', sent: bytes.length },
    });
  });

  it('stops at the chunk the service refuses', async () => {
    const fake = fakeApi({
      uploadMessage: [
        uploaded('up1', UPLOAD_SLICE_BYTES, false),
        fail('not_found', 'This upload is over.'),
      ],
    });
    const store = createMessageCheckStore(fake.api);
    const result = await store
      .getState()
      .checkFile('d1', new Blob([randomBytes(3 * UPLOAD_SLICE_BYTES)]), 'x.eml');
    expect(result.ok).toBe(false);
    expect(fake.requests('uploadMessage')).toHaveLength(2);
    expect(store.getState().runs['d1']).toMatchObject({
      status: 'failed',
      error: { message: 'This upload is over.' },
    });
  });

  it('sends an empty file once, so the service says what is wrong with it', async () => {
    const fake = fakeApi({ uploadMessage: [fail('invalid_request', 'The file is empty.')] });
    const store = createMessageCheckStore(fake.api);
    await store.getState().checkFile(null, new Blob([]), 'empty.eml');
    expect(fake.requests('uploadMessage')).toEqual([{ data: '', last: true }]);
    expect(store.getState().runs['']?.error?.message).toBe('The file is empty.');
  });

  it('sends a paste longer than one call takes as an upload', async () => {
    const long = `From: a@shop.test\r\n\r\n${'x'.repeat(MAX_PASTED_CHARS)}`;
    const fake = fakeApi({
      uploadMessage: [uploaded('up1', UPLOAD_SLICE_BYTES, false), uploaded('up1', 1, true)],
    });
    const store = createMessageCheckStore(fake.api);
    const result = await store.getState().checkText('d1', long);
    expect(result.ok).toBe(true);
    const chunks = fake.requests('uploadMessage') as Chunk[];
    expect(Buffer.concat(chunks.map((c) => Buffer.from(c.data, 'base64'))).toString()).toBe(long);
  });

  it('shows a file checked without a domain on the page of its From domain', async () => {
    const fake = fakeApi({
      getMailHistory: [ok({ entries: [entry(1)] })],
      uploadMessage: [uploaded('up1', 10, true)],
    });
    const store = createMessageCheckStore(fake.api);
    await store.getState().loadHistory('d1');
    await store.getState().checkFile(null, new Blob(['From: a@shop.test\r\n\r\n']), 'opened.eml');
    // Filed by the service under From's domain (d1): no domainId went with the first chunk.
    expect(fake.requests('uploadMessage')).toEqual([
      { data: Buffer.from('From: a@shop.test\r\n\r\n').toString('base64'), last: true },
    ]);
    expect(store.getState().runs['d1']).toMatchObject({
      status: 'done',
      file: { name: 'opened.eml' },
      entry: { id: 7 },
    });
    expect(store.getState().history['d1']?.entries.map((e) => e.id)).toEqual([7, 1]);

    // A check the main process made (a file opened with the desktop app) shows the same way.
    store.getState().showChecked({ ...entry(8), domainId: 'd1' }, 'other.eml');
    expect(store.getState().runs['d1']?.entry?.id).toBe(8);
    expect(store.getState().history['d1']?.entries.map((e) => e.id)).toEqual([8, 7, 1]);
  });

  it('keeps the history it has when a later load fails', async () => {
    const fake = fakeApi({
      getMailHistory: [ok({ entries: [entry(1)] }), fail('internal', 'The database is busy.')],
    });
    const store = createMessageCheckStore(fake.api);
    await store.getState().loadHistory('d1');
    await store.getState().loadHistory('d1');
    expect(store.getState().history['d1']).toMatchObject({
      status: 'ready',
      error: { message: 'The database is busy.' },
    });
    expect(store.getState().history['d1']?.entries.map((e) => e.id)).toEqual([1]);
    expect(fake.requests('getMailHistory')).toEqual([
      { domainId: 'd1', limit: 50 },
      { domainId: 'd1', limit: 50 },
    ]);
  });
});
