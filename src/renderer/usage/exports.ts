import { api } from '../shell/api';
import { saveTextFile } from '../ui/download';
import { showToast } from '../ui/toast-store';

export type UsageRows = 'day' | 'user' | 'domain';

/** Usage as CSV (a download), one row per day, SMTP user or domain over the last `days` days. */
export async function exportUsageCsv(by: UsageRows, days: number): Promise<boolean> {
  const result = await api.exportUsageCsv({ by, days });
  if (!result.ok) {
    showToast('error', `Could not export the usage: ${result.error.message}`);
    return false;
  }
  saveTextFile(result.value.filename, result.value.csv, 'text/csv');
  showToast('success', `Saved ${result.value.filename} (${rows(result.value.rows)}).`, 4000);
  return true;
}

/** The audit log as CSV (a download), of one account or all. */
export async function exportAuditCsv(accountId: string | null): Promise<boolean> {
  const result = await api.exportAuditCsv(accountId ? { accountId } : {});
  if (!result.ok) {
    showToast('error', `Could not export the audit log: ${result.error.message}`);
    return false;
  }
  saveTextFile(result.value.filename, result.value.csv, 'text/csv');
  showToast('success', `Saved ${result.value.filename} (${rows(result.value.rows)}).`, 4000);
  return true;
}

const rows = (n: number) => `${n} ${n === 1 ? 'row' : 'rows'}`;
