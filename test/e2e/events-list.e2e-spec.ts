import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  makeEnterprise,
  makePark,
  makeUser,
  type ParkRow,
  type UserRow,
} from '../factories/factories.js';
import { makeEvent } from '../factories/deals-factories.js';
import { fieldsOf } from '../factories/projects-factories.js';
import { csvOf } from '../support/csv.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('events: list, filters, sorting, CSV', () => {
  let t: TestApp;
  let zone: ParkRow;
  let sub: ParkRow;
  let other: ParkRow;
  let officer: UserRow;
  let admin: UserRow;
  let companyId: string;

  const names = async (query: string, user = officer) =>
    (await as(t, user).get(`/events?${query}`).expect(200)).body.items.map(
      (e: { name: string }) => e.name,
    );

  beforeAll(async () => {
    t = await createTestApp();
    zone = await makePark(t.db, { kind: 'zone' });
    sub = await makePark(t.db, { parentId: zone.id });
    other = await makePark(t.db, { kind: 'zone' });
    officer = await makeUser(t.db, { role: 'officer', parkIds: [zone.id] });
    admin = await makeUser(t.db, { role: 'admin' });
    companyId = (await makeEnterprise(t.db, { parkId: zone.id })).id;
    await makeEvent(t.db, {
      parkId: zone.id,
      name: 'Jimo conference',
      kind: 'conference',
      startDate: '2025-10-27',
      organiser: 'Jimo District Government',
      location: 'Qingdao',
    });
    await makeEvent(t.db, {
      parkId: zone.id,
      name: 'Autumn fair',
      kind: 'investment_fair',
      startDate: '2025-09-28',
      endDate: '2025-10-02',
      location: '青岛国际会展中心, "Hall 3"',
    });
    const tour = await makeEvent(t.db, {
      parkId: sub.id,
      name: 'Media tour',
      kind: 'media_tour',
      startDate: '2025-06-01',
      organiser: 'Lingang Publicity',
    });
    await t.db.query('INSERT INTO event_enterprises (event_id, enterprise_id) VALUES ($1, $2)', [
      tour.id,
      companyId,
    ]);
    await makeEvent(t.db, {
      parkId: zone.id,
      name: 'Policy briefing',
      kind: 'policy_briefing',
      startDate: '2025-11-04',
    });
    await makeEvent(t.db, { parkId: other.id, name: 'Elsewhere fair', startDate: '2025-10-01' });
  });
  afterAll(() => t.close());

  it('lists your events newest first, paginated, never those of other parks', async () => {
    const page = (await as(t, officer).get('/events?limit=2').expect(200)).body;
    expect(page).toMatchObject({ total: 4, page: 1, limit: 2 });
    expect(page.items.map((e: { name: string }) => e.name)).toEqual([
      'Policy briefing',
      'Jimo conference',
    ]);
    expect(await names('page=2&limit=2')).toEqual(['Autumn fair', 'Media tour']);
    expect(await names('limit=100', admin)).toContain('Elsewhere fair');
    const tour = (await as(t, officer).get('/events?kind=media_tour').expect(200)).body;
    expect(tour.items[0].companyIds).toEqual([companyId]);
  });

  it('filters by park with its sub-parks, by kind and by text', async () => {
    expect(await names(`parkId=${sub.id}`)).toEqual(['Media tour']);
    expect((await names(`parkId=${zone.id}`)).length).toBe(4);
    expect(await names(`parkId=${other.id}`)).toEqual([]);
    expect(await names('kind=investment_fair')).toEqual(['Autumn fair']);
    // name, organiser, location
    expect(await names('q=jimo')).toEqual(['Jimo conference']);
    expect(await names('q=publicity')).toEqual(['Media tour']);
    expect(await names('q=会展')).toEqual(['Autumn fair']);
  });

  it('keeps events with any day in the from/to range', async () => {
    // the fair runs 09-28 to 10-02: it overlaps a range that starts on its last day
    expect(await names('from=2025-10-02&to=2025-10-27&sort=startDate')).toEqual([
      'Autumn fair',
      'Jimo conference',
    ]);
    expect(await names('from=2025-10-03&to=2025-10-26')).toEqual([]);
    expect(await names('to=2025-09-28&sort=startDate')).toEqual(['Media tour', 'Autumn fair']);
  });

  it('sorts by start date, name or creation, and rejects anything else', async () => {
    expect(await names('sort=name')).toEqual([
      'Autumn fair',
      'Jimo conference',
      'Media tour',
      'Policy briefing',
    ]);
    expect(await names('sort=startDate')).toEqual([
      'Media tour',
      'Autumn fair',
      'Jimo conference',
      'Policy briefing',
    ]);
    expect((await names('sort=-createdAt'))[0]).toBe('Policy briefing');
    for (const bad of ['sort=location', 'kind=gala', 'from=2025-13-01', `parkId=nope`]) {
      const res = await as(t, officer).get(`/events?${bad}`).expect(400);
      expect(fieldsOf(res.body)).toEqual([bad.split('=')[0]]);
    }
  });

  it('exports the filtered list as CSV with a BOM, a header and Chinese text intact', async () => {
    const res = await csvOf(t, officer, `/events?format=csv&parkId=${zone.id}&sort=name`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="events.csv"');
    expect(res.text.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = res.rows;
    expect(header).toEqual(
      expect.arrayContaining(['id', 'kind', 'name', 'startDate', 'companyIds']),
    );
    const col = (name: string) => rows.map((r) => r[header.indexOf(name)]);
    expect(col('name')).toEqual([
      'Autumn fair',
      'Jimo conference',
      'Media tour',
      'Policy briefing',
    ]);
    expect(col('location')[0]).toBe('青岛国际会展中心, "Hall 3"');
    expect(col('companyIds')[2]).toBe(companyId);
    // Accept: text/csv works too, with the same filters
    const accepted = await csvOf(t, officer, '/events?kind=media_tour', 'text/csv');
    expect(accepted.rows.slice(1).map((r) => r[header.indexOf('name')])).toEqual(['Media tour']);
  });
});
