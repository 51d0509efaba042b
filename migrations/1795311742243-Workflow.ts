import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The promotion → supervision → assessment loop: stage transitions, warning rules (with the zone
 * defaults), the stored light of each project, supervision items with their steps, inspections,
 * and versioned assessment formulas (version 1 seeded) with their runs and scores.
 */

export class Workflow1795311742243 implements MigrationInterface {
  name = 'Workflow1795311742243';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "assessment_formulas" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "version" integer NOT NULL, "measures" jsonb NOT NULL, "description" text, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_63992369f1c69e8c2f6c6fe27d5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_assessment_formulas_version" ON "assessment_formulas"  ("version") `,
    );
    await queryRunner.query(
      `CREATE TABLE "assessments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "period" character varying(10) NOT NULL, "period_start" date NOT NULL, "period_end" date NOT NULL, "measured_to" date NOT NULL, "park_id" uuid, "formula_id" uuid NOT NULL, "run" integer NOT NULL, "computed_by" uuid, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3442bd80a00e9111cefca57f6c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_assessments_park_period_run" ON "assessments"  ("park_id", "period", "run") WHERE park_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_assessments_zone_period_run" ON "assessments"  ("period", "run") WHERE park_id IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "assessment_scores" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "assessment_id" uuid NOT NULL, "subject_type" character varying(16) NOT NULL, "subject_id" uuid NOT NULL, "subject_name" character varying(300) NOT NULL, "score" double precision, "parts" jsonb NOT NULL, "rank" integer, "adjusted_score" double precision, "adjustment_reason" text, "adjusted_by" uuid, "adjusted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_assessment_scores_subject" CHECK (subject_type IN ('project','park','officer')), CONSTRAINT "PK_e4ff9a378c0bffd01452253a5da" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_assessment_scores_subject" ON "assessment_scores"  ("assessment_id", "subject_type", "subject_id") `,
    );
    await queryRunner.query(`CREATE TABLE "warning_rules" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "park_id" uuid, "kind" character varying(40) NOT NULL, "yellow_at" double precision, "red_at" double precision, "enabled" boolean NOT NULL DEFAULT true, CONSTRAINT "ck_warning_rules_thresholds" CHECK ((yellow_at IS NULL OR yellow_at >= 0) AND (red_at IS NULL OR red_at >= 0)
   AND (yellow_at IS NULL OR red_at IS NULL OR red_at >= yellow_at)), CONSTRAINT "ck_warning_rules_kind" CHECK (kind IN ('no_progress_days','milestone_overdue_days','behind_pace_percent','investment_shortfall_percent')), CONSTRAINT "PK_eb58ba1ec6b5a1a0a120b84f756" PRIMARY KEY ("id"))`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_warning_rules_park_kind" ON "warning_rules"  ("park_id", "kind") WHERE park_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_warning_rules_zone_kind" ON "warning_rules"  ("kind") WHERE park_id IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "project_transitions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "project_id" uuid NOT NULL, "from_stage" character varying(32) NOT NULL, "to_stage" character varying(32) NOT NULL, "reason" text NOT NULL, "override" boolean NOT NULL DEFAULT false, "actor_id" uuid, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e4e6f02d60761f9a50899080d51" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_project_transitions_at" ON "project_transitions"  ("at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_project_transitions_project_at" ON "project_transitions"  ("project_id", "at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "inspections" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "project_id" uuid NOT NULL, "date" date NOT NULL, "inspectors" character varying(200) array NOT NULL DEFAULT '{}', "findings" text NOT NULL, "rating" character varying(8) NOT NULL, "created_by" uuid, CONSTRAINT "ck_inspections_rating" CHECK (rating IN ('good','fair','poor')), CONSTRAINT "PK_a484980015782324454d8c88abe" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_inspections_project_date" ON "inspections"  ("project_id", "date") `,
    );
    await queryRunner.query(
      `CREATE TABLE "supervision_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "project_id" uuid NOT NULL, "park_id" uuid NOT NULL, "source" character varying(16) NOT NULL, "rule_kind" character varying(40), "reason" text NOT NULL, "severity" character varying(8) NOT NULL, "owner_id" uuid, "deadline" date NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'assigned', "step_deadline" date NOT NULL, "resolution" text, "closed_at" TIMESTAMP WITH TIME ZONE, "closed_by" uuid, "created_by" uuid, CONSTRAINT "ck_supervision_items_closed" CHECK (status <> 'closed' OR (resolution IS NOT NULL AND closed_at IS NOT NULL)), CONSTRAINT "ck_supervision_items_status" CHECK (status IN ('assigned','acknowledged','in_progress','responded','reviewed','closed')), CONSTRAINT "ck_supervision_items_severity" CHECK (severity IN ('yellow','red')), CONSTRAINT "ck_supervision_items_rule" CHECK ((source = 'rule') = (rule_kind IS NOT NULL)), CONSTRAINT "ck_supervision_items_source" CHECK (source IN ('rule','manual')), CONSTRAINT "PK_80e70eee2be6c147890b35d2b5e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_supervision_items_open_rule" ON "supervision_items"  ("project_id", "rule_kind") WHERE source = 'rule' AND status <> 'closed'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_supervision_items_owner" ON "supervision_items"  ("owner_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_supervision_items_project" ON "supervision_items"  ("project_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_supervision_items_park_status" ON "supervision_items"  ("park_id", "status") `,
    );
    await queryRunner.query(
      `CREATE TABLE "supervision_steps" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "item_id" uuid NOT NULL, "from_step" character varying(16), "to_step" character varying(16) NOT NULL, "note" text, "deadline" date, "actor_id" uuid, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_738f0049bba93b6235bbd845c4e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_supervision_steps_item_at" ON "supervision_steps"  ("item_id", "at") `,
    );
    await queryRunner.query(`ALTER TABLE "projects" ADD "signed_at" date`);
    await queryRunner.query(`ALTER TABLE "projects" ADD "light" character varying(8)`);
    await queryRunner.query(
      `ALTER TABLE "projects" ADD "light_evaluated_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_projects_light" ON "projects"  ("light") WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "projects" ADD CONSTRAINT "ck_projects_light" CHECK (light IS NULL OR light IN ('green','yellow','red'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "assessments" ADD CONSTRAINT "fk_assessments_park" FOREIGN KEY ("park_id") REFERENCES "parks"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assessments" ADD CONSTRAINT "fk_assessments_formula" FOREIGN KEY ("formula_id") REFERENCES "assessment_formulas"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assessment_scores" ADD CONSTRAINT "fk_assessment_scores_assessment" FOREIGN KEY ("assessment_id") REFERENCES "assessments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assessment_scores" ADD CONSTRAINT "fk_assessment_scores_adjuster" FOREIGN KEY ("adjusted_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "warning_rules" ADD CONSTRAINT "fk_warning_rules_park" FOREIGN KEY ("park_id") REFERENCES "parks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "project_transitions" ADD CONSTRAINT "fk_project_transitions_project" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "project_transitions" ADD CONSTRAINT "fk_project_transitions_actor" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "inspections" ADD CONSTRAINT "fk_inspections_project" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "supervision_items" ADD CONSTRAINT "fk_supervision_items_project" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "supervision_items" ADD CONSTRAINT "fk_supervision_items_park" FOREIGN KEY ("park_id") REFERENCES "parks"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "supervision_items" ADD CONSTRAINT "fk_supervision_items_owner" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "supervision_steps" ADD CONSTRAINT "fk_supervision_steps_item" FOREIGN KEY ("item_id") REFERENCES "supervision_items"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // zone defaults (三色预警); admins change them at PUT /api/v1/warning-rules
    await queryRunner.query(`INSERT INTO "warning_rules" ("park_id", "kind", "yellow_at", "red_at") VALUES
            (NULL, 'no_progress_days', 60, 90),
            (NULL, 'milestone_overdue_days', 1, 15),
            (NULL, 'behind_pace_percent', 15, 30),
            (NULL, 'investment_shortfall_percent', 20, 40)`);
    await queryRunner.query(`INSERT INTO "assessment_formulas" ("version", "measures", "description") VALUES
            (1, '[{"key":"milestones_on_time","weight":25},{"key":"investment_verified_vs_plan","weight":20},{"key":"contracts_honoured","weight":15},{"key":"starts_and_completions_on_time","weight":20},{"key":"supervision_closed_in_time","weight":10},{"key":"targets_on_pace","weight":10}]',
             'Version 1: milestones on time 25, investment verified against plan 20, contracts honoured 15, projects started and completed on time 20, supervision items closed in time 10, targets on pace 10. A measure with nothing to measure in the period drops out and the others are re-weighted.')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "supervision_steps" DROP CONSTRAINT "fk_supervision_steps_item"`,
    );
    await queryRunner.query(
      `ALTER TABLE "supervision_items" DROP CONSTRAINT "fk_supervision_items_owner"`,
    );
    await queryRunner.query(
      `ALTER TABLE "supervision_items" DROP CONSTRAINT "fk_supervision_items_park"`,
    );
    await queryRunner.query(
      `ALTER TABLE "supervision_items" DROP CONSTRAINT "fk_supervision_items_project"`,
    );
    await queryRunner.query(`ALTER TABLE "inspections" DROP CONSTRAINT "fk_inspections_project"`);
    await queryRunner.query(
      `ALTER TABLE "project_transitions" DROP CONSTRAINT "fk_project_transitions_actor"`,
    );
    await queryRunner.query(
      `ALTER TABLE "project_transitions" DROP CONSTRAINT "fk_project_transitions_project"`,
    );
    await queryRunner.query(`ALTER TABLE "warning_rules" DROP CONSTRAINT "fk_warning_rules_park"`);
    await queryRunner.query(
      `ALTER TABLE "assessment_scores" DROP CONSTRAINT "fk_assessment_scores_adjuster"`,
    );
    await queryRunner.query(
      `ALTER TABLE "assessment_scores" DROP CONSTRAINT "fk_assessment_scores_assessment"`,
    );
    await queryRunner.query(`ALTER TABLE "assessments" DROP CONSTRAINT "fk_assessments_formula"`);
    await queryRunner.query(`ALTER TABLE "assessments" DROP CONSTRAINT "fk_assessments_park"`);
    await queryRunner.query(`ALTER TABLE "projects" DROP CONSTRAINT "ck_projects_light"`);
    await queryRunner.query(`DROP INDEX "ix_projects_light"`);
    await queryRunner.query(`ALTER TABLE "projects" DROP COLUMN "light_evaluated_at"`);
    await queryRunner.query(`ALTER TABLE "projects" DROP COLUMN "light"`);
    await queryRunner.query(`ALTER TABLE "projects" DROP COLUMN "signed_at"`);
    await queryRunner.query(`DROP INDEX "ix_supervision_steps_item_at"`);
    await queryRunner.query(`DROP TABLE "supervision_steps"`);
    await queryRunner.query(`DROP INDEX "ix_supervision_items_park_status"`);
    await queryRunner.query(`DROP INDEX "ix_supervision_items_project"`);
    await queryRunner.query(`DROP INDEX "ix_supervision_items_owner"`);
    await queryRunner.query(`DROP INDEX "uq_supervision_items_open_rule"`);
    await queryRunner.query(`DROP TABLE "supervision_items"`);
    await queryRunner.query(`DROP INDEX "ix_inspections_project_date"`);
    await queryRunner.query(`DROP TABLE "inspections"`);
    await queryRunner.query(`DROP INDEX "ix_project_transitions_project_at"`);
    await queryRunner.query(`DROP INDEX "ix_project_transitions_at"`);
    await queryRunner.query(`DROP TABLE "project_transitions"`);
    await queryRunner.query(`DROP INDEX "uq_warning_rules_zone_kind"`);
    await queryRunner.query(`DROP INDEX "uq_warning_rules_park_kind"`);
    await queryRunner.query(`DROP TABLE "warning_rules"`);
    await queryRunner.query(`DROP INDEX "uq_assessment_scores_subject"`);
    await queryRunner.query(`DROP TABLE "assessment_scores"`);
    await queryRunner.query(`DROP INDEX "uq_assessments_zone_period_run"`);
    await queryRunner.query(`DROP INDEX "uq_assessments_park_period_run"`);
    await queryRunner.query(`DROP TABLE "assessments"`);
    await queryRunner.query(`DROP INDEX "uq_assessment_formulas_version"`);
    await queryRunner.query(`DROP TABLE "assessment_formulas"`);
  }
}
