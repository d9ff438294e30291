import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { parseCsv } from '../src/shared/csv';

// Electron's security checklist, enforced: @doyensec/electronegativity over src with the pinned
// Electron version. The scanner always exits 0, so its CSV is parsed here and any HIGH or MEDIUM
// finding fails the run unless a reviewed allow-list entry says why it is safe.

const root = resolve(import.meta.dirname, '..');
const toolDir = join(root, 'tools', 'electronegativity');
const scanner = join(toolDir, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');
const allowListFile = join(root, 'security', 'electronegativity-allowlist.json');

const AllowList = z.array(
  z.object({
    issue: z.string().regex(/^[A-Z0-9_]+$/),
    file: z.string().min(1),
    why: z.string().min(30, 'say why it is safe, in a sentence'),
  }),
);

export interface Finding {
  issue: string;
  severity: string;
  confidence: string;
  file: string;
  location: string;
  sample: string;
  description: string;
}

function ensureScanner(): void {
  if (existsSync(scanner)) return;
  process.stderr.write('Installing the Electron security scanner (tools/electronegativity)…\n');
  const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--prefix', toolDir], {
    stdio: ['ignore', process.stderr, process.stderr],
  });
  if (install.status !== 0 || !existsSync(scanner)) {
    throw new Error(
      'Could not install @doyensec/electronegativity (npm ci in tools/electronegativity).',
    );
  }
}

export function scan(): Finding[] {
  ensureScanner();
  const electronVersion = (
    createRequire(import.meta.url)('electron/package.json') as { version: string }
  ).version;
  const work = mkdtempSync(join(tmpdir(), 'electronegativity-'));
  const output = join(work, 'findings.csv');
  try {
    const run = spawnSync(
      process.execPath,
      [scanner, '-i', join(root, 'src'), '-e', electronVersion, '-o', output],
      { cwd: root, encoding: 'utf8', timeout: 300_000 },
    );
    if (!existsSync(output)) {
      throw new Error(
        `The scanner wrote no report (exit ${run.status}):\n${run.stdout}\n${run.stderr}`,
      );
    }
    // The scanner writes ", " between header names: fields are compared trimmed.
    const [header, ...rows] = parseCsv(readFileSync(output, 'utf8')).map((r) =>
      r.map((f) => f.trim()),
    );
    if (header?.[0] !== 'issue') throw new Error(`Unexpected report header: ${header?.join(',')}`);
    return rows.map(
      ([
        issue = '',
        severity = '',
        confidence = '',
        file = '',
        location = '',
        sample = '',
        description = '',
      ]) => ({
        issue,
        severity,
        confidence,
        file: relative(root, file),
        location,
        sample,
        description,
      }),
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function main(): void {
  const allowList = AllowList.parse(JSON.parse(readFileSync(allowListFile, 'utf8')));
  const findings = scan();
  const serious = findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM');
  const allowed = (f: Finding) => allowList.find((a) => a.issue === f.issue && a.file === f.file);
  const blocking = serious.filter((f) => !allowed(f));
  const unused = allowList.filter(
    (a) => !serious.some((f) => f.issue === a.issue && f.file === a.file),
  );

  for (const f of findings) {
    const mark = blocking.includes(f) ? '✗' : allowed(f) ? '✓ reviewed' : '· low';
    process.stdout.write(
      `${mark}  ${f.severity} ${f.issue} ${f.file}:${f.location}  ${f.sample.slice(0, 80)}\n`,
    );
  }
  process.stdout.write(
    `\n${findings.length} findings: ${serious.length} HIGH/MEDIUM, ${serious.length - blocking.length} reviewed in ${relative(root, allowListFile)}, ${blocking.length} blocking.\n`,
  );
  if (unused.length > 0) {
    // A warning, not a failure: an unused entry hides nothing, and the scanner's findings on a
    // line can shift with the code around it.
    process.stdout.write(`Allow-list entries no finding needs any more (remove them):\n`);
    for (const a of unused) process.stdout.write(`  ${a.issue} ${a.file}\n`);
  }
  if (blocking.length > 0) process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
