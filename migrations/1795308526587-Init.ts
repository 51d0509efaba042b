import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The core registry: parks, clusters, users, enterprises, key projects and their records, audit. */
export class Init1795308526587 implements MigrationInterface {
  name = 'Init1795308526587';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(
      `CREATE TABLE "audit_log" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid, "entity" character varying(50) NOT NULL, "entity_id" uuid NOT NULL, "park_id" uuid, "action" character varying(10) NOT NULL, "before" jsonb, "after" jsonb, "correlation_id" character varying(100), CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_audit_log_actor_at" ON "audit_log"  ("actor_id", "at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_audit_log_park_at" ON "audit_log"  ("park_id", "at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_audit_log_entity" ON "audit_log"  ("entity", "entity_id", "at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "parks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "code" character varying(50) NOT NULL, "kind" character varying(32) NOT NULL, "parent_id" uuid, "city" character varying(100), "province" character varying(100), "area_sq_km" double precision, "description" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "ck_parks_not_own_parent" CHECK (parent_id IS NULL OR parent_id <> id), CONSTRAINT "ck_parks_kind" CHECK (kind IN ('zone','district','industrial_park','innovation_center','sub_center')), CONSTRAINT "PK_035f21558c39565edbf33f03210" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_parks_code" ON "parks"  ("code") `);
    await queryRunner.query(`CREATE INDEX "ix_parks_parent_id" ON "parks"  ("parent_id") `);
    await queryRunner.query(
      `CREATE TABLE "industry_clusters" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "park_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "area_sq_km" double precision, "scale_target" numeric(20,2), "currency" character(3) NOT NULL DEFAULT 'CNY', "description" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "PK_6d0c5fe0180c6d4f6a08cd316cd" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_industry_clusters_park_name" ON "industry_clusters"  ("park_id", "name") `,
    );
    await queryRunner.query(
      `CREATE TABLE "enterprises" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(300) NOT NULL, "country" character(2) NOT NULL DEFAULT 'CN', "fortune_global500" boolean NOT NULL DEFAULT false, "china_top500" boolean NOT NULL DEFAULT false, "listed" boolean NOT NULL DEFAULT false, "chain_master" boolean NOT NULL DEFAULT false, "park_id" uuid NOT NULL, "cluster_id" uuid, "contacts" jsonb NOT NULL DEFAULT '[]', "description" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "PK_a019e9afe6517b4f2a4588f2cce" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_enterprises_fortune500" ON "enterprises"  ("fortune_global500") WHERE fortune_global500`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_enterprises_chain_master" ON "enterprises"  ("chain_master") WHERE chain_master`,
    );
    await queryRunner.query(`CREATE INDEX "ix_enterprises_park_id" ON "enterprises"  ("park_id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_enterprises_cluster_id" ON "enterprises"  ("cluster_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "chain_links" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "chain_master_id" uuid NOT NULL, "enterprise_id" uuid NOT NULL, "position" character varying(16) NOT NULL, "segment" character varying(200) NOT NULL, "note" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_chain_links_not_self" CHECK (chain_master_id <> enterprise_id), CONSTRAINT "ck_chain_links_position" CHECK (position IN ('upstream','downstream')), CONSTRAINT "PK_e00a307d8f9a05e41bcb33bcb58" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_chain_links_enterprise_id" ON "chain_links"  ("enterprise_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_chain_links_master_member" ON "chain_links"  ("chain_master_id", "enterprise_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(254) NOT NULL, "name" character varying(200) NOT NULL, "password_hash" character varying(255) NOT NULL, "role" character varying(16) NOT NULL, "deactivated_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "ck_users_email_lower" CHECK (email = lower(email)), CONSTRAINT "ck_users_role" CHECK (role IN ('admin','manager','officer','viewer')), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_email" ON "users"  ("email") `);
    await queryRunner.query(
      `CREATE TABLE "user_parks" ("user_id" uuid NOT NULL, "park_id" uuid NOT NULL, CONSTRAINT "PK_dfa194c442924a7cfb00f0e70b5" PRIMARY KEY ("user_id", "park_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_user_parks_park" ON "user_parks"  ("park_id") `);
    await queryRunner.query(
      `CREATE TABLE "projects" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(50) NOT NULL, "name" character varying(300) NOT NULL, "park_id" uuid NOT NULL, "cluster_id" uuid, "enterprise_id" uuid, "levels" character varying(16) array NOT NULL DEFAULT '{}', "stage" character varying(32) NOT NULL DEFAULT 'lead', "planned_investment" numeric(20,2) NOT NULL DEFAULT '0', "realized_investment" numeric(20,2) NOT NULL DEFAULT '0', "currency" character(3) NOT NULL DEFAULT 'CNY', "expected_annual_output" numeric(20,2), "start_date" date, "planned_completion_date" date, "leader_id" uuid, "department" character varying(200), "officer_id" uuid, "location" character varying(300), "description" text, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT '1', CONSTRAINT "ck_projects_dates" CHECK (start_date IS NULL OR planned_completion_date IS NULL OR planned_completion_date >= start_date), CONSTRAINT "ck_projects_planned_investment" CHECK (planned_investment >= 0), CONSTRAINT "ck_projects_levels" CHECK (levels <@ ARRAY['national','provincial','municipal','district']::varchar[]), CONSTRAINT "ck_projects_stage" CHECK (stage IN ('lead','negotiating','signed','preparing','under_construction','completed','in_operation','on_hold','dropped')), CONSTRAINT "PK_6271df0a7aed1d6c0691ce6ac50" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_projects_park_id" ON "projects"  ("park_id") WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_projects_cluster_id" ON "projects"  ("cluster_id") WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_projects_enterprise_id" ON "projects"  ("enterprise_id") WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_projects_stage" ON "projects"  ("stage") WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_projects_officer_id" ON "projects"  ("officer_id") WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_projects_created_at" ON "projects"  ("created_at") WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_projects_park_code" ON "projects"  ("park_id", "code") WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "investment_tranches" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "project_id" uuid NOT NULL, "date" date NOT NULL, "amount" numeric(20,2) NOT NULL, "currency" character(3) NOT NULL DEFAULT 'CNY', "evidence_ref" character varying(200) NOT NULL, "note" text, "created_by" uuid, "verified_at" TIMESTAMP WITH TIME ZONE, "verified_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "ck_investment_tranches_amount" CHECK (amount > 0), CONSTRAINT "PK_392839ba3201c46616abf5347bf" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_investment_tranches_project_date" ON "investment_tranches"  ("project_id", "date") `,
    );
    await queryRunner.query(
      `CREATE TABLE "milestones" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "project_id" uuid NOT NULL, "title" character varying(300) NOT NULL, "kind" character varying(32) NOT NULL DEFAULT 'other', "due_date" date NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE, "owner_id" uuid, "note" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "ck_milestones_kind" CHECK (kind IN ('land','permits','groundbreaking','topping_out','equipment','trial_production','completion','other')), CONSTRAINT "PK_0bdbfe399c777a6a8520ff902d9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_milestones_owner_id" ON "milestones"  ("owner_id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_milestones_project_due" ON "milestones"  ("project_id", "due_date") `,
    );
    await queryRunner.query(
      `CREATE TABLE "park_closure" ("ancestor_id" uuid NOT NULL, "descendant_id" uuid NOT NULL, "depth" integer NOT NULL, CONSTRAINT "PK_03755dd76b1da2a489e49b1d24a" PRIMARY KEY ("ancestor_id", "descendant_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_park_closure_descendant" ON "park_closure"  ("descendant_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "progress_updates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "project_id" uuid NOT NULL, "date" date NOT NULL, "note" text NOT NULL, "percent_complete" smallint, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "ck_progress_updates_percent" CHECK (percent_complete BETWEEN 0 AND 100), CONSTRAINT "PK_180f6781848cb83b31c3deb131b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_progress_updates_project_date" ON "progress_updates"  ("project_id", "date") `,
    );
    await queryRunner.query(
      `ALTER TABLE "parks" ADD CONSTRAINT "fk_parks_parent" FOREIGN KEY ("parent_id") REFERENCES "parks"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "industry_clusters" ADD CONSTRAINT "fk_industry_clusters_park" FOREIGN KEY ("park_id") REFERENCES "parks"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "enterprises" ADD CONSTRAINT "fk_enterprises_park" FOREIGN KEY ("park_id") REFERENCES "parks"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "enterprises" ADD CONSTRAINT "fk_enterprises_cluster" FOREIGN KEY ("cluster_id") REFERENCES "industry_clusters"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "chain_links" ADD CONSTRAINT "fk_chain_links_master" FOREIGN KEY ("chain_master_id") REFERENCES "enterprises"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "chain_links" ADD CONSTRAINT "fk_chain_links_enterprise" FOREIGN KEY ("enterprise_id") REFERENCES "enterprises"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "user_parks" ADD CONSTRAINT "fk_user_parks_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "user_parks" ADD CONSTRAINT "fk_user_parks_park" FOREIGN KEY ("park_id") REFERENCES "parks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "projects" ADD CONSTRAINT "fk_projects_park" FOREIGN KEY ("park_id") REFERENCES "parks"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "projects" ADD CONSTRAINT "fk_projects_cluster" FOREIGN KEY ("cluster_id") REFERENCES "industry_clusters"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "projects" ADD CONSTRAINT "fk_projects_enterprise" FOREIGN KEY ("enterprise_id") REFERENCES "enterprises"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "projects" ADD CONSTRAINT "fk_projects_leader" FOREIGN KEY ("leader_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "projects" ADD CONSTRAINT "fk_projects_officer" FOREIGN KEY ("officer_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "investment_tranches" ADD CONSTRAINT "fk_investment_tranches_project" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "investment_tranches" ADD CONSTRAINT "fk_investment_tranches_verifier" FOREIGN KEY ("verified_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "milestones" ADD CONSTRAINT "fk_milestones_project" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "milestones" ADD CONSTRAINT "fk_milestones_owner" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "park_closure" ADD CONSTRAINT "fk_park_closure_ancestor" FOREIGN KEY ("ancestor_id") REFERENCES "parks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "park_closure" ADD CONSTRAINT "fk_park_closure_descendant" FOREIGN KEY ("descendant_id") REFERENCES "parks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "progress_updates" ADD CONSTRAINT "fk_progress_updates_project" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );

    // Indexes TypeORM cannot describe (entities mark them synchronize: false).
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_enterprises_park_name" ON "enterprises" ("park_id", lower("name"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_projects_levels" ON "projects" USING gin ("levels") WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_projects_name_trgm" ON "projects" USING gin ("name" gin_trgm_ops) WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_projects_code_trgm" ON "projects" USING gin ("code" gin_trgm_ops) WHERE deleted_at IS NULL`,
    );
    // open milestones by due date, covering what reminder scans and overdue filters read
    await queryRunner.query(
      `CREATE INDEX "ix_milestones_open_due" ON "milestones" ("due_date") INCLUDE ("project_id", "owner_id") WHERE completed_at IS NULL`,
    );

