import { useId, useState } from 'react';
import { exportUsageCsv, type UsageRows } from './exports';
import { USAGE_DAYS } from './usage-store';

/** "Export usage as CSV": per day, per SMTP user or per domain; works offline from the cache. */
export function UsageExport() {
  const [by, setBy] = useState<UsageRows>('day');
  const [busy, setBusy] = useState(false);
  const selectId = useId();
  return (
    <div className="usage-export">
      <label htmlFor={selectId} className="small">
        Usage CSV rows
      </label>
      <select
        id={selectId}
        className="input"
        value={by}
        onChange={(e) => setBy(e.target.value as UsageRows)}
      >
        <option value="day">One per day</option>
        <option value="user">One per SMTP user</option>
        <option value="domain">One per domain</option>
      </select>
      <button
        type="button"
        className="button button-small"
        disabled={busy}
        aria-busy={busy}
        onClick={() => {
          setBusy(true);
          void exportUsageCsv(by, USAGE_DAYS).finally(() => setBusy(false));
        }}
      >
        Export usage as CSV
      </button>
    </div>
  );
}
