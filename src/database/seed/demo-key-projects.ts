import type { ProjectLevel, ProjectStage } from '../../projects/project.entity.js';
import {
  DEMO,
  DEMO_AS_OF,
  DEPARTMENTS,
  type DemoMilestone,
  type DemoProgress,
  type DemoProject,
  type DemoTranche,
  type DemoUserKey,
  yuan,
} from './demo-data.js';

/*
 * The rest of Weihai High-tech Zone's 97 provincial and municipal key projects: the article names
 * nine and gives the industries of the others. Names are plausible, figures illustrative; all is
 * derived from a seeded generator, so every run yields the same rows.
 */

/** [project name, enterprise key when a demo enterprise of the same park invests] */
type Item = [name: string, enterpriseKey?: string];

interface Industry {
  label: string;
  parkCode: string;
  clusterKey?: string;
  departments: string[];
  items: Item[];
}

const INDUSTRIES: Industry[] = [
  {
    label: 'OA equipment',
    parkCode: 'WH-HTZ-EIIM',
    clusterKey: 'wh-eiim',
    departments: [DEPARTMENTS.eiim, DEPARTMENTS.investment],
    items: [
      ['Laser printer engine assembly line expansion', 'hp'],
      ['Toner cartridge intelligent production line', 'hp-toner'],
      ['Printer fuser assembly project', 'hp-fuser'],
      ['Precision gear and roller parts project'],
      ['Inkjet print head components project'],
      ['Multifunction printer mainboard SMT line', 'hp-pcba'],
      ['Printer housing injection moulding project', 'hp-moulding'],
      ['Photosensitive drum (OPC) production project'],
      ['Toner powder production project', 'hp-powder'],
      ['Scanner module and CIS sensor project'],
      ['Printer consumables remanufacturing centre', 'hp-reman'],
      ['Office equipment wire harness project', 'hp-harness'],
      ['Paper feed mechanism components project'],
      ['Precision metal stamping parts for printers', 'hp-stamping'],
      ['Label and receipt printer production line'],
      ['3D printer manufacturing project'],
      ['Printer firmware and driver R&D centre'],
      ['Office equipment testing and certification centre'],
      ['Printer supply chain logistics hub', 'hp-logistics'],
      ['Commercial copier assembly project'],
      ['Printer motor and drive unit project', 'hp-motor'],
      ['Precision connector production project', 'foxconn'],
    ],
  },
  {
    label: 'medical equipment',
    parkCode: 'WH-HTZ-MDBM',
    clusterKey: 'wh-mdbm',
    departments: [DEPARTMENTS.mdbm, DEPARTMENTS.science],
    items: [
      ['Infusion and injection sets automation project', 'weigao'],
      ['Blood purification consumables expansion', 'weigao'],
      ['Orthopaedic implants and instruments project'],
      ['Pre-filled syringe production project', 'weigao'],
      ['In-vitro diagnostic reagents project'],
      ['Medical imaging equipment project'],
      ['Minimally invasive surgical instruments project'],
      ['Cardiovascular interventional devices project'],
      ['Rehabilitation equipment project'],
      ['Medical catheter production line'],
      ['Dental materials and equipment project'],
      ['Wound care dressings project'],
      ['Hemodialysis machine manufacturing project'],
      ['Ophthalmic devices project'],
      ['Pharmaceutical packaging materials project'],
      ['Biological reagents and enzymes project'],
      ['Surgical navigation system project'],
      ['Cold-chain pharmaceutical logistics centre', 'weigao-coldchain'],
      ['Medical device sterilization service centre', 'weigao-sterile'],
      ['Anaesthesia and respiratory consumables project'],
      ['Blood collection tubes project'],
      ['Smart hospital beds and nursing equipment project'],
      ['PVC-free infusion bags project'],
      ['Peptide drug R&D and production project'],
      ['Medical device innovation and testing platform'],
      ['Biomedicine CDMO service platform'],
    ],
  },
  {
    label: 'high-end platform',
    parkCode: 'WH-HTZ',
    departments: [DEPARTMENTS.science, DEPARTMENTS.economic],
    items: [
      ['Intelligent manufacturing public service platform'],
      ['Industrial internet identification resolution node'],
      ['Electronic information incubator, phase II'],
      ['Robotics and automation pilot base'],
      ['Semiconductor packaging and testing platform'],
      ['New-generation display module project'],
      ['Industrial software and digital twin centre'],
      ['Smart sensor R&D and production platform'],
      ['Overseas returnee entrepreneurship park'],
      ['Precision mould design and manufacturing centre'],
      ['Marine electronics equipment project'],
      ['Data centre and computing power platform'],
      ['Technology transfer and commercialization centre'],
      ['Postdoctoral innovation practice base'],
      ['Hydrogen fuel cell components project'],
      ['Servo motor and drive manufacturing project'],
      ['Laser processing equipment project'],
      ['Industrial robot system integration project'],
      ['Apparel intelligent manufacturing pilot line', 'dishang'],
      ['Cross-border e-commerce industrial park'],
    ],
  },
  {
    label: 'new materials and products',
    parkCode: 'WH-HTZ',
    clusterKey: 'wh-newmat',
    departments: [DEPARTMENTS.investment, DEPARTMENTS.construction],
    items: [
      ['Carbon fibre composite components project'],
      ['High-performance engineering plastics project'],
      ['Graphene conductive materials project'],
      ['Special rubber products project'],
      ['Optical film materials project'],
      ['Functional ceramic materials project'],
      ['Magnesium alloy precision parts project'],
      ['Biodegradable packaging materials project'],
      ['Electronic-grade chemicals project'],
      ['Lithium battery separator project'],
      ['Glass fibre reinforced composites project'],
      ['High-end marine coatings project'],
      ['Precision copper foil project'],
      ['Titanium alloy materials project'],
      ['Nano-coating materials project'],
      ['Aerogel insulation materials project'],
      ['Fluoropolymer membrane project'],
      ['Advanced adhesive tapes project'],
      ['Functional textile fibres project', 'dishang-textile'],
      ['Silicone products project'],
    ],
  },
];

