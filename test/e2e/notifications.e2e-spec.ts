import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Db } from '../../src/common/database/db.service.js';
import { NotificationWriter } from '../../src/notifications/notification-writer.js';
import { makeUser, type UserRow } from '../factories/factories.js';
import { countRows } from '../factories/reminder-factories.js';
import { csvOf } from '../support/csv.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('notifications', () => {
  let t: TestApp;
  let officer: UserRow;
  let viewer: UserRow;
  let other: UserRow;
  /** The officer's notifications, oldest first: n1 … n5 */
  const ids: string[] = [];

  const notify = (user: UserRow, title: string, createdAt: string) =>
    t.db
      .query(
        `INSERT INTO notifications (user_id, kind, title, body, link, created_at)
         VALUES ($1, 'reminder', $2, 'Due 2026-06-04. Project HP printer', '/api/v1/x', $3)
         RETURNING id`,
        [user.id, title, createdAt],
      )
      .then((r) => r.rows[0].id as string);

  beforeAll(async () => {
    t = await createTestApp();
    officer = await makeUser(t.db, { role: 'officer' });
    viewer = await makeUser(t.db, { role: 'viewer' });
    other = await makeUser(t.db, { role: 'manager' });
    for (let i = 1; i <= 5; i++) {
      ids.push(await notify(officer, `n${i}`, `2026-06-0${i}T00:00:00Z`));
    }
    await notify(viewer, 'for the viewer', '2026-06-01T00:00:00Z');
    await notify(other, 'for someone else', '2026-06-09T00:00:00Z');
  });
  afterAll(() => t.close());

  it('lists only your own, newest first, with paging', async () => {
    const page1 = (await as(t, officer).get('/notifications?limit=2').expect(200)).body;
    expect(page1).toMatchObject({ total: 5, page: 1, limit: 2 });
    expect(page1.items.map((n: { title: string }) => n.title)).toEqual(['n5', 'n4']);
    expect(page1.items[0]).toMatchObject({
      id: ids[4],
      userId: officer.id,
      kind: 'reminder',
      body: 'Due 2026-06-04. Project HP printer',
      link: '/api/v1/x',
      readAt: null,
      emailedAt: null,
      createdAt: '2026-06-05T00:00:00.000Z',
    });
    const page3 = (await as(t, officer).get('/notifications?limit=2&page=3').expect(200)).body;
    expect(page3.items.map((n: { title: string }) => n.title)).toEqual(['n1']);
    const oldest = (await as(t, officer).get('/notifications?sort=createdAt&limit=1').expect(200))
      .body;
    expect(oldest.items[0].title).toBe('n1');
  });

  it('marks one read, filters unread and read, and keeps the first read time', async () => {
    const res = await as(t, officer).post(`/notifications/${ids[1]}/read`).expect(200);
    expect(res.body).toMatchObject({ id: ids[1], title: 'n2' });
    const readAt = res.body.readAt;
    expect(typeof readAt).toBe('string');
    const unread = (await as(t, officer).get('/notifications?unread=true').expect(200)).body;
    expect(unread.total).toBe(4);
    expect(unread.items.map((n: { title: string }) => n.title)).toEqual(['n5', 'n4', 'n3', 'n1']);
    const read = (await as(t, officer).get('/notifications?unread=false').expect(200)).body;
    expect(read.items.map((n: { id: string }) => n.id)).toEqual([ids[1]]);
    const again = await as(t, officer).post(`/notifications/${ids[1]}/read`).expect(200);
    expect(again.body.readAt).toBe(readAt);
  });

  it("answers 404 for someone else's notification and leaves it unread", async () => {
    await as(t, other).post(`/notifications/${ids[0]}/read`).expect(404);
    await as(t, officer)
      .post('/notifications/00000000-0000-4000-8000-000000000000/read')
      .expect(404);
    await as(t, officer).post('/notifications/not-a-uuid/read').expect(400);
    const { rows } = await t.db.query('SELECT read_at FROM notifications WHERE id = $1', [ids[0]]);
    expect(rows[0].read_at).toBeNull();
  });

  it('marks all of your own read, and nobody else’s', async () => {
    const res = await as(t, officer).post('/notifications/read-all').expect(200);
    expect(res.body).toEqual({ updated: 4 });
    expect((await as(t, officer).get('/notifications?unread=true').expect(200)).body.total).toBe(0);
    expect((await as(t, other).get('/notifications?unread=true').expect(200)).body.total).toBe(1);
    expect((await as(t, officer).post('/notifications/read-all').expect(200)).body).toEqual({
      updated: 0,
    });
  });

  it('lets viewers read and mark their own', async () => {
    const list = (await as(t, viewer).get('/notifications').expect(200)).body;
    expect(list.items.map((n: { title: string }) => n.title)).toEqual(['for the viewer']);
    await as(t, viewer).post(`/notifications/${list.items[0].id}/read`).expect(200);
    expect((await as(t, viewer).post('/notifications/read-all').expect(200)).body).toEqual({
      updated: 0,
    });
    // the role rule still holds elsewhere: a viewer writes nothing else
    await as(t, viewer).post('/parks', { name: 'X', code: 'X', kind: 'zone' }).expect(403);
  });

  it('exports your own as CSV', async () => {
    const csv = await csvOf(t, officer, '/notifications?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.rows[0]).toEqual(expect.arrayContaining(['id', 'title', 'readAt', 'createdAt']));
    const titleAt = csv.rows[0].indexOf('title');
    expect(csv.rows.slice(1).map((r) => r[titleAt])).toEqual(['n5', 'n4', 'n3', 'n2', 'n1']);
  });

  it('rejects unknown filters and sorts', async () => {
    await as(t, officer).get('/notifications?unread=yes').expect(400);
    await as(t, officer).get('/notifications?sort=title').expect(400);
    await as(t, officer).get('/notifications?userId=x').expect(400);
  });

  it('stores a notification for an active user only, without e-mail when SMTP is off', async () => {
    const writer = t.app.get(NotificationWriter);
    const db = t.app.get(Db);
    const outboxBefore = await countRows(t.db, 'outbox');
    const id = await writer.notify(db, { userId: officer.id, kind: 'report', title: 'Weekly' });
    expect(id).toEqual(expect.any(String));
    const former = await makeUser(t.db, { role: 'officer' });
    await t.db.query('UPDATE users SET deactivated_at = now() WHERE id = $1', [former.id]);
    expect(await writer.notify(db, { userId: former.id, kind: 'report', title: 'Weekly' })).toBe(
      null,
    );
    const many = await writer.notifyMany(db, [
      { userId: officer.id, kind: 'report', title: 'A' },
      { userId: former.id, kind: 'report', title: 'B' },
      { userId: viewer.id, kind: 'report', title: 'C', body: 'Body', link: '/api/v1/reports/1' },
    ]);
    expect(many).toHaveLength(2);
    expect(await countRows(t.db, 'outbox')).toBe(outboxBefore);
  });
});
