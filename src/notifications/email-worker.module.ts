import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { JobHandlerRegistry } from '../jobs/job-handlers.js';
import { JobName } from '../jobs/job-name.js';
import { MailFailed, NotificationMailer } from './notification-mailer.service.js';

@Injectable()
class SendEmailHandler implements OnModuleInit {
  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly mailer: NotificationMailer,
  ) {}

  onModuleInit() {
    this.registry.register(JobName.SendEmail, async ({ notificationId }) => {
      try {
        return await this.mailer.deliver(notificationId);
      } catch (error) {
        // a refused address (5xx) is refused again on every try: fail now, and stay visible;
        // anything else (4xx, connection) is retried with the backoff of job-options.ts
        if (error instanceof MailFailed && error.permanent) {
          throw new UnrecoverableError(error.message);
        }
        throw error;
      }
    });
  }
}

/** One e-mail per notification (SMTP_URL set): one job each, so a bad address fails alone. */
@Module({ providers: [NotificationMailer, SendEmailHandler] })
export class EmailWorkerModule {}
