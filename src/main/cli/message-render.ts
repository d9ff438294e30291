import type { CheckStatus } from '../../shared/dns-check';
import type { MailCheckResult } from '../../shared/mail-check';

/** The human report of `message`: one line per verdict (✓ ! ? ✗), why and the fix under the rest. */

const MARK: Record<CheckStatus, string> = { pass: '✓', warn: '!', unknown: '?', fail: '✗' };
const COLOUR: Record<CheckStatus, string> = { pass: '32', warn: '33', unknown: '90', fail: '31' };
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
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.map((l) => `${indent}${l}`).join('\n');
}

interface Row {
  label: string;
  status: CheckStatus;
  result: string;
  message: string;
  fix: string | null;
}

function renderRow(row: Row, color: boolean): string {
  const mark = paint(MARK[row.status], COLOUR[row.status], color);
  const lines = [`  ${mark} ${row.label.padEnd(28)} ${row.result}`];
  if (row.status === 'pass') lines.push(paint(wrap(row.message, '      '), '2', color));
  else {
    lines.push(wrap(row.message, '      '));
    if (row.fix) lines.push(paint(wrap(`fix: ${row.fix}`, '      '), '1', color));
  }
  return lines.join('\n');
}

function kilobytes(size: number): string {
  return size >= 1024 * 1024
    ? `${(size / (1024 * 1024)).toFixed(1)} MB`
    : `${Math.ceil(size / 1024)} KB`;
}

export function renderMessage(r: MailCheckResult, color: boolean): string {
  const status = paint(`${MARK[r.status]} ${VERDICT[r.status]}`, COLOUR[r.status], color);
  const head = `${r.subject === null ? '(no subject)' : `"${r.subject}"`} from ${r.from ?? '(no single From address)'}  ${status}  (${kilobytes(r.size)}, checked ${r.checkedAt})`;
  const c = r.connection;
  const connection =
    c.ip === null
      ? '  connection: unknown (no Received line names it)'
      : `  connection: ${c.ip}${c.helo ? ` (${c.helo})` : ''}${c.source === 'given' ? ', as given' : `, received by ${c.receivedBy ?? '?'}`}; envelope sender ${r.envelopeFrom === null ? 'unknown' : r.envelopeFrom === '' ? '<> (a bounce)' : r.envelopeFrom}`;
  const rows: Row[] = [
    { label: `SPF ${r.spf.domain ?? ''}`, ...r.spf },
    ...r.dkim.map((d) => ({
      label: d.domain ? `DKIM d=${d.domain} s=${d.selector ?? '?'}` : 'DKIM',
      ...d,
    })),
    { label: `DMARC ${r.dmarc.domain ?? ''}`, ...r.dmarc },
    ...(r.arc ? [{ label: `ARC (${r.arc.instances})`, ...r.arc }] : []),
  ];
  const blocks = [head, connection, ...rows.map((row) => renderRow(row, color))];
  if (r.receiverResults) {
    const rr = r.receiverResults;
    blocks.push(
      renderRow(
        {
          label: `receiver ${rr.authservId}`,
          status: rr.status,
          result: rr.results.map((x) => `${x.method}=${x.result}`).join(' '),
          message: rr.message,
          fix: null,
        },
        color,
      ),
    );
  }
  for (const note of r.notes) blocks.push(paint(wrap(`note: ${note.message}`, '  '), '33', color));
  return `${blocks.join('\n')}\n`;
}
