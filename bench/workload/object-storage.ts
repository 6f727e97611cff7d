// What a COSBench work does to a storage system: containers holding named objects. Implemented
// by the in-process engine (strata-storage.ts) and by a table per container over any MySQL
// endpoint (mysql-storage.ts). Failures reject with an error whose code names the kind.

/** At most this many names per list, as S3 returns at most 1000 keys per request. */
export const LIST_LIMIT = 1000;

export interface ObjectStorage {
  /** Creates the container; succeeds when it exists already. */
  createContainer(container: string): Promise<void>;
  /** Removes an empty container; fails with ContainerNotEmpty otherwise. */
  deleteContainer(container: string): Promise<void>;
  /** Writes (or overwrites) an object; fails with NoSuchContainer when the container is missing. */
  put(container: string, object: string, data: Buffer): Promise<void>;
  /** Reads an object; resolves to its size in bytes, fails with NoSuchKey when absent. */
  get(container: string, object: string): Promise<number>;
  /** Deletes an object (absent objects included, as S3 does). */
  delete(container: string, object: string): Promise<void>;
  /** Lists up to LIST_LIMIT names starting with `prefix`; resolves to the bytes of names listed. */
  list(container: string, prefix: string): Promise<number>;
  close(): Promise<void>;
}