    // park_closure: every (ancestor, descendant) pair, self included, kept by these triggers.
    await queryRunner.query(`
            CREATE FUNCTION park_closure_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO park_closure (ancestor_id, descendant_id, depth)
                SELECT NEW.id, NEW.id, 0
                UNION ALL
                SELECT c.ancestor_id, NEW.id, c.depth + 1
                  FROM park_closure c WHERE c.descendant_id = NEW.parent_id;
                RETURN NULL;
            END $$`);
    await queryRunner.query(`
            CREATE FUNCTION park_closure_after_move() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.parent_id IS NOT NULL AND EXISTS (
                    SELECT 1 FROM park_closure WHERE ancestor_id = NEW.id AND descendant_id = NEW.parent_id
                ) THEN
                    RAISE EXCEPTION 'park % cannot move under its own descendant %', NEW.id, NEW.parent_id
                        USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_parks_no_cycle';
                END IF;
                -- detach the subtree from its old ancestors
                DELETE FROM park_closure c
                 USING park_closure sub, park_closure sup
                 WHERE sub.ancestor_id = NEW.id AND c.descendant_id = sub.descendant_id
                   AND sup.descendant_id = NEW.id AND sup.ancestor_id <> NEW.id
                   AND c.ancestor_id = sup.ancestor_id;
                -- attach it under the new parent's ancestors
                INSERT INTO park_closure (ancestor_id, descendant_id, depth)
                SELECT sup.ancestor_id, sub.descendant_id, sup.depth + sub.depth + 1
                  FROM park_closure sup CROSS JOIN park_closure sub
                 WHERE sup.descendant_id = NEW.parent_id AND sub.ancestor_id = NEW.id;
                RETURN NULL;
            END $$`);
    await queryRunner.query(
      `CREATE TRIGGER trg_parks_closure_insert AFTER INSERT ON parks FOR EACH ROW EXECUTE FUNCTION park_closure_after_insert()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER trg_parks_closure_move AFTER UPDATE OF parent_id ON parks FOR EACH ROW WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id) EXECUTE FUNCTION park_closure_after_move()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER trg_parks_closure_move ON parks`);
    await queryRunner.query(`DROP TRIGGER trg_parks_closure_insert ON parks`);
    await queryRunner.query(`DROP FUNCTION park_closure_after_move()`);
    await queryRunner.query(`DROP FUNCTION park_closure_after_insert()`);
    await queryRunner.query(`DROP INDEX "ix_milestones_open_due"`);
    await queryRunner.query(`DROP INDEX "ix_projects_code_trgm"`);
    await queryRunner.query(`DROP INDEX "ix_projects_name_trgm"`);
    await queryRunner.query(`DROP INDEX "ix_projects_levels"`);
    await queryRunner.query(`DROP INDEX "uq_enterprises_park_name"`);
    await queryRunner.query(
      `ALTER TABLE "progress_updates" DROP CONSTRAINT "fk_progress_updates_project"`,
    );
    await queryRunner.query(
      `ALTER TABLE "park_closure" DROP CONSTRAINT "fk_park_closure_descendant"`,
    );
    await queryRunner.query(
      `ALTER TABLE "park_closure" DROP CONSTRAINT "fk_park_closure_ancestor"`,
    );
    await queryRunner.query(`ALTER TABLE "milestones" DROP CONSTRAINT "fk_milestones_owner"`);
    await queryRunner.query(`ALTER TABLE "milestones" DROP CONSTRAINT "fk_milestones_project"`);
    await queryRunner.query(
      `ALTER TABLE "investment_tranches" DROP CONSTRAINT "fk_investment_tranches_verifier"`,
    );
    await queryRunner.query(
      `ALTER TABLE "investment_tranches" DROP CONSTRAINT "fk_investment_tranches_project"`,
    );
    await queryRunner.query(`ALTER TABLE "projects" DROP CONSTRAINT "fk_projects_officer"`);
    await queryRunner.query(`ALTER TABLE "projects" DROP CONSTRAINT "fk_projects_leader"`);
    await queryRunner.query(`ALTER TABLE "projects" DROP CONSTRAINT "fk_projects_enterprise"`);
    await queryRunner.query(`ALTER TABLE "projects" DROP CONSTRAINT "fk_projects_cluster"`);
    await queryRunner.query(`ALTER TABLE "projects" DROP CONSTRAINT "fk_projects_park"`);
    await queryRunner.query(`ALTER TABLE "user_parks" DROP CONSTRAINT "fk_user_parks_park"`);
    await queryRunner.query(`ALTER TABLE "user_parks" DROP CONSTRAINT "fk_user_parks_user"`);
    await queryRunner.query(
      `ALTER TABLE "chain_links" DROP CONSTRAINT "fk_chain_links_enterprise"`,
    );
    await queryRunner.query(`ALTER TABLE "chain_links" DROP CONSTRAINT "fk_chain_links_master"`);
    await queryRunner.query(`ALTER TABLE "enterprises" DROP CONSTRAINT "fk_enterprises_cluster"`);
    await queryRunner.query(`ALTER TABLE "enterprises" DROP CONSTRAINT "fk_enterprises_park"`);
    await queryRunner.query(
      `ALTER TABLE "industry_clusters" DROP CONSTRAINT "fk_industry_clusters_park"`,
    );
    await queryRunner.query(`ALTER TABLE "parks" DROP CONSTRAINT "fk_parks_parent"`);
    await queryRunner.query(`DROP INDEX "ix_progress_updates_project_date"`);
    await queryRunner.query(`DROP TABLE "progress_updates"`);
    await queryRunner.query(`DROP INDEX "ix_park_closure_descendant"`);
    await queryRunner.query(`DROP TABLE "park_closure"`);
    await queryRunner.query(`DROP INDEX "ix_milestones_project_due"`);
    await queryRunner.query(`DROP INDEX "ix_milestones_owner_id"`);
    await queryRunner.query(`DROP TABLE "milestones"`);
    await queryRunner.query(`DROP INDEX "ix_investment_tranches_project_date"`);
    await queryRunner.query(`DROP TABLE "investment_tranches"`);
    await queryRunner.query(`DROP INDEX "uq_projects_park_code"`);
    await queryRunner.query(`DROP INDEX "ix_projects_created_at"`);
    await queryRunner.query(`DROP INDEX "ix_projects_officer_id"`);
    await queryRunner.query(`DROP INDEX "ix_projects_stage"`);
    await queryRunner.query(`DROP INDEX "ix_projects_enterprise_id"`);
    await queryRunner.query(`DROP INDEX "ix_projects_cluster_id"`);
    await queryRunner.query(`DROP INDEX "ix_projects_park_id"`);
    await queryRunner.query(`DROP TABLE "projects"`);
    await queryRunner.query(`DROP INDEX "ix_user_parks_park"`);
    await queryRunner.query(`DROP TABLE "user_parks"`);
    await queryRunner.query(`DROP INDEX "uq_users_email"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "uq_chain_links_master_member"`);
    await queryRunner.query(`DROP INDEX "ix_chain_links_enterprise_id"`);
    await queryRunner.query(`DROP TABLE "chain_links"`);
    await queryRunner.query(`DROP INDEX "ix_enterprises_cluster_id"`);
    await queryRunner.query(`DROP INDEX "ix_enterprises_park_id"`);
    await queryRunner.query(`DROP INDEX "ix_enterprises_chain_master"`);
    await queryRunner.query(`DROP INDEX "ix_enterprises_fortune500"`);
    await queryRunner.query(`DROP TABLE "enterprises"`);
    await queryRunner.query(`DROP INDEX "uq_industry_clusters_park_name"`);
    await queryRunner.query(`DROP TABLE "industry_clusters"`);
    await queryRunner.query(`DROP INDEX "ix_parks_parent_id"`);
    await queryRunner.query(`DROP INDEX "uq_parks_code"`);
    await queryRunner.query(`DROP TABLE "parks"`);
    await queryRunner.query(`DROP INDEX "ix_audit_log_entity"`);
    await queryRunner.query(`DROP INDEX "ix_audit_log_park_at"`);
    await queryRunner.query(`DROP INDEX "ix_audit_log_actor_at"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
  }
}
