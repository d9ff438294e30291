/**
 * Bounded concurrency, overall and per server: checking many domains at once must not open
 * thousands of sockets, nor hammer one server (authoritative servers rate-limit bursts).
 *
 * Every query goes through here, and most of them wait (a check asks hundreds of queries of one
 * server, 32 at a time), so waiting costs no promise of its own: a waiting task is one entry in a
 * linked queue, started straight from the release that frees its slots.
 */

interface Entry {
  task: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
  key: string;
  slot: Slot;
  next: Entry | null;
}

/** First in, first out, O(1) both ends, no array to shift or grow. */
class Queue {
  private head: Entry | null = null;
  private tail: Entry | null = null;

  get empty(): boolean {
    return this.head === null;
  }

  push(entry: Entry): void {
    entry.next = null;
    if (this.tail) this.tail.next = entry;
    else this.head = entry;
    this.tail = entry;
  }

  shift(): Entry | null {
    const entry = this.head;
    if (entry) {
      this.head = entry.next;
      if (!this.head) this.tail = null;
      entry.next = null;
    }
    return entry;
  }
}

/** One server's slots, and the tasks waiting for one of them. */
class Slot {
  active = 0;
  readonly waiting = new Queue();
}

export class Limiter {
  private readonly overallLimit: number;
  private readonly perKeyLimit: number;
  private overallActive = 0;
  /** Tasks holding their server's slot, waiting for an overall one. */
  private readonly overallWaiting = new Queue();
  private readonly perKey = new Map<string, Slot>();

  constructor(overall: number, perKeyLimit: number) {
    this.overallLimit = Math.max(1, overall);
    this.perKeyLimit = Math.max(1, perKeyLimit);
  }

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    let slot = this.perKey.get(key);
    if (!slot) {
      slot = new Slot();
      this.perKey.set(key, slot);
    }
    return new Promise<T>((resolve, reject) => {
      const entry: Entry = {
        task,
        resolve: resolve as (value: unknown) => void,
        reject,
        key,
        slot,
        next: null,
      };
      // Per-key first: a slow server's queue must not hold overall slots while it waits.
      if (slot.active >= this.perKeyLimit) slot.waiting.push(entry);
      else {
        slot.active++;
        this.overall(entry);
      }
    });
  }

  /** An entry that holds its server's slot: starts it if an overall slot is free, else queues it. */
  private overall(entry: Entry): void {
    if (this.overallActive >= this.overallLimit) {
      this.overallWaiting.push(entry);
      return;
    }
    this.overallActive++;
    this.start(entry);
  }

  private start(entry: Entry): void {
    let pending: Promise<unknown>;
    try {
      pending = entry.task();
    } catch (err) {
      // A synchronous throw becomes a rejection, so the slots are always released.
      pending = Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    pending.then(
      (value) => {
        this.release(entry);
        entry.resolve(value);
      },
      (err: unknown) => {
        this.release(entry);
        entry.reject(err);
      },
    );
  }

  /**
   * Frees the entry's slots. Each freed slot is handed straight to the next waiter, so the counts
   * never dip and race: first the overall slot (its waiters already hold their server's slot),
   * then the server's slot.
   */
  private release(entry: Entry): void {
    const waitingOverall = this.overallWaiting.shift();
    if (waitingOverall) this.start(waitingOverall);
    else this.overallActive--;
    const { slot } = entry;
    const waitingHere = slot.waiting.shift();
    if (waitingHere) this.overall(waitingHere);
    else if (--slot.active === 0) this.perKey.delete(entry.key);
  }
}
