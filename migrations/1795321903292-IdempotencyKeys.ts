import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys of create requests: (user, key) claimed before the handler runs, then the reply
 * every retry with that key gets back. Rows older than a day are expired: taken over by a new claim, and swept now and then.
 */
export class IdempotencyKeys1795321903292 implements MigrationInterface {
  name = 'IdempotencyKeys1795321903292';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "idempotency_keys" ("user_id" uuid NOT NULL, "key" character varying(255) NOT NULL, "route" character varying(500) NOT NULL, "request_hash" character varying(64), "status" smallint, "response" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_392b1af86f210d98d3f0c764728" PRIMARY KEY ("user_id", "key"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_idempotency_keys_created" ON "idempotency_keys" ("created_at")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_idempotency_keys_created"`);
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
  }
}
