/** Table options of CREATE TABLE, with MariaDB's page compression and flash options. */
export interface TableOptions {
  readonly engine: string | null;
  readonly charset: string | null;
  readonly collation: string | null;
  readonly comment: string | null;
  readonly autoIncrement: bigint | null;
  readonly pageCompressed: boolean | null;
  /** 1–9: 1–2 LZ4 fast, 3–9 LZ4HC at that level; 'DEFAULT' (ALTER TABLE) unsets it. */
  readonly pageCompressionLevel: number | 'DEFAULT' | null;
  readonly atomicWrites: 'ON' | 'OFF' | 'DEFAULT' | null;
  readonly dataDirectory: string | null;
}
