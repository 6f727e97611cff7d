// What a benchmark ran on, printed and stored with every figure.

import os from 'node:os';

export interface MachineFacts {
  hostname: string;
  cpus: number;
  cpuModel: string;
  memoryBytes: number;
  kernel: string;
  node: string;
  date: string;
}

export function machineFacts(): MachineFacts {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryBytes: os.totalmem(),
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    date: new Date().toISOString(),
  };
}

export function describeMachine(m: MachineFacts): string {
  return `${m.cpus} x ${m.cpuModel}, ${(m.memoryBytes / 2 ** 30).toFixed(1)} GiB, ${m.kernel}, Node ${m.node}`;
}
