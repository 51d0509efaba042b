import type pg from 'pg';
import { insertRow } from './factories.js';

/** Factories and look-ups for the project lifecycle (project_transitions). */

export interface TransitionRow {
  id: string;
  projectId: string;
  fromStage: string;
  toStage: string;
  reason: string;
  override: boolean;
  actorId: string | null;
  at: Date;
}

/** A recorded move, written straight to the table (history the API did not make). */
export function makeTransition(
  db: pg.Pool,
  values: { projectId: string; fromStage: string; toStage: string } & Record<string, unknown>,
) {
  return insertRow<TransitionRow>(db, 'project_transitions', { reason: 'Recorded', ...values });
}

/** A project's recorded moves, oldest first, straight from the table. */
export async function transitionRows(db: pg.Pool, projectId: string): Promise<TransitionRow[]> {
  const { rows } = await db.query(
    `SELECT id, project_id AS "projectId", from_stage AS "fromStage", to_stage AS "toStage",
            reason, override, actor_id AS "actorId", at
       FROM project_transitions WHERE project_id = $1 ORDER BY at, id`,
    [projectId],
  );
  return rows as TransitionRow[];
}

/** The stored stage, version and signing date of a project. */
export async function projectState(db: pg.Pool, id: string) {
  const { rows } = await db.query(
    `SELECT stage, version, signed_at AS "signedAt" FROM projects WHERE id = $1`,
    [id],
  );
  return rows[0] as { stage: string; version: number; signedAt: string | null };
}
