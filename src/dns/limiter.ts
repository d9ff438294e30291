/**
 * Bounded concurrency, overall and per server: checking many domains at once must not open
 * thousands of sockets, nor hammer one server (authoritative servers rate-limit bursts).
 */

class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  get idle(): boolean {
    return this.active === 0 && this.waiting.length === 0;
  }

  /** Takes a slot if one is free, synchronously (the common case costs no promise). */
  tryAcquire(): boolean {
    if (this.active >= this.limit) return false;
    this.active++;
    return true;
  }

  acquire(): Promise<void> {
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    // Hand the slot straight to the next waiter so the count never dips and races.
    if (next) next();
    else this.active--;
  }
}

export class Limiter {
  private readonly overall: Semaphore;
  private readonly perKey = new Map<string, Semaphore>();

  constructor(
    overall: number,
    private readonly perKeyLimit: number,
  ) {
    this.overall = new Semaphore(Math.max(1, overall));
  }

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    let sem = this.perKey.get(key);
    if (!sem) {
      sem = new Semaphore(Math.max(1, this.perKeyLimit));
      this.perKey.set(key, sem);
    }
    const held = sem;
    const release = (): void => {
      this.overall.release();
      held.release();
      if (held.idle) this.perKey.delete(key);
    };
    // Per-key first: a slow server's queue must not hold overall slots while it waits.
    if (!held.tryAcquire()) return this.queued(held.acquire(), task, release);
    if (!this.overall.tryAcquire()) return this.queued(Promise.resolve(), task, release);
    // Both slots free (the common case): no extra promise per query.
    return start(task).finally(release);
  }

  private async queued<T>(
    perKey: Promise<void>,
    task: () => Promise<T>,
    release: () => void,
  ): Promise<T> {
    await perKey;
    if (!this.overall.tryAcquire()) await this.overall.acquire();
    try {
      return await start(task);
    } finally {
      release();
    }
  }
}

/** Runs the task; a synchronous throw becomes a rejection so the slots are always released. */
function start<T>(task: () => Promise<T>): Promise<T> {
  try {
    return task();
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}
