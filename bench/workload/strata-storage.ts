// COSBench's containers and objects in the engine, in process: a container is a key prefix
// "<container>/" (the bare prefix is its marker key), an object the key "<container>/<object>".

import { Engine } from '../../src/engine/index.js';
import { OperationError } from '../run/errors.js';
import { LIST_LIMIT } from './object-storage.js';
import type { ObjectStorage } from './object-storage.js';

const SEPARATOR = '/';
/** The byte after '/', bounding a container's key range. */
const AFTER_SEPARATOR = '0';
const EMPTY = Buffer.alloc(0);

export interface StrataStorageOptions {
  path: string;
  /** fdatasync every write (the default, as a durable object store acknowledges). */
  sync: boolean;
}

export class StrataStorage implements ObjectStorage {
  /** Containers seen to exist; this process is the only writer, so the cache is exact. */
  private readonly known = new Set<string>();

  private constructor(
    private readonly engine: Engine,
    private readonly cf: number,
    private readonly sync: boolean,
  ) {}

  static async open(options: StrataStorageOptions): Promise<StrataStorage> {
    const engine = await Engine.open({ path: options.path });
    return new StrataStorage(engine, engine.columnFamily('default'), options.sync);
  }

  private marker(container: string): Buffer {
    return Buffer.from(container + SEPARATOR);
  }

  private key(container: string, object: string): Buffer {
    return Buffer.from(container + SEPARATOR + object);
  }

  private async requireContainer(container: string): Promise<void> {
    if (this.known.has(container)) return;
    if ((await this.engine.get(this.cf, this.marker(container))) === undefined) {
      throw new OperationError('NoSuchContainer', `container '${container}' does not exist`);
    }
    this.known.add(container);
  }

  async createContainer(container: string): Promise<void> {
    await this.engine.put(this.cf, this.marker(container), EMPTY, { sync: this.sync });
    this.known.add(container);
  }

  async deleteContainer(container: string): Promise<void> {
    await this.requireContainer(container);
    const entries = await this.engine.scan(
      this.cf,
      this.marker(container),
      Buffer.from(container + AFTER_SEPARATOR),
      { limit: 2 },
    );
    if (entries.length > 1) {
      throw new OperationError('ContainerNotEmpty', `container '${container}' is not empty`);
    }
    await this.engine.delete(this.cf, this.marker(container), { sync: this.sync });
    this.known.delete(container);
  }

  async put(container: string, object: string, data: Buffer): Promise<void> {
    await this.requireContainer(container);
    await this.engine.put(this.cf, this.key(container, object), data, { sync: this.sync });
  }

  async get(container: string, object: string): Promise<number> {
    await this.requireContainer(container);
    const value = await this.engine.get(this.cf, this.key(container, object));
    if (value === undefined) {
      throw new OperationError('NoSuchKey', `object '${container}/${object}' does not exist`);
    }
    return value.length;
  }

  async delete(container: string, object: string): Promise<void> {
    await this.requireContainer(container);
    await this.engine.delete(this.cf, this.key(container, object), { sync: this.sync });
  }

  async list(container: string, prefix: string): Promise<number> {
    await this.requireContainer(container);
    const start = this.key(container, prefix);
    const end = Buffer.concat([start, Buffer.from([0xff])]);
    const from = prefix === '' ? Buffer.concat([start, Buffer.from([0])]) : start;
    const entries = await this.engine.scan(this.cf, from, end, { limit: LIST_LIMIT });
    return entries.reduce(
      (bytes, [key]) => bytes + key.length - container.length - SEPARATOR.length,
      0,
    );
  }

  close(): Promise<void> {
    return this.engine.close();
  }
}
