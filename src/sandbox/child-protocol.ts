import { z } from 'zod';

/**
 * The messages between the app and the embedded sandbox running in its own process (a Node child
 * process in browser mode, an Electron utility process in the desktop app; see child.ts). Both
 * sides check what they receive: the other process is a boundary like any other.
 */

const Address = z.object({ host: z.string(), port: z.number().int().min(0).max(65535) });
const Servers = z.array(Address.extend({ label: z.string().optional() }));

/** What startSandbox takes, less what cannot cross a process boundary (a clock, a logger). */
export const ChildSandboxOptions = z.object({
  dataDir: z.string().min(1),
  port: z.number().int().min(0).max(65535).optional(),
  smtpPort: z.number().int().min(0).max(65535).optional(),
  mxPort: z.number().int().min(0).max(65535).optional(),
  host: z.string().optional(),
  hosts: z
    .object({
      spfInclude: z.string().optional(),
      returnPathHost: z.string().optional(),
      mxHost: z.string().optional(),
      trackingHost: z.string().optional(),
      dmarcReports: z.string().optional(),
      dkimSelector: z.string().optional(),
      dedicatedIp: z.string().optional(),
    })
    .optional(),
  dns: z
    .object({
      authoritative: Servers.optional(),
      resolvers: Servers.optional(),
      timeoutMs: z.number().optional(),
      tries: z.number().optional(),
      verifyDeadlineMs: z.number().optional(),
      addDeadlineMs: z.number().optional(),
    })
    .optional(),
  maxMessageBytes: z.number().int().positive().optional(),
  smtpLimits: z
    .object({
      maxClients: z.number().int().positive().optional(),
      idleTimeoutMs: z.number().int().positive().optional(),
      maxSessionMs: z.number().int().positive().optional(),
    })
    .optional(),
  nativeBinding: z.string().optional(),
});
export type ChildSandboxOptions = z.infer<typeof ChildSandboxOptions>;

export const ToChild = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('start'),
    options: ChildSandboxOptions,
    /** The app's pid: the child exits when that process is gone. */
    parentPid: z.number().int().positive(),
  }),
  z.object({ type: z.literal('stats'), id: z.number().int() }),
  z.object({ type: z.literal('stop') }),
]);
export type ToChild = z.infer<typeof ToChild>;

const ListenerStats = z.object({
  sessions: z.number(),
  open: z.number(),
  completed: z.number(),
  closed: z.number(),
  refused: z.number(),
  broken: z.record(z.string(), z.number()),
});

export const SandboxStatsShape = z.object({
  smtp: z.object({ submission: ListenerStats, mx: ListenerStats }),
  http: z.object({ broken: z.record(z.string(), z.number()) }),
});

export const FromChild = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ready'),
    pid: z.number().int(),
    api: z.string(),
    apiKey: z.string(),
    smtp: Address,
    mx: Address,
  }),
  z.object({ type: z.literal('failed'), message: z.string() }),
  z.object({
    type: z.literal('stats'),
    id: z.number().int(),
    stats: SandboxStatsShape,
    /** Resident set size, bytes. */
    rss: z.number(),
  }),
]);
export type FromChild = z.infer<typeof FromChild>;
export type ChildReady = Extract<FromChild, { type: 'ready' }>;
