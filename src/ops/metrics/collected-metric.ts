// A metric family whose samples are read from where the server keeps them (typed arrays of
// counters, engine stats) at scrape time. The hot paths only bump numbers; nothing is observed
// through prom-client per statement. prom-client's Registry formats the family like its own
// metrics: it asks any registered object for get() and prints the values it returns.

import type { Metric, Registry } from 'prom-client';

export type MetricKind = 'counter' | 'gauge' | 'histogram';
export type Labels = Record<string, string | number>;

export interface Sample {
  value: number;
  labels?: Labels;
  /** For histograms: name_bucket, name_sum, name_count. */
  metricName?: string;
}

export class CollectedMetric {
  /** How prom-client's cluster aggregation combines workers' values. */
  readonly aggregator = 'sum';

  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: MetricKind,
    private readonly sample: () => Sample[],
  ) {}

  async get(): Promise<{
    name: string;
    help: string;
    type: MetricKind;
    values: Sample[];
    aggregator: string;
  }> {
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      values: this.sample(),
      aggregator: this.aggregator,
    };
  }

  registerIn(registry: Registry): void {
    // prom-client's types list its own classes; its registry needs only name and get().
    registry.registerMetric(this as unknown as Metric);
  }
}

/** One value, no labels. */
export function single(value: number): Sample[] {
  return [{ value }];
}

/**
 * Histogram samples from non-cumulative bucket counts (one per upper bound, then +Inf), their sum
 * and the labels they share.
 */
export function histogramSamples(
  name: string,
  upperBounds: readonly number[],
  counts: ArrayLike<number>,
  countsStart: number,
  sum: number,
  labels: Labels,
): Sample[] {
  const samples: Sample[] = [];
  let cumulative = 0;
  for (let i = 0; i <= upperBounds.length; i++) {
    cumulative += counts[countsStart + i]!;
    const le = i < upperBounds.length ? upperBounds[i]! : '+Inf';
    samples.push({ metricName: `${name}_bucket`, value: cumulative, labels: { ...labels, le } });
  }
  samples.push({ metricName: `${name}_sum`, value: sum, labels });
  samples.push({ metricName: `${name}_count`, value: cumulative, labels });
  return samples;
}
