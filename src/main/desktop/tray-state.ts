import type { LimitGuardView } from '../../shared/limit-guard';
import type { MonitorAlert } from '../../shared/monitor';
import type { ConnectionView } from '../../shared/views';

/**
 * What the tray shows: the worst state across the account's domains, from what main already
 * knows (open monitoring alerts, the connection, the limit guard). Pure, so every state is tested
 * without a tray.
 */

/** From best to worst. */
export const TRAY_LEVELS = ['passing', 'offline', 'drift', 'limit'] as const;
export type TrayLevel = (typeof TRAY_LEVELS)[number];

/** The icon for a level (resources/tray). */
export type TrayIcon = 'normal' | 'attention' | 'offline';

export interface TrayInputs {
  /** Open alerts (drift, ready, the dedicated IP's). */
  alerts: readonly MonitorAlert[];
  connection: Pick<ConnectionView, 'online' | 'since'> | null;
  guard: Pick<LimitGuardView, 'level' | 'sentToday' | 'dailyLimit' | 'percent'> | null;
  /** When a pause of monitoring ends, as an ISO time; null when not paused. */
  pausedUntil: string | null;
}

export interface TrayState {
  level: TrayLevel;
  icon: TrayIcon;
  /** The worst state, in a few words: the tray menu's first line. */
  headline: string;
  /** Everything worth knowing, worst first: the tooltip. */
  tooltip: string;
}

/** Windows cuts a tray tooltip at 127 characters; whole lines are dropped instead. */
export const TOOLTIP_MAX = 127;

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function names(alerts: readonly MonitorAlert[]): string {
  const unique = [...new Set(alerts.map((a) => a.domain).filter((d): d is string => !!d))];
  const shown = unique.slice(0, 2).join(', ');
  return unique.length > 2 ? `${shown} and ${unique.length - 2} more` : shown;
}

/**
 * The tray's state. Worst first: near or at the daily limit (going over deletes every SMTP
 * credential), then a record that broke or the dedicated IP in trouble, then offline (nothing is
 * known to be wrong, but nothing new is known either), then all passing.
 */
export function trayState(
  inputs: TrayInputs,
  formatTime: (iso: string) => string,
  appName = 'Kyrios Desk',
): TrayState {
  const lines: { level: TrayLevel; text: string }[] = [];
  const { guard, connection } = inputs;

  if (guard && guard.level !== 'ok' && guard.sentToday !== null) {
    const sent = guard.sentToday.toLocaleString('en-US');
    const limit = guard.dailyLimit.toLocaleString('en-US');
    lines.push({
      level: 'limit',
      text:
        guard.level === 'reached'
          ? `Daily limit reached: ${sent} of ${limit} emails`
          : `Near the daily limit: ${sent} of ${limit} emails (${guard.percent ?? 0}%)`,
    });
  }
  const drift = inputs.alerts.filter((a) => a.kind === 'drift');
  if (drift.length > 0) {
    lines.push({
      level: 'drift',
      text: `${count(drift.length, 'DNS record')} broke: ${names(drift)}`,
    });
  }
  if (inputs.alerts.some((a) => a.kind === 'ip_listed' || a.kind === 'ip_reverse')) {
    lines.push({ level: 'drift', text: 'The dedicated IP needs attention' });
  }
  if (connection && !connection.online) {
    lines.push({
      level: 'offline',
      text: connection.since
        ? `Offline since ${formatTime(connection.since)}`
        : 'Offline: Kyrios cannot be reached',
    });
  }
  const ready = inputs.alerts.filter((a) => a.kind === 'ready');
  if (ready.length > 0) {
    lines.push({
      level: 'passing',
      text: `${count(ready.length, 'domain')} ready to Verify Now`,
    });
  }

  const worst = lines.reduce<TrayLevel>(
    (level, line) =>
      TRAY_LEVELS.indexOf(line.level) > TRAY_LEVELS.indexOf(level) ? line.level : level,
    'passing',
  );
  const headline =
    worst === 'passing'
      ? 'All domains passing'
      : (lines.find((line) => line.level === worst)?.text ?? '');
  const ordered = [...lines].sort(
    (a, b) => TRAY_LEVELS.indexOf(b.level) - TRAY_LEVELS.indexOf(a.level),
  );
  const texts =
    worst === 'passing' ? [headline, ...ordered.map((l) => l.text)] : ordered.map((l) => l.text);
  if (inputs.pausedUntil) texts.push(`Monitoring paused until ${formatTime(inputs.pausedUntil)}`);

  let tooltip = appName;
  for (const [index, text] of texts.entries()) {
    const next = `${tooltip}\n${text}`;
    if (next.length <= TOOLTIP_MAX) tooltip = next;
    // The worst line always shows, shortened if it must be (long domain names).
    else if (index === 0) tooltip = `${next.slice(0, TOOLTIP_MAX - 1)}…`;
    else break;
  }
  return {
    level: worst,
    icon: worst === 'passing' ? 'normal' : worst === 'offline' ? 'offline' : 'attention',
    headline,
    tooltip,
  };
}
