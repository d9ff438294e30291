/**
 * Bounded concurrency, overall and per server: checking many domains at once must not open
 * thousands of sockets, nor hammer one server (authoritative servers rate-limit bursts).
 *
 * Every query goes through here, so waiting costs no promise: `acquire` takes the slots on the
 * spot (true), or queues the waiter, which `release` starts as soon as it frees slots for it.
 * Waiters form a linked queue per server, and one overall.
 */

/** Something waiting for slots: started by `release` once it holds them. */
export interface Waiter {
  start(): void;
  /** The queue's link, owned by the limiter. */
  nextWaiting?: Waiter | null;
}

/** First in, first out, O(1) both ends, no array to shift or grow. */
class Queue {
  private head: Waiter | null = null;
  private tail: Waiter | null = null;

  push(waiter: Waiter): void {
    waiter.nextWaiting = null;
    if (this.tail) this.tail.nextWaiting = waiter;
    else this.head = waiter;
    this.tail = waiter;
  }

  shift(): Waiter | null {
    const waiter = this.head;
    if (waiter) {
      this.head = waiter.nextWaiting ?? null;
      if (!this.head) this.tail = null;
      waiter.nextWaiting = null;
    }
    return waiter;
  }
}

/** One server's slots, and the queries waiting for one of them. */
class Slot {
  active = 0;
  readonly waiting = new Queue();
  constructor(readonly key: string) {}
}

export class Limiter {
  private readonly overallLimit: number;
  private readonly perKeyLimit: number;
  private overallActive = 0;
  /** Waiters holding their server's slot, waiting for an overall one. */
  private readonly overallWaiting = new Queue();
  private readonly perKey = new Map<string, Slot>();

  constructor(overall: number, perKeyLimit: number) {
    this.overallLimit = Math.max(1, overall);
    this.perKeyLimit = Math.max(1, perKeyLimit);
  }

  /**
   * Takes a slot for `key` and one overall: true when both were free. Otherwise `waiter` is
   * queued and started (from a `release`) once it holds them. Every slot taken, at once or later,
   * must be given back with one `release(key)`.
   */
  acquire(key: string, waiter: Waiter): boolean {
    let slot = this.perKey.get(key);
    if (!slot) {
      slot = new Slot(key);
      this.perKey.set(key, slot);
    }
    // Per server first: a slow server's queue must not hold overall slots while it waits.
    if (slot.active >= this.perKeyLimit) {
      slot.waiting.push(waiter);
      return false;
    }
    slot.active++;
    if (this.overallActive < this.overallLimit) {
      this.overallActive++;
      return true;
    }
    this.overallWaiting.push(waiter);
    return false;
  }

  /**
   * Frees the slots of `key`. Each freed slot is handed straight to the next waiter, so the counts
   * never dip and race: first the overall slot (its waiters already hold their server's slot),
   * then the server's slot.
   */
  release(key: string): void {
    const waitingOverall = this.overallWaiting.shift();
    if (waitingOverall) waitingOverall.start();
    else this.overallActive--;
    const slot = this.perKey.get(key);
    if (!slot) return;
    const waitingHere = slot.waiting.shift();
    if (waitingHere) {
      // It now holds the server's slot; the overall one it may have to wait for.
      if (this.overallActive < this.overallLimit) {
        this.overallActive++;
        waitingHere.start();
      } else this.overallWaiting.push(waitingHere);
    } else if (--slot.active === 0) this.perKey.delete(key);
  }
}
