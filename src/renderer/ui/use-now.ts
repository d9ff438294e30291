import { useEffect, useState } from 'react';

/** The current time, renewed every `ms`, for texts like "3 min ago" that age on screen. */
export function useNow(ms = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
