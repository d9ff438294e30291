import type { DomainCheckResult } from '../shared/dns-check';
import { domainStatus } from '../shared/dns-check';
import type { ExpectedRecords } from '../shared/records';
import { checkRecord } from './check-record';
import type { RecordSpec } from './check-record';
import { DnsClient } from './client';
import { recognizeProvider } from './providers';
import { defaultResolvers } from './resolvers';
import type { ServerAddress } from './server-address';
import { Dnssec } from './dnssec';
import { DnsSession, handled } from './session';
import type { NameserverMap } from './session';
import { Zones } from './zones';
import { canonicalName, nameProblem } from './wire';

export interface CheckOptions {
  /** The authoritative truth to use instead of discovering the zone's servers. */
  authoritative?: ServerAddress[];
  /** Resolvers for the propagation view; default: the system's plus `publicResolvers`. */
  resolvers?: ServerAddress[];
  /** The public part of the default resolvers (default: Cloudflare, Google, Quad9). */
  publicResolvers?: ServerAddress[];
  /** Per try, per query (default 2000). */
  timeoutMs?: number;
  /** Tries per query over UDP (default 2). */
  tries?: number;
  /** Bound on one whole domain check (default 30 s); past it, open queries count as timeouts. */
  deadlineMs?: number;
  signal?: AbortSignal;
  now?: () => Date;
  /** NS host name → address:port, used instead of resolving NS hosts (see session.ts). */
  nameserverMap?: NameserverMap;
  /** Share one client (and so one concurrency bound) between checks run at once. */
  client?: DnsClient;
}

export class DnsInputError extends Error {
  override name = 'DnsInputError';
}

const DEFAULT_DEADLINE_MS = 30_000;

let sharedClient: DnsClient | undefined;

/** Checks that bring no client share one, so their concurrency bounds hold across all of them. */
function defaultClient(): DnsClient {
  sharedClient ??= new DnsClient();
  return sharedClient;
}

/**
 * The bound on one check, and the caller's cancellation, as one signal. A plain timer cleared when
 * the check ends, rather than AbortSignal.timeout and AbortSignal.any: those keep a timer and the
 * signals alive for the whole deadline (30 s) after the check, hundreds of them when checking many
 * domains at once.
 */
/**
 * Why a check's signal is aborted. Given as the reason so AbortController does not make a
 * DOMException (with its stack) for every check that ends.
 */
const DEADLINE = new Error('the DNS check ended or ran out of time');

class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly abort = (): void => this.controller.abort(DEADLINE);

  constructor(
    ms: number,
    private readonly outer?: AbortSignal,
  ) {
    this.timer = setTimeout(this.abort, ms);
    this.timer.unref();
    if (outer?.aborted) this.abort();
    else outer?.addEventListener('abort', this.abort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Stops the timer, and aborts whatever the check left in flight. */
  end(): void {
    clearTimeout(this.timer);
    this.outer?.removeEventListener('abort', this.abort);
    this.abort();
  }
}

function assertNames(domain: string, names: string[]): void {
  const problems = [domain, ...names]
    .map((n) => nameProblem(n))
    .filter((p): p is string => p !== null);
  if (problems.length > 0) throw new DnsInputError(`Cannot query: ${problems.join('; ')}`);
}

async function run(
  domain: string,
  specs: RecordSpec[],
  options: CheckOptions,
): Promise<DomainCheckResult> {
  const now = options.now ?? (() => new Date());
  const checkedAt = now().toISOString();
  const deadline = new Deadline(options.deadlineMs ?? DEFAULT_DEADLINE_MS, options.signal);
  try {
    const session = new DnsSession(options.client ?? defaultClient(), {
      resolvers: options.resolvers ?? (await defaultResolvers(options.publicResolvers)),
      signal: deadline.signal,
      ...(options.authoritative ? { authoritative: options.authoritative } : {}),
      ...(options.nameserverMap ? { nameserverMap: options.nameserverMap } : {}),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.tries === undefined ? {} : { tries: options.tries }),
    });
    const zones = new Zones(session);
    const dnssec = new Dnssec(session, now);
    const apexZone = zones.findZone(domain);
    // The zone's keys are read as soon as its servers are known, beside the record questions.
    void handled(apexZone.then((z) => (z.ok ? dnssec.keysOf(z.zone) : null)));
    const provider = apexZone.then((z) => (z.ok ? recognizeProvider(z.zone.nameservers) : null));
    const outcomes = await Promise.all(
      specs.map((spec) => checkRecord({ session, zones, dnssec, domain, provider, now }, spec)),
    );
    const records = outcomes.map((o) => o.result);
    const zone = await apexZone;
    const result: DomainCheckResult = {
      domain,
      checkedAt,
      status: domainStatus(records),
      provider: await provider,
      records,
    };
    if (zone.ok) {
      const bogus = outcomes.some((o) => o.bogus && o.zone?.apex === zone.zone.apex);
      result.dnssec = await dnssec.status(zone.zone, bogus);
    }
    return result;
  } finally {
    // Ends what is still in flight (a dead server's last try): nothing waits for it any more.
    deadline.end();
  }
}

/**
 * Checks every expected record of a domain on its authoritative servers and on resolvers. Never
 * throws for what the network or the servers do (that is data in the result); throws
 * DnsInputError for names that cannot be put on the wire.
 */
export async function checkDomain(
  expected: ExpectedRecords,
  options: CheckOptions = {},
): Promise<DomainCheckResult> {
  const domain = canonicalName(expected.domain);
  assertNames(
    domain,
    expected.records.map((r) => r.name),
  );
  const specs: RecordSpec[] = expected.records.map((r) => ({
    purpose: r.purpose,
    type: r.type,
    name: canonicalName(r.name),
    expected: r.value,
    required: r.required,
    ...(r.priority === undefined ? {} : { priority: r.priority }),
  }));
  return run(domain, specs, options);
}

/** SPF, DMARC and MX of a domain with no expectations: reports what is there and what is wrong. */
export async function checkMailBasics(
  domainName: string,
  options: CheckOptions = {},
): Promise<DomainCheckResult> {
  const domain = canonicalName(domainName);
  assertNames(domain, [`_dmarc.${domain}`]);
  const specs: RecordSpec[] = [
    { purpose: 'spf', type: 'TXT', name: domain, expected: null, required: true },
    { purpose: 'dmarc', type: 'TXT', name: `_dmarc.${domain}`, expected: null, required: true },
    { purpose: 'mx', type: 'MX', name: domain, expected: null, required: true },
  ];
  return run(domain, specs, options);
}
