import type { Db } from '../src/common/database/db.service.js';

const OFFICERS = 200;
const PROJECTS = 2_000;

/** One zone, 200 officers and 2,000 projects under construction, each with its officer. */
export async function seedProjects(db: Db) {
  const park = await db.one<{ id: string }>(
    `INSERT INTO parks (name, code, kind) VALUES ('Bench zone', 'BENCH', 'zone') RETURNING id`,
  );
  await db.query(
    `INSERT INTO users (email, name, password_hash, role)
     SELECT 'bench-officer-' || g || '@bench.example', 'Officer ' || g, 'not-a-hash', 'officer'
       FROM generate_series(1, ${OFFICERS}) g`,
  );
  await db.query(
    `WITH u AS (SELECT array_agg(id ORDER BY email) AS ids FROM users WHERE email LIKE 'bench-%')
     INSERT INTO projects (code, name, park_id, officer_id, stage, planned_investment)
     SELECT 'B-' || g, 'Bench project ' || g, $1, u.ids[1 + g % ${OFFICERS}], 'under_construction', 1e8
       FROM generate_series(1, ${PROJECTS}) g, u`,
    [park?.id],
  );
}

/**
 * Milestones spread over the projects, three in four with an owner (the rest fall to the
 * project's officer): `due` open ones that each get a reminder today (due in 7, 3, 1 or 0 days,
 * or overdue by 1 to 30), `later` open ones due 8 days to a year ahead, `done` completed ones.
 */
export async function seedMilestones(
  db: Db,
  today: string,
  counts: { due: number; later: number; done: number },
) {
  const insert = (n: number, dueSql: string, completedSql: string) =>
    n === 0
      ? Promise.resolve()
      : db.query(
          `WITH p AS (SELECT array_agg(id ORDER BY code) AS ids FROM projects),
                u AS (SELECT array_agg(id ORDER BY email) AS ids FROM users WHERE email LIKE 'bench-%')
           INSERT INTO milestones (project_id, title, kind, due_date, owner_id, completed_at)
           SELECT p.ids[1 + g % ${PROJECTS}], 'Bench milestone ' || g, 'other', $1::date + ${dueSql},
                  CASE WHEN g % 4 = 0 THEN NULL ELSE u.ids[1 + (g * 7) % ${OFFICERS}] END,
                  ${completedSql}
             FROM generate_series(1, $2::int) g, p, u`,
          [today, n],
        );
  await insert(counts.due, `(ARRAY[7, 3, 1, 0, -1, -3, -30])[1 + g % 7]`, 'NULL');
  await insert(counts.later, `8 + g % 358`, 'NULL');
  await insert(counts.done, `-(g % 700)`, `now() - (g % 700) * interval '1 day'`);
}
