import { Module } from '@nestjs/common';

/**
 * Background work: queue processors and job schedulers, no controllers. Reminders, escalation and
 * the weekly report arrive with the jobs issue; the role already boots on its own
 * (`APP_ROLES=worker`) so the API and the worker scale apart.
 */
@Module({})
export class WorkerModule {}
