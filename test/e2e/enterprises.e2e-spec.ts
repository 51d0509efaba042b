import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type EnterpriseRow,
  makeEnterprise,
  makePark,
  makeProject,
  makeUser,
  type ParkRow,
  type UserRow,
} from '../factories/factories.js';
import { makeServiceRequest } from '../factories/service-factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('enterprises', () => {
  let t: TestApp;
  let admin: UserRow;
  let officer: UserRow;
  let zone: ParkRow;
  let sub: ParkRow;
  let other: ParkRow;
  let zoneCluster: string;
  let otherCluster: string;

  const count = async (sql: string, params: unknown[] = []) =>
    Number((await t.db.query(`SELECT count(*) AS n FROM ${sql}`, params)).rows[0].n);
  const ids = (body: { items: { id: string }[] }) => body.items.map((i) => i.id);
  const fields = (body: { details: { field: string }[] }) =>
    body.details.map((d) => d.field).sort();
  const stored = async (id: string) =>
    (await t.db.query('SELECT name, version FROM enterprises WHERE id = $1', [id])).rows[0];

  beforeAll(async () => {
    t = await createTestApp();
    admin = await makeUser(t.db, { role: 'admin' });
    zone = await makePark(t.db, { kind: 'zone' });
    sub = await makePark(t.db, { parentId: zone.id });
    other = await makePark(t.db, { kind: 'zone' });
    officer = await makeUser(t.db, { role: 'officer', parkIds: [zone.id] });
    const cluster = (parkId: string, name: string) =>
      as(t, admin).post(`/parks/${parkId}/clusters`, { name }).expect(201);
    zoneCluster = (await cluster(zone.id, 'Printers')).body.id;
    otherCluster = (await cluster(other.id, 'Vaccines')).body.id;
  });
  afterAll(() => t.close());

  describe('registry', () => {
    it('registers an enterprise with flags, cluster and contacts, and audits it', async () => {
      const input = {
        name: 'HP Printing and Computing Solutions',
        country: 'US',
        fortuneGlobal500: true,
        listed: true,
        chainMaster: true,
        parkId: zone.id,
        clusterId: zoneCluster,
        contacts: [{ name: 'Zhang Wei', title: 'GM', email: 'zhang@hp.example' }],
        description: 'Leads 13 enterprises',
      };
      const res = await as(t, officer).post('/enterprises', input).expect(201);
      expect(res.body).toMatchObject({ ...input, chinaTop500: false, version: 1 });
      const { rows } = await t.db.query('SELECT contacts, country FROM enterprises WHERE id = $1', [
        res.body.id,
      ]);
      expect(rows[0]).toEqual({
        contacts: [{ name: 'Zhang Wei', title: 'GM', email: 'zhang@hp.example' }],
        country: 'US',
      });
      const audit = await t.db.query(
        `SELECT actor_id, park_id, action, after FROM audit_log WHERE entity = 'enterprise' AND entity_id = $1`,
        [res.body.id],
      );
      expect(audit.rows).toEqual([
        expect.objectContaining({ actor_id: officer.id, park_id: zone.id, action: 'create' }),
      ]);
      expect(audit.rows[0].after).toMatchObject({ name: 'HP Printing and Computing Solutions' });
    });

    it('defaults the country to CN, the flags to false and the contacts to none', async () => {
      const res = await as(t, admin)
        .post('/enterprises', { name: 'Weigao Group', parkId: sub.id })
        .expect(201);
      expect(res.body).toMatchObject({ country: 'CN', clusterId: null, contacts: [] });
      const flags = ['fortuneGlobal500', 'chinaTop500', 'listed', 'chainMaster'];
      expect(flags.map((f) => res.body[f])).toEqual([false, false, false, false]);
    });

    it('rejects bad fields naming each one, nested contact paths included, and writes nothing', async () => {
      const before = await count('enterprises');
      const res = await as(t, admin)
        .post('/enterprises', {
          name: '',
          country: 'usa',
          fortuneGlobal500: 'yes',
          parkId: 'park-1',
          clusterId: 'nope',
          contacts: [
            { name: 'Ok', email: 'zhang@hp.example' },
            { name: '', email: 'not-mail', fax: 1 },
          ],
        })
        .expect(400);
      expect(res.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      const expected = 'clusterId contacts.1.email contacts.1.fax contacts.1.name country';
      expect(fields(res.body)).toEqual(`${expected} fortuneGlobal500 name parkId`.split(' '));
      await as(t, admin)
        .post('/enterprises', { name: 'X', parkId: zone.id, contacts: { name: 'not a list' } })
        .expect(400);
      expect(await count('enterprises')).toBe(before);
    });

    it('refuses a cluster of another park with 400 naming clusterId', async () => {
      const res = await as(t, admin)
        .post('/enterprises', { name: 'Misplaced', parkId: zone.id, clusterId: otherCluster })
        .expect(400);
      expect(res.body.details).toEqual([{ field: 'clusterId', message: expect.any(String) }]);
      expect(await count(`enterprises WHERE name = 'Misplaced'`)).toBe(0);
    });

    it('answers 404 when an officer registers in a park outside their scope, and writes nothing', async () => {
      const res = await as(t, officer).post('/enterprises', { name: 'In', parkId: other.id });
      expect(res.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
      expect(await count(`enterprises WHERE name = 'In'`)).toBe(0);
    });

    it('refuses the same name twice in one park, whatever the case, but allows it in another park', async () => {
      await as(t, admin).post('/enterprises', { name: 'Foxconn', parkId: zone.id }).expect(201);
      const dup = await as(t, admin)
        .post('/enterprises', { name: 'FOXCONN', parkId: zone.id })
        .expect(409);
      expect(dup.body).toMatchObject({ status: 409, code: 'ALREADY_EXISTS' });
      await as(t, admin).post('/enterprises', { name: 'Foxconn', parkId: other.id }).expect(201);
    });

    it('lists only the caller’s parks and sub-parks, with filters, search, sort and pages', async () => {
      const p = await makePark(t.db, { parentId: zone.id });
      const a = await makeEnterprise(t.db, { parkId: p.id, name: 'Alpha Optics', country: 'DE' });
      const flags = { chainMaster: true, fortuneGlobal500: true };
      const b = await makeEnterprise(t.db, { parkId: p.id, name: 'Beta Motors', ...flags });
      const hidden = await makeEnterprise(t.db, { parkId: other.id, name: 'Alpha Hidden' });

      const mine = await as(t, officer).get('/enterprises?limit=100').expect(200);
      expect(ids(mine.body)).toEqual(expect.arrayContaining([a.id, b.id]));
      expect(ids(mine.body)).not.toContain(hidden.id);
      expect(mine.body.total).toBe(mine.body.items.length);

      const inPark = await as(t, officer).get(`/enterprises?parkId=${p.id}`).expect(200);
      expect(inPark.body).toMatchObject({ total: 2, page: 1, limit: 20 });
      expect(ids(inPark.body)).toEqual([a.id, b.id]); // sorted by name by default
      const desc = await as(t, officer).get(`/enterprises?parkId=${p.id}&sort=-name`).expect(200);
      expect(ids(desc.body)).toEqual([b.id, a.id]);
      const page2 = await as(t, officer).get(`/enterprises?parkId=${p.id}&limit=1&page=2`);
      expect(page2.body).toMatchObject({ total: 2, page: 2, limit: 1 });
      expect(ids(page2.body)).toEqual([b.id]);

      const q = (query: string) => as(t, admin).get(`/enterprises?parkId=${p.id}&${query}`);
      expect(ids((await q('chainMaster=true')).body)).toEqual([b.id]);
      expect(ids((await q('chainMaster=false')).body)).toEqual([a.id]);
      expect(ids((await q('fortuneGlobal500=true')).body)).toEqual([b.id]);
      expect(ids((await q('country=DE')).body)).toEqual([a.id]);
      expect(ids((await q('q=optic')).body)).toEqual([a.id]);
      // search stays inside scope
      const search = await as(t, officer).get('/enterprises?q=Alpha').expect(200);
      expect(ids(search.body)).toEqual([a.id]);
      // LIKE wildcards are literal
      expect((await q('q=%25')).body.total).toBe(0);

      const c = await makeEnterprise(t.db, { parkId: zone.id, clusterId: zoneCluster });
      const byCluster = await as(t, admin).get(`/enterprises?clusterId=${zoneCluster}`);
      expect(ids(byCluster.body)).toContain(c.id);
      const clusters = byCluster.body.items.map((i: { clusterId: string }) => i.clusterId);
      expect(new Set(clusters)).toEqual(new Set([zoneCluster]));

      await as(t, admin).get('/enterprises?chainMaster=yes').expect(400);
      await as(t, admin).get('/enterprises?sort=description').expect(400);
      await as(t, admin).get('/enterprises?country=de').expect(400);
      await as(t, admin).get('/enterprises?limit=101').expect(400);
    });

    it('hides an enterprise outside the caller’s parks as 404 on every route', async () => {
      const e = await makeEnterprise(t.db, { parkId: other.id, chainMaster: true });
      const caller = as(t, officer);
      await caller.get(`/enterprises/${e.id}`).expect(404);
      await caller.patch(`/enterprises/${e.id}`, { name: 'Renamed', version: 1 }).expect(404);
      await caller.delete(`/enterprises/${e.id}`).expect(404);
      await caller.get(`/enterprises/${e.id}/chain`).expect(404);
      expect(await stored(e.id)).toEqual({ name: e.name, version: 1 });
    });

    it('updates with the version it read, audits before and after, and refuses a stale version', async () => {
      const e = await makeEnterprise(t.db, { parkId: zone.id, name: 'Lenovo Image' });
      const res = await as(t, officer)
        .patch(`/enterprises/${e.id}`, { listed: true, contacts: [{ name: 'Li Na' }], version: 1 })
        .expect(200);
      expect(res.body).toMatchObject({ name: 'Lenovo Image', listed: true, version: 2 });
      expect(res.body.contacts).toEqual([{ name: 'Li Na' }]);
      const stale = await as(t, officer)
        .patch(`/enterprises/${e.id}`, { name: 'Overwritten', version: 1 })
        .expect(409);
      expect(stale.body.code).toBe('VERSION_CONFLICT');
      expect(await stored(e.id)).toEqual({ name: 'Lenovo Image', version: 2 });
      const audit = await as(t, admin).get(`/audit?entity=enterprise&entityId=${e.id}`).expect(200);
      expect(audit.body.items).toHaveLength(1);
      expect(audit.body.items[0]).toMatchObject({
        action: 'update',
        actorId: officer.id,
        before: { listed: false, version: 1 },
        after: { listed: true, version: 2 },
      });
    });

    it('re-checks the cluster when an enterprise moves park, and clears fields sent as null', async () => {
      const e = await makeEnterprise(t.db, {
        parkId: zone.id,
        clusterId: zoneCluster,
        description: 'x',
      });
      const moved = await as(t, admin)
        .patch(`/enterprises/${e.id}`, { parkId: other.id, version: 1 })
        .expect(400);
      expect(moved.body.details[0].field).toBe('clusterId');
      const ok = await as(t, admin)
        .patch(`/enterprises/${e.id}`, { parkId: other.id, clusterId: otherCluster, version: 1 })
        .expect(200);
      expect(ok.body).toMatchObject({ parkId: other.id, clusterId: otherCluster, version: 2 });
      const cleared = await as(t, admin)
        .patch(`/enterprises/${e.id}`, { clusterId: null, description: null, version: 2 })
        .expect(200);
      expect(cleared.body).toMatchObject({ clusterId: null, description: null });
      // an officer of the old park now cannot see it, nor move one into a park outside scope
      await as(t, officer).get(`/enterprises/${e.id}`).expect(404);
      const mine = await makeEnterprise(t.db, { parkId: zone.id });
      await as(t, officer)
        .patch(`/enterprises/${mine.id}`, { parkId: other.id, version: 1 })
        .expect(404);
      await as(t, admin).patch(`/enterprises/${mine.id}`, { parkId: null, version: 1 }).expect(400);
    });

    it('lets a viewer read but not write (403), and changes nothing', async () => {
      const viewer = await makeUser(t.db, { role: 'viewer', parkIds: [zone.id] });
      const e = await makeEnterprise(t.db, { parkId: zone.id });
      await as(t, viewer).get(`/enterprises/${e.id}`).expect(200);
      const res = await as(t, viewer).post('/enterprises', { name: 'V', parkId: zone.id });
      expect(res.body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      await as(t, viewer).patch(`/enterprises/${e.id}`, { name: 'V', version: 1 }).expect(403);
      await as(t, viewer).delete(`/enterprises/${e.id}`).expect(403);
      expect(await count('enterprises WHERE id = $1 AND version = 1', [e.id])).toBe(1);
    });

    it('deletes an enterprise with an audit entry, but not one a project refers to (409 IN_USE)', async () => {
      const e = await makeEnterprise(t.db, { parkId: zone.id });
      await as(t, officer).delete(`/enterprises/${e.id}`).expect(204);
      await as(t, officer).get(`/enterprises/${e.id}`).expect(404);
      const audit = await t.db.query(
        `SELECT action, before FROM audit_log WHERE entity = 'enterprise' AND entity_id = $1`,
        [e.id],
      );
      expect(audit.rows).toEqual([
        { action: 'delete', before: expect.objectContaining({ id: e.id }) },
      ]);

      const used = await makeEnterprise(t.db, { parkId: zone.id });
      await makeProject(t.db, { parkId: zone.id, enterpriseId: used.id });
      const res = await as(t, officer).delete(`/enterprises/${used.id}`).expect(409);
      expect(res.body.code).toBe('IN_USE');
      expect(await count('enterprises WHERE id = $1', [used.id])).toBe(1);
      expect(await count(`audit_log WHERE entity_id = $1`, [used.id])).toBe(0);
    });
  });

  it('moves its service requests along when it moves to another park', async () => {
    const enterprise = await makeEnterprise(t.db, { parkId: zone.id });
    const request = await makeServiceRequest(t.db, {
      enterpriseId: enterprise.id,
      parkId: zone.id,
    });
    await as(t, admin)
      .patch(`/enterprises/${enterprise.id}`, { parkId: other.id, version: 1 })
      .expect(200);
    const { rows } = await t.db.query('SELECT park_id FROM service_requests WHERE id = $1', [
      request.id,
    ]);
    expect(rows[0].park_id).toBe(other.id);
  });

  describe('chain', () => {
    let master: EnterpriseRow;

    beforeAll(async () => {
      master = await makeEnterprise(t.db, { parkId: zone.id, name: 'HP', chainMaster: true });
    });

    const link = (enterpriseId: string, extra: object = {}, masterId = master.id) =>
      as(t, officer).post(`/enterprises/${masterId}/chain`, {
        enterpriseId,
        position: 'upstream',
        segment: 'toner cartridges',
        ...extra,
      });

    it('adds upstream and downstream links and shows them grouped, with the member names', async () => {
      const up = await makeEnterprise(t.db, { parkId: zone.id, name: 'Precision Plastics' });
      const down = await makeEnterprise(t.db, { parkId: sub.id, name: 'Logistics Co' });
      const created = await link(up.id, { segment: 'plastic parts' }).expect(201);
      expect(created.body).toMatchObject({
        chainMasterId: master.id,
        enterpriseId: up.id,
        position: 'upstream',
        segment: 'plastic parts',
        note: null,
      });
      await link(down.id, { position: 'downstream', note: 'since 2023' }).expect(201);
      const chain = await as(t, officer).get(`/enterprises/${master.id}/chain`).expect(200);
      expect(chain.body.chainMaster).toMatchObject({ id: master.id, chainMaster: true });
      expect(chain.body.size).toBe(2);
      expect(chain.body.upstream).toEqual([
        expect.objectContaining({
          enterpriseId: up.id,
          enterpriseName: 'Precision Plastics',
          enterpriseParkId: zone.id,
        }),
      ]);
      expect(chain.body.downstream).toEqual([
        expect.objectContaining({
          enterpriseId: down.id,
          note: 'since 2023',
          enterpriseParkId: sub.id,
        }),
      ]);
      const audit = await t.db.query(
        `SELECT park_id, actor_id FROM audit_log WHERE entity = 'chain_link' AND entity_id = $1 AND action = 'create'`,
        [created.body.id],
      );
      expect(audit.rows).toEqual([{ park_id: zone.id, actor_id: officer.id }]);
    });

    it('refuses links from a non-master (409), to itself (400), twice (409) and with a bad position (400)', async () => {
      const plain = await makeEnterprise(t.db, { parkId: zone.id });
      const member = await makeEnterprise(t.db, { parkId: zone.id });
      const notMaster = await link(member.id, {}, plain.id).expect(409);
      expect(notMaster.body.message).toMatch(/not flagged as a chain master/);
      const self = await link(master.id.toUpperCase()).expect(400);
      expect(self.body.details).toEqual([{ field: 'enterpriseId', message: expect.any(String) }]);
      await link(member.id).expect(201);
      const twice = await link(member.id, { position: 'downstream' }).expect(409);
      expect(twice.body.code).toBe('ALREADY_EXISTS');
      const bad = await link('x', { position: 'sideways', segment: '' }).expect(400);
      expect(fields(bad.body)).toEqual(['enterpriseId', 'position', 'segment']);
      expect(await count('chain_links WHERE enterprise_id = $1', [member.id])).toBe(1);
      expect(await count('chain_links WHERE chain_master_id = $1', [plain.id])).toBe(0);
    });

    it('refuses to unflag a chain master that still leads links, and unflags once they are removed', async () => {
      const m = await makeEnterprise(t.db, { parkId: zone.id, chainMaster: true });
      const member = await makeEnterprise(t.db, { parkId: zone.id });
      const l = await link(member.id, {}, m.id).expect(201);
      const res = await as(t, officer)
        .patch(`/enterprises/${m.id}`, { chainMaster: false, version: 1 })
        .expect(409);
      expect(res.body.message).toMatch(/chain links/);
      expect(await count('enterprises WHERE id = $1 AND chain_master', [m.id])).toBe(1);
      await as(t, officer).delete(`/enterprises/${m.id}/chain/${l.body.id}`).expect(204);
      await as(t, officer)
        .patch(`/enterprises/${m.id}`, { chainMaster: false, version: 1 })
        .expect(200);
    });

    it('removes a link with an audit entry; an unknown link or another master’s link is 404', async () => {
      const member = await makeEnterprise(t.db, { parkId: zone.id });
      const l = (await link(member.id).expect(201)).body;
      const otherMaster = await makeEnterprise(t.db, { parkId: zone.id, chainMaster: true });
      await as(t, officer).delete(`/enterprises/${otherMaster.id}/chain/${l.id}`).expect(404);
      await as(t, officer).delete(`/enterprises/${master.id}/chain/${l.id}`).expect(204);
      await as(t, officer).delete(`/enterprises/${master.id}/chain/${l.id}`).expect(404);
      expect(await count('chain_links WHERE id = $1', [l.id])).toBe(0);
      const audit = await t.db.query(
        `SELECT action, park_id, before FROM audit_log WHERE entity = 'chain_link' AND entity_id = $1 ORDER BY id`,
        [l.id],
      );
      expect(audit.rows.map((r) => r.action)).toEqual(['create', 'delete']);
      expect(audit.rows[1]).toMatchObject({
        park_id: zone.id,
        before: { enterpriseId: member.id },
      });
      const viewer = await makeUser(t.db, { role: 'viewer', parkIds: [zone.id] });
      await as(t, viewer).delete(`/enterprises/${master.id}/chain/${l.id}`).expect(403);
      await as(t, viewer).get(`/enterprises/${master.id}/chain`).expect(200);
    });

    it('never shows or links chain members outside the caller’s parks', async () => {
      const outside = await makeEnterprise(t.db, { parkId: other.id, name: 'Far Away Supplier' });
      await t.db.query(
        `INSERT INTO chain_links (chain_master_id, enterprise_id, position, segment) VALUES ($1, $2, 'upstream', 'chips')`,
        [master.id, outside.id],
      );
      const officerView = await as(t, officer).get(`/enterprises/${master.id}/chain`).expect(200);
      expect(JSON.stringify(officerView.body)).not.toContain(outside.id);
      expect(JSON.stringify(officerView.body)).not.toContain('Far Away Supplier');
      const adminView = await as(t, admin).get(`/enterprises/${master.id}/chain`).expect(200);
      expect(
        adminView.body.upstream.map((m: { enterpriseId: string }) => m.enterpriseId),
      ).toContain(outside.id);
      expect(adminView.body.size).toBe(officerView.body.size + 1);

      const another = await makeEnterprise(t.db, { parkId: other.id });
      const res = await link(another.id).expect(400);
      expect(res.body.details).toEqual([{ field: 'enterpriseId', message: expect.any(String) }]);
      expect(await count('chain_links WHERE enterprise_id = $1', [another.id])).toBe(0);
    });

    it('answers 400 naming the parameter for a non-UUID chain master or link id', async () => {
      const bad = await as(t, officer).get('/enterprises/not-a-uuid/chain').expect(400);
      expect(bad.body.details).toEqual([{ field: 'id', message: 'must be a UUID' }]);
      const badLink = await as(t, officer).delete(`/enterprises/${master.id}/chain/42`).expect(400);
      expect(badLink.body.details).toEqual([{ field: 'linkId', message: 'must be a UUID' }]);
    });
  });
});
