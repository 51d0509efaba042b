import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delegation visits with follow-ups, events, contracts (linked both ways with the project they
 * create) and six-elements service requests with their per-element default due days.
 */

export class VisitsEventsContractsServiceRequests1795310503059 implements MigrationInterface {
  name = 'VisitsEventsContractsServiceRequests1795310503059';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "park_id" uuid NOT NULL, "kind" character varying(32) NOT NULL, "name" character varying(300) NOT NULL, "start_date" date NOT NULL, "end_date" date, "location" character varying(300), "organiser" character varying(300), "attendee_count" integer, "description" text, "created_by" uuid, CONSTRAINT "ck_events_attendees" CHECK (attendee_count IS NULL OR attendee_count >= 0), CONSTRAINT "ck_events_dates" CHECK (end_date IS NULL OR end_date >= start_date), CONSTRAINT "ck_events_kind" CHECK (kind IN ('conference','investment_fair','policy_briefing','media_tour','campaign')), CONSTRAINT "PK_40731c7151fe4be3116e45ddf73" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_events_park_start" ON "events"  ("park_id", "start_date") `,
    );
    await queryRunner.query(
      `CREATE TABLE "event_enterprises" ("event_id" uuid NOT NULL, "enterprise_id" uuid NOT NULL, CONSTRAINT "PK_4e6ef23293e412adf53ea37a7c3" PRIMARY KEY ("event_id", "enterprise_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_event_enterprises_enterprise" ON "event_enterprises"  ("enterprise_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "visits" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "park_id" uuid NOT NULL, "date" date NOT NULL, "end_date" date, "direction" character varying(16) NOT NULL, "host_organisation" character varying(300) NOT NULL, "visiting_organisation" character varying(300) NOT NULL, "leader" character varying(200), "participants" jsonb NOT NULL DEFAULT '[]', "purpose" text, "summary" text, "outcomes" text, "created_by" uuid, CONSTRAINT "ck_visits_dates" CHECK (end_date IS NULL OR end_date >= date), CONSTRAINT "ck_visits_direction" CHECK (direction IN ('inbound','outbound')), CONSTRAINT "PK_0b0b322289a41015c6ea4e8bf30" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_visits_park_date" ON "visits"  ("park_id", "date") `);
    await queryRunner.query(
      `CREATE TABLE "visit_enterprises" ("visit_id" uuid NOT NULL, "enterprise_id" uuid NOT NULL, CONSTRAINT "PK_f89c0017bf6a62036cae8c7cc9d" PRIMARY KEY ("visit_id", "enterprise_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_visit_enterprises_enterprise" ON "visit_enterprises"  ("enterprise_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "visit_projects" ("visit_id" uuid NOT NULL, "project_id" uuid NOT NULL, CONSTRAINT "PK_bf6eaccd2f3e94fc37ecc2f1249" PRIMARY KEY ("visit_id", "project_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_visit_projects_project" ON "visit_projects"  ("project_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "contracts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "code" character varying(50) NOT NULL, "title" character varying(300) NOT NULL, "signed_at" date NOT NULL, "park_id" uuid NOT NULL, "enterprise_id" uuid, "event_id" uuid, "visit_id" uuid, "amount" numeric(20,2) NOT NULL, "currency" character(3) NOT NULL DEFAULT 'CNY', "status" character varying(16) NOT NULL DEFAULT 'signed', "project_id" uuid, "description" text, "created_by" uuid, CONSTRAINT "ck_contracts_amount" CHECK (amount >= 0), CONSTRAINT "ck_contracts_status" CHECK (status IN ('signed','registered','funds_in_place','terminated')), CONSTRAINT "PK_2c7b8f3a7b1acdd49497d83d0fb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_contracts_enterprise" ON "contracts"  ("enterprise_id") `,
    );
    await queryRunner.query(`CREATE INDEX "ix_contracts_event" ON "contracts"  ("event_id") `);
    await queryRunner.query(`CREATE INDEX "ix_contracts_visit" ON "contracts"  ("visit_id") `);
    await queryRunner.query(`CREATE INDEX "ix_contracts_project" ON "contracts"  ("project_id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_contracts_park_signed" ON "contracts"  ("park_id", "signed_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_contracts_park_code" ON "contracts"  ("park_id", "code") `,
    );
    await queryRunner.query(
      `CREATE TABLE "service_requests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "park_id" uuid NOT NULL, "enterprise_id" uuid NOT NULL, "project_id" uuid, "element" character varying(32) NOT NULL, "description" text NOT NULL, "owner_id" uuid, "due_date" date NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'open', "resolution" text, "resolved_at" TIMESTAMP WITH TIME ZONE, "follow_up_satisfaction" smallint, "follow_up_note" text, "closed_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, CONSTRAINT "ck_service_requests_satisfaction" CHECK (follow_up_satisfaction IS NULL OR follow_up_satisfaction BETWEEN 1 AND 5), CONSTRAINT "ck_service_requests_status" CHECK (status IN ('open','in_progress','resolved','rejected','closed')), CONSTRAINT "ck_service_requests_element" CHECK (element IN ('land','policy','innovation','capital','human_resources','law')), CONSTRAINT "PK_ee60bcd826b7e130bfbd97daf66" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_service_requests_enterprise" ON "service_requests"  ("enterprise_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_service_requests_project" ON "service_requests"  ("project_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_service_requests_owner" ON "service_requests"  ("owner_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_service_requests_open_due" ON "service_requests"  ("due_date") WHERE status IN ('open','in_progress')`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_service_requests_park_status" ON "service_requests"  ("park_id", "status") `,
    );
    await queryRunner.query(
      `CREATE TABLE "service_element_settings" ("element" character varying(32) NOT NULL, "default_due_days" integer NOT NULL, CONSTRAINT "ck_service_element_settings_days" CHECK (default_due_days BETWEEN 1 AND 365), CONSTRAINT "PK_46b511715db2f1dd1a6ad63e1e2" PRIMARY KEY ("element"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "visit_follow_ups" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "visit_id" uuid NOT NULL, "action" character varying(500) NOT NULL, "owner_id" uuid, "due_date" date NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'open', "done_note" text, "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_visit_follow_ups_status" CHECK (status IN ('open','done','cancelled')), CONSTRAINT "PK_c282ff175d2c20e557706ca91d4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_visit_follow_ups_owner" ON "visit_follow_ups"  ("owner_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_visit_follow_ups_open_due" ON "visit_follow_ups"  ("due_date") WHERE status = 'open'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_visit_follow_ups_visit" ON "visit_follow_ups"  ("visit_id") `,
    );
    await queryRunner.query(`ALTER TABLE "projects" ADD "contract_id" uuid`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_projects_contract" ON "projects"  ("contract_id") WHERE contract_id IS NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "events" ADD CONSTRAINT "fk_events_park" FOREIGN KEY ("park_id") REFERENCES "parks"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_enterprises" ADD CONSTRAINT "fk_event_enterprises_event" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_enterprises" ADD CONSTRAINT "fk_event_enterprises_enterprise" FOREIGN KEY ("enterprise_id") REFERENCES "enterprises"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "projects" ADD CONSTRAINT "fk_projects_contract" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "visits" ADD CONSTRAINT "fk_visits_park" FOREIGN KEY ("park_id") REFERENCES "parks"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "visit_enterprises" ADD CONSTRAINT "fk_visit_enterprises_visit" FOREIGN KEY ("visit_id") REFERENCES "visits"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "visit_enterprises" ADD CONSTRAINT "fk_visit_enterprises_enterprise" FOREIGN KEY ("enterprise_id") REFERENCES "enterprises"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "visit_projects" ADD CONSTRAINT "fk_visit_projects_visit" FOREIGN KEY ("visit_id") REFERENCES "visits"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "visit_projects" ADD CONSTRAINT "fk_visit_projects_project" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contracts" ADD CONSTRAINT "fk_contracts_park" FOREIGN KEY ("park_id") REFERENCES "parks"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contracts" ADD CONSTRAINT "fk_contracts_enterprise" FOREIGN KEY ("enterprise_id") REFERENCES "enterprises"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contracts" ADD CONSTRAINT "fk_contracts_event" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contracts" ADD CONSTRAINT "fk_contracts_visit" FOREIGN KEY ("visit_id") REFERENCES "visits"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contracts" ADD CONSTRAINT "fk_contracts_project" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "service_requests" ADD CONSTRAINT "fk_service_requests_park" FOREIGN KEY ("park_id") REFERENCES "parks"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "service_requests" ADD CONSTRAINT "fk_service_requests_enterprise" FOREIGN KEY ("enterprise_id") REFERENCES "enterprises"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "service_requests" ADD CONSTRAINT "fk_service_requests_project" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "service_requests" ADD CONSTRAINT "fk_service_requests_owner" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "visit_follow_ups" ADD CONSTRAINT "fk_visit_follow_ups_visit" FOREIGN KEY ("visit_id") REFERENCES "visits"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "visit_follow_ups" ADD CONSTRAINT "fk_visit_follow_ups_owner" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    // defaults an admin can change: land and capital take longest, policy answers fastest
    await queryRunner.query(`INSERT INTO "service_element_settings" ("element", "default_due_days") VALUES
            ('land', 30), ('policy', 7), ('innovation', 15), ('capital', 20), ('human_resources', 10), ('law', 10)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "visit_follow_ups" DROP CONSTRAINT "fk_visit_follow_ups_owner"`,
    );
    await queryRunner.query(
      `ALTER TABLE "visit_follow_ups" DROP CONSTRAINT "fk_visit_follow_ups_visit"`,
    );
    await queryRunner.query(
      `ALTER TABLE "service_requests" DROP CONSTRAINT "fk_service_requests_owner"`,
    );
    await queryRunner.query(
      `ALTER TABLE "service_requests" DROP CONSTRAINT "fk_service_requests_project"`,
    );
    await queryRunner.query(
      `ALTER TABLE "service_requests" DROP CONSTRAINT "fk_service_requests_enterprise"`,
    );
    await queryRunner.query(
      `ALTER TABLE "service_requests" DROP CONSTRAINT "fk_service_requests_park"`,
    );
    await queryRunner.query(`ALTER TABLE "contracts" DROP CONSTRAINT "fk_contracts_project"`);
    await queryRunner.query(`ALTER TABLE "contracts" DROP CONSTRAINT "fk_contracts_visit"`);
    await queryRunner.query(`ALTER TABLE "contracts" DROP CONSTRAINT "fk_contracts_event"`);
    await queryRunner.query(`ALTER TABLE "contracts" DROP CONSTRAINT "fk_contracts_enterprise"`);
    await queryRunner.query(`ALTER TABLE "contracts" DROP CONSTRAINT "fk_contracts_park"`);
    await queryRunner.query(
      `ALTER TABLE "visit_projects" DROP CONSTRAINT "fk_visit_projects_project"`,
    );
    await queryRunner.query(
      `ALTER TABLE "visit_projects" DROP CONSTRAINT "fk_visit_projects_visit"`,
    );
    await queryRunner.query(
      `ALTER TABLE "visit_enterprises" DROP CONSTRAINT "fk_visit_enterprises_enterprise"`,
    );
    await queryRunner.query(
      `ALTER TABLE "visit_enterprises" DROP CONSTRAINT "fk_visit_enterprises_visit"`,
    );
    await queryRunner.query(`ALTER TABLE "visits" DROP CONSTRAINT "fk_visits_park"`);
    await queryRunner.query(`ALTER TABLE "projects" DROP CONSTRAINT "fk_projects_contract"`);
    await queryRunner.query(
      `ALTER TABLE "event_enterprises" DROP CONSTRAINT "fk_event_enterprises_enterprise"`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_enterprises" DROP CONSTRAINT "fk_event_enterprises_event"`,
    );
    await queryRunner.query(`ALTER TABLE "events" DROP CONSTRAINT "fk_events_park"`);
    await queryRunner.query(`DROP INDEX "uq_projects_contract"`);
    await queryRunner.query(`ALTER TABLE "projects" DROP COLUMN "contract_id"`);
    await queryRunner.query(`DROP INDEX "ix_visit_follow_ups_visit"`);
    await queryRunner.query(`DROP INDEX "ix_visit_follow_ups_open_due"`);
    await queryRunner.query(`DROP INDEX "ix_visit_follow_ups_owner"`);
    await queryRunner.query(`DROP TABLE "visit_follow_ups"`);
    await queryRunner.query(`DROP TABLE "service_element_settings"`);
    await queryRunner.query(`DROP INDEX "ix_service_requests_park_status"`);
    await queryRunner.query(`DROP INDEX "ix_service_requests_open_due"`);
    await queryRunner.query(`DROP INDEX "ix_service_requests_owner"`);
    await queryRunner.query(`DROP INDEX "ix_service_requests_project"`);
    await queryRunner.query(`DROP INDEX "ix_service_requests_enterprise"`);
    await queryRunner.query(`DROP TABLE "service_requests"`);
    await queryRunner.query(`DROP INDEX "uq_contracts_park_code"`);
    await queryRunner.query(`DROP INDEX "ix_contracts_park_signed"`);
    await queryRunner.query(`DROP INDEX "ix_contracts_project"`);
    await queryRunner.query(`DROP INDEX "ix_contracts_visit"`);
    await queryRunner.query(`DROP INDEX "ix_contracts_event"`);
    await queryRunner.query(`DROP INDEX "ix_contracts_enterprise"`);
    await queryRunner.query(`DROP TABLE "contracts"`);
    await queryRunner.query(`DROP INDEX "ix_visit_projects_project"`);
    await queryRunner.query(`DROP TABLE "visit_projects"`);
    await queryRunner.query(`DROP INDEX "ix_visit_enterprises_enterprise"`);
    await queryRunner.query(`DROP TABLE "visit_enterprises"`);
    await queryRunner.query(`DROP INDEX "ix_visits_park_date"`);
    await queryRunner.query(`DROP TABLE "visits"`);
    await queryRunner.query(`DROP INDEX "ix_event_enterprises_enterprise"`);
    await queryRunner.query(`DROP TABLE "event_enterprises"`);
    await queryRunner.query(`DROP INDEX "ix_events_park_start"`);
    await queryRunner.query(`DROP TABLE "events"`);
  }
}
