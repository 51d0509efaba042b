import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { SMTPServer } from 'smtp-server';
import { Db } from '../../src/common/database/db.service.js';
import { QueueName } from '../../src/jobs/queue-name.js';
import { QueueRegistry } from '../../src/jobs/queue-registry.js';
import { NotificationMailer } from '../../src/notifications/notification-mailer.service.js';
import { NotificationWriter } from '../../src/notifications/notification-writer.js';
import { addDays } from '../../src/reminders/reminder-schedule.js';
import { ReminderScanService } from '../../src/reminders/reminder-scan.service.js';
import { makeUser, type UserRow } from '../factories/factories.js';
import {
  clearItems,
  makeItem,
  makeReminderWorld,
  waitFor,
} from '../factories/reminder-factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

interface Mail {
  from: string;
  to: string[];
  subject: string;
  text: string;
}

/**
 * A local SMTP server (no TLS, no auth) that keeps what it accepts. Addresses starting with
 * "rejected-" are refused for good (550) at RCPT; mail to "flaky-" addresses is refused for now
 * (451) at DATA the first `flakyFailures` times.
 */
function startSmtp(flakyFailures = 2) {
  const mails: Mail[] = [];
  const dataAttempts = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('rejected-')) {
        const error = Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        const raw = Buffer.concat(chunks).toString('utf8');
        if (to.some((a) => a.startsWith('flaky-'))) {
          const n = (dataAttempts.get(to[0]) ?? 0) + 1;
          dataAttempts.set(to[0], n);
          if (n <= flakyFailures) {
            const error = Object.assign(new Error('Try again later'), { responseCode: 451 });
            return callback(error);
          }
        }
        const [head, ...rest] = raw.split('\r\n\r\n');
        const headers = head.replace(/\r\n[ \t]+/g, ' ');
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to,
          subject: /^Subject: (.*)$/m.exec(headers)?.[1] ?? '',
          text: rest.join('\r\n\r\n'),
        });
        callback();
      });
    },
  });
  return new Promise<{
    port: number;
    mails: Mail[];
    dataAttempts: Map<string, number>;
    close(): Promise<void>;
  }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: (server.server.address() as AddressInfo).port,
        mails,
        dataAttempts,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

