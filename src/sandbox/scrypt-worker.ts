import { Worker } from 'node:worker_threads';

/**
 * scrypt on one long-lived worker thread, one hash at a time.
 *
 * Why not `crypto.scrypt`: it runs on libuv's thread pool, and each of its four threads then keeps
 * the 16 MiB scrypt buffer in its own glibc malloc arena after the hash ends, so a burst of AUTHs
 * leaves 64 MiB resident for good (measured by scripts/smtp-soak.ts: 100 sessions at once held the
 * sandbox at ~230 MB). On one thread the buffer is reused by the next hash: 16 MiB at most. It
 * also leaves the thread pool to file and DNS work during a burst. One hash at a time is ~20 per
 * second here: a burst of 100 AUTHs waits up to ~5 s, well within SMTP clients' timeouts.
 *
 * The worker's code is a string (CommonJS, Node built-ins only), so the same module works under
 * tsx, in tests and in the bundled app without a separate worker entry.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { scryptSync } = require('node:crypto');
parentPort.on('message', (job) => {
  try {
    const key = scryptSync(job.password, Buffer.from(job.salt), job.keyLength, job.options);
    parentPort.postMessage({ id: job.id, key });
  } catch (error) {
    parentPort.postMessage({ id: job.id, error: String(error && error.message || error) });
  }
});
`;

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

interface Pending {
  resolve: (key: Buffer) => void;
  reject: (error: Error) => void;
}

interface Running {
  thread: Worker;
  /** Hashes sent to this thread and not answered yet. */
  pending: Map<number, Pending>;
}

let current: Running | null = null;
let nextId = 0;

function started(): Running {
  if (current) return current;
  const thread = new Worker(WORKER_SOURCE, { eval: true, name: 'kyrios-scrypt' });
  const running: Running = { thread, pending: new Map() };
  thread.on('message', (message: { id: number; key?: Uint8Array; error?: string }) => {
    const job = running.pending.get(message.id);
    if (!job) return;
    running.pending.delete(message.id);
    if (message.key) job.resolve(Buffer.from(message.key));
    else job.reject(new Error(message.error ?? 'scrypt failed'));
    if (running.pending.size === 0) thread.unref();
  });
  // A thread that fails or ends fails its own hashes; the next hash starts a new thread.
  const gone = (error: Error): void => {
    if (current === running) current = null;
    for (const job of running.pending.values()) job.reject(error);
    running.pending.clear();
  };
  thread.on('error', gone);
  thread.on('exit', (code) => gone(new Error(`scrypt worker exited (${String(code)})`)));
  // Idle, it does not keep the process alive; while hashes wait, it does.
  thread.unref();
  current = running;
  return running;
}

/** scrypt(password, salt) on the worker; the key is `keyLength` bytes. */
export function scryptOnWorker(
  password: string,
  salt: Buffer,
  keyLength: number,
  params: ScryptParams,
): Promise<Buffer> {
  const { thread, pending } = started();
  const id = nextId++;
  return new Promise<Buffer>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    thread.ref();
    // Node's default maxmem (32 MiB) stays: parameters read from a stored hash cannot ask for more.
    thread.postMessage({ id, password, salt, keyLength, options: params });
  });
}

/** Ends the worker (tests; the process's exit ends it anyway). */
export async function stopScryptWorker(): Promise<void> {
  const running = current;
  current = null;
  if (running) await running.thread.terminate();
}
