import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Targets per park or cluster and year; the segments of a chain (a segment without a local
 * enterprise is a gap); key-project imports; what registers carry that projects lacked (annual
 * planned investment, the responsible leader by name); and the purpose of an investment tranche
 * (R&D spending counts toward R&D targets).
 */

export class TargetsChainSegmentsImports1795315818875 implements MigrationInterface {
  name = 'TargetsChainSegmentsImports1795315818875';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "chain_segments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "chain_master_id" uuid NOT NULL, "position" character varying(16) NOT NULL, "name" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_chain_segments_position" CHECK (position IN ('upstream','downstream')), CONSTRAINT "PK_9e0fa3704999d65a0684db43a5c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_chain_segments_master_position_name" ON "chain_segments"  ("chain_master_id", "position", "name") `,
    );
    await queryRunner.query(
      `CREATE TABLE "project_imports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "park_id" uuid NOT NULL, "filename" character varying(300) NOT NULL, "format" character varying(8) NOT NULL, "unit" character varying(8) NOT NULL DEFAULT 'yuan', "status" character varying(16) NOT NULL DEFAULT 'queued', "total" integer NOT NULL DEFAULT '0', "processed" integer NOT NULL DEFAULT '0', "created" integer NOT NULL DEFAULT '0', "updated" integer NOT NULL DEFAULT '0', "errors" jsonb NOT NULL DEFAULT '[]', "content" bytea, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_project_imports_format" CHECK (format IN ('csv','xlsx')), CONSTRAINT "ck_project_imports_status" CHECK (status IN ('queued','running','succeeded','failed')), CONSTRAINT "PK_d2f7d40305d772e48fe19846c0a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_project_imports_park_created" ON "project_imports"  ("park_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "targets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "park_id" uuid, "cluster_id" uuid, "year" integer NOT NULL, "metric" character varying(32) NOT NULL, "value" numeric(20,2) NOT NULL, "unit" character varying(16) NOT NULL, "note" text, CONSTRAINT "ck_targets_year" CHECK (year BETWEEN 2000 AND 2100), CONSTRAINT "ck_targets_value" CHECK (value >= 0), CONSTRAINT "ck_targets_metric" CHECK (metric IN ('investment_verified','industrial_output','leading_enterprises','contracts_signed','contract_amount','rd_investment','projects_started','projects_completed')), CONSTRAINT "ck_targets_owner" CHECK ((park_id IS NULL) <> (cluster_id IS NULL)), CONSTRAINT "PK_87084f49e9de9dd6a3e83906584" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_targets_cluster_year_metric" ON "targets"  ("cluster_id", "year", "metric") WHERE cluster_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_targets_park_year_metric" ON "targets"  ("park_id", "year", "metric") WHERE park_id IS NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE "projects" ADD "annual_planned_investment" numeric(20,2)`);
    await queryRunner.query(`ALTER TABLE "projects" ADD "leader_name" character varying(100)`);
    await queryRunner.query(
      `ALTER TABLE "investment_tranches" ADD "purpose" character varying(8) NOT NULL DEFAULT 'capital'`,
    );
    await queryRunner.query(
      `ALTER TABLE "investment_tranches" ADD CONSTRAINT "ck_investment_tranches_purpose" CHECK (purpose IN ('capital','rd'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "chain_segments" ADD CONSTRAINT "fk_chain_segments_master" FOREIGN KEY ("chain_master_id") REFERENCES "enterprises"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "project_imports" ADD CONSTRAINT "fk_project_imports_park" FOREIGN KEY ("park_id") REFERENCES "parks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "targets" ADD CONSTRAINT "fk_targets_park" FOREIGN KEY ("park_id") REFERENCES "parks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "targets" ADD CONSTRAINT "fk_targets_cluster" FOREIGN KEY ("cluster_id") REFERENCES "industry_clusters"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "targets" DROP CONSTRAINT "fk_targets_cluster"`);
    await queryRunner.query(`ALTER TABLE "targets" DROP CONSTRAINT "fk_targets_park"`);
    await queryRunner.query(
      `ALTER TABLE "project_imports" DROP CONSTRAINT "fk_project_imports_park"`,
    );
    await queryRunner.query(
      `ALTER TABLE "chain_segments" DROP CONSTRAINT "fk_chain_segments_master"`,
    );
    await queryRunner.query(
      `ALTER TABLE "investment_tranches" DROP CONSTRAINT "ck_investment_tranches_purpose"`,
    );
    await queryRunner.query(`ALTER TABLE "investment_tranches" DROP COLUMN "purpose"`);
    await queryRunner.query(`ALTER TABLE "projects" DROP COLUMN "leader_name"`);
    await queryRunner.query(`ALTER TABLE "projects" DROP COLUMN "annual_planned_investment"`);
    await queryRunner.query(`DROP INDEX "uq_targets_park_year_metric"`);
    await queryRunner.query(`DROP INDEX "uq_targets_cluster_year_metric"`);
    await queryRunner.query(`DROP TABLE "targets"`);
    await queryRunner.query(`DROP INDEX "ix_project_imports_park_created"`);
    await queryRunner.query(`DROP TABLE "project_imports"`);
    await queryRunner.query(`DROP INDEX "uq_chain_segments_master_position_name"`);
    await queryRunner.query(`DROP TABLE "chain_segments"`);
  }
}
