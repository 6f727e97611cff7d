// Offline tools over a data dir's files (native/tools/): `strata check` verifies every checksum,
// `strata inspect` dumps SSTs, WALs and the MANIFEST. They read the files directly, on a native
// worker thread, without opening the database; check takes the data dir's LOCK while it reads.

import { native } from './binding.js';
import { fromNative } from './errors.js';

/** Damage found in a file, or (as a note) something the engine handles by design. */
export interface Finding {
  file: string;
  /** Byte offset in the file where it begins. */
  offset: number;
  message: string;
}

export interface Findings {
  /** Damage the engine would refuse to open with, or data it would lose. */
  problems: Finding[];
  /** A torn tail of the newest WAL, files the next open deletes: shown, not failures. */
  notes: Finding[];
}

export interface CheckReport extends Findings {
  manifestRecords: number;
  tableFiles: number;
  blocks: number;
  entries: number;
  walFiles: number;
  walRecords: number;
  /** Logical bytes of the files read. */
  bytes: number;
}

/** An internal key of an SST: the user key, its sequence number and whether it is a put. */
export interface InternalKey {
  userKey: Buffer;
  sequence: bigint;
  type: 'put' | 'delete';
}

export interface BlockHandle {
  offset: number;
  size: number;
}

export type BlockKind = 'data' | 'index' | 'filter' | 'properties';

export interface BlockInfo {
  kind: BlockKind;
  offset: number;
  /** Bytes on disk, 16-byte header included. */
  size: number;
  /** 0 for a packed block; else the page size of its slot (docs/format/page.md). */
  pageSize: number;
  pageNumber: number;
  /** A page's slot (whole pages), or a packed block's size. */
  slotBytes: number;
  /** Bytes of the slot (or block) the filesystem has allocated now. */
  allocatedBytes: number;
  /** Header well formed and checksum matching; the fields below are present only then. */
  headerOk: boolean;
  pageType?: 'plain' | 'compressed';
  algorithm?: 'none' | 'lz4' | 'zstd';
  storedLength?: number;
  rawLength?: number;
  entries: number;
  firstKey: InternalKey | null;
  lastKey: InternalKey | null;
}

export interface TableEntry {
  key: InternalKey | null;
  valueBytes: number;
  /** The value's first bytes (TableInspectOptions.valuePrefixBytes). */
  valuePrefix: Buffer;
}

export interface TableInfo extends Findings {
  fileSize: number;
  allocatedBytes: number;
  footerOk: boolean;
  footer?: { version: number; index: BlockHandle; filter: BlockHandle; properties: BlockHandle };
  properties: Record<string, number>;
  /** Data blocks in index order, then the filter, properties and index blocks. */
  blocks: BlockInfo[];
  entries: number;
  smallest: InternalKey | null;
  largest: InternalKey | null;
  entryList: TableEntry[];
}

export interface TableInspectOptions {
  /** List entries (default false). */
  entries?: boolean;
  /** At most this many entries (0: all). */
  maxEntries?: number;
  valuePrefixBytes?: number;
}

export interface BatchOperation {
  type: 'put' | 'delete';
  columnFamily: number;
  key: Buffer;
  valueBytes: number;
}

export interface WalRecord {
  offset: number;
  /** Payload bytes. */
  bytes: number;
  sequence: bigint;
  count: number;
  operations: BatchOperation[];
}

export interface WalInfo extends Findings {
  fileSize: number;
  records: number;
  /** Where recovery cuts a torn tail. */
  endOfLastRecord: number;
  recordList: WalRecord[];
}

export interface WalInspectOptions {
  /** List each batch's operations (default false). */
  operations?: boolean;
  /** The newest WAL of its data dir: damage at its end is a torn write, a note. */
  newest?: boolean;
}

export interface ManifestFile {
  columnFamily: number;
  level: number;
  fileNumber: number;
  fileSize: number;
  allocatedBytes: number;
  smallest: InternalKey | null;
  largest: InternalKey | null;
  entries: number;
  deletions: number;
}

export interface ColumnFamilyName {
  id: number;
  name: string;
}

export interface ManifestEdit {
  offset: number;
  logNumber?: number;
  nextFileNumber?: number;
  lastSequence?: bigint;
  columnFamilies: ColumnFamilyName[];
  deletedFiles: Array<{ columnFamily: number; level: number; fileNumber: number }>;
  newFiles: ManifestFile[];
}

export interface ManifestInfo extends Findings {
  /** The MANIFEST CURRENT names ('' when CURRENT is unusable). */
  manifest: string;
  manifestBytes: number;
  edits: ManifestEdit[];
  /** Whether the edits add up to a state (the fields below). */
  stateOk: boolean;
  columnFamilies: ColumnFamilyName[];
  logNumber: number;
  nextFileNumber: number;
  lastSequence: bigint;
  liveFiles: ManifestFile[];
}

function call<T>(invoke: (callback: (error: Error | null, result: unknown) => void) => void) {
  return new Promise<T>((resolve, reject) => {
    invoke((error, result) => (error ? reject(fromNative(error)) : resolve(result as T)));
  });
}

/**
 * Verifies every checksum of the data dir. Rejects with INVALID_ARGUMENT when dir is not a data
 * dir and BUSY when a server has it open; damage is reported in the result, not thrown.
 */
export function checkDataDir(dir: string): Promise<CheckReport> {
  return call((cb) => native.checkDataDir(dir, cb));
}

export function inspectTable(path: string, options: TableInspectOptions = {}): Promise<TableInfo> {
  return call((cb) =>
    native.inspectTable(
      path,
      {
        entries: options.entries === true,
        maxEntries: options.maxEntries ?? 0,
        valuePrefixBytes: options.valuePrefixBytes ?? 0,
      },
      cb,
    ),
  );
}

export function inspectWal(path: string, options: WalInspectOptions = {}): Promise<WalInfo> {
  return call((cb) =>
    native.inspectLog(
      path,
      { operations: options.operations === true, newest: options.newest === true },
      cb,
    ),
  );
}

export function inspectManifest(dir: string): Promise<ManifestInfo> {
  return call((cb) => native.inspectManifest(dir, cb));
}
