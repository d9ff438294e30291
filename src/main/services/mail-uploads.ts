import { randomUUID } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import type { MailHistoryEntry } from '../../shared/mail-check';
import { ServiceError } from './service-error';
import type { TimerHandle, Timers } from './timers';

/**
 * An .eml file opened or dropped in the app reaches the check in chunks (one contract call each, so
 * it fits both transports and any size): each chunk goes straight into the running check, which
 * hashes and forgets it, and the next is asked for only once it went through. The file is never
 * whole in memory, here or in the renderer that reads it slice by slice.
 */

/** Past what any receiver takes (25 MB), with room; the CLI checks any size. */
export const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;
/** Uploads at once per account session, and how long one may wait for its next chunk. */
const MAX_UPLOADS = 4;
const IDLE_MS = 60_000;

interface Upload {
  stream: PassThrough;
  done: Promise<MailHistoryEntry>;
  failure: unknown;
  received: number;
  /** Bytes the check has read; a chunk is answered once it is read (or the check stopped). */
  read: number;
  waiting: (() => void) | null;
  timer: TimerHandle | null;
}

export interface UploadChunk {
  uploadId?: string | undefined;
  /** Base64. */
  data: string;
  last: boolean;
  domainId?: string | undefined;
}

export function createMailUploads(deps: {
  check: (
    source: Readable,
    domainId: string | undefined,
    onProgress: (bytes: number) => void,
  ) => Promise<MailHistoryEntry>;
  timers: Timers;
  /** Tests lower it; MAX_UPLOAD_BYTES otherwise. */
  maxBytes?: number;
}) {
  const uploads = new Map<string, Upload>();
  const maxBytes = deps.maxBytes ?? MAX_UPLOAD_BYTES;

  function drop(id: string, reason?: Error): void {
    const upload = uploads.get(id);
    if (!upload) return;
    uploads.delete(id);
    if (upload.timer) deps.timers.clearTimeout(upload.timer);
    if (reason) upload.stream.destroy(reason);
  }

  function failureOf(upload: Upload): ServiceError | null {
    if (upload.failure === undefined) return null;
    return upload.failure instanceof ServiceError
      ? upload.failure
      : new ServiceError('internal', 'The check stopped unexpectedly. Details are in the log.');
  }

  function start(domainId: string | undefined): [string, Upload] {
    if (uploads.size >= MAX_UPLOADS) {
      throw new ServiceError(
        'rate_limited',
        'Several files are being checked already: wait for one to finish.',
      );
    }
    const id = randomUUID();
    const stream = new PassThrough();
    // Its failures reach the caller through the check's promise; none may go unhandled.
    stream.on('error', () => undefined);
    const upload: Upload = {
      stream,
      done: Promise.resolve(null as unknown as MailHistoryEntry),
      failure: undefined,
      received: 0,
      read: 0,
      waiting: null,
      timer: null,
    };
    const wake = () => {
      const waiting = upload.waiting;
      upload.waiting = null;
      waiting?.();
    };
    upload.done = deps.check(stream, domainId, (bytes) => {
      upload.read = bytes;
      if (bytes >= upload.received) wake();
    });
    upload.done.catch((error: unknown) => {
      upload.failure = error;
      wake();
    });
    uploads.set(id, upload);
    return [id, upload];
  }

  return {
    async chunk(request: UploadChunk): Promise<{
      uploadId: string;
      received: number;
      entry: MailHistoryEntry | null;
    }> {
      let id = request.uploadId;
      let upload = id === undefined ? undefined : uploads.get(id);
      if (id !== undefined && !upload) {
        throw new ServiceError(
          'not_found',
          'This upload is over (finished, failed or abandoned): open the file again.',
        );
      }
      if (!upload || id === undefined) [id, upload] = start(request.domainId);
      const current = upload;
      const uploadId = id;
      if (current.timer) deps.timers.clearTimeout(current.timer);
      const early = failureOf(current);
      if (early) {
        drop(uploadId);
        throw early;
      }
      const bytes = Buffer.from(request.data, 'base64');
      current.received += bytes.length;
      if (current.received > maxBytes) {
        drop(uploadId, new Error('too large'));
        throw new ServiceError(
          'invalid_message',
          `This file is over ${Math.floor(maxBytes / (1024 * 1024))} MB: no receiver takes a message that large. Check it with the CLI (kyrios-desk message FILE) if you must.`,
        );
      }
      // Answered once the check has read this chunk (or stopped): a bad file is refused at the
      // chunk that shows it, and the next chunk is asked for only then.
      if (bytes.length > 0) {
        const read = new Promise<void>((resolve) => {
          current.waiting = resolve;
        });
        current.stream.write(bytes);
        if (current.read < current.received && current.failure === undefined) await read;
        current.waiting = null;
      }
      if (!request.last) {
        const failed = failureOf(current);
        if (failed) {
          drop(uploadId);
          throw failed;
        }
        current.timer = deps.timers.setTimeout(
          () => drop(uploadId, new Error('abandoned')),
          IDLE_MS,
        );
        return { uploadId, received: current.received, entry: null };
      }
      current.stream.end();
      try {
        return { uploadId, received: current.received, entry: await current.done };
      } finally {
        drop(uploadId);
      }
    },

    /** Uploads in progress (tests, and the session's close). */
    get open(): number {
      return uploads.size;
    },

    close(): void {
      for (const id of [...uploads.keys()]) drop(id, new Error('closed'));
    },
  };
}
export type MailUploads = ReturnType<typeof createMailUploads>;