describe('e-mail of notifications (SMTP_URL set)', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestApp;

  const notificationRow = async (id: string) =>
    (
      await t.db.query(
        `SELECT emailed_at AS "emailedAt", email_error AS "emailError" FROM notifications WHERE id = $1`,
        [id],
      )
    ).rows[0] as { emailedAt: Date | null; emailError: string | null };
  /** The SendEmail job of a notification (its outbox row id is the job id). */
  const jobOf = async (notificationId: string) => {
    const { rows } = await t.db.query(
      `SELECT id FROM outbox WHERE job_name = 'send-email' AND payload->>'notificationId' = $1`,
      [notificationId],
    );
    expect(rows).toHaveLength(1);
    return t.app.get(QueueRegistry).get(QueueName.Email).getJob(rows[0].id);
  };
  const notify = (user: UserRow, title: string) =>
    t.app.get(NotificationWriter).notify(t.app.get(Db), {
      userId: user.id,
      kind: 'report',
      title,
      body: 'Weekly progress report, week 23',
      link: '/api/v1/reports/1',
    }) as Promise<string>;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await createTestApp({
      APP_ROLES: 'api,worker',
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      SMTP_FROM: 'Zone CRM <no-reply@zone.example>',
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });
  afterEach(async () => {
    await clearItems(t.db);
    smtp.mails.length = 0;
  });

  it('e-mails each new reminder to its owner and records when', async () => {
    const w = await makeReminderWorld(t.db);
    const owner = await makeUser(t.db, { role: 'officer' });
    await makeItem(t.db, w, 'milestone', '2026-06-04', { owner });
    await makeItem(t.db, w, 'visit_follow_up', '2026-06-01');
    await makeItem(t.db, w, 'service_request', '2026-05-30');
    const result = await t.app.get(ReminderScanService).scan({ today: '2026-06-01' });
    expect(result).toMatchObject({ sent: 3, emailsQueued: 3 });
    // the outbox rows were written with the notifications, one job per notification
    const { rows: outbox } = await t.db.query(
      `SELECT count(*)::int AS n FROM outbox WHERE job_name = 'send-email'`,
    );
    expect(outbox[0].n).toBe(3);

    const mails = await waitFor(
      async () => smtp.mails,
      (m) => m.length >= 3,
    );
    const { rows: notes } = await t.db.query(
      `SELECT n.title, u.email FROM notifications n JOIN users u ON u.id = n.user_id
        ORDER BY n.title`,
    );
    const bySubject = [...mails].sort((a, b) => a.subject.localeCompare(b.subject));
    expect(bySubject.map((m) => ({ to: m.to, subject: m.subject }))).toEqual(
      notes.map((n) => ({ to: [n.email], subject: n.title })),
    );
    expect(bySubject.map((m) => m.to[0])).toEqual(
      expect.arrayContaining([owner.email, w.officer.email]),
    );
    expect(bySubject.map((m) => m.subject)).toContain('Milestone due in 3 days: Land permit');
    expect(mails[0].from).toBe('no-reply@zone.example');
    const emailed = await waitFor(
      async () =>
        (
          await t.db.query(
            'SELECT count(*)::int AS n FROM notifications WHERE emailed_at IS NOT NULL',
          )
        ).rows[0].n,
      (n) => n === 3,
    );
    expect(emailed).toBe(3);
  });

  it('e-mails a single notification with its body and link', async () => {
    const user = await makeUser(t.db, { role: 'manager' });
    const id = await notify(user, 'Weekly report, week 23');
    const [mail] = await waitFor(
      async () => smtp.mails,
      (m) => m.length >= 1,
    );
    expect(mail).toMatchObject({ to: [user.email], subject: 'Weekly report, week 23' });
    expect(mail.text).toMatch(/Weekly progress report, week 23/);
    expect(mail.text).toMatch(/\/api\/v1\/reports\/1/);
    const row = await waitFor(
      () => notificationRow(id),
      (r) => r.emailedAt !== null,
    );
    expect(row).toEqual({ emailedAt: expect.any(Date), emailError: null });
  });

  it('fails the mail to a rejected address alone, at once, while the others arrive', async () => {
    const good1 = await makeUser(t.db, { role: 'officer' });
    const bad = await makeUser(t.db, { role: 'officer', email: 'rejected-officer@test.example' });
    const good2 = await makeUser(t.db, { role: 'officer' });
    const [id1, idBad, id2] = await t.app.get(NotificationWriter).notifyMany(t.app.get(Db), [
      { userId: good1.id, kind: 'report', title: 'For good1' },
      { userId: bad.id, kind: 'report', title: 'For bad' },
      { userId: good2.id, kind: 'report', title: 'For good2' },
    ]);
    const badJob = await waitFor(
      () => jobOf(idBad),
      (j) => j?.finishedOn !== undefined,
    );
    expect(await badJob?.getState()).toBe('failed');
    expect(badJob?.attemptsMade).toBe(1); // a permanent refusal is not retried
    expect(badJob?.failedReason).toMatch(/550/);
    expect(await notificationRow(idBad)).toEqual({
      emailedAt: null,
      emailError: expect.stringMatching(/550/),
    });
    const mails = await waitFor(
      async () => smtp.mails,
      (m) => m.length >= 2,
    );
    expect(mails.map((m) => m.to[0]).sort()).toEqual([good1.email, good2.email].sort());
    for (const id of [id1, id2]) {
      const row = await waitFor(
        () => notificationRow(id),
        (r) => r.emailedAt !== null,
      );
      expect(row.emailedAt).toEqual(expect.any(Date));
    }
  });

  it('retries with backoff when the server says "later", and the mail arrives once', async () => {
    const user = await makeUser(t.db, { role: 'officer', email: 'flaky-officer@test.example' });
    const id = await notify(user, 'Retried');
    // two 451s, then accepted: backoff of 1 s then 2 s
    const job = await waitFor(
      () => jobOf(id),
      (j) => j?.finishedOn !== undefined,
      20_000,
    );
    expect(await job?.getState()).toBe('completed');
    expect(job?.attemptsMade).toBe(3);
    expect(smtp.dataAttempts.get(user.email)).toBe(3);
    expect(smtp.mails.filter((m) => m.to[0] === user.email)).toHaveLength(1);
    expect(await notificationRow(id)).toEqual({ emailedAt: expect.any(Date), emailError: null });
  });

  it('does not send a notification already e-mailed again', async () => {
    const user = await makeUser(t.db, { role: 'officer' });
    const id = await notify(user, 'Once');
    await waitFor(
      () => notificationRow(id),
      (r) => r.emailedAt !== null,
    );
    const outcome = await t.app.get(NotificationMailer).deliver(id);
    expect(outcome).toEqual({ sent: false, skipped: 'already emailed' });
    // two deliveries at once of one fresh notification: one mail
    const twice = await t.app.get(Db).transaction(async (tx) => {
      const row = await tx.one<{ id: string }>(
        `INSERT INTO notifications (user_id, kind, title) VALUES ($1, 'report', 'Twice') RETURNING id`,
        [user.id],
      );
      return row?.id as string;
    });
    const outcomes = await Promise.all([
      t.app.get(NotificationMailer).deliver(twice),
      t.app.get(NotificationMailer).deliver(twice),
    ]);
    expect(outcomes.filter((o) => o.sent)).toHaveLength(1);
    expect(smtp.mails.filter((m) => m.subject === 'Twice')).toHaveLength(1);
    expect(smtp.mails.filter((m) => m.subject === 'Once')).toHaveLength(1);
  });

  it('does not e-mail reminders a scan finds already sent', async () => {
    const w = await makeReminderWorld(t.db);
    await makeItem(t.db, w, 'milestone', addDays('2026-06-01', 1));
    const scans = t.app.get(ReminderScanService);
    await scans.scan({ today: '2026-06-01' });
    expect(await scans.scan({ today: '2026-06-01' })).toMatchObject({ sent: 0, emailsQueued: 0 });
    await waitFor(
      async () => smtp.mails,
      (m) => m.length >= 1,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.mails).toHaveLength(1);
  });
});
