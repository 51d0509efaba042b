import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Background work: the outbox (with a NOTIFY so the relay wakes at once), stored notifications,
 * the reminders already sent (their unique key makes each reach its owner once), and the frozen
 * weekly reports.
 */

export class JobsNotificationsReports1795313641448 implements MigrationInterface {
  name = 'JobsNotificationsReports1795313641448';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "kind" character varying(32) NOT NULL, "title" character varying(300) NOT NULL, "body" text, "link" character varying(300), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, "emailed_at" TIMESTAMP WITH TIME ZONE, "email_error" text, CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_notifications_user_unread" ON "notifications"  ("user_id") WHERE read_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_notifications_user_created" ON "notifications"  ("user_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "outbox" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "queue" character varying(50) NOT NULL, "job_name" character varying(50) NOT NULL, "payload" jsonb NOT NULL, "requested_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "dispatched_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', "last_error" text, CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_outbox_pending" ON "outbox"  ("created_at") WHERE dispatched_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "reminders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "item_type" character varying(32) NOT NULL, "item_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "due_date" date NOT NULL, "for_date" date NOT NULL, "user_id" uuid NOT NULL, "notification_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_reminders_kind" CHECK (kind IN ('due_in_7','due_in_3','due_in_1','due_today','overdue')), CONSTRAINT "ck_reminders_item_type" CHECK (item_type IN ('milestone','visit_follow_up','supervision_step','service_request')), CONSTRAINT "PK_38715fec7f634b72c6cf7ea4893" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_reminders_user" ON "reminders"  ("user_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_reminders_item_kind_day" ON "reminders"  ("item_type", "item_id", "kind", "for_date") `,
    );
    await queryRunner.query(
      `CREATE TABLE "reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "type" character varying(16) NOT NULL, "park_id" uuid, "period" character varying(10) NOT NULL, "period_start" date NOT NULL, "period_end" date NOT NULL, "data" jsonb NOT NULL, "previous_id" uuid, "revision" integer NOT NULL DEFAULT '1', "generated_by" uuid, "generated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_reports_type" CHECK (type IN ('weekly')), CONSTRAINT "PK_d9013193989303580053c0b5ef6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_reports_park_period" ON "reports"  ("type", "park_id", "period") WHERE park_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_reports_zone_period" ON "reports"  ("type", "period") WHERE park_id IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_supervision_items_open_step_deadline" ON "supervision_items"  ("step_deadline") WHERE status <> 'closed'`,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "fk_notifications_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reminders" ADD CONSTRAINT "fk_reminders_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reminders" ADD CONSTRAINT "fk_reminders_notification" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reports" ADD CONSTRAINT "fk_reports_park" FOREIGN KEY ("park_id") REFERENCES "parks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`
            CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('outbox', NEW.id::text);
                RETURN NULL;
            END $$`);
    await queryRunner.query(
      `CREATE TRIGGER trg_outbox_notify AFTER INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION outbox_notify()`,
    );
    // what the weekly report reads by time: verified investment, completed milestones,
    // supervision opened and closed, and the colour changes of projects
    await queryRunner.query(
      `CREATE INDEX "ix_audit_log_project_at" ON "audit_log" ("at") WHERE entity = 'project'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_investment_tranches_verified_at" ON "investment_tranches" ("verified_at") WHERE verified_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_milestones_completed_at" ON "milestones" ("completed_at") WHERE completed_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_supervision_items_closed_at" ON "supervision_items" ("closed_at") WHERE closed_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_supervision_items_created_at" ON "supervision_items" ("created_at")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_supervision_items_created_at"`);
    await queryRunner.query(`DROP INDEX "ix_supervision_items_closed_at"`);
    await queryRunner.query(`DROP INDEX "ix_milestones_completed_at"`);
    await queryRunner.query(`DROP INDEX "ix_investment_tranches_verified_at"`);
    await queryRunner.query(`DROP INDEX "ix_audit_log_project_at"`);
    await queryRunner.query(`DROP TRIGGER trg_outbox_notify ON outbox`);
    await queryRunner.query(`DROP FUNCTION outbox_notify()`);
    await queryRunner.query(`ALTER TABLE "reports" DROP CONSTRAINT "fk_reports_park"`);
    await queryRunner.query(`ALTER TABLE "reminders" DROP CONSTRAINT "fk_reminders_notification"`);
    await queryRunner.query(`ALTER TABLE "reminders" DROP CONSTRAINT "fk_reminders_user"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "fk_notifications_user"`);
    await queryRunner.query(`DROP INDEX "ix_supervision_items_open_step_deadline"`);
    await queryRunner.query(`DROP INDEX "uq_reports_zone_period"`);
    await queryRunner.query(`DROP INDEX "uq_reports_park_period"`);
    await queryRunner.query(`DROP TABLE "reports"`);
    await queryRunner.query(`DROP INDEX "uq_reminders_item_kind_day"`);
    await queryRunner.query(`DROP INDEX "ix_reminders_user"`);
    await queryRunner.query(`DROP TABLE "reminders"`);
    await queryRunner.query(`DROP INDEX "ix_outbox_pending"`);
    await queryRunner.query(`DROP TABLE "outbox"`);
    await queryRunner.query(`DROP INDEX "ix_notifications_user_created"`);
    await queryRunner.query(`DROP INDEX "ix_notifications_user_unread"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
  }
}
