import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { z } from 'zod';

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

/** RFC 4180-style fields: quoted fields may hold commas, quotes ("") and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field.trim());
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field.trim());
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  row.push(field.trim());
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
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
    const [header, ...rows] = parseCsv(readFileSync(output, 'utf8'));
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
    process.stdout.write(`Allow-list entries no finding needs any more (remove them):\n`);
    for (const a of unused) process.stdout.write(`  ${a.issue} ${a.file}\n`);
  }
  if (blocking.length > 0 || unused.length > 0) process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
