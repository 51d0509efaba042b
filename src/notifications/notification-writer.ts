import { Inject, Injectable } from '@nestjs/common';
import type { Queryable } from '../common/database/db.service.js';
import { APP_CONFIG, type AppConfig } from '../config/app.config.js';
import { JobName } from '../jobs/job-name.js';
import { enqueueManySql, JobsService } from '../jobs/jobs.service.js';

export interface NewNotification {
  userId: string;
  /** reminder, escalation, report, … */
  kind: string;
  title: string;
  body?: string | null;
  link?: string | null;
}

/**
 * SQL of an INSERT that queues one SendEmail job per row of `source` (a CTE or table with an `id`
 * column of notifications), for set-based writers such as the reminder scan: the outbox rows
 * commit with the notifications. The rows are what JobsService.enqueue writes, one per e-mail so a
 * bad address fails alone.
 */
export function emailJobsSql(source: string): string {
  // JobPayloads[SendEmail]
  return enqueueManySql(JobName.SendEmail, `jsonb_build_object('notificationId', x.id)`, source);
}

/**
 * Stores notifications for features that tell someone something (weekly reports, escalations):
 * pass the transaction of the change they report. With SMTP configured each one also gets an
 * e-mail job in the same transaction. Deactivated users are skipped.
 */
@Injectable()
export class NotificationWriter {
  constructor(
    private readonly jobs: JobsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** One notification; its id, or null when the user is gone or deactivated. */
  async notify(q: Queryable, n: NewNotification): Promise<string | null> {
    const row = await q.one<{ id: string }>(
      `INSERT INTO notifications (user_id, kind, title, body, link)
       SELECT u.id, $2, left($3, 300), $4, $5 FROM users u
        WHERE u.id = $1 AND u.deactivated_at IS NULL
       RETURNING id`,
      [n.userId, n.kind, n.title, n.body ?? null, n.link ?? null],
    );
    if (!row) return null;
    if (this.config.smtp) {
      await this.jobs.enqueue(q, JobName.SendEmail, { notificationId: row.id });
    }
    return row.id;
  }

  /** Many notifications in one statement (and their e-mail jobs); the ids stored. */
  async notifyMany(q: Queryable, list: NewNotification[]): Promise<string[]> {
    if (!list.length) return [];
    const rows = await q.query<{ id: string }>(
      `WITH stored AS (
         INSERT INTO notifications (user_id, kind, title, body, link)
         SELECT x.user_id, x.kind, left(x.title, 300), x.body, x.link
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[])
                  AS x(user_id, kind, title, body, link)
           JOIN users u ON u.id = x.user_id AND u.deactivated_at IS NULL
         RETURNING id
       )${this.config.smtp ? `, emailed AS (${emailJobsSql('stored')})` : ''}
       SELECT id FROM stored`,
      [
        list.map((n) => n.userId),
        list.map((n) => n.kind),
        list.map((n) => n.title),
        list.map((n) => n.body ?? null),
        list.map((n) => n.link ?? null),
      ],
    );
    return rows.map((r) => r.id);
  }
}
