import { createServer, type Server, type ServerResponse } from 'node:http';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app.config.js';
import { Metrics } from './metrics.js';

/**
 * GET /metrics on a listener of its own (HOST:METRICS_PORT), never on the public API port: the
 * port is what protects it (firewall it, or bind HOST to a private address). Every role gets it,
 * so a worker-only process, which has no HTTP listener otherwise, is scraped the same way.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private server?: Server;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  async onApplicationBootstrap() {
    if (!this.config.metricsPort) return;
    const server = createServer((request, response) => {
      const path = (request.url ?? '').split('?')[0];
      if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
        return;
      }
      void this.answer(request.method, response);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.metricsPort, this.config.host, () => resolve());
    });
    this.server = server;
    this.logger.log(`Metrics on http://${this.config.host}:${this.config.metricsPort}/metrics`);
  }

  private async answer(method: string | undefined, response: ServerResponse) {
    try {
      const { body, contentType } = await this.metrics.scrape();
      response.writeHead(200, { 'content-type': contentType });
      response.end(method === 'HEAD' ? undefined : body);
    } catch (error) {
      this.logger.warn(`Scrape failed: ${String(error)}`);
      response.writeHead(500, { 'content-type': 'text/plain' }).end('Scrape failed\n');
    }
  }

  async onApplicationShutdown() {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
  }
}
