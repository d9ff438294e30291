/**
 * CSV as RFC 4180 writes it: CRLF between records, fields quoted when they hold a comma, a double
 * quote, CR or LF, quotes doubled inside. Exports open in spreadsheets, where a text cell starting
 * with = + - @ (or a tab / CR) is read as a formula: such text gets a leading apostrophe (OWASP's
 * CSV-injection advice), since notes and labels are typed by people. Numbers are left as they are.
 */

export type CsvCell = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: CsvCell, neutralizeFormulas = true): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = neutralizeFormulas && FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header line and one line per row, each ended by CRLF (the RFC allows the last one). */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly CsvCell[])[],
  options: { neutralizeFormulas?: boolean } = {},
): string {
  const neutralize = options.neutralizeFormulas ?? true;
  const line = (cells: readonly CsvCell[]) =>
    `${cells.map((c) => csvField(c, neutralize)).join(',')}\r\n`;
  return line(header) + rows.map(line).join('');
}

/**
 * Reads CSV back into rows of fields: quoted fields may hold commas, doubled quotes and line
 * breaks; records end with CRLF or LF. Blank lines are skipped. Fields are returned as written.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endRecord = () => {
    row.push(field);
    if (row.length > 1 || row[0] !== '') rows.push(row);
    row = [];
    field = '';
  };
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
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
    } else field += c;
  }
  if (field !== '' || row.length > 0) endRecord();
  return rows;
}
