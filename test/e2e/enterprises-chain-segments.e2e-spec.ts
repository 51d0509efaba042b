import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type EnterpriseRow,
  makeEnterprise,
  makePark,
  makeUser,
  type ParkRow,
  type UserRow,
} from '../factories/factories.js';
import { auditRows, fieldsOf } from '../factories/projects-factories.js';
import { parseCsv } from '../support/csv.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe("chain segments: the places in a chain master's chain", () => {
  let t: TestApp;
  let zone: ParkRow;
  let other: ParkRow;
  let officer: UserRow;
  let viewer: UserRow;
  let admin: UserRow;
  let hp: EnterpriseRow;
  let plain: EnterpriseRow;
  let outside: EnterpriseRow;
  const path = (id: string) => `/enterprises/${id}/chain/segments`;

  beforeAll(async () => {
    t = await createTestApp();
    zone = await makePark(t.db, { kind: 'zone' });
    other = await makePark(t.db, { kind: 'zone' });
    admin = await makeUser(t.db, { role: 'admin' });
    officer = await makeUser(t.db, { role: 'officer', parkIds: [zone.id] });
    viewer = await makeUser(t.db, { role: 'viewer', parkIds: [zone.id] });
    hp = await makeEnterprise(t.db, { parkId: zone.id, name: 'HP', chainMaster: true });
    plain = await makeEnterprise(t.db, { parkId: zone.id, name: 'Plain Co' });
    outside = await makeEnterprise(t.db, { parkId: other.id, name: 'Weigao', chainMaster: true });
  });
  afterAll(() => t.close());

  it('declares a segment of a chain master and audits it under its park', async () => {
    const res = await as(t, officer)
      .post(path(hp.id), { position: 'upstream', name: 'toner cartridges' })
      .expect(201);
    expect(res.body).toMatchObject({
      chainMasterId: hp.id,
      position: 'upstream',
      name: 'toner cartridges',
    });
    const audit = await auditRows(t.db, 'chain_segment', res.body.id);
    expect(audit).toEqual([
      expect.objectContaining({ action: 'create', actorId: officer.id, parkId: zone.id }),
    ]);
    expect(audit[0].after).toMatchObject({ name: 'toner cartridges' });
  });

  it('refuses a duplicate (409), an enterprise not flagged chain master (409) and bad input (400)', async () => {
    const dup = await as(t, officer)
      .post(path(hp.id), { position: 'upstream', name: 'toner cartridges' })
      .expect(409);
    expect(dup.body.code).toBe('ALREADY_EXISTS');
    // the same name downstream is another segment
    await as(t, officer)
      .post(path(hp.id), { position: 'downstream', name: 'toner cartridges' })
      .expect(201);
    const notMaster = await as(t, officer)
      .post(path(plain.id), { position: 'upstream', name: 'chips' })
      .expect(409);
    expect(notMaster.body.message).toMatch(/not flagged as a chain master/);
    const bad = await as(t, officer)
      .post(path(hp.id), { position: 'sideways', name: '' })
      .expect(400);
    expect(fieldsOf(bad.body)).toEqual(['name', 'position']);
    await as(t, officer)
      .post(path(hp.id), { position: 'upstream', name: 'x'.repeat(201) })
      .expect(400);
    await as(t, officer)
      .post('/enterprises/nope/chain/segments', { position: 'upstream', name: 'a' })
      .expect(400);
  });

  it('hides masters outside your parks (404) and keeps viewers to reading (403)', async () => {
    await as(t, officer)
      .post(path(outside.id), { position: 'upstream', name: 'vials' })
      .expect(404);
    await as(t, officer).get(path(outside.id)).expect(404);
    await as(t, viewer).post(path(hp.id), { position: 'upstream', name: 'paper' }).expect(403);
    expect((await as(t, viewer).get(path(hp.id)).expect(200)).body.total).toBe(2);
    await as(t, admin).post(path(outside.id), { position: 'upstream', name: 'vials' }).expect(201);
    await t.http.get(`/api/v1${path(hp.id)}`).expect(401);
  });

  it('lists the segments upstream first, filters by position, and exports CSV', async () => {
    await as(t, officer).post(path(hp.id), { position: 'upstream', name: 'chips' }).expect(201);
    const list = await as(t, officer).get(path(hp.id)).expect(200);
    expect(
      list.body.items.map((s: { position: string; name: string }) => `${s.position}:${s.name}`),
    ).toEqual(['downstream:toner cartridges', 'upstream:chips', 'upstream:toner cartridges']);
    const up = await as(t, officer)
      .get(`${path(hp.id)}?position=upstream&sort=-name`)
      .expect(200);
    expect(up.body.items.map((s: { name: string }) => s.name)).toEqual([
      'toner cartridges',
      'chips',
    ]);
    const csv = await as(t, officer)
      .get(`${path(hp.id)}?format=csv`)
      .expect(200);
    const rows = parseCsv(csv.text);
    expect(rows[0]).toEqual(expect.arrayContaining(['id', 'chainMasterId', 'position', 'name']));
    expect(rows).toHaveLength(4);
    await as(t, officer)
      .get(`${path(hp.id)}?position=middle`)
      .expect(400);
  });

  it('removes a segment of that master only, and audits it', async () => {
    const list = await as(t, officer)
      .get(`${path(hp.id)}?position=upstream&sort=name`)
      .expect(200);
    const chips = list.body.items[0];
    const weigao = (await as(t, admin).get(path(outside.id)).expect(200)).body.items[0];
    // a segment of another master is not found under this one
    await as(t, admin)
      .delete(`${path(hp.id)}/${weigao.id}`)
      .expect(404);
    await as(t, viewer)
      .delete(`${path(hp.id)}/${chips.id}`)
      .expect(403);
    await as(t, officer)
      .delete(`${path(hp.id)}/${chips.id}`)
      .expect(204);
    await as(t, officer)
      .delete(`${path(hp.id)}/${chips.id}`)
      .expect(404);
    await as(t, officer)
      .delete(`${path(outside.id)}/${weigao.id}`)
      .expect(404);
    const audit = await auditRows(t.db, 'chain_segment', chips.id);
    expect(audit.map((a) => [a.action, a.parkId])).toEqual([
      ['create', zone.id],
      ['delete', zone.id],
    ]);
    expect(audit[1].before).toMatchObject({ name: 'chips', position: 'upstream' });
    expect((await as(t, officer).get(path(hp.id)).expect(200)).body.total).toBe(2);
  });
});
