import type { CheckStatus, DomainCheckResult, RecordCheckResult } from '../../shared/dns-check';

/** The human table: one line per record (✓ ! ? ✗), then why and the fix under anything not passing. */

const MARK: Record<CheckStatus, string> = { pass: '✓', warn: '!', unknown: '?', fail: '✗' };
const COLOUR: Record<CheckStatus, string> = { pass: '32', warn: '33', unknown: '90', fail: '31' };
/** What the domain line says; "could not check" is never a failure. */
const VERDICT: Record<CheckStatus, string> = {
  pass: 'PASS',
  warn: 'WARN',
  unknown: 'COULD NOT CHECK',
  fail: 'FAIL',
};

function paint(text: string, code: string, color: boolean): string {
  return color ? `\u001b[${code}m${text}\u001b[0m` : text;
}

function wrap(text: string, indent: string, width = 100): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines.map((l) => `${indent}${l}`).join('\n');
}

function serversSummary(r: RecordCheckResult): string {
  const part = (role: 'authoritative' | 'resolver', label: string): string | null => {
    const cells = r.servers.filter((s) => s.role === role);
    if (cells.length === 0) return null;
    const agree = cells.filter((s) => s.agrees === true).length;
    return `${label} ${agree}/${cells.length}`;
  };
  return [part('authoritative', 'authoritative'), part('resolver', 'resolvers')]
    .filter((p): p is string => p !== null)
    .join(', ');
}

function renderRecord(r: RecordCheckResult, color: boolean): string {
  const mark = paint(MARK[r.status], COLOUR[r.status], color);
  const codes = r.codes.includes('ok') ? '' : `  ${r.codes.join(', ')}`;
  const optional = r.required ? '' : ' (optional)';
  const head = `  ${mark} ${r.purpose.padEnd(12)} ${r.type.padEnd(5)} ${r.name}${optional}${codes}`;
  const lines = [head];
  const summary = serversSummary(r);
  if (r.status === 'pass') {
    lines.push(
      paint(wrap(`${r.message}${summary ? ` [agree: ${summary}]` : ''}`, '      '), '2', color),
    );
  } else {
    lines.push(wrap(r.message, '      '));
    if (r.fix) lines.push(paint(wrap(`fix: ${r.fix}`, '      '), '1', color));
    if (summary) lines.push(paint(`      agree: ${summary}`, '2', color));
  }
  return lines.join('\n');
}

/** The zone's DNSSEC in one line; a zone validating resolvers reject gets its reason and fix. */
function renderDnssec(d: DomainCheckResult, color: boolean): string[] {
  const dnssec = d.dnssec;
  if (!dnssec) return [];
  if (dnssec.state !== 'bogus') {
    return [paint(wrap(`DNSSEC: ${dnssec.state}. ${dnssec.message}`, '  '), '2', color)];
  }
  const lines = [paint(wrap(`DNSSEC: BOGUS. ${dnssec.message}`, '  '), COLOUR.fail, color)];
  if (dnssec.fix) lines.push(paint(wrap(`fix: ${dnssec.fix}`, '  '), '1', color));
  return lines;
}

export function renderTable(results: DomainCheckResult[], color: boolean): string {
  const blocks = results.map((d) => {
    const status = paint(`${MARK[d.status]} ${VERDICT[d.status]}`, COLOUR[d.status], color);
    const provider = d.provider ? `  DNS host: ${d.provider.name}` : '';
    const head = `${d.domain}  ${status}${provider}  (checked ${d.checkedAt})`;
    const hints = d.provider ? [wrap(d.provider.hostAdvice, '  ')] : [];
    return [
      head,
      ...hints,
      ...renderDnssec(d, color),
      ...d.records.map((r) => renderRecord(r, color)),
    ].join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}
