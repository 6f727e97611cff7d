// Logical and allocated bytes of a directory tree (allocated = st_blocks * 512, which is what
// page compression's punched holes reduce).

import fs from 'node:fs';
import path from 'node:path';

export interface DiskUsage {
  logical_bytes: number;
  allocated_bytes: number;
}

export function diskUsage(dir: string): DiskUsage {
  const usage: DiskUsage = { logical_bytes: 0, allocated_bytes: 0 };
  if (!fs.existsSync(dir)) return usage;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const inner = diskUsage(full);
      usage.logical_bytes += inner.logical_bytes;
      usage.allocated_bytes += inner.allocated_bytes;
    } else if (entry.isFile()) {
      const st = fs.statSync(full);
      usage.logical_bytes += st.size;
      usage.allocated_bytes += st.blocks * 512;
    }
  }
  return usage;
}
