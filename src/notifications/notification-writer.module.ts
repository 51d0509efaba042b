import { Module } from '@nestjs/common';
import { NotificationWriter } from './notification-writer.js';

/** The writer alone (no routes), for the API and the worker's feature modules. */
@Module({ providers: [NotificationWriter], exports: [NotificationWriter] })
export class NotificationWriterModule {}
