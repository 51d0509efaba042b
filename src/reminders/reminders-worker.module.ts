import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { isDateOnly } from '../common/validation/decorators.js';
import { JobHandlerRegistry } from '../jobs/job-handlers.js';
import { JobName } from '../jobs/job-name.js';
import { ReminderScanService } from './reminder-scan.service.js';

@Injectable()
class ReminderScanHandler implements OnModuleInit {
  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly scans: ReminderScanService,
  ) {}

  onModuleInit() {
    this.registry.register(JobName.ReminderScan, async ({ today }) => {
      // a malformed day would fail the same way on every try
      if (today !== undefined && !isDateOnly(today)) {
        throw new UnrecoverableError(`today must be a date written YYYY-MM-DD, got ${today}`);
      }
      return this.scans.scan({ today });
    });
  }
}

/** The daily reminder scan (08:00 in the zone, and on demand through POST /jobs/reminder-scan). */
@Module({ providers: [ReminderScanService, ReminderScanHandler], exports: [ReminderScanService] })
export class RemindersWorkerModule {}