/** The generated projects' stages, before shuffling: most are being built this year. */
const STAGE_MIX: [ProjectStage, number][] = [
  ['lead', 4],
  ['negotiating', 6],
  ['signed', 9],
  ['preparing', 15],
  ['under_construction', 34],
  ['completed', 9],
  ['in_operation', 7],
  ['on_hold', 4],
];

/** [earliest start, latest start, earliest planned completion, latest planned completion] */
const WINDOWS: Record<ProjectStage, [string, string, string, string]> = {
  lead: ['2027-03-01', '2027-06-30', '2027-10-01', '2027-12-31'],
  negotiating: ['2027-01-15', '2027-05-31', '2027-09-01', '2027-12-31'],
  signed: ['2026-12-15', '2027-04-30', '2027-06-30', '2027-12-31'],
  preparing: ['2026-12-01', '2027-03-31', '2027-06-30', '2027-12-31'],
  under_construction: ['2025-03-01', '2026-08-31', '2026-12-31', '2027-12-31'],
  completed: ['2025-01-15', '2025-10-31', '2026-03-31', '2026-10-31'],
  in_operation: ['2025-01-06', '2025-06-30', '2025-09-30', '2026-06-30'],
  on_hold: ['2025-06-01', '2026-03-31', '2026-12-31', '2027-09-30'],
  dropped: ['2025-06-01', '2026-03-31', '2026-12-31', '2027-09-30'],
};

const BUILDING_NOTES = [
  'Foundation work finished; steel structure going up.',
  'Main structure under way; second shift added.',
  'Envelope closed; utilities and fit-out started.',
  'Equipment tendering done; first deliveries arriving.',
  'Equipment installation and commissioning.',
];

