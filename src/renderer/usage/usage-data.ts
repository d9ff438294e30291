/** The usage panel's arithmetic, kept apart from the components so it can be unit-tested. */

export interface DayCount {
  day: string;
  sent: number;
}

/** The last `count` days up to today, oldest first, zero-filled: a short or cached answer still draws every bar. */
export function lastDays(days: readonly DayCount[], today: string, count: number): DayCount[] {
  const sent = new Map(days.map((d) => [d.day, d.sent]));
  const end = new Date(`${today}T00:00:00Z`).getTime();
  const out: DayCount[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const day = new Date(end - i * 86_400_000).toISOString().slice(0, 10);
    out.push({ day, sent: sent.get(day) ?? 0 });
  }
  return out;
}

/** One row per user or domain: today's count (what the limit counts) and the window's. */
export function splitRows<T extends { sent: number }>(
  window: readonly T[],
  today: readonly T[],
  key: (row: T) => string,
): { row: T; today: number; window: number }[] {
  const todays = new Map(today.map((r) => [key(r), r.sent]));
  return window
    .map((row) => ({ row, today: todays.get(key(row)) ?? 0, window: row.sent }))
    .sort((a, b) => b.today - a.today || b.window - a.window);
}
