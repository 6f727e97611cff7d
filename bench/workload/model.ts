// A COSBench workload, checked and typed: what parse.ts builds from the file and the runner
// executes.

import type { Distribution, SizeSpec } from './distribution.js';
import type { SourcePosition } from './workload-error.js';

export const WORK_TYPES = ['normal', 'init', 'prepare', 'cleanup', 'dispose', 'delay'] as const;
export type WorkType = (typeof WORK_TYPES)[number];

export const OPERATION_TYPES = ['read', 'write', 'delete', 'list'] as const;
export type OperationType = (typeof OPERATION_TYPES)[number];

export const DIVISIONS = ['none', 'container', 'object'] as const;
export type Division = (typeof DIVISIONS)[number];

export const STORAGE_TYPES = ['strata', 'mysql'] as const;
export type StorageType = (typeof STORAGE_TYPES)[number];

/** Container and object names: prefix + number + suffix (COSBench's defaults below). */
export interface Naming {
  containerPrefix: string;
  containerSuffix: string;
  objectPrefix: string;
  objectSuffix: string;
}

export const DEFAULT_NAMING: Naming = {
  containerPrefix: 'mycontainers',
  containerSuffix: '',
  objectPrefix: 'myobjects',
  objectSuffix: '',
};

/** Where an element sits in the file, for errors found after parsing. */
export interface Located {
  position: SourcePosition;
  /** The element as it reads, e.g. <work name="write1">. */
  element: string;
}

export interface OperationSpec extends Located {
  type: OperationType;
  /** Share of the work's operations, in percent. */
  ratio: number;
  division: Division;
  containers: Distribution;
  /** Required for read, write and delete; list lists the whole container without it. */
  objects: Distribution | undefined;
  /** Required for write. */
  sizes: SizeSpec | undefined;
  naming: Naming;
}

/** What init, prepare, cleanup and dispose works act on. */
export interface ScanSpec {
  containers: Distribution;
  objects: Distribution | undefined;
  sizes: SizeSpec | undefined;
  naming: Naming;
  /** prepare: create the containers first; cleanup: drop them after. */
  containerToo: boolean;
}

export interface WorkSpec extends Located {
  name: string;
  type: WorkType;
  workers: number;
  runtimeSeconds: number | undefined;
  totalOps: number | undefined;
  totalBytes: number | undefined;
  rampupSeconds: number;
  rampdownSeconds: number;
  /** Timeline interval for this work (COSBench's interval); undefined: the run's --interval. */
  intervalSeconds: number | undefined;
  /** Acceptable failures per million operations; more fails the work. */
  afrPerMillion: number;
  /** The load generator host named in the file; one machine runs every driver here. */
  driver: string | undefined;
  /** normal works. */
  operations: OperationSpec[];
  /** init, prepare, cleanup and dispose works. */
  scan: ScanSpec | undefined;
}

export interface StageSpec extends Located {
  name: string;
  /** Seconds to wait after the stage (COSBench's closuredelay). */
  closureDelaySeconds: number;
  works: WorkSpec[];
}

export interface StorageSpec extends Located {
  /** As written; checked when the storage is opened (--target may replace it). */
  type: string;
  config: Map<string, string>;
}

export interface WorkloadSpec {
  file: string;
  name: string;
  description: string;
  storage: StorageSpec;
  stages: StageSpec[];
}
