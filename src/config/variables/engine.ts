// Settings owned by the engine layer: memtable and cache sizes, and the memstore limit with
// OceanBase's write throttling (docs/throttling.md).

import type { SettingDefinition } from '../definition.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const HOUR_MS = 3_600_000;

export const ENGINE_SETTINGS: readonly SettingDefinition[] = [
  {
    name: 'write_buffer_size',
    type: 'size',
    default: 64 * MiB,
    min: 1 * MiB,
    max: 4 * GiB,
    scope: 'global',
    dynamic: false,
    description: 'Memtable size at which the memtables are frozen and flushed to L0 SSTs.',
  },
  {
    name: 'block_cache_size',
    type: 'size',
    default: 256 * MiB,
    min: 0,
    max: 1024 * GiB,
    scope: 'global',
    dynamic: false,
    description: 'Capacity of the LRU cache of decompressed SST blocks.',
  },
  {
    name: 'memstore_limit',
    type: 'size',
    default: 0,
    min: 0,
    max: 1024 * GiB,
    scope: 'global',
    dynamic: true,
    description:
      'Memory the memtables (active and frozen) may hold; 0 takes memstore_limit_percentage of ' +
      'the machine’s memory.',
  },
  {
    name: 'memstore_limit_percentage',
    type: 'int',
    default: 50,
    min: 1,
    max: 95,
    scope: 'global',
    dynamic: true,
    description: 'The memstore limit as a percentage of the machine’s memory (OceanBase’s name).',
  },
  {
    name: 'writing_throttling_trigger_percentage',
    type: 'int',
    default: 60,
    min: 1,
    max: 100,
    scope: 'global',
    dynamic: true,
    description:
      'Percentage of the memstore limit above which writes are throttled (100 turns throttling ' +
      'off; OceanBase’s name and meaning).',
  },
  {
    name: 'writing_throttling_maximum_duration',
    type: 'duration',
    default: 2 * HOUR_MS,
    min: 1000,
    max: 72 * HOUR_MS,
    scope: 'global',
    dynamic: true,
    description:
      'How long the memory left above the trigger should last: throttled writers wait along a ' +
      'curve that spreads it over this time (OceanBase’s name and meaning).',
  },
];
