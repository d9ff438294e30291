/**
 * Every date, time and count on screen in one style: the interface's language is English, so the
 * formats are English (United States) too, "Nov 26, 2026, 4:38 PM", "4:38 PM", "Nov 26",
 * "1,500", whatever the system's locale: never a mix of 16:38, 04:38 PM and 26 Nov.
 */
const LOCALE = 'en-US';

// Made once: `toLocaleString(locale, options)` builds a new formatter on every call, and lists
// format a date per row as they mount.
const calendarDate = new Intl.DateTimeFormat(LOCALE, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
});
const dateTime = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'short' });
const timeOfDay = new Intl.DateTimeFormat(LOCALE, { timeStyle: 'short' });
const serviceDay = new Intl.DateTimeFormat(LOCALE, {
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});

/** "3 min ago", "yesterday", or a date: how long ago something happened, for people. */
export function formatAgo(iso: string | null, now: Date = new Date()): string {
  if (!iso) return 'Never';
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return 'Unknown';
  const seconds = Math.round((now.getTime() - then.getTime()) / 1000);
  if (seconds < 45) return 'Just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days === 1) return 'Yesterday';
  if (days < 7) return `${days} days ago`;
  return formatDate(iso);
}

/** A calendar date, e.g. "Nov 26, 2026". */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return 'Unknown';
  return calendarDate.format(date);
}

/** Date and time for tooltips and history. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return 'Unknown';
  return dateTime.format(date);
}

const numbers = new Intl.NumberFormat(LOCALE);

/** A count with thousands separators, as the service's rules are written: "1,500". */
export function formatCount(n: number): string {
  return numbers.format(n);
}

/** A duration for people: "45 s", "12 min", "5 h 20 min", "3 days". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    const rest = minutes % 60;
    return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
  }
  return `${Math.round(hours / 24)} days`;
}

/** "in 5 h 20 min" until a moment, "now" once it has passed. */
export function formatUntil(iso: string, now: Date = new Date()): string {
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return 'at an unknown time';
  const ms = then.getTime() - now.getTime();
  return ms <= 0 ? 'now' : `in ${formatDuration(ms)}`;
}

/** How old a password is: "today", "1 day", "40 days". */
export function formatAge(iso: string, now: Date = new Date()): string {
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return 'Unknown';
  const days = Math.floor((now.getTime() - then.getTime()) / 86_400_000);
  if (days < 1) return 'Today';
  return days === 1 ? '1 day' : `${formatCount(days)} days`;
}

/** Time of day, as in formatDateTime: "4:38 PM". */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return 'Unknown';
  return timeOfDay.format(date);
}

/** A service day (`2026-11-26`, UTC) as "Nov 26". */
export function formatDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return serviceDay.format(date);
}

/** Bytes as "212.4 KB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Share of a limit in whole percent, capped to 0–100 for bars. */
export function percentOf(value: number, limit: number): number {
  if (limit <= 0) return 0;
  return Math.min(100, Math.max(0, Math.round((value / limit) * 100)));
}

/** The security an SMTP port implies: 465 is TLS from the first byte, the rest upgrade with STARTTLS. */
export function smtpSecurity(port: number): string {
  return port === 465 ? 'SSL/TLS (implicit TLS)' : 'STARTTLS';
}

const ISO_TIME = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z\b/g;

/** A service message with its ISO timestamps ("…resets at 2026-11-27T00:00:00.000Z") made local. */
export function readableTimes(text: string): string {
  return text.replace(ISO_TIME, (iso) => formatDateTime(iso));
}
