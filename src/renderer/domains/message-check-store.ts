import { createStore, type StoreApi } from 'zustand/vanilla';
import type { KyriosApi } from '../../shared/api';
import type { AppError, Result } from '../../shared/errors';
import type { MailHistoryEntry } from '../../shared/mail-check';
import { api } from '../shell/api';
import { accountScoped, actionsOf, selectorHook } from '../shell/store-kit';

/**
 * "Check a received message" and the mail history of each domain (test sends and checked
 * messages, see docs/mail-check.md). Pasted text goes in one call; a file goes in slices through
 * the chunked upload, so a 50 MB message is never read whole into memory here either.
 */

/**
 * Bytes of a file per upload call: the contract takes at most 256 KiB of base64 a chunk
 * (`MAX_UPLOAD_CHUNK`), which is 192 KiB of the file. A multiple of 3, so no chunk but the last
 * carries base64 padding.
 */
export const UPLOAD_SLICE_BYTES = 192 * 1024;
/** Longer pasted text goes as an upload too (`MAX_PASTED_MESSAGE` of the contract). */
export const MAX_PASTED_CHARS = 256 * 1024;

export interface MessageCheckRun {
  /** `checking` while a check runs (and its file is being sent). */
  status: 'idle' | 'checking' | 'done' | 'failed';
  /** The file being checked: its name, its size and how much of it the check has read. */
  file: { name: string; size: number; sent: number } | null;
  /** The last check's entry, shown under the form. */
  entry: MailHistoryEntry | null;
  /** The service's refusal (not a message, binary, cut off…), in its words. */
  error: AppError | null;
}

export interface MailHistory {
  /** Newest first. Kept when a later load fails: the history stays readable offline. */
  entries: MailHistoryEntry[];
  status: 'idle' | 'loading' | 'ready';
  error: AppError | null;
}

/** What a check is filed under: the domain whose page it was made on, or `null` (From's domain). */
type DomainKey = string | null;
const keyOf = (domainId: DomainKey) => domainId ?? '';

export interface MessageCheckState {
  runs: Record<string, MessageCheckRun>;
  history: Record<string, MailHistory>;
  loadHistory: (domainId: string) => Promise<void>;
  /** Pasted headers or a whole message. */
  checkText: (domainId: DomainKey, raw: string) => Promise<Result<MailHistoryEntry>>;
  /**
   * An `.eml` opened or dropped, read slice by slice. Also what a message file opened with the
   * desktop app would be checked with once its bytes are at hand (`domainId` null: filed under
   * the From domain).
   */
  checkFile: (domainId: DomainKey, file: Blob, name: string) => Promise<Result<MailHistoryEntry>>;
  /**
   * A check made elsewhere (a message file opened with the desktop app, checked by the main
   * process) shown as the last check on its domain's page and at the top of its history.
   */
  showChecked: (entry: MailHistoryEntry, fileName?: string) => void;
}

export const NO_RUN: MessageCheckRun = { status: 'idle', file: null, entry: null, error: null };
export const NO_MAIL_HISTORY: MailHistory = { entries: [], status: 'idle', error: null };

type MessageCheckApi = Pick<KyriosApi, 'checkMessage' | 'uploadMessage' | 'getMailHistory'>;

