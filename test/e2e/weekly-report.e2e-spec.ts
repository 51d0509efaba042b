import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeUser, type ParkRow, type UserRow } from '../factories/factories.js';
import { buildReport, freezeAt, makeWeekFixture, W21, W22 } from '../factories/report-factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * One fixed data set (makeWeekFixture), every number worked out by hand. 2026-W22 is Mon 25 –
 * Sun 31 May 2026 in Shanghai (UTC+8): its first instant is 24 May 16:00 UTC and its last minute
 * 31 May 15:59 UTC; 31 May 16:00 UTC is already W23 there. Parks: LG with two sub-parks LG-IC and
 * LG-NB (empty), and HZ beside it.
 */
describe('the weekly report: the numbers of a fixed week', () => {
  let t: TestApp;
  let admin: UserRow;
  let lg: ParkRow;
  let ic: ParkRow;
  let nb: ParkRow;
  let hz: ParkRow;
  let ids: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    freezeAt(t);
    admin = await makeUser(t.db, { role: 'admin' });
    ({ lg, ic, nb, hz, ids } = await makeWeekFixture(t.db));
  });
  afterAll(() => t.close());

  it("rolls a park up through its sub-parks, with the week's boundaries read in Shanghai", async () => {
    const { data } = await buildReport(t, W22, lg.id);
    expect(data.scope).toEqual({ parkId: lg.id, parkCode: 'LG', name: '临港区', parks: 3 });
    expect(data.week).toEqual({
      period: W22,
      start: '2026-05-25',
      end: '2026-05-31',
      timeZone: 'Asia/Shanghai',
      yearStart: '2026-01-01',
    });
    expect(data.keyNumbers).toEqual({
      visits: 3, // 25 May, 31 May, and LG-IC's 27 May
      events: 1, // LG-IC's conference
      contracts: 3,
      contractAmount: [
        { currency: 'CNY', amount: '1800000.25' }, // 1,500,000.00 + 300,000.25
        { currency: 'USD', amount: '250000.50' },
      ],
      investmentVerified: [{ currency: 'CNY', amount: '600000.00' }], // 400,000 + 200,000
      stageChanges: 1, // P1 at Sunday 23:59; P2's move at Monday 00:00 is W23's
      milestonesCompleted: 2, // M1, M2
      milestonesOverdue: 2, // M5 (17 days), M3 (1 day)
      supervisionOpened: 1,
      supervisionClosed: 1,
      lightChanges: 1, // P1
      redProjects: 2, // P1, and P2 (green only from W23's first instant)
      projects: 2, // P1, P2; not P4 (created later) nor P5 (deleted before the end)
    });
    expect(data.deals.visits).toEqual({ count: 3, inbound: 2, outbound: 1 });
    expect(data.deals.events.items).toEqual([
      expect.objectContaining({
        name: '临港创新发展大会',
        parkName: '临港创新中心',
        startDate: '2026-05-29',
      }),
    ]);
    expect(data.deals.contracts.items.map((c) => [c.code, c.signedAt, c.amount])).toEqual([
      ['C1', '2026-05-25', '1500000.00'],
      ['C3', '2026-05-26', '300000.25'],
      ['C2', '2026-05-31', '250000.50'],
    ]);
    const stages = Object.fromEntries(data.projects.byStage.map((s) => [s.stage, s]));
    expect(data.projects.byStage).toHaveLength(9);
    expect(stages.under_construction).toEqual({
      stage: 'under_construction',
      count: 1,
      plannedInvestment: [{ currency: 'CNY', amount: '1000000.00' }],
    });
    // P2 moved to preparing only at W23's first instant: signed at the end of W22
    expect(stages.signed.count).toBe(1);
    expect(stages.preparing.count).toBe(0);
    expect(data.projects.stageChanges).toEqual([
      {
        projectId: ids.p1,
        code: 'P1',
        name: '临港智能制造项目',
        fromStage: 'preparing',
        toStage: 'under_construction',
        at: '2026-05-31T15:59:00.000Z',
      },
    ]);
    expect(data.investment).toEqual({
      verifiedThisWeek: [{ currency: 'CNY', amount: '600000.00', tranches: 2 }],
      // 400,000 + 100,000 (March) + 200,000 + 20,000 (1 Jan 00:00 in Shanghai); not 31 Dec 23:59
      verifiedYearToDate: [{ currency: 'CNY', amount: '720000.00', tranches: 4 }],
      targets: [],
      targetsNote: expect.stringContaining('no targets table'),
    });
    expect(data.milestones.completed.items.map((m) => [m.title, m.onTime])).toEqual([
      ['M1', true],
      ['M2', false],
    ]);
    expect(data.milestones.overdue.items.map((m) => [m.title, m.daysOverdue])).toEqual([
      ['M5', 17],
      ['M3', 1],
    ]);
    expect(data.supervision.opened.count).toBe(1);
    expect(data.supervision.closed.items).toEqual([
      expect.objectContaining({ projectCode: 'P2', status: 'closed' }),
    ]);
    expect(data.supervision.openAtWeekEnd).toBe(2); // S1, and S4 closed only at W23's first instant
    expect(data.lights).toEqual({
      changes: [
        {
          projectId: ids.p1,
          code: 'P1',
          name: '临港智能制造项目',
          from: 'green',
          to: 'red',
          changes: 2,
          lastChangedAt: '2026-05-28T01:00:00.000Z',
        },
      ],
      turnedRed: 1,
      leftRed: 0,
    });
    expect(data.redList).toEqual([
      {
        projectId: ids.p1,
        code: 'P1',
        name: '临港智能制造项目',
        parkName: '临港区',
        stage: 'under_construction',
        redSince: '2026-05-28T01:00:00.000Z',
        // measured as of Monday 1 June: created 1 Feb, M3 due 31 May still open
        reasons: [
          'No progress reported for 120 days (red at 90)',
          'A milestone is 1 day overdue (yellow at 1)',
        ],
      },
      {
        projectId: ids.p2,
        code: 'P2',
        name: '威高疫苗二期',
        parkName: '临港创新中心',
        stage: 'signed',
        redSince: '2026-05-20T00:00:00.000Z',
        reasons: ['No progress reported for 61 days (yellow at 60)'],
      },
    ]);
  });

  it("keeps a sub-park's data in its own report and its parent's, not in a sibling's", async () => {
    const sub = (await buildReport(t, W22, ic.id)).data;
    expect(sub.keyNumbers).toMatchObject({
      visits: 1,
      events: 1,
      contracts: 1,
      contractAmount: [{ currency: 'CNY', amount: '300000.25' }],
      investmentVerified: [{ currency: 'CNY', amount: '200000.00' }],
      stageChanges: 0,
      milestonesCompleted: 0,
      milestonesOverdue: 1,
      supervisionOpened: 0,
      supervisionClosed: 1,
      lightChanges: 0,
      redProjects: 1,
      projects: 1,
    });
    expect(sub.investment.verifiedYearToDate).toEqual([
      { currency: 'CNY', amount: '220000.00', tranches: 2 },
    ]);
    const sibling = (await buildReport(t, W22, nb.id)).data;
    expect(sibling.scope.parks).toBe(1);
    expect(sibling.keyNumbers).toMatchObject({
      visits: 0,
      events: 0,
      contracts: 0,
      contractAmount: [],
      investmentVerified: [],
      milestonesOverdue: 0,
      redProjects: 0,
      projects: 0,
    });
    const other = (await buildReport(t, W22, hz.id)).data;
    expect(other.keyNumbers).toMatchObject({
      visits: 1,
      events: 0, // its event is on 1 June
      contracts: 0, // 24 May and 1 June
      contractAmount: [],
      investmentVerified: [{ currency: 'USD', amount: '30000.00' }],
      stageChanges: 1, // P3 at Monday 00:00 in Shanghai, Sunday 16:00 UTC
      milestonesCompleted: 1,
      lightChanges: 0, // P3 turned yellow in W21's last minute
      redProjects: 0,
      projects: 1,
    });
  });

  it('adds every park up for the zone report', async () => {
    const { data } = await buildReport(t, W22, null);
    expect(data.scope).toEqual({ parkId: null, parkCode: null, name: '全区 Whole zone', parks: 4 });
    expect(data.keyNumbers).toEqual({
      visits: 4,
      events: 1,
      contracts: 3,
      contractAmount: [
        { currency: 'CNY', amount: '1800000.25' },
        { currency: 'USD', amount: '250000.50' },
      ],
      investmentVerified: [
        { currency: 'CNY', amount: '600000.00' },
        { currency: 'USD', amount: '30000.00' },
      ],
      stageChanges: 2,
      milestonesCompleted: 3,
      milestonesOverdue: 2,
      supervisionOpened: 1,
      supervisionClosed: 1,
      lightChanges: 1,
      redProjects: 2,
      projects: 3,
    });
    expect(data.projects.byStage.find((s) => s.stage === 'negotiating')).toEqual({
      stage: 'negotiating',
      count: 1,
      plannedInvestment: [{ currency: 'USD', amount: '500000.00' }],
    });
  });

  it('compares with the previous report of the same park: deltas against W21', async () => {
    const w21 = await buildReport(t, W21, lg.id);
    expect(w21.data.previous).toBeNull();
    expect(w21.data.deltas).toBeNull();
    expect(w21.data.keyNumbers).toEqual({
      visits: 1, // 24 May
      events: 0,
      contracts: 1, // C6
      contractAmount: [{ currency: 'CNY', amount: '100000.00' }],
      investmentVerified: [],
      stageChanges: 0,
      milestonesCompleted: 0,
      milestonesOverdue: 2, // M2 (done 31 May) and M5, both past due on 24 May
      supervisionOpened: 0,
      supervisionClosed: 0,
      lightChanges: 1, // P2 turned red on 20 May
      redProjects: 1, // P2; P1 was still green
      projects: 2, // P5 was deleted on 20 May
    });
    // W22 was built before W21 existed: rebuilding it now compares with W21
    const w22 = await buildReport(t, W22, lg.id, true);
    expect(w22.revision).toBe(2);
    expect(w22.previousId).toBe(w21.id);
    expect(w22.data.previous).toEqual({ reportId: w21.id, period: W21 });
    expect(w22.data.deltas).toEqual({
      visits: { current: 3, previous: 1, change: 2 },
      events: { current: 1, previous: 0, change: 1 },
      contracts: { current: 3, previous: 1, change: 2 },
      stageChanges: { current: 1, previous: 0, change: 1 },
      milestonesCompleted: { current: 2, previous: 0, change: 2 },
      milestonesOverdue: { current: 2, previous: 2, change: 0 },
      supervisionOpened: { current: 1, previous: 0, change: 1 },
      supervisionClosed: { current: 1, previous: 0, change: 1 },
      lightChanges: { current: 1, previous: 1, change: 0 },
      redProjects: { current: 2, previous: 1, change: 1 },
      projects: { current: 2, previous: 2, change: 0 },
      contractAmount: [
        { currency: 'CNY', current: '1800000.25', previous: '100000.00', change: '1700000.25' },
        { currency: 'USD', current: '250000.50', previous: '0.00', change: '250000.50' },
      ],
      investmentVerified: [
        { currency: 'CNY', current: '600000.00', previous: '0.00', change: '600000.00' },
      ],
    });
  });

  it('serves the snapshot as JSON with its park and revision', async () => {
    const { id } = await buildReport(t, W22, lg.id);
    const res = await as(t, admin).get(`/reports/${id}`).expect(200);
    expect(res.body).toMatchObject({
      id,
      type: 'weekly',
      parkId: lg.id,
      parkCode: 'LG',
      parkName: '临港区',
      period: W22,
      periodStart: '2026-05-25',
      periodEnd: '2026-05-31',
      revision: 2,
      generatedBy: null,
      generatedAt: '2026-06-01T00:00:00.000Z',
    });
    expect(res.body.data.keyNumbers.contracts).toBe(3);
  });
});

describe('the weekly report in another zone time zone', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ ZONE_TIMEZONE: 'UTC' });
    freezeAt(t); // Monday 1 June 00:00 UTC: W22 has just ended there too
  });
  afterAll(() => t.close());

  it('cuts the same instants into weeks by the UTC calendar instead', async () => {
    const { lg, hz } = await makeWeekFixture(t.db);
    const lgWeek = (await buildReport(t, W22, lg.id)).data;
    expect(lgWeek.week.timeZone).toBe('UTC');
    // 31 May 16:00 UTC (Monday in Shanghai) is still Sunday, W22, in UTC: P2's move counts now
    expect(lgWeek.projects.stageChanges.map((c) => c.code)).toEqual(['P1', 'P2']);
    expect(lgWeek.projects.byStage.find((s) => s.stage === 'preparing')?.count).toBe(1);
    // and 24 May 16:00 UTC (Monday in Shanghai) is Sunday, W21: P3's move drops out
    const hzWeek = (await buildReport(t, W22, hz.id)).data;
    expect(hzWeek.keyNumbers.stageChanges).toBe(0);
  });
});
