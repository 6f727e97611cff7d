// The human-readable dumps of `strata inspect`: an SST block by block (page slots, compressed and
// raw lengths, allocated against logical bytes, as sst_dump shows them), a WAL record by record,
// and the MANIFEST edit by edit with the state it adds up to.

import type {
  BlockInfo,
  Finding,
  Findings,
  InternalKey,
  ManifestFile,
  ManifestInfo,
  TableInfo,
  WalInfo,
} from '../engine/index.js';
import { formatKey, formatTable } from './text-table.js';

const PERCENT = 100;
const ONE_DECIMAL = 1;

function internalKey(key: InternalKey | null): string {
  if (key === null) return '(malformed)';
  return `${formatKey(key.userKey)} @${key.sequence} ${key.type}`;
}

function keyRange(smallest: InternalKey | null, largest: InternalKey | null): string {
  return `${internalKey(smallest)} .. ${internalKey(largest)}`;
}

function share(part: number, whole: number): string {
  return whole === 0 ? '-' : `${((part / whole) * PERCENT).toFixed(ONE_DECIMAL)}%`;
}

export function formatFindings(findings: Findings): string {
  const line = (kind: string, finding: Finding) =>
    `${kind}: ${finding.file} at offset ${finding.offset}: ${finding.message}\n`;
  return (
    findings.problems.map((finding) => line('problem', finding)).join('') +
    findings.notes.map((finding) => line('note', finding)).join('')
  );
}

function blockRow(block: BlockInfo): string[] {
  return [
    block.kind,
    String(block.offset),
    String(block.size),
    block.pageSize === 0 ? '-' : `${block.pageNumber}/${block.pageSize / 1024}K`,
    String(block.slotBytes),
    String(block.allocatedBytes),
    block.pageType ?? 'damaged',
    block.algorithm ?? '-',
    block.storedLength === undefined ? '-' : String(block.storedLength),
    block.rawLength === undefined ? '-' : String(block.rawLength),
    block.kind === 'data' ? String(block.entries) : '',
    block.kind === 'data' && block.firstKey !== null ? internalKey(block.firstKey) : '',
  ];
}

const BLOCK_COLUMNS = [
  { header: 'kind' },
  { header: 'offset', numeric: true },
  { header: 'size', numeric: true },
  { header: 'page' },
  { header: 'slot', numeric: true },
  { header: 'allocated', numeric: true },
  { header: 'stored as' },
  { header: 'codec' },
  { header: 'stored', numeric: true },
  { header: 'raw', numeric: true },
  { header: 'entries', numeric: true },
  { header: 'first key' },
];

export function formatTableInfo(path: string, info: TableInfo): string {
  const data = info.blocks.filter((block) => block.kind === 'data');
  const pages = data.filter((block) => block.pageSize > 0);
  const compressed = data.filter((block) => block.pageType === 'compressed');
  let out = `file        ${path}\n`;
  out += `size        ${info.fileSize} bytes logical, ${info.allocatedBytes} allocated (${share(info.allocatedBytes, info.fileSize)})\n`;
  if (info.footer !== undefined) {
    const f = info.footer;
    out += `format      SST v${f.version}; index at ${f.index.offset} (${f.index.size} bytes), `;
    out += `filter at ${f.filter.offset} (${f.filter.size} bytes), `;
    out += `properties at ${f.properties.offset} (${f.properties.size} bytes)\n`;
  }
  out += `data        ${data.length} blocks: ${pages.length} page slots, ${compressed.length} compressed; `;
  out += `${info.entries} entries\n`;
  if (info.entries > 0) out += `keys        ${keyRange(info.smallest, info.largest)}\n`;
  const properties = Object.entries(info.properties);
  if (properties.length > 0) {
    out += '\nproperties\n';
    out += formatTable(
      [{ header: 'name' }, { header: 'value', numeric: true }],
      properties.map(([name, value]) => [name, String(value)]),
    );
  }
  if (info.blocks.length > 0)
    out += '\nblocks\n' + formatTable(BLOCK_COLUMNS, info.blocks.map(blockRow));
  if (info.entryList.length > 0) {
    out += `\nentries (${info.entryList.length} of ${info.entries})\n`;
    out += formatTable(
      [{ header: 'key' }, { header: 'value bytes', numeric: true }, { header: 'value starts' }],
      info.entryList.map((entry) => [
        internalKey(entry.key),
        String(entry.valueBytes),
        entry.valuePrefix.length > 0 ? formatKey(entry.valuePrefix) : '',
      ]),
    );
  }
  const findings = formatFindings(info);
  return findings === '' ? out : `${out}\n${findings}`;
}

