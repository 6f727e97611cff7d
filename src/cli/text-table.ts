// Small helpers for the human-readable output of the data-dir commands: aligned tables, keys
// with unprintable bytes escaped, and JSON that carries bigints and Buffers.

/** A column: its header and whether it holds numbers (right-aligned). */
export interface Column {
  header: string;
  numeric?: boolean;
}

const FIRST_PRINTABLE = 0x20;
const LAST_PRINTABLE = 0x7e;
const BACKSLASH = 0x5c;
const QUOTE = 0x27;
const HEX_DIGITS = 2;

/** Rows under a header line, each column as wide as its widest cell, two spaces apart. */
export function formatTable(
  columns: readonly Column[],
  rows: readonly string[][],
  indent = '  ',
): string {
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    indent +
    columns
      .map((column, i) => {
        const cell = cells[i] ?? '';
        const last = i === columns.length - 1;
        if (column.numeric === true) return cell.padStart(widths[i]!);
        return last ? cell : cell.padEnd(widths[i]!);
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((column) => column.header)), ...rows.map(line)].join('\n') + '\n';
}

/** A key in quotes: printable ASCII as is, every other byte (and \ and ') as \xNN. */
export function formatKey(key: Buffer): string {
  let text = "'";
  for (const byte of key) {
    const printable =
      byte >= FIRST_PRINTABLE && byte <= LAST_PRINTABLE && byte !== BACKSLASH && byte !== QUOTE;
    text += printable
      ? String.fromCharCode(byte)
      : `\\x${byte.toString(16).padStart(HEX_DIGITS, '0')}`;
  }
  return text + "'";
}

/** JSON for --json: bigints as decimal strings, Buffers as hex. */
export function toJson(value: unknown): string {
  return (
    JSON.stringify(
      value,
      function (this: Record<string, unknown>, key: string, converted: unknown) {
        const raw = this[key];
        if (Buffer.isBuffer(raw)) return raw.toString('hex');
        if (typeof converted === 'bigint') return converted.toString();
        return converted;
      },
      2,
    ) + '\n'
  );
}
