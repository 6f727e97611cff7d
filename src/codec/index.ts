export { ByteWriter } from './byte-writer.js';
export * from './memcomparable.js';
export * from './key-datum.js';
export * from './table-keys.js';
export * from './meta-keys.js';
export * from './row-format.js';