/** Base64 of a slice, without Buffer (the renderer has none) and without a huge argument list. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export function createMessageCheckStore(api: MessageCheckApi): StoreApi<MessageCheckState> {
  return createStore<MessageCheckState>()((set, get) => {
    const patchRun = (domainId: DomainKey, change: Partial<MessageCheckRun>) =>
      set((s) => {
        const key = keyOf(domainId);
        return { runs: { ...s.runs, [key]: { ...(s.runs[key] ?? NO_RUN), ...change } } };
      });
    const patchHistory = (domainId: string, change: Partial<MailHistory>) =>
      set((s) => ({
        history: {
          ...s.history,
          [domainId]: { ...(s.history[domainId] ?? NO_MAIL_HISTORY), ...change },
        },
      }));

    /** A finished check joins its domain's history on screen at once, also offline. */
    function settle(domainId: DomainKey, result: Result<MailHistoryEntry>) {
      if (!result.ok) {
        patchRun(domainId, { status: 'failed', error: result.error, entry: null });
        return result;
      }
      const file = get().runs[keyOf(domainId)]?.file ?? null;
      patchRun(domainId, { status: 'done', error: null, entry: result.value });
      if (result.value.domainId !== domainId) get().showChecked(result.value, file?.name);
      else addToHistory(result.value);
      return result;
    }

    function addToHistory(entry: MailHistoryEntry) {
      const filed = entry.domainId;
      const known = filed ? get().history[filed] : undefined;
      if (filed && known) {
        patchHistory(filed, {
          entries: [entry, ...known.entries.filter((e) => e.id !== entry.id)],
        });
      }
    }

    async function upload(domainId: DomainKey, file: Blob): Promise<Result<MailHistoryEntry>> {
      let uploadId: string | undefined;
      let offset = 0;
      // At least one call, so an empty file gets the service's own words for it.
      for (;;) {
        const end = Math.min(offset + UPLOAD_SLICE_BYTES, file.size);
        const bytes = new Uint8Array(await file.slice(offset, end).arrayBuffer());
        const last = end >= file.size;
        // The first chunk says where to file the entry; the next ones which upload they continue.
        const which = uploadId !== undefined ? { uploadId } : domainId !== null ? { domainId } : {};
        const result = await api.uploadMessage({ data: toBase64(bytes), last, ...which });
        if (!result.ok) return result;
        uploadId = result.value.uploadId;
        offset = end;
        const run = get().runs[keyOf(domainId)];
        if (run?.file) patchRun(domainId, { file: { ...run.file, sent: offset } });
        if (!last) continue;
        return result.value.entry
          ? { ok: true, value: result.value.entry }
          : {
              ok: false,
              error: { code: 'internal', message: 'The check ended without a result.' },
            };
      }
    }

    return {
      runs: {},
      history: {},

      async loadHistory(domainId) {
        if (!get().history[domainId]) patchHistory(domainId, { status: 'loading' });
        const result = await api.getMailHistory({ domainId, limit: 50 });
        patchHistory(
          domainId,
          result.ok
            ? { entries: result.value.entries, status: 'ready', error: null }
            : { status: 'ready', error: result.error },
        );
      },

      async checkText(domainId, raw) {
        if (raw.length > MAX_PASTED_CHARS) {
          return get().checkFile(domainId, new Blob([raw]), 'the pasted message');
        }
        patchRun(domainId, { status: 'checking', file: null, error: null });
        const result = await api.checkMessage({
          raw,
          ...(domainId === null ? {} : { domainId }),
        });
        return settle(domainId, result);
      },

      async checkFile(domainId, file, name) {
        patchRun(domainId, {
          status: 'checking',
          file: { name, size: file.size, sent: 0 },
          error: null,
        });
        let result: Result<MailHistoryEntry>;
        try {
          result = await upload(domainId, file);
        } catch (error) {
          // The file could not be read (moved, unreadable): nothing reached the service.
          result = {
            ok: false,
            error: {
              code: 'invalid_request',
              message: `Could not read ${name}: ${(error as Error).message}`,
            },
          };
        }
        return settle(domainId, result);
      },

      showChecked(entry, fileName) {
        if (entry.domainId) {
          const size = entry.result?.size ?? 0;
          patchRun(entry.domainId, {
            status: 'done',
            error: null,
            entry,
            file: fileName ? { name: fileName, size, sent: size } : null,
          });
        }
        addToHistory(entry);
      },
    };
  });
}

const messageCheckStore = accountScoped(createMessageCheckStore(api));
const useMessageCheckState = selectorHook(messageCheckStore);
export const useMessageCheckRun = (domainId: string | null): MessageCheckRun =>
  useMessageCheckState((s) => s.runs[keyOf(domainId)] ?? NO_RUN);
export const useMailHistory = (domainId: string): MailHistory =>
  useMessageCheckState((s) => s.history[domainId] ?? NO_MAIL_HISTORY);
export const messageCheckActions = actionsOf(messageCheckStore);