export function formatWalInfo(path: string, info: WalInfo): string {
  let out = `file        ${path}\n`;
  out += `size        ${info.fileSize} bytes, ${info.records} records, `;
  out += `the last complete one ends at ${info.endOfLastRecord}\n`;
  if (info.recordList.length > 0) {
    out += '\nrecords\n';
    const rows: string[][] = [];
    for (const record of info.recordList) {
      rows.push([
        String(record.offset),
        String(record.bytes),
        String(record.sequence),
        String(record.count),
        '',
      ]);
      for (const op of record.operations) {
        const value = op.type === 'put' ? ` (${op.valueBytes} value bytes)` : '';
        rows.push([
          '',
          '',
          '',
          '',
          `${op.type} cf ${op.columnFamily} ${formatKey(op.key)}${value}`,
        ]);
      }
    }
    out += formatTable(
      [
        { header: 'offset', numeric: true },
        { header: 'bytes', numeric: true },
        { header: 'sequence', numeric: true },
        { header: 'operations', numeric: true },
        { header: '' },
      ],
      rows,
    );
  }
  const findings = formatFindings(info);
  return findings === '' ? out : `${out}\n${findings}`;
}

function fileLine(file: ManifestFile, families: ReadonlyMap<number, string>): string {
  const family = families.get(file.columnFamily) ?? String(file.columnFamily);
  return (
    `L${file.level} #${file.fileNumber} cf ${family}: ${file.fileSize} bytes ` +
    `(${file.allocatedBytes} allocated), ${file.entries} entries, ${keyRange(file.smallest, file.largest)}`
  );
}

export function formatManifestInfo(dir: string, info: ManifestInfo): string {
  const families = new Map(info.columnFamilies.map((family) => [family.id, family.name]));
  for (const edit of info.edits) {
    for (const family of edit.columnFamilies) families.set(family.id, family.name);
  }
  let out = `data dir    ${dir}\n`;
  out += `CURRENT     ${info.manifest === '' ? '(unusable)' : info.manifest}\n`;
  if (info.manifest !== '') {
    out += `MANIFEST    ${info.manifestBytes} bytes, ${info.edits.length} records\n`;
  }
  if (info.edits.length > 0) out += '\nedits\n';
  for (const edit of info.edits) {
    const fields: string[] = [];
    if (edit.logNumber !== undefined) fields.push(`log number ${edit.logNumber}`);
    if (edit.nextFileNumber !== undefined) fields.push(`next file ${edit.nextFileNumber}`);
    if (edit.lastSequence !== undefined) fields.push(`last sequence ${edit.lastSequence}`);
    out += `  at ${edit.offset}: ${fields.join(', ') || '(no counters)'}\n`;
    if (edit.columnFamilies.length > 0) {
      out += `    column families ${edit.columnFamilies.map((f) => `${f.id} ${f.name}`).join(', ')}\n`;
    }
    for (const file of edit.newFiles) out += `    + ${fileLine(file, families)}\n`;
    for (const file of edit.deletedFiles) {
      const family = families.get(file.columnFamily) ?? String(file.columnFamily);
      out += `    - L${file.level} #${file.fileNumber} cf ${family}\n`;
    }
  }
  if (info.stateOk) {
    out += `\nstate\n  log number ${info.logNumber}, next file number ${info.nextFileNumber}, `;
    out += `last sequence ${info.lastSequence}\n`;
    for (const family of info.columnFamilies) {
      const files = info.liveFiles.filter((file) => file.columnFamily === family.id);
      const logical = files.reduce((sum, file) => sum + file.fileSize, 0);
      const allocated = files.reduce((sum, file) => sum + file.allocatedBytes, 0);
      out += `  column family ${family.name} (${family.id}): ${files.length} SSTs, `;
      out += `${logical} bytes logical, ${allocated} allocated\n`;
      for (const file of files) out += `    ${fileLine(file, families)}\n`;
    }
  }
  const findings = formatFindings(info);
  return findings === '' ? out : `${out}\n${findings}`;
}

/** "1 record", "2 records". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
