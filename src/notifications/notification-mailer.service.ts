import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type NodemailerError, type Transporter } from 'nodemailer';
import { Db } from '../common/database/db.service.js';
import { APP_CONFIG, type AppConfig } from '../config/app.config.js';

export type MailOutcome =
  | { sent: true; messageId: string }
  | { sent: false; skipped: 'gone' | 'already emailed' | 'user deactivated' | 'smtp off' };

/** An SMTP failure; `permanent` when the server refused the mail for good (5xx: bad address). */
export class MailFailed extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'MailFailed';
  }
}

/** `<notification.{id}@{the sender's domain}>`: the same for every try of one notification. */
export function notificationMessageId(notificationId: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)/.exec(from)?.[1] ?? 'zone-crm.invalid';
  return `<notification.${notificationId}@${domain}>`;
}

interface Row {
  title: string;
  body: string | null;
  link: string | null;
  emailedAt: Date | null;
  email: string;
  name: string;
  deactivatedAt: Date | null;
}

/**
 * Sends one notification by e-mail. The row is re-read (and locked) first, so a notification
 * already e-mailed is never sent again however often its job runs; the outcome of each attempt is
 * written back: emailed_at, or email_error.
 */
@Injectable()
export class NotificationMailer implements OnApplicationShutdown {
  private transport?: Transporter;

  constructor(
    private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async deliver(notificationId: string): Promise<MailOutcome> {
    const smtp = this.config.smtp;
    if (!smtp) return { sent: false, skipped: 'smtp off' };
    // the row lock makes a second delivery of the same notification (a stalled job run twice)
    // wait for the first and then find it e-mailed
    const outcome = await this.db.transaction<MailOutcome | MailFailed>(async (tx) => {
      const n = await tx.one<Row>(
        `SELECT n.title, n.body, n.link, n.emailed_at AS "emailedAt",
                u.email, u.name, u.deactivated_at AS "deactivatedAt"
           FROM notifications n JOIN users u ON u.id = n.user_id
          WHERE n.id = $1 FOR UPDATE OF n`,
        [notificationId],
      );
      if (!n) return { sent: false, skipped: 'gone' };
      if (n.emailedAt) return { sent: false, skipped: 'already emailed' };
      if (n.deactivatedAt) return { sent: false, skipped: 'user deactivated' };
      try {
        const info = await this.transporter(smtp.url).sendMail({
          // one Message-ID per notification: SMTP delivers at least once (a worker killed
          // between the server's 250 and our commit sends it again), and mail systems drop a
          // second message with an id they already hold
          messageId: notificationMessageId(notificationId, smtp.from),
          from: smtp.from,
          to: { name: n.name, address: n.email },
          subject: n.title,
          text: [n.body, n.link].filter(Boolean).join('\n\n') || n.title,
        });
        await tx.query(
          `UPDATE notifications SET emailed_at = now(), email_error = NULL WHERE id = $1`,
          [notificationId],
        );
        return { sent: true, messageId: String(info.messageId) };
      } catch (error) {
        const e = error as NodemailerError;
        const failure = new MailFailed(
          `${e.message}${e.responseCode ? ` (SMTP ${e.responseCode})` : ''}`.slice(0, 1000),
          e.permanent === true,
        );
        // committed with the transaction: the error stays visible on the notification
        await tx.query(`UPDATE notifications SET email_error = $2 WHERE id = $1`, [
          notificationId,
          failure.message,
        ]);
        return failure;
      }
    });
    if (outcome instanceof MailFailed) throw outcome;
    return outcome;
  }

  async onApplicationShutdown() {
    this.transport?.close();
  }

  private transporter(url: string): Transporter {
    // timeouts well inside the e-mail queue's 30 s job lock
    this.transport ??= nodemailer.createTransport({
      url,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 15_000,
    });
    return this.transport;
  }
}
