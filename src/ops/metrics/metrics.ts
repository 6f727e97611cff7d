// The /metrics registry: prom-client's process metrics (CPU, memory, event-loop lag, GC) plus the
// server's and the engine's, read from them when Prometheus scrapes. The server and the engine
// are attached once they are up; until then only the process metrics have values.

import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Engine } from '../../engine/index.js';
import { EngineMetrics } from './engine-metrics.js';
import { ServerMetrics } from './server-metrics.js';
import type { ServerMetricsSource } from './server-metrics.js';

export class Metrics {
  private readonly registry = new Registry();
  private readonly server: ServerMetrics;
  private readonly engine: EngineMetrics;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.server = new ServerMetrics(this.registry);
    this.engine = new EngineMetrics(this.registry);
  }

  attachServer(source: ServerMetricsSource | null): void {
    this.server.attach(source);
  }

  attachEngine(engine: Engine | null): void {
    this.engine.attach(engine);
  }

  /** The exposition, Prometheus text format 0.0.4. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
