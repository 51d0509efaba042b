import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../common/database/db.service.js';
import { Clock } from '../common/time/clock.js';
import { dateInZone } from '../common/time/zone-date.js';
import { APP_CONFIG, type AppConfig } from '../config/app.config.js';
import { REMINDER_ITEM_TYPES, REMINDER_KINDS, type ReminderKind } from './reminder.entity.js';
import { reminderScanSql, windowParams } from './reminder-scan.sql.js';

export interface ReminderScanResult {
  /** The zone's day the scan ran for. */
  today: string;
  /** Reminders sent by this scan (0 when another scan already sent them). */
  sent: number;
  byKind: Record<ReminderKind, number>;
  byItemType: Record<(typeof REMINDER_ITEM_TYPES)[number], number>;
  /** E-mail jobs queued in the outbox (SMTP configured), one per notification. */
  emailsQueued: number;
  ms: number;
}

/**
 * Sends every reminder due today, in one statement: what is due comes from the pure schedule,
 * exactly-once from the reminders' unique key. Safe to run as often and as many times at once as
 * anyone likes.
 */
@Injectable()
export class ReminderScanService {
  private readonly sqlPlain = reminderScanSql({ email: false });
  private readonly sqlWithEmail = reminderScanSql({ email: true });

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Today in the zone, from the injected clock (never the database's now()). */
  today(): string {
    return dateInZone(this.clock.now(), this.config.zoneTimeZone);
  }

  async scan(options: { today?: string } = {}): Promise<ReminderScanResult> {
    const started = performance.now();
    const today = options.today ?? this.today();
    const email = Boolean(this.config.smtp);
    const rows = await this.db.query<{ itemType: string; kind: ReminderKind; n: number }>(
      email ? this.sqlWithEmail : this.sqlPlain,
      [...windowParams(today), today],
    );
    const byKind = Object.fromEntries(REMINDER_KINDS.map((k) => [k, 0])) as Record<
      ReminderKind,
      number
    >;
    const byItemType = Object.fromEntries(REMINDER_ITEM_TYPES.map((k) => [k, 0])) as Record<
      (typeof REMINDER_ITEM_TYPES)[number],
      number
    >;
    let sent = 0;
    for (const row of rows) {
      byKind[row.kind] += row.n;
      byItemType[row.itemType as keyof typeof byItemType] += row.n;
      sent += row.n;
    }
    return {
      today,
      sent,
      byKind,
      byItemType,
      emailsQueued: email ? sent : 0,
      ms: Math.round(performance.now() - started),
    };
  }
}
