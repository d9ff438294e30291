/** The sandbox's notion of now, injectable so tests can cross a UTC midnight without waiting. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** `YYYY-MM-DD` of the UTC day `at` falls in: the daily limit's day. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The next UTC midnight after `at`: when the daily count starts again from zero. */
export function nextUtcMidnight(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1));
}

/** The `count` UTC days ending with the one `at` falls in, oldest first. */
export function lastUtcDays(at: Date, count: number): string[] {
  const days: string[] = [];
  for (let back = count - 1; back >= 0; back--) {
    days.push(
      utcDay(new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() - back))),
    );
  }
  return days;
}
