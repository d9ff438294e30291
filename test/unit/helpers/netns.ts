import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import {
  execArgvFor,
  type ChildExit,
  type ProcessLauncher,
} from '../../../src/main/sandbox-process/launcher';
import { runTool, type ToolResult } from './run-tool';
import type { Cleanup } from './temp-dir';

/** `ip` as root, or through sudo without a password where the tests do not run as root. */
function ipCommand(args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['ip', args] : ['sudo', ['-n', 'ip', ...args]];
}

async function ip(...args: string[]): Promise<void> {
  const [command, full] = ipCommand(args);
  const result = await runTool(command, full);
  if (result.code !== 0) throw new Error(`ip ${args.join(' ')}: ${result.stderr.trim()}`);
}

export interface NetnsPair {
  /** The namespace the server runs in, and its address there. */
  server: { ns: string; address: string };
  /** Another namespace, a peer across a veth link: not loopback for the server. */
  client: { ns: string; address: string };
  /** Runs a program inside a namespace to its end. */
  run(ns: string, command: string, args: string[]): Promise<ToolResult>;
  /** Starts processes inside a namespace for the supervisor (a child process with IPC). */
  launcher(ns: string, output: (line: string) => void): ProcessLauncher;
}

let created = 0;

/**
 * Two network namespaces of the test's own, joined by a veth pair (10.231.0.1 ↔ 10.231.0.2): a
 * server and a client that is a real network peer, with nothing touching the machine's own
 * network. Removed by cleanup.
 */
export async function createNetnsPair(cleanup: Cleanup): Promise<NetnsPair> {
  created += 1;
  const tag = `kd${process.pid}x${created}`;
  const server = { ns: `${tag}s`, address: '10.231.0.1' };
  const client = { ns: `${tag}c`, address: '10.231.0.2' };
  await ip('netns', 'add', server.ns);
  cleanup.add(() => ip('netns', 'del', server.ns));
  await ip('netns', 'add', client.ns);
  cleanup.add(() => ip('netns', 'del', client.ns));
  await ip(
    'link',
    'add',
    `${tag}a`,
    'netns',
    server.ns,
    'type',
    'veth',
    'peer',
    'name',
    `${tag}b`,
    'netns',
    client.ns,
  );
  for (const [side, link] of [
    [server, `${tag}a`],
    [client, `${tag}b`],
  ] as const) {
    await ip('-n', side.ns, 'addr', 'add', `${side.address}/30`, 'dev', link);
    await ip('-n', side.ns, 'link', 'set', link, 'up');
    await ip('-n', side.ns, 'link', 'set', 'lo', 'up');
  }

  return {
    server,
    client,
    run(ns, command, args) {
      const [ipBin, full] = ipCommand(['netns', 'exec', ns, command, ...args]);
      return runTool(ipBin, full);
    },
    launcher(ns, output) {
      return {
        kind: 'child process in a network namespace',
        launch(entry) {
          // `ip netns exec` execs the program: the IPC descriptor Node set up is inherited.
          const [ipBin, full] = ipCommand([
            'netns',
            'exec',
            ns,
            process.execPath,
            ...execArgvFor(entry),
            entry,
          ]);
          const child = spawn(ipBin, full, { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
          for (const stream of [child.stdout, child.stderr]) {
            if (stream) createInterface({ input: stream }).on('line', output);
          }
          const listeners: ((exit: ChildExit) => void)[] = [];
          child.once('exit', (code, signal) => listeners.forEach((l) => l({ code, signal })));
          child.on('error', () => undefined);
          return {
            pid: () => child.pid,
            post(message) {
              if (child.connected) child.send(message, () => undefined);
            },
            onMessage: (listener) => void child.on('message', listener),
            onExit: (listener) => void listeners.push(listener),
            kill: () => void child.kill('SIGKILL'),
          };
        },
      };
    },
  };
}
