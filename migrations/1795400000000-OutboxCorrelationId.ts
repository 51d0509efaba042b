import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The outbox keeps the correlation id of the request that enqueued a job, for the job's logs. */
export class OutboxCorrelationId1795400000000 implements MigrationInterface {
  name = 'OutboxCorrelationId1795400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox" ADD "correlation_id" character varying(100)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox" DROP COLUMN "correlation_id"`);
  }
}
