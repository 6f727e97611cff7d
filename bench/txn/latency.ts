// Per-operation latencies for percentiles, in microseconds in a growable typed array (a 30 s run
// at 100k ops/s records 3M samples: 24 MB as doubles).

const INITIAL_SAMPLES = 1 << 16;
const NANOS_PER_MICRO = 1000n;

export class LatencyRecorder {
  private samples = new Float64Array(INITIAL_SAMPLES);
  private count = 0;

  /** Records the time since `startedNs` (process.hrtime.bigint()). */
  record(startedNs: bigint): void {
    if (this.count === this.samples.length) {
      const grown = new Float64Array(this.samples.length * 2);
      grown.set(this.samples);
      this.samples = grown;
    }
    this.samples[this.count++] = Number((process.hrtime.bigint() - startedNs) / NANOS_PER_MICRO);
  }

  /** The p-th percentile in milliseconds (0 without samples). */
  percentileMs(p: number): number {
    if (this.count === 0) return 0;
    const sorted = this.samples.slice(0, this.count).sort();
    const index = Math.min(this.count - 1, Math.floor((p / 100) * this.count));
    return sorted[index]! / 1000;
  }
}
