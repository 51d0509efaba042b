import { Global, Module } from '@nestjs/common';
import { Metrics } from './metrics.js';
import { MetricsServer } from './metrics-server.js';
import { QueueMetrics } from './queue-metrics.js';

/** Metrics for every role, and the separate listener Prometheus scrapes them from. */
@Global()
@Module({
  providers: [Metrics, QueueMetrics, MetricsServer],
  exports: [Metrics],
})
export class ObservabilityModule {}
