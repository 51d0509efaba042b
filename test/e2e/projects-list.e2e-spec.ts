import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  makeMilestone,
  makePark,
  makeProject,
  makeUser,
  type ParkRow,
  type ProjectRow,
  type UserRow,
} from '../factories/factories.js';
import { addDays, makeCluster, zoneToday } from '../factories/projects-factories.js';
import { PROJECT_STAGES } from '../../src/projects/project.entity.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('key projects: list, filters, sorting', () => {
  let t: TestApp;
  let zone: ParkRow;
  let sub: ParkRow;
  let other: ParkRow;
  let admin: UserRow;
  let officer: UserRow;
  let otherOfficer: UserRow;
  let cluster: { id: string };
  // named projects: zone → hp, weigao, foxconn; sub → subProject; other → outside
  const p: Record<string, ProjectRow> = {};

  const codes = (body: { items: ProjectRow[] }) => body.items.map((i) => i.code);
  const list = async (query: string, user = admin) =>
    (await as(t, user).get(`/projects?${query}`).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await makeUser(t.db, { role: 'admin' });
    zone = await makePark(t.db, { kind: 'zone' });
    sub = await makePark(t.db, { parentId: zone.id });
    other = await makePark(t.db, { kind: 'zone' });
    officer = await makeUser(t.db, { role: 'officer', parkIds: [zone.id] });
    otherOfficer = await makeUser(t.db, { role: 'officer', parkIds: [other.id] });
    cluster = await makeCluster(t.db, { parkId: zone.id });
    p.hp = await makeProject(t.db, {
      parkId: zone.id,
      code: 'A-100',
      name: 'HP printer park',
      levels: ['provincial', 'municipal'],
      stage: 'signed',
      plannedInvestment: '900.00',
      clusterId: cluster.id,
      officerId: officer.id,
    });
    p.weigao = await makeProject(t.db, {
      parkId: zone.id,
      code: 'A-200',
      name: 'Weigao vaccine 50%_off',
      levels: ['municipal'],
      stage: 'preparing',
      plannedInvestment: '10000.00',
    });
    p.foxconn = await makeProject(t.db, {
      parkId: zone.id,
      code: 'B-300',
      name: 'Foxconn campus',
      levels: [],
      stage: 'under_construction',
      plannedInvestment: '2000.00',
    });
    p.subProject = await makeProject(t.db, {
      parkId: sub.id,
      code: 'S-1',
      name: 'Lenovo image',
      stage: 'lead',
      plannedInvestment: '5.00',
    });
    p.outside = await makeProject(t.db, {
      parkId: other.id,
      code: 'O-1',
      name: 'HP overseas',
      levels: ['provincial'],
      stage: 'signed',
      plannedInvestment: '7.00',
    });
  });
  afterAll(() => t.close());

  it('pages as {items, total, page, limit} and refuses a limit over 100', async () => {
    const first = await list(`parkId=${zone.id}&sort=code&limit=2&page=1`);
    expect(first).toEqual({ items: expect.any(Array), total: 4, page: 1, limit: 2 });
    expect(codes(first)).toEqual(['A-100', 'A-200']);
    const second = await list(`parkId=${zone.id}&sort=code&limit=2&page=2`);
    expect(codes(second)).toEqual(['B-300', 'S-1']);
    const past = await list(`parkId=${zone.id}&limit=2&page=9`);
    expect(past).toEqual({ items: [], total: 4, page: 9, limit: 2 });
    const defaults = await list('');
    expect(defaults).toMatchObject({ page: 1, limit: 20, total: 5 });
    const tooMany = await as(t, admin).get('/projects?limit=101').expect(400);
    expect(tooMany.body.details[0].field).toBe('limit');
    await as(t, admin).get('/projects?limit=0').expect(400);
    await as(t, admin).get('/projects?page=0').expect(400);
    await as(t, admin).get('/projects?colour=red').expect(400);
  });

  it('filters by park including its sub-parks, by cluster, level and officer', async () => {
    expect(codes(await list(`parkId=${zone.id}&sort=code`))).toEqual([
      'A-100',
      'A-200',
      'B-300',
      'S-1',
    ]);
    expect(codes(await list(`parkId=${sub.id}`))).toEqual(['S-1']);
    expect(codes(await list(`clusterId=${cluster.id}`))).toEqual(['A-100']);
    expect(codes(await list('level=municipal&sort=code'))).toEqual(['A-100', 'A-200']);
    expect(codes(await list('level=provincial&sort=code'))).toEqual(['A-100', 'O-1']);
    await as(t, admin).get('/projects?level=galactic').expect(400);
    expect(codes(await list(`officerId=${officer.id}`))).toEqual(['A-100']);
    await as(t, admin).get('/projects?parkId=not-a-uuid').expect(400);
  });

  it('filters by one stage or a comma-separated list of stages', async () => {
    expect(codes(await list('stage=signed&sort=code'))).toEqual(['A-100', 'O-1']);
    expect(codes(await list('stage=preparing,under_construction&sort=code'))).toEqual([
      'A-200',
      'B-300',
    ]);
    const bad = await as(t, admin).get('/projects?stage=signed,flying').expect(400);
    expect(bad.body.details[0].field).toBe('stage');
  });

  it('searches name and code, case-insensitively and with LIKE characters taken literally', async () => {
    expect(codes(await list('q=hp&sort=code'))).toEqual(['A-100', 'O-1']);
    expect(codes(await list('q=a-2'))).toEqual(['A-200']);
    expect(codes(await list('q=50%25_'))).toEqual(['A-200']);
    expect(codes(await list('q=%25'))).toEqual(['A-200']);
    expect((await list('q=nothing-like-this')).total).toBe(0);
  });

  it('sorts ascending and descending, money by value not by text', async () => {
    expect(codes(await list(`parkId=${zone.id}&sort=plannedInvestment`))).toEqual([
      'S-1',
      'A-100',
      'B-300',
      'A-200',
    ]);
    expect(codes(await list(`parkId=${zone.id}&sort=-plannedInvestment`))).toEqual([
      'A-200',
      'B-300',
      'A-100',
      'S-1',
    ]);
    expect(codes(await list(`parkId=${zone.id}&sort=-code`))).toEqual([
      'S-1',
      'B-300',
      'A-200',
      'A-100',
    ]);
    expect(codes(await list(`parkId=${zone.id}&sort=name`))).toEqual([
      'B-300',
      'A-100',
      'S-1',
      'A-200',
    ]);
    for (const bad of ['secret', 'deletedAt', '--code', 'createdBy']) {
      const res = await as(t, admin).get(`/projects?sort=${bad}`).expect(400);
      expect(res.body.details[0].field).toBe('sort');
    }
  });

  it('sorts stages in lifecycle order, not alphabetically', async () => {
    const order = (body: { items: ProjectRow[] }) =>
      body.items.map((i) => PROJECT_STAGES.indexOf(i.stage as (typeof PROJECT_STAGES)[number]));
    const ascending = order(await list('sort=stage&limit=100'));
    expect(new Set(ascending).size).toBeGreaterThan(2);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    const descending = order(await list('sort=-stage&limit=100'));
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
  });

  it("never lists another park's projects to an officer, nor counts them", async () => {
    const mine = await list('limit=100', officer);
    expect(codes(mine).sort()).toEqual(['A-100', 'A-200', 'B-300', 'S-1']);
    expect(mine.total).toBe(4);
    const theirs = await list('limit=100', otherOfficer);
    expect(codes(theirs)).toEqual(['O-1']);
    expect(theirs.total).toBe(1);
    // asking for a park outside scope by filter reveals nothing either
    expect(await list(`parkId=${other.id}`, officer)).toMatchObject({ items: [], total: 0 });
    expect(await list('q=HP', officer)).toMatchObject({ total: 1 });
  });

  it('shows an officer of a parent park the projects of its sub-parks, not the reverse', async () => {
    await as(t, officer).get(`/projects/${p.subProject.id}`).expect(200);
    const subOfficer = await makeUser(t.db, { role: 'officer', parkIds: [sub.id] });
    expect(codes(await list('', subOfficer))).toEqual(['S-1']);
    await as(t, subOfficer).get(`/projects/${p.hp.id}`).expect(404);
  });

  describe('overdue', () => {
    let t2: TestApp;
    let admin2: UserRow;
    let today: string;
    const overdueCodes = async (value: boolean) =>
      codes((await as(t2, admin2).get(`/projects?overdue=${value}&sort=code`).expect(200)).body);

    beforeAll(async () => {
      t2 = await createTestApp();
      today = zoneToday(t2.config.zoneTimeZone);
      admin2 = await makeUser(t2.db, { role: 'admin' });
      const park = await makePark(t2.db);
      const make = (code: string, values: Record<string, unknown> = {}) =>
        makeProject(t2.db, { parkId: park.id, code, ...values });
      const late = await make('M-LATE');
      await makeMilestone(t2.db, { projectId: late.id, dueDate: addDays(today, -1) });
      const done = await make('M-DONE');
      await makeMilestone(t2.db, {
        projectId: done.id,
        dueDate: addDays(today, -10),
        completedAt: new Date(),
      });
      const dueToday = await make('M-TODAY');
      await makeMilestone(t2.db, { projectId: dueToday.id, dueDate: today });
      await make('P-LATE', { plannedCompletionDate: addDays(today, -1), stage: 'preparing' });
      await make('P-HOLD', { plannedCompletionDate: addDays(today, -1), stage: 'on_hold' });
      await make('P-DONE', { plannedCompletionDate: addDays(today, -1), stage: 'completed' });
      await make('P-RUN', { plannedCompletionDate: addDays(today, -1), stage: 'in_operation' });
      await make('P-DROP', { plannedCompletionDate: addDays(today, -1), stage: 'dropped' });
      await make('P-TODAY', { plannedCompletionDate: today });
      await make('P-NODATE');
      const gone = await make('P-GONE', { plannedCompletionDate: addDays(today, -5) });
      await t2.db.query('UPDATE projects SET deleted_at = now() WHERE id = $1', [gone.id]);
    });
    afterAll(() => t2.close());

    it('flags an open milestone past due or a passed completion date on an unfinished project', async () => {
      expect(await overdueCodes(true)).toEqual(['M-LATE', 'P-HOLD', 'P-LATE']);
    });

    it('lists every other project, dates or not, for overdue=false', async () => {
      expect(await overdueCodes(false)).toEqual([
        'M-DONE',
        'M-TODAY',
        'P-DONE',
        'P-DROP',
        'P-NODATE',
        'P-RUN',
        'P-TODAY',
      ]);
      await as(t2, admin2).get('/projects?overdue=yes').expect(400);
    });
  });

  describe('overdue in the zone time zone', () => {
    // A zone whose calendar date differs from UTC's right now: Kiritimati (UTC+14) is a day
    // ahead from 10:00 UTC, Pago Pago (UTC-11) a day behind until 11:00 UTC.
    const ahead = new Date().getUTCHours() >= 10;
    const timeZone = ahead ? 'Pacific/Kiritimati' : 'Pacific/Pago_Pago';
    let t3: TestApp;
    let admin3: UserRow;

    beforeAll(async () => {
      t3 = await createTestApp({ ZONE_TIMEZONE: timeZone });
      admin3 = await makeUser(t3.db, { role: 'admin' });
    });
    afterAll(() => t3.close());

    it('decides "past due" by the zone calendar, not by UTC', async () => {
      const today = zoneToday(timeZone);
      expect(today).not.toBe(zoneToday('UTC'));
      const park = await makePark(t3.db);
      const project = await makeProject(t3.db, { parkId: park.id, code: 'TZ-1' });
      // ahead: due yesterday in the zone is today in UTC; behind: due today in the zone is
      // yesterday in UTC. Either way only the zone's calendar gets it right.
      const milestoneDue = ahead ? addDays(today, -1) : today;
      await makeMilestone(t3.db, { projectId: project.id, dueDate: milestoneDue });
      const overdue = await as(t3, admin3).get('/projects?overdue=true').expect(200);
      expect(codes(overdue.body)).toEqual(ahead ? ['TZ-1'] : []);
      const milestones = await as(t3, admin3)
        .get(`/projects/${project.id}/milestones?overdue=true`)
        .expect(200);
      expect(milestones.body.total).toBe(ahead ? 1 : 0);
    });
  });
});
