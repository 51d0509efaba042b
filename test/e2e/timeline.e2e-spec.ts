import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Db } from '../../src/common/database/db.service.js';
import {
  type EnterpriseRow,
  makeEnterprise,
  makeMilestone,
  makePark,
  makeProject,
  makeUser,
  type ParkRow,
  type ProjectRow,
  type UserRow,
} from '../factories/factories.js';
import { addDays, makeProgress, makeTranche } from '../factories/projects-factories.js';
import { makeContract, makeEvent, makeVisit } from '../factories/deals-factories.js';
import { makeServiceRequest } from '../factories/service-factories.js';
import { makeTransition, transitionRows } from '../factories/workflow-factories.js';
import { dateInZone } from '../../src/common/time/zone-date.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** Every scan node of an EXPLAIN (FORMAT JSON) plan: its type and the table it reads. */
function planScans(node: PlanNode): { type: string; relation?: string }[] {
  const own = node['Node Type'].endsWith('Scan')
    ? [{ type: node['Node Type'], relation: node['Relation Name'] }]
    : [];
  return [...own, ...(node.Plans ?? []).flatMap(planScans)];
}
interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

interface Item {
  type: string;
  date: string;
  title: string;
  id: string;
  link: string;
  parkId: string;
}

describe('enterprise and project timelines', () => {
  let t: TestApp;
  let lingang: ParkRow;
  let sub: ParkRow;
  let other: ParkRow;
  let officer: UserRow;
  let admin: UserRow;
  let huawei: EnterpriseRow;
  let project: ProjectRow;
  const ids: Record<string, string> = {};

  const get = (user: UserRow, path: string) => as(t, user).get(path);
  const page = async (user: UserRow, path: string) =>
    (await get(user, path).expect(200)).body as {
      items: Item[];
      total: number;
      page: number;
      limit: number;
    };
  const rows = (items: Item[]) => items.map((i) => [i.type, i.date, i.title]);

  beforeAll(async () => {
    t = await createTestApp();
    lingang = await makePark(t.db, { name: 'Lingang Innovation Center', code: 'LG' });
    sub = await makePark(t.db, { code: 'LG-SUB', parentId: lingang.id, kind: 'sub_center' });
    other = await makePark(t.db, { code: 'OTHER' });
    officer = await makeUser(t.db, { role: 'officer', parkIds: [lingang.id] });
    admin = await makeUser(t.db, { role: 'admin' });
    huawei = await makeEnterprise(t.db, { parkId: lingang.id, name: 'Huawei' });
    project = await makeProject(t.db, {
      parkId: lingang.id,
      enterpriseId: huawei.id,
      name: 'Huawei techno-park',
    });
    const second = await makeProject(t.db, { parkId: sub.id, enterpriseId: huawei.id });
    const elsewhere = await makeProject(t.db, { parkId: other.id, enterpriseId: huawei.id });
    const deleted = await makeProject(t.db, {
      parkId: lingang.id,
      enterpriseId: huawei.id,
      deletedAt: new Date('2026-01-02T00:00:00Z'),
    });

    const jimo = await makeEvent(t.db, {
      parkId: lingang.id,
      startDate: '2019-03-20',
      name: 'Jimo innovation and development conference',
    });
    const fair = await makeEvent(t.db, {
      parkId: lingang.id,
      startDate: '2020-08-01',
      kind: 'investment_fair',
      name: 'Qingdao investment fair',
    });
    const tour = await makeEvent(t.db, {
      parkId: lingang.id,
      startDate: '2021-06-10',
      kind: 'media_tour',
      name: 'Media tour of Lingang companies',
      enterpriseIds: [huawei.id],
    });
    // signed at Jimo and pointing at the project
    const techno = await makeContract(t.db, {
      parkId: lingang.id,
      enterpriseId: huawei.id,
      eventId: jimo.id,
      projectId: project.id,
      code: 'JM-2019-017',
      title: 'Huawei techno-park',
      amount: '5000000000.00',
      signedAt: '2019-03-20',
    });
    // the project was created from it (projects.contract_id), the contract does not point back
    const phase2 = await makeContract(t.db, {
      parkId: lingang.id,
      enterpriseId: huawei.id,
      eventId: fair.id,
      code: 'QD-2020-003',
      title: 'Qingdao phase two',
      amount: '120000000.00',
      signedAt: '2020-08-01',
    });
    await t.db.query('UPDATE projects SET contract_id = $1 WHERE id = $2', [phase2.id, project.id]);
    const visit = await makeVisit(t.db, {
      parkId: lingang.id,
      date: '2021-10-25',
      visitingOrganisation: 'Lianyungang City Bureau of Commerce',
      enterpriseIds: [huawei.id],
      projectIds: [project.id],
    });
    const hiddenVisit = await makeVisit(t.db, {
      parkId: other.id,
      date: '2022-05-05',
      direction: 'outbound',
      hostOrganisation: 'Shenzhen Investment Promotion Bureau',
      enterpriseIds: [huawei.id],
      projectIds: [project.id],
    });
    const progress = await makeProgress(t.db, {
      projectId: project.id,
      date: '2026-05-08',
      note: 'Main building   topped out',
      percentComplete: 80,
    });
    const trial = await makeMilestone(t.db, {
      projectId: project.id,
      dueDate: '2026-09-30',
      title: 'Trial production',
    });
    // done at 01:00 on 1 June in Shanghai, still 31 May in UTC
    const equipment = await makeMilestone(t.db, {
      projectId: second.id,
      dueDate: '2026-06-15',
      title: 'Equipment installed',
      completedAt: new Date('2026-05-31T17:00:00Z'),
    });
    const land = await makeMilestone(t.db, {
      projectId: elsewhere.id,
      dueDate: '2023-01-01',
      title: 'Land acquired',
    });
    const tranche = await makeTranche(t.db, {
      projectId: project.id,
      amount: '46000000.00',
      date: '2025-01-15',
      verifiedAt: new Date('2025-01-20T00:00:00Z'),
      verifiedBy: admin.id,
    });
    const recruit = await makeServiceRequest(t.db, {
      parkId: lingang.id,
      enterpriseId: huawei.id,
      projectId: project.id,
      element: 'human_resources',
      description: 'Recruit 200 technicians',
      createdAt: new Date('2026-03-01T16:30:00Z'),
    });
    const subsidy = await makeServiceRequest(t.db, {
      parkId: lingang.id,
      enterpriseId: huawei.id,
      element: 'policy',
      description: 'Clarify the R&D subsidy',
      createdAt: new Date('2024-11-05T02:00:00Z'),
    });
    // a deleted project's records tell nothing
    await makeProgress(t.db, { projectId: deleted.id, date: '2026-02-02', note: 'gone' });
    await makeMilestone(t.db, { projectId: deleted.id, dueDate: '2026-02-03', title: 'gone' });
    await makeTranche(t.db, { projectId: deleted.id, amount: '1.00', date: '2026-02-04' });
    Object.assign(ids, {
      jimo: jimo.id,
      tour: tour.id,
      techno: techno.id,
      visit: visit.id,
      hiddenVisit: hiddenVisit.id,
      progress: progress.id,
      trial: trial.id,
      equipment: equipment.id,
      land: land.id,
      tranche: tranche.id,
      recruit: recruit.id,
      subsidy: subsidy.id,
      second: second.id,
      deleted: deleted.id,
    });
  });
  afterAll(() => t.close());

  const ENTERPRISE_STORY = [
    ['milestone', '2026-09-30', 'Milestone due: Trial production'],
    ['milestone', '2026-06-01', 'Milestone completed: Equipment installed'],
    ['progress_update', '2026-05-08', 'Progress update (80%): Main building topped out'],
    ['service_request', '2026-03-02', 'Service request (human resources): Recruit 200 technicians'],
    ['investment_tranche', '2025-01-15', 'Investment 46000000.00 CNY (verified)'],
    ['service_request', '2024-11-05', 'Service request (policy): Clarify the R&D subsidy'],
    ['visit', '2021-10-25', 'Visit from Lianyungang City Bureau of Commerce'],
    ['event', '2021-06-10', 'Media tour: Media tour of Lingang companies'],
    ['contract', '2020-08-01', 'Contract QD-2020-003 signed: Qingdao phase two (120000000.00 CNY)'],
    ['event', '2020-08-01', 'Investment fair: Qingdao investment fair'],
    [
      'contract',
      '2019-03-20',
      'Contract JM-2019-017 signed: Huawei techno-park (5000000000.00 CNY)',
    ],
    ['event', '2019-03-20', 'Conference: Jimo innovation and development conference'],
  ];

  it("tells an enterprise's story newest first, every item type, ties by type", async () => {
    const body = await page(officer, `/enterprises/${huawei.id}/timeline`);
    expect(body).toMatchObject({ total: 12, page: 1, limit: 20 });
    expect(rows(body.items)).toEqual(ENTERPRISE_STORY);
    expect(new Set(body.items.map((i) => i.type))).toEqual(
      new Set([
        'visit',
        'event',
        'contract',
        'progress_update',
        'milestone',
        'investment_tranche',
        'service_request',
      ]),
    );
    const byId = new Map(body.items.map((i) => [i.id, i]));
    expect(byId.get(ids.visit)).toEqual({
      type: 'visit',
      date: '2021-10-25',
      title: 'Visit from Lianyungang City Bureau of Commerce',
      id: ids.visit,
      link: `/api/v1/visits/${ids.visit}`,
      parkId: lingang.id,
    });
    expect(byId.get(ids.equipment)).toMatchObject({
      link: `/api/v1/projects/${ids.second}/milestones/${ids.equipment}`,
      parkId: sub.id,
    });
    expect(byId.get(ids.progress)?.link).toBe(
      `/api/v1/projects/${project.id}/progress/${ids.progress}`,
    );
    expect(byId.get(ids.tranche)?.link).toBe(
      `/api/v1/projects/${project.id}/investments/${ids.tranche}`,
    );
    expect(byId.get(ids.techno)?.link).toBe(`/api/v1/contracts/${ids.techno}`);
    expect(byId.get(ids.jimo)?.link).toBe(`/api/v1/events/${ids.jimo}`);
    expect(byId.get(ids.recruit)?.link).toBe(`/api/v1/service-requests/${ids.recruit}`);
  });

  it('links to where the item can be read', async () => {
    const body = await page(officer, `/enterprises/${huawei.id}/timeline?type=visit,milestone`);
    for (const item of body.items) {
      const res = await t.http
        .get(item.link)
        .set('authorization', `Bearer ${t.token(officer)}`)
        .expect(200);
      expect(res.body.id).toBe(item.id);
    }
  });

  it("tells a project's story: its visits, contracts (both links) and their events", async () => {
    const body = await page(officer, `/projects/${project.id}/timeline`);
    expect(body.total).toBe(9);
    expect(rows(body.items)).toEqual([
      ['milestone', '2026-09-30', 'Milestone due: Trial production'],
      ['progress_update', '2026-05-08', 'Progress update (80%): Main building topped out'],
      [
        'service_request',
        '2026-03-02',
        'Service request (human resources): Recruit 200 technicians',
      ],
      ['investment_tranche', '2025-01-15', 'Investment 46000000.00 CNY (verified)'],
      ['visit', '2021-10-25', 'Visit from Lianyungang City Bureau of Commerce'],
      [
        'contract',
        '2020-08-01',
        'Contract QD-2020-003 signed: Qingdao phase two (120000000.00 CNY)',
      ],
      ['event', '2020-08-01', 'Investment fair: Qingdao investment fair'],
      ['contract', '2019-03-20', ENTERPRISE_STORY[10][2]],
      ['event', '2019-03-20', 'Conference: Jimo innovation and development conference'],
    ]);
  });

  it('dates an instant by the zone calendar, in the item and in the date filter', async () => {
    const june = await page(
      officer,
      `/enterprises/${huawei.id}/timeline?type=milestone&from=2026-06-01&to=2026-06-01`,
    );
    expect(june.items.map((i) => [i.id, i.date])).toEqual([[ids.equipment, '2026-06-01']]);
    const may = await page(
      officer,
      `/enterprises/${huawei.id}/timeline?to=2026-05-31&from=2026-05-31`,
    );
    expect(may).toMatchObject({ items: [], total: 0 });
  });

  it('filters by one type or a comma list, and by a date range', async () => {
    const milestones = await page(officer, `/enterprises/${huawei.id}/timeline?type=milestone`);
    expect(milestones.items.map((i) => i.id)).toEqual([ids.trial, ids.equipment]);
    expect(milestones.total).toBe(2);
    const deals = await page(officer, `/enterprises/${huawei.id}/timeline?type=contract,event`);
    expect(deals.total).toBe(5);
    expect(new Set(deals.items.map((i) => i.type))).toEqual(new Set(['contract', 'event']));
    const range = await page(
      officer,
      `/enterprises/${huawei.id}/timeline?from=2020-08-01&to=2021-10-25`,
    );
    expect(rows(range.items)).toEqual(ENTERPRISE_STORY.slice(6, 10));
    const both = await page(
      officer,
      `/projects/${project.id}/timeline?type=event,visit&from=2020-01-01`,
    );
    expect(both.items.map((i) => i.type)).toEqual(['visit', 'event']);
  });

  it('refuses an unknown type, a malformed date and a range that ends before it starts', async () => {
    const base = `/enterprises/${huawei.id}/timeline`;
    const unknown = await get(officer, `${base}?type=visit,stage_changes`).expect(400);
    expect(unknown.body.details.map((d: { field: string }) => d.field)).toEqual(['type']);
    await get(officer, `${base}?from=2021-02-30`).expect(400);
    const backwards = await get(officer, `${base}?from=2022-01-01&to=2021-12-31`).expect(400);
    expect(backwards.body.details).toEqual([{ field: 'to', message: 'must not be before from' }]);
    await get(officer, `/enterprises/not-a-uuid/timeline`).expect(400);
  });

  it('pages with the total right on every page, stable across pages', async () => {
    const seen: Item[] = [];
    for (let n = 1; n <= 3; n++) {
      const body = await page(officer, `/enterprises/${huawei.id}/timeline?limit=5&page=${n}`);
      expect({ total: body.total, page: body.page, limit: body.limit }).toEqual({
        total: 12,
        page: n,
        limit: 5,
      });
      seen.push(...body.items);
    }
    expect(rows(seen)).toEqual(ENTERPRISE_STORY);
    const past = await page(officer, `/enterprises/${huawei.id}/timeline?limit=5&page=4`);
    expect(past).toMatchObject({ items: [], total: 12, page: 4 });
  });

  it('leaves out, and does not count, items in parks outside the caller', async () => {
    const mine = await page(officer, `/enterprises/${huawei.id}/timeline`);
    expect(mine.total).toBe(12);
    expect(mine.items.filter((i) => [ids.hiddenVisit, ids.land].includes(i.id))).toEqual([]);
    const story = await page(officer, `/projects/${project.id}/timeline`);
    expect(story.total).toBe(9);
    expect(story.items.filter((i) => i.id === ids.hiddenVisit)).toEqual([]);
    const all = await page(admin, `/enterprises/${huawei.id}/timeline`);
    expect(all.total).toBe(14);
    expect(all.items.find((i) => i.id === ids.hiddenVisit)).toMatchObject({
      title: 'Visit to Shenzhen Investment Promotion Bureau',
      date: '2022-05-05',
      parkId: other.id,
    });
    expect(all.items.find((i) => i.id === ids.land)).toMatchObject({
      title: 'Milestone due: Land acquired',
      parkId: other.id,
    });
    expect((await page(admin, `/projects/${project.id}/timeline`)).total).toBe(10);
  });

  it('answers 404 for an enterprise or project outside your parks, deleted or unknown', async () => {
    const foreign = await makeEnterprise(t.db, { parkId: other.id });
    const foreignProject = await makeProject(t.db, { parkId: other.id, enterpriseId: huawei.id });
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const path of [
      `/enterprises/${foreign.id}/timeline`,
      `/enterprises/${missing}/timeline`,
      `/projects/${foreignProject.id}/timeline`,
      `/projects/${ids.deleted}/timeline`,
      `/projects/${missing}/timeline`,
    ]) {
      const res = await get(officer, path).expect(404);
      expect({ path, code: res.body.code }).toEqual({ path, code: 'NOT_FOUND' });
    }
    await get(admin, `/enterprises/${foreign.id}/timeline`).expect(200);
    await get(admin, `/projects/${ids.deleted}/timeline`).expect(404);
  });

  it("lets a soft-deleted project's records contribute nothing", async () => {
    const all = await page(admin, `/enterprises/${huawei.id}/timeline?limit=100`);
    expect(
      all.items.filter((i) => i.title.includes('gone') || i.date.startsWith('2026-02')),
    ).toEqual([]);
    expect(all.items.some((i) => i.link.includes(ids.deleted))).toBe(false);
  });

  it('exports the whole timeline as CSV with the same filters', async () => {
    const res = await get(officer, `/enterprises/${huawei.id}/timeline?format=csv&limit=2`)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="enterprise-timeline.csv"',
    );
    const lines = (res.body as string).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('\uFEFFtype,date,title,id,link,parkId');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3))).toEqual(ENTERPRISE_STORY);
    expect(lines[7]).toBe(
      `visit,2021-10-25,Visit from Lianyungang City Bureau of Commerce,${ids.visit},/api/v1/visits/${ids.visit},${lingang.id}`,
    );
    const filtered = await get(officer, `/projects/${project.id}/timeline?format=csv&type=contract`)
      .buffer(true)
      .expect(200);
    expect(filtered.text.split('\r\n').filter(Boolean)).toHaveLength(3);
  });
  it("shows stage changes on the project's and its enterprise's timelines, by zone date", async () => {
    const weigao = await makeEnterprise(t.db, { parkId: lingang.id, name: 'Weigao' });
    const vaccine = await makeProject(t.db, {
      parkId: lingang.id,
      enterpriseId: weigao.id,
      stage: 'under_construction',
    });
    const plant = await makeProject(t.db, {
      parkId: sub.id,
      enterpriseId: weigao.id,
      stage: 'completed',
    });
    const abroad = await makeProject(t.db, { parkId: other.id, enterpriseId: weigao.id });
    // 00:30 on 1 April in Shanghai, still 31 March in UTC
    const started = await makeTransition(t.db, {
      projectId: vaccine.id,
      fromStage: 'preparing',
      toStage: 'under_construction',
      at: new Date('2026-03-31T16:30:00Z'),
    });
    const finished = await makeTransition(t.db, {
      projectId: plant.id,
      fromStage: 'under_construction',
      toStage: 'completed',
      override: true,
      at: new Date('2025-12-31T16:00:00Z'),
    });
    const hidden = await makeTransition(t.db, {
      projectId: abroad.id,
      fromStage: 'lead',
      toStage: 'negotiating',
      at: new Date('2026-02-01T00:00:00Z'),
    });
    // and one made through the API
    await as(t, officer)
      .post(`/projects/${vaccine.id}/transitions`, {
        to: 'on_hold',
        reason: 'Financing under review',
        version: 1,
      })
      .expect(201);
    const paused = (await transitionRows(t.db, vaccine.id)).find((r) => r.toStage === 'on_hold')!;
    const pausedOn = dateInZone(paused.at, t.config.zoneTimeZone);
    const history = (id: string) => `/api/v1/projects/${id}/transitions`;

    const story = await page(officer, `/enterprises/${weigao.id}/timeline?type=stage_change`);
    expect(story.total).toBe(3);
    expect(story.items).toEqual(
      [
        {
          type: 'stage_change',
          date: pausedOn,
          title: 'Stage: under_construction → on_hold',
          id: paused.id,
          link: history(vaccine.id),
          parkId: lingang.id,
        },
        {
          type: 'stage_change',
          date: '2026-04-01',
          title: 'Stage: preparing → under_construction',
          id: started.id,
          link: history(vaccine.id),
          parkId: lingang.id,
        },
        {
          type: 'stage_change',
          date: '2026-01-01',
          title: 'Stage: under_construction → completed (override)',
          id: finished.id,
          link: history(plant.id),
          parkId: sub.id,
        },
      ].sort((a, b) => b.date.localeCompare(a.date)),
    );
    // outside the officer's parks: seen by an admin only
    const all = await page(admin, `/enterprises/${weigao.id}/timeline?type=stage_change`);
    expect(all.items.map((i) => i.id)).toContain(hidden.id);
    expect(all.total).toBe(4);

    const own = await page(officer, `/projects/${vaccine.id}/timeline`);
    expect(own.items.map((i) => [i.type, i.id])).toEqual(
      [
        [pausedOn, paused.id],
        ['2026-04-01', started.id],
      ]
        .sort((a, b) => b[0].localeCompare(a[0]))
        .map(([, id]) => ['stage_change', id]),
    );
    const april = await page(
      officer,
      `/enterprises/${weigao.id}/timeline?from=2026-04-01&to=2026-04-01`,
    );
    expect(april.items.map((i) => i.id)).toEqual([started.id]);
    const march = await page(
      officer,
      `/projects/${vaccine.id}/timeline?from=2026-03-31&to=2026-03-31`,
    );
    expect(march.total).toBe(0);
    // the link is the project's history, which holds the item
    const linked = await get(officer, story.items[0].link.replace('/api/v1', '')).expect(200);
    expect(linked.body.items.map((i: { id: string }) => i.id)).toContain(story.items[0].id);
  });

  describe('one query per page', () => {
    const small = { enterprise: '', project: '' };
    const large = { enterprise: '', project: '' };

    /** Builds an enterprise with one project and `n` items spread over every type. */
    async function story(n: number) {
      const enterprise = await makeEnterprise(t.db, { parkId: lingang.id });
      const own = await makeProject(t.db, { parkId: lingang.id, enterpriseId: enterprise.id });
      const on = { enterpriseIds: [enterprise.id] };
      let eventId: string | undefined;
      const makers = [
        (date: string) =>
          makeVisit(t.db, { parkId: lingang.id, date, ...on, projectIds: [own.id] }),
        (date: string) => makeProgress(t.db, { projectId: own.id, date }),
        (date: string) =>
          makeServiceRequest(t.db, {
            parkId: lingang.id,
            enterpriseId: enterprise.id,
            projectId: own.id,
            createdAt: new Date(`${date}T04:00:00Z`),
          }),
        async (date: string) => {
          eventId = (await makeEvent(t.db, { parkId: lingang.id, startDate: date, ...on })).id;
        },
        // signed at the event just made: the project's story holds that event too
        (date: string) =>
          makeContract(t.db, {
            parkId: lingang.id,
            enterpriseId: enterprise.id,
            projectId: own.id,
            eventId,
            signedAt: date,
          }),
        (date: string) => makeMilestone(t.db, { projectId: own.id, dueDate: date }),
        (date: string) => makeTranche(t.db, { projectId: own.id, amount: '10.00', date }),
      ];
      // few distinct dates: many ties, within a type and across types
      for (let i = 0; i < n; i++) await makers[i % makers.length](addDays('2025-01-01', i % 6));
      return { enterprise: enterprise.id, project: own.id };
    }

    /** Runs `fn` with a call-through spy on the app's Db and returns the statements it ran. */
    async function statements(fn: () => Promise<unknown>): Promise<string[]> {
      const db = t.app.get(Db);
      const spies = [jest.spyOn(db, 'query'), jest.spyOn(db, 'one'), jest.spyOn(db, 'stream')];
      try {
        await fn();
        return (
          spies
            .flatMap((spy) => spy.mock.calls.map((call) => String(call[0])))
            // the guard's look-up of the caller is cached for seconds: present or not by timing
            .filter((sql) => !/\bJOIN user_parks\b/.test(sql))
        );
      } finally {
        for (const spy of spies) spy.mockRestore();
      }
    }

    beforeAll(async () => {
      Object.assign(small, await story(3));
      Object.assign(large, await story(63));
    });

    it('runs as many statements for 63 items of seven types as for 3 items', async () => {
      for (const kind of ['enterprises', 'projects'] as const) {
        const key = kind === 'enterprises' ? 'enterprise' : 'project';
        let few: Item[] = [];
        let many: Item[] = [];
        const a = await statements(async () => {
          few = (await page(officer, `/${kind}/${small[key]}/timeline?limit=100`)).items;
        });
        const b = await statements(async () => {
          many = (await page(officer, `/${kind}/${large[key]}/timeline?limit=100`)).items;
        });
        expect(few).toHaveLength(3);
        expect(many).toHaveLength(63);
        expect(new Set(many.map((i) => i.type)).size).toBe(7);
        // the subject's visibility, then the page
        expect({ kind, few: a.length, many: b.length }).toEqual({ kind, few: 2, many: 2 });
        expect(b.filter((sql) => /UNION ALL/.test(sql))).toHaveLength(1);
      }
      const filtered = await statements(() =>
        page(officer, `/enterprises/${large.enterprise}/timeline?type=visit,milestone&limit=5`),
      );
      expect(filtered).toHaveLength(2);
    });

    it('keeps ties in one order across pages: date, then type, then id', async () => {
      const path = `/enterprises/${large.enterprise}/timeline`;
      const all = (await page(officer, `${path}?limit=100`)).items;
      const sorted = [...all].sort(
        (x, y) =>
          y.date.localeCompare(x.date) ||
          (x.type < y.type ? -1 : x.type > y.type ? 1 : 0) ||
          (x.id < y.id ? -1 : x.id > y.id ? 1 : 0),
      );
      expect(all.map((i) => i.id)).toEqual(sorted.map((i) => i.id));
      const paged: Item[] = [];
      for (let n = 1; n <= 9; n++) {
        const body = await page(officer, `${path}?limit=7&page=${n}`);
        expect(body.total).toBe(63);
        paged.push(...body.items);
      }
      expect(paged.map((i) => i.id)).toEqual(all.map((i) => i.id));
    });
    it('reads every source through an index (EXPLAIN with sequential scans priced out)', async () => {
      const db = t.app.get(Db);
      for (const [user, path] of [
        [officer, `/enterprises/${large.enterprise}/timeline`],
        [admin, `/projects/${large.project}/timeline`],
      ] as const) {
        const spy = jest.spyOn(db, 'query');
        try {
          await page(user, path);
          const [sql, params] = spy.mock.calls.find((call) => /UNION ALL/.test(call[0])) ?? [];
          const client = await t.db.connect();
          try {
            // with seq scans disabled the planner still picks one where no index can serve
            await client.query('SET enable_seqscan = off');
            const plan = await client.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
            const scans = planScans(plan.rows[0]['QUERY PLAN'][0].Plan);
            expect({ path, seq: scans.filter((n) => n.type === 'Seq Scan') }).toEqual({
              path,
              seq: [],
            });
            for (const table of [
              'visits',
              'events',
              'contracts',
              'progress_updates',
              'milestones',
              'investment_tranches',
              'service_requests',
              'project_transitions',
            ]) {
              expect({ path, table, read: scans.some((n) => n.relation === table) }).toEqual({
                path,
                table,
                read: true,
              });
            }
          } finally {
            await client.query('RESET enable_seqscan');
            client.release();
          }
        } finally {
          spy.mockRestore();
        }
      }
    });
  });
});
