import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  API_CALLS,
  API_DESKTOP_SUBSCRIPTIONS,
  API_SUBSCRIPTIONS,
  type KyriosApi,
} from '../shared/api';
import type { EventName, EventPayload } from '../shared/contract';

// Capabilities, not IPC: one method per contract channel and one subscription per event. The
// renderer never sees ipcRenderer, and can invoke nothing that is not listed here. Main checks the
// sender and parses every request again, so nothing here is trusted.

function subscribe<E extends EventName>(
  name: E,
  listener: (payload: EventPayload<E>) => void,
): () => void {
  const handler = (_event: IpcRendererEvent, payload: EventPayload<E>) => listener(payload);
  ipcRenderer.on(name, handler);
  return () => {
    ipcRenderer.removeListener(name, handler);
  };
}

export const kyriosApi = {
  getAppInfo: () => ipcRenderer.invoke(API_CALLS.getAppInfo, {}),
  clearClipboardLater: (request) => ipcRenderer.invoke(API_CALLS.clearClipboardLater, request),
  listDomains: () => ipcRenderer.invoke(API_CALLS.listDomains, {}),
  addDomain: (request) => ipcRenderer.invoke(API_CALLS.addDomain, request),
  checkDns: (request) => ipcRenderer.invoke(API_CALLS.checkDns, request),
  getLatestCheck: (request) => ipcRenderer.invoke(API_CALLS.getLatestCheck, request),
  getCheckHistory: (request) => ipcRenderer.invoke(API_CALLS.getCheckHistory, request),
  getCheckRun: (request) => ipcRenderer.invoke(API_CALLS.getCheckRun, request),
  getAccount: () => ipcRenderer.invoke(API_CALLS.getAccount, {}),
  verifyDomain: (request) => ipcRenderer.invoke(API_CALLS.verifyDomain, request),
  deleteDomain: (request) => ipcRenderer.invoke(API_CALLS.deleteDomain, request),
  listSmtpUsers: (request) => ipcRenderer.invoke(API_CALLS.listSmtpUsers, request),
  createSmtpUser: (request) => ipcRenderer.invoke(API_CALLS.createSmtpUser, request),
  resetSmtpPassword: (request) => ipcRenderer.invoke(API_CALLS.resetSmtpPassword, request),
  deleteSmtpUser: (request) => ipcRenderer.invoke(API_CALLS.deleteSmtpUser, request),
  setSmtpUserNote: (request) => ipcRenderer.invoke(API_CALLS.setSmtpUserNote, request),
  getUsage: (request) => ipcRenderer.invoke(API_CALLS.getUsage, request ?? {}),
  getLimitGuard: () => ipcRenderer.invoke(API_CALLS.getLimitGuard, {}),
  exportUsageCsv: (request) => ipcRenderer.invoke(API_CALLS.exportUsageCsv, request ?? {}),
  listRevoked: () => ipcRenderer.invoke(API_CALLS.listRevoked, {}),
  recreateSmtpUser: (request) => ipcRenderer.invoke(API_CALLS.recreateSmtpUser, request),
  getMonitorStatus: () => ipcRenderer.invoke(API_CALLS.getMonitorStatus, {}),
  runMonitor: () => ipcRenderer.invoke(API_CALLS.runMonitor, {}),
  listMonitorAlerts: (request) => ipcRenderer.invoke(API_CALLS.listMonitorAlerts, request ?? {}),
  getDnsTimeline: (request) => ipcRenderer.invoke(API_CALLS.getDnsTimeline, request),
  checkIp: () => ipcRenderer.invoke(API_CALLS.checkIp, {}),
  getLatestIpCheck: () => ipcRenderer.invoke(API_CALLS.getLatestIpCheck, {}),
  getConnection: () => ipcRenderer.invoke(API_CALLS.getConnection, {}),
  checkMessage: (request) => ipcRenderer.invoke(API_CALLS.checkMessage, request),
  uploadMessage: (request) => ipcRenderer.invoke(API_CALLS.uploadMessage, request),
  sendTestMessage: (request) => ipcRenderer.invoke(API_CALLS.sendTestMessage, request),
  getMailHistory: (request) => ipcRenderer.invoke(API_CALLS.getMailHistory, request ?? {}),
  listAccounts: () => ipcRenderer.invoke(API_CALLS.listAccounts, {}),
  addAccount: (request) => ipcRenderer.invoke(API_CALLS.addAccount, request),
  setAccountKey: (request) => ipcRenderer.invoke(API_CALLS.setAccountKey, request),
  removeAccount: (request) => ipcRenderer.invoke(API_CALLS.removeAccount, request),
  switchAccount: (request) => ipcRenderer.invoke(API_CALLS.switchAccount, request),
  getSettings: () => ipcRenderer.invoke(API_CALLS.getSettings, {}),
  updateSettings: (request) => ipcRenderer.invoke(API_CALLS.updateSettings, request ?? {}),
  listAudit: (request) => ipcRenderer.invoke(API_CALLS.listAudit, request ?? {}),
  exportAuditCsv: (request) => ipcRenderer.invoke(API_CALLS.exportAuditCsv, request ?? {}),
  onDomainsChanged: (listener) => subscribe(API_SUBSCRIPTIONS.onDomainsChanged, listener),
  onDnsChecked: (listener) => subscribe(API_SUBSCRIPTIONS.onDnsChecked, listener),
  onSmtpChanged: (listener) => subscribe(API_SUBSCRIPTIONS.onSmtpChanged, listener),
  onConnectionChanged: (listener) => subscribe(API_SUBSCRIPTIONS.onConnectionChanged, listener),
  onLimitGuardChanged: (listener) => subscribe(API_SUBSCRIPTIONS.onLimitGuardChanged, listener),
  onLimitWarning: (listener) => subscribe(API_SUBSCRIPTIONS.onLimitWarning, listener),
  onRevocation: (listener) => subscribe(API_SUBSCRIPTIONS.onRevocation, listener),
  onMonitorAlert: (listener) => subscribe(API_SUBSCRIPTIONS.onMonitorAlert, listener),
  onMonitorFinished: (listener) => subscribe(API_SUBSCRIPTIONS.onMonitorFinished, listener),
  onIpChecked: (listener) => subscribe(API_SUBSCRIPTIONS.onIpChecked, listener),
  onAccountsChanged: (listener) => subscribe(API_SUBSCRIPTIONS.onAccountsChanged, listener),
  onSettingsChanged: (listener) => subscribe(API_SUBSCRIPTIONS.onSettingsChanged, listener),
  onNotification: (listener) => subscribe(API_SUBSCRIPTIONS.onNotification, listener),
  onAppCommand: (listener) => subscribe(API_DESKTOP_SUBSCRIPTIONS.onAppCommand, listener),
} satisfies KyriosApi;

contextBridge.exposeInMainWorld('kyrios', kyriosApi);
