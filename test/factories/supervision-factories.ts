import { jest } from '@jest/globals';
import type pg from 'pg';
import { Clock } from '../../src/common/time/clock.js';
import type { TestApp } from '../support/test-app.js';
import { insertRow } from './factories.js';

/** Factories and helpers for warning lights, supervision items and inspections. */

/** Noon in Shanghai on 2026-06-01: the zone's "today" while the clock is frozen. */
export const FROZEN_NOW = new Date('2026-06-01T04:00:00Z');
export const FROZEN_TODAY = '2026-06-01';

/** Freezes the service's Clock (not Date): "today" and "days since" follow it. */
export function freezeClock(t: TestApp, at: Date = FROZEN_NOW) {
  return jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(at);
}

export interface SupervisionItemRow {
  id: string;
  projectId: string;
  parkId: string;
  status: string;
  ownerId: string | null;
  version: number;
}

/** A manual item straight in the table; parkId must be the project's (the API copies it). */
export function makeSupervisionItem(
  db: pg.Pool,
  values: { projectId: string; parkId: string } & Record<string, unknown>,
) {
  return insertRow<SupervisionItemRow>(db, 'supervision_items', {
    source: 'manual',
    reason: 'Raised at the weekly inspection-room meeting',
    severity: 'red',
    deadline: '2026-07-01',
    stepDeadline: '2026-06-04',
    ...values,
  });
}

export function makeInspection(
  db: pg.Pool,
  values: { projectId: string; date: string } & Record<string, unknown>,
) {
  return insertRow<{ id: string; version: number }>(db, 'inspections', {
    inspectors: ['Liu Wei'],
    findings: 'On schedule',
    rating: 'good',
    ...values,
  });
}

/** The stored light of a project, as the list filter reads it. */
export async function storedLight(db: pg.Pool, projectId: string): Promise<string | null> {
  const { rows } = await db.query('SELECT light FROM projects WHERE id = $1', [projectId]);
  return rows[0].light;
}

/** A park's own rule of one kind, straight in the table (the API: PUT /warning-rules). */
export function makeRule(
  db: pg.Pool,
  values: { parkId: string; kind: string; yellowAt: number | null; redAt: number | null },
) {
  return insertRow<{ id: string }>(db, 'warning_rules', values);
}
