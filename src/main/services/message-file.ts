import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import type { MailHistoryEntry } from '../../shared/mail-check';
import { ServiceError } from './service-error';

interface MailChecker {
  check(raw: Readable): Promise<MailHistoryEntry>;
}

/**
 * Checks a message file the desktop app was asked to open (an `.eml` double-clicked, or given on
 * the command line): read as a stream, so a 50 MB message is never held whole, and filed under
 * the domain it is from like a check made in the window. Only the main process reads files by
 * their path; the window is told the outcome (see docs/mail-check.md).
 */
export async function checkMessageFile(mail: MailChecker, path: string): Promise<MailHistoryEntry> {
  const name = basename(path);
  let isFile: boolean;
  try {
    isFile = (await stat(path)).isFile();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ServiceError(
      'invalid_message',
      code === 'ENOENT'
        ? `${name} is not there any more: it was moved or deleted before it could be checked.`
        : `${name} cannot be read (${code ?? 'error'}).`,
    );
  }
  if (!isFile)
    throw new ServiceError('invalid_message', `${name} is a folder, not a message file.`);
  const stream = createReadStream(path);
  try {
    return await mail.check(stream);
  } finally {
    stream.destroy();
  }
}
