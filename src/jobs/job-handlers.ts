import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { JobName } from './job-name.js';
import type { JobPayloads } from './job-payloads.js';

export type JobHandler<N extends JobName> = (payload: JobPayloads[N], job: Job) => Promise<unknown>;

/**
 * What each job does. Feature modules of the worker register their handlers at init; the worker
 * runner dispatches by job name. A job nobody handles fails (and stays visible).
 */
@Injectable()
export class JobHandlerRegistry {
  private readonly handlers = new Map<JobName, JobHandler<JobName>>();

  register<N extends JobName>(name: N, handler: JobHandler<N>): void {
    if (this.handlers.has(name)) throw new Error(`Two handlers for job ${name}`);
    this.handlers.set(name, handler as JobHandler<JobName>);
  }

  get(name: string): JobHandler<JobName> | undefined {
    return this.handlers.get(name as JobName);
  }
}