/** mulberry32: a tiny seeded generator, so the demo set is the same on every run. */
function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const DAY = 86_400_000;
const ms = (date: string) => Date.parse(`${date}T00:00:00Z`);
const isoDate = (time: number) => new Date(time).toISOString().slice(0, 10);
const addDays = (date: string, days: number) => isoDate(ms(date) + days * DAY);
const daysBetween = (from: string, to: string) => Math.round((ms(to) - ms(from)) / DAY);
const earlier = (a: string, b: string) => (a < b ? a : b);
const monthEnd = (date: string) => {
  const d = new Date(ms(date));
  return isoDate(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
};
/** Nothing is closed, paid or verified after the snapshot date. */
const done = (date: string) => earlier(date, DEMO_AS_OF);

function generate(): DemoProject[] {
  const rand = seeded(20_260_508);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)];
  const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
  const dateIn = (from: string, to: string) => addDays(from, int(0, daysBetween(from, to)));

  const stages = STAGE_MIX.flatMap(([stage, n]) => Array<ProjectStage>(n).fill(stage));
  for (let i = stages.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [stages[i], stages[j]] = [stages[j], stages[i]];
  }

  const items = INDUSTRIES.flatMap((industry) =>
    industry.items.map((item) => ({ industry, item })),
  );
  return items.map(({ industry, item: [name, enterpriseKey] }, index) => {
    const code = `WH-2026-${String(10 + index).padStart(3, '0')}`;
    const stage = stages[index];
    const owner: DemoUserKey = industry.parkCode === 'WH-HTZ-MDBM' ? 'officer' : 'manager';
    const r = rand();
    const levels: ProjectLevel[] =
      r < 0.45 ? ['provincial', 'municipal'] : r < 0.82 ? ['municipal'] : ['provincial'];

    // log-uniform between 30 million and 3 billion yuan, rounded as a plan would be
    const millions = Math.exp(Math.log(30) + rand() * Math.log(100));
    const step = millions < 100 ? 5 : millions < 1000 ? 10 : 50;
    const planned = Math.max(step, Math.round(millions / step) * step) * 1_000_000;

    // a few projects under construction are already past their planned completion
    const late = stage === 'under_construction' && index % 9 === 4;
    const [startFrom, startTo, endFrom, endTo] = late
      ? ['2025-03-01', '2025-12-31', '2026-06-01', '2026-10-15']
      : WINDOWS[stage];
    const start = dateIn(startFrom, startTo);
    const end = monthEnd(dateIn(endFrom > start ? endFrom : start, endTo));

    const milestones: DemoMilestone[] = [];
    const progress: DemoProgress[] = [];
    const tranches: DemoTranche[] = [];
    const span = Math.max(1, daysBetween(start, end));
    const elapsed = Math.min(1, Math.max(0, daysBetween(start, DEMO_AS_OF) / span));
    let percent = 0;

    if (stage === 'negotiating') {
      milestones.push({
        title: 'Investment agreement signed',
        kind: 'other',
        dueDate: monthEnd(addDays(start, -90)),
        owner,
      });
    } else if (stage === 'signed') {
      const due = addDays(start, -45);
      milestones.push({
        title: 'Land use pre-approval',
        kind: 'land',
        dueDate: due,
        completedOn: due < DEMO_AS_OF && index % 2 === 0 ? done(addDays(due, -3)) : undefined,
        owner,
      });
    } else if (stage === 'preparing') {
      const land = addDays(start, -120);
      milestones.push(
        {
          title: 'Land use rights acquired',
          kind: 'land',
          dueDate: land,
          completedOn: land < DEMO_AS_OF ? done(addDays(land, int(-10, 20))) : undefined,
        },
        {
          title: 'Construction permit issued',
          kind: 'permits',
          dueDate: addDays(start, -15),
          owner,
        },
      );
      percent = int(3, 12);
      progress.push({
        date: addDays(DEMO_AS_OF, -int(0, 40)),
        percentComplete: percent,
        note: 'Design and permits in progress.',
      });
    } else if (stage !== 'lead') {
      milestones.push({
        title: 'Groundbreaking',
        kind: 'groundbreaking',
        dueDate: start,
        completedOn: done(start),
      });
    }

    if (stage === 'under_construction' || stage === 'on_hold') {
      const topping = addDays(start, Math.round(span * (stage === 'on_hold' ? 0.4 : 0.45)));
      const topped =
        stage === 'under_construction' && topping < addDays(DEMO_AS_OF, -10) && rand() > 0.2;
      milestones.push({
        title: 'Main building topped out',
        kind: 'topping_out',
        dueDate: topping,
        completedOn: topped ? done(addDays(topping, int(-5, 20))) : undefined,
        owner,
        note: stage === 'on_hold' ? 'On hold: the investor is reviewing its financing' : undefined,
      });
    }
    if (stage === 'under_construction') {
      if (index % 5 === 0 && start < '2026-05-01' && end > '2026-06-30') {
        milestones.push({
          title: 'Main equipment installed',
          kind: 'equipment',
          dueDate: '2026-05-31',
          completedOn: rand() < 0.5 ? `2026-05-${int(20, 31)}` : undefined,
          owner,
        });
      }
      milestones.push({ title: 'Project completed', kind: 'completion', dueDate: end, owner });
      percent = Math.min(95, Math.max(5, Math.round(elapsed * 100) + int(-15, 5)));
      // every sixth one has gone quiet: its last update is months old
      const last =
        index % 6 === 1 ? dateIn('2026-06-01', '2026-08-15') : addDays(DEMO_AS_OF, -int(0, 25));
      const count = int(1, 3);
      for (let k = count - 1; k >= 0; k--) {
        const date = addDays(last, -30 * k);
        if (date <= start) continue;
        progress.push({
          date,
          percentComplete: Math.max(1, percent - 7 * k),
          note: BUILDING_NOTES[Math.min(4, Math.max(0, Math.floor((percent - 7 * k) / 20)))],
        });
      }
    } else if (stage === 'completed' || stage === 'in_operation') {
      const finished = done(addDays(end, int(-10, 15)));
      milestones.push({
        title: 'Project completed',
        kind: 'completion',
        dueDate: end,
        completedOn: finished,
      });
      if (stage === 'in_operation') {
        milestones.push({
          title: 'Trial production',
          kind: 'trial_production',
          dueDate: addDays(end, 30),
          completedOn: done(addDays(finished, int(10, 30))),
        });
      }
      percent = 100;
      progress.push({
        date: finished,
        percentComplete: 100,
        note: stage === 'completed' ? 'Completed; acceptance filed.' : 'In operation.',
      });
    } else if (stage === 'on_hold') {
      percent = int(15, 35);
      progress.push({
        date: dateIn('2026-05-01', '2026-07-31'),
        percentComplete: percent,
        note: 'Work suspended while the investor reviews its financing.',
      });
    }

    const paying = ['under_construction', 'completed', 'in_operation', 'on_hold'].includes(stage);
    if (paying && rand() >= 0.25) {
      const share =
        stage === 'on_hold'
          ? 0.1 + rand() * 0.15
          : stage === 'under_construction'
            ? (percent / 100) * (0.6 + rand() * 0.4)
            : stage === 'completed'
              ? 0.7 + rand() * 0.25
              : 0.85 + rand() * 0.15;
      const total = Math.max(1, Math.round((planned * share) / 10_000)) * 10_000;
      const count = int(1, 3);
      const first = addDays(start, 20);
      const lastPaid = earlier(end, addDays(DEMO_AS_OF, -5));
      let paid = 0;
      for (let k = 0; k < count; k++) {
        const date =
          count === 1
            ? first
            : addDays(first, Math.round((daysBetween(first, lastPaid) * k) / (count - 1)));
        const amount =
          k === count - 1
            ? total - paid
            : Math.max(10_000, Math.round(total / count / 10_000) * 10_000);
        if (amount <= 0) break;
        paid += amount;
        const verifiedOn = addDays(date, 7);
        const pending = verifiedOn > DEMO_AS_OF || (k === count - 1 && rand() < 0.3);
        tranches.push({
          date,
          amount: yuan(amount),
          evidenceRef: `VCH-${code}-${k + 1}`,
          verifiedOn: pending ? undefined : verifiedOn,
        });
      }
    }

    const output =
      ['under_construction', 'completed', 'in_operation'].includes(stage) && rand() < 0.6
        ? Math.round((planned * (1.2 + rand() * 1.8)) / 10_000_000) * 10_000_000
        : undefined;

    return {
      code,
      name,
      parkCode: industry.parkCode,
      clusterKey: industry.clusterKey,
      enterpriseKey,
      levels,
      stage,
      plannedInvestment: yuan(planned),
      expectedAnnualOutput: output === undefined ? undefined : yuan(output),
      startDate: start,
      plannedCompletionDate: end,
      department: pick(industry.departments),
      leader: 'manager',
      officer: owner === 'officer' ? 'officer' : undefined,
      description: `${DEMO}One of the zone's provincial and municipal key projects (${industry.label}); figures are illustrative.`,
      milestones,
      progress,
      tranches,
    } satisfies DemoProject;
  });
}

export const GENERATED_KEY_PROJECTS: DemoProject[] = generate();
