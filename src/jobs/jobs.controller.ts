import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../common/auth/actor.js';
import { ApiAuth, Roles } from '../common/auth/auth.decorators.js';
import { Db } from '../common/database/db.service.js';
import { ApiGet } from '../common/http/api-docs.decorators.js';
import { UuidParam } from '../common/validation/uuid-param.pipe.js';
import { JobAccepted, JobStatusView } from './dto/job.dto.js';
import { JobName } from './job-name.js';
import { JobsService } from './jobs.service.js';

@ApiTags('jobs')
@ApiAuth()
@Controller('jobs')
export class JobsController {
  constructor(
    private readonly jobs: JobsService,
    private readonly db: Db,
  ) {}

  @Post('reminder-scan')
  @Roles('admin')
  @HttpCode(202)
  @ApiOperation({ summary: 'Run the reminder scan now (admins); it also runs daily at 08:00' })
  @ApiAcceptedResponse({ type: JobAccepted })
  async reminderScan(@CurrentActor() actor: Actor): Promise<JobAccepted> {
    return { jobId: await this.jobs.enqueue(this.db, JobName.ReminderScan, {}, actor.id) };
  }

  @Get(':id')
  @ApiGet(JobStatusView, 'The state of a job you started (admins: any job)')
  status(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.jobs.status(actor, id);
  }
}
