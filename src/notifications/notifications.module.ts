import { Module } from '@nestjs/common';
import { NotificationWriterModule } from './notification-writer.module.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsService } from './notifications.service.js';

/** HTTP: the caller's own notifications. The writer is exported for features that notify. */
@Module({
  imports: [NotificationWriterModule],
  controllers: [NotificationsController],
  providers: [NotificationsService],
  exports: [NotificationWriterModule],
})
export class NotificationsModule {}
