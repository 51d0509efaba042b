import { Global, Module } from '@nestjs/common';
import { JobHandlerRegistry } from './job-handlers.js';
import { JobsService } from './jobs.service.js';
import { QueueRegistry } from './queue-registry.js';

/**
 * The producer side of the queues (both roles): enqueue through the outbox, read job states. The
 * handler registry is here so the worker's feature modules can register into it.
 */
@Global()
@Module({
  providers: [QueueRegistry, JobsService, JobHandlerRegistry],
  exports: [QueueRegistry, JobsService, JobHandlerRegistry],
})
export class JobsModule {}
