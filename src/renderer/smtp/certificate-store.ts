import { createStore, type StoreApi } from 'zustand/vanilla';
import type { KyriosApi } from '../../shared/api';
import type { AppError } from '../../shared/errors';
import type { SmtpCertificate } from '../../shared/smtp-certificate';
import { api } from '../shell/api';
import { accountScoped, actionsOf, selectorHook } from '../shell/store-kit';

/**
 * The certificate the account's SMTP host presents, for apps that pin it (SMTP Settings). Read
 * from the host on demand (main dials it over STARTTLS); the last one read stays shown when a
 * later reading fails, with the error beside it.
 */
export interface CertificateState {
  certificate: SmtpCertificate | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: AppError | null;
  load: () => Promise<void>;
}

export function createCertificateStore(
  api: Pick<KyriosApi, 'getSmtpCertificate'>,
): StoreApi<CertificateState> {
  let inFlight: Promise<void> | null = null;
  let generation = 0;
  const store = createStore<CertificateState>()((set, get) => ({
    certificate: null,
    status: 'idle',
    error: null,

    load() {
      // One dial at a time: a second screen asking meanwhile gets the same answer.
      inFlight ??= (async () => {
        const mine = generation;
        if (!get().certificate) set({ status: 'loading' });
        const result = await api.getSmtpCertificate();
        if (mine !== generation) return;
        if (result.ok) set({ certificate: result.value, status: 'ready', error: null });
        else set({ status: get().certificate ? 'ready' : 'error', error: result.error });
      })().finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
  }));
  // Another account switched to empties the store: an answer still on its way is the old one's.
  store.subscribe((state) => {
    if (state !== store.getInitialState()) return;
    generation += 1;
    inFlight = null;
  });
  return store;
}

/** How many days before expiry SMTP Settings starts saying so. */
export const EXPIRY_NOTICE_DAYS = 30;

/**
 * What SMTP Settings warns about a certificate: a client that checks the name refuses it when it
 * does not cover the host shown (pinned or not); and one that is or will soon be out of date.
 */
export function certificateWarnings(certificate: SmtpCertificate, now: Date): string[] {
  const warnings: string[] = [];
  if (!certificate.coversHost) {
    warnings.push(
      `This certificate does not cover ${certificate.host}: apps that check the server’s name refuse it, even when it is pinned. Use one of the names it covers as the SMTP host, or ask Kyrios for a certificate that covers ${certificate.host}.`,
    );
  }
  const daysLeft = (Date.parse(certificate.validTo) - now.getTime()) / 86_400_000;
  if (daysLeft <= 0) {
    warnings.push('This certificate has expired: apps that check it refuse the connection.');
  } else if (daysLeft <= EXPIRY_NOTICE_DAYS) {
    warnings.push(
      `This certificate expires in ${Math.ceil(daysLeft)} day${Math.ceil(daysLeft) === 1 ? '' : 's'}: apps that pin it must be given the new one then.`,
    );
  }
  if (Date.parse(certificate.validFrom) > now.getTime()) {
    warnings.push('This certificate is not valid yet: check the clock of this computer.');
  }
  return warnings;
}

/** The file "Save certificate…" suggests: the SMTP host's name, as a file name can hold it. */
export function certificateFileName(host: string): string {
  return `${host.replace(/[^A-Za-z0-9.-]+/g, '_')}.pem`;
}

const certificateStore = accountScoped(createCertificateStore(api));
export const useSmtpCertificate = selectorHook(certificateStore);
export const certificateActions = actionsOf(certificateStore);
