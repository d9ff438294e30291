import { createStore, type StoreApi } from 'zustand/vanilla';
import type { KyriosApi } from '../../shared/api';
import type { ResponseOf, SmtpUserView } from '../../shared/contract';
import type { AppError, Result } from '../../shared/errors';
import type { TestSendResult } from '../../shared/mail-check';
import { SMTP_USERS_PER_DOMAIN } from '../usage/limits';
import { api } from '../shell/api';
import { accountScoped, actionsOf, selectorHook } from '../shell/store-kit';

export interface DomainSmtp {
  users: SmtpUserView[];
  limit: number;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: AppError | null;
  source: 'live' | 'cache';
  syncedAt: string | null;
  offlineReason: string | null;
}

export interface CreateInput {
  domainId: string;
  login: string;
  password?: string;
  note?: string;
  /** "Where it's used": the apps and integrations sending with the login. */
  whereUsed?: string;
}

export interface SmtpState {
  byDomain: Record<string, DomainSmtp>;
  load: (domainId: string) => Promise<void>;
  create: (input: CreateInput) => Promise<Result<ResponseOf<'smtp:create'>>>;
  resetPassword: (
    domainId: string,
    userId: string,
    password: string,
  ) => Promise<Result<SmtpUserView>>;
  remove: (domainId: string, userId: string) => Promise<Result<{ userId: string }>>;
  /** The note, and "Where it's used" when given (undefined: left as it is). */
  setNote: (
    domainId: string,
    userId: string,
    note: string | null,
    whereUsed?: string | null,
  ) => Promise<Result<SmtpUserView>>;
  /**
   * "Send test message" as the user: the password is used for this send only, never kept here.
   * `to` absent: the user's own address, where the domain's mail arrives at Kyrios.
   */
  sendTest: (request: {
    domainId: string;
    userId: string;
    password: string;
    to?: string;
  }) => Promise<Result<TestSendResult>>;
}

export const NO_SMTP: DomainSmtp = {
  users: [],
  limit: SMTP_USERS_PER_DOMAIN,
  status: 'idle',
  error: null,
  source: 'live',
  syncedAt: null,
  offlineReason: null,
};

type SmtpApi = Pick<
  KyriosApi,
  | 'listSmtpUsers'
  | 'createSmtpUser'
  | 'resetSmtpPassword'
  | 'deleteSmtpUser'
  | 'setSmtpUserNote'
  | 'sendTestMessage'
>;

const byCreation = (a: SmtpUserView, b: SmtpUserView) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1;

export function createSmtpStore(api: SmtpApi): StoreApi<SmtpState> {
  return createStore<SmtpState>()((set, get) => {
    const patch = (domainId: string, change: (current: DomainSmtp) => Partial<DomainSmtp>) =>
      set((s) => {
        const current = s.byDomain[domainId] ?? NO_SMTP;
        return { byDomain: { ...s.byDomain, [domainId]: { ...current, ...change(current) } } };
      });
    const replace = (domainId: string, user: SmtpUserView) =>
      patch(domainId, (c) => ({
        users: [...c.users.filter((u) => u.id !== user.id), user].sort(byCreation),
      }));

    return {
      byDomain: {},

      async load(domainId) {
        const known = get().byDomain[domainId];
        if (!known || known.status !== 'ready') patch(domainId, () => ({ status: 'loading' }));
        const result = await api.listSmtpUsers({ domainId });
        if (!result.ok) {
          patch(domainId, (c) => ({
            status: c.users.length > 0 ? 'ready' : 'error',
            error: result.error,
          }));
          return;
        }
        const { users, limit, source, syncedAt, offlineReason } = result.value;
        patch(domainId, () => ({
          users: [...users].sort(byCreation),
          limit,
          source,
          syncedAt,
          offlineReason: offlineReason ?? null,
          status: 'ready',
          error: null,
        }));
      },

      async create(input) {
        const result = await api.createSmtpUser({
          domainId: input.domainId,
          login: input.login,
          ...(input.password !== undefined ? { password: input.password } : {}),
          ...(input.note ? { note: input.note } : {}),
          ...(input.whereUsed ? { whereUsed: input.whereUsed } : {}),
        });
        if (result.ok) replace(input.domainId, result.value.user);
        return result;
      },

      async resetPassword(domainId, userId, password) {
        const result = await api.resetSmtpPassword({ domainId, userId, password });
        if (result.ok) replace(domainId, result.value);
        return result;
      },

      async remove(domainId, userId) {
        const result = await api.deleteSmtpUser({ domainId, userId });
        if (result.ok) patch(domainId, (c) => ({ users: c.users.filter((u) => u.id !== userId) }));
        return result;
      },

      async setNote(domainId, userId, note, whereUsed) {
        const result = await api.setSmtpUserNote({
          domainId,
          userId,
          note,
          ...(whereUsed !== undefined ? { whereUsed } : {}),
        });
        if (result.ok) replace(domainId, result.value);
        return result;
      },

      sendTest({ to, ...request }) {
        const recipient = to?.trim();
        return api.sendTestMessage({ ...request, ...(recipient ? { to: recipient } : {}) });
      },
    };
  });
}

const smtpStore = accountScoped(createSmtpStore(api));
const useSmtpState = selectorHook(smtpStore);
export const useSmtp = (domainId: string): DomainSmtp =>
  useSmtpState((s) => s.byDomain[domainId] ?? NO_SMTP);
/** The domains whose SMTP users are on hand (to reload after a change elsewhere). */
export const loadedSmtpDomains = (): string[] => Object.keys(smtpStore.getState().byDomain);
export const smtpActions = actionsOf(smtpStore);
