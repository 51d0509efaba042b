import type { MilestoneKind } from '../../milestones/milestone.entity.js';
import {
  DEMO,
  DEPARTMENTS,
  type DemoMilestone,
  type DemoProgress,
  type DemoProject,
  type DemoTranche,
  mn,
} from './demo-data.js';
import { EIIM, MDBM } from './demo-enterprises.js';
import { GENERATED_KEY_PROJECTS } from './demo-key-projects.js';

const BOTH = ['provincial', 'municipal'] as const;
const zoneLead = { leader: 'manager' } as const;
const medical = { ...MDBM, ...zoneLead, officer: 'officer', department: DEPARTMENTS.mdbm } as const;
const electronics = { ...EIIM, ...zoneLead, department: DEPARTMENTS.eiim } as const;

/** A closed milestone, and an open one. */
const done = (
  title: string,
  kind: MilestoneKind,
  dueDate: string,
  completedOn: string,
  more: Partial<DemoMilestone> = {},
): DemoMilestone => ({ title, kind, dueDate, completedOn, ...more });
const open = (
  title: string,
  kind: MilestoneKind,
  dueDate: string,
  more: Partial<DemoMilestone> = {},
): DemoMilestone => ({ title, kind, dueDate, ...more });
/** A tranche of `millions` million yuan; unverified without a verification day. */
const paid = (
  date: string,
  millions: number,
  evidenceRef: string,
  verifiedOn?: string,
  note?: string,
): DemoTranche => ({ date, amount: mn(millions), evidenceRef, verifiedOn, note });
const update = (date: string, percentComplete: number, note: string): DemoProgress => ({
  date,
  percentComplete,
  note,
});

/** The key projects the article names, in its words where it gives them. */
const NAMED_KEY_PROJECTS: DemoProject[] = [
  {
    ...electronics,
    code: 'WH-2026-001',
    name: 'HP printer industrial park',
    enterpriseKey: 'hp',
    levels: [...BOTH],
    stage: 'completed',
    plannedInvestment: mn(3000),
    expectedAnnualOutput: mn(12000),
    startDate: '2025-03-18',
    plannedCompletionDate: '2026-05-31',
    description:
      `${DEMO}HP brand industrial park printer project, racing against time to complete by the end ` +
      'of May. In operation it makes 10 million printers of all types a year: one in three ' +
      'printers in the world "made in Weihai". (The yuan output figure is a demo estimate.)',
    milestones: [
      done('Land handed over', 'land', '2025-03-10', '2025-03-08'),
      done('Construction permits issued', 'permits', '2025-03-15', '2025-03-14'),
      done('Groundbreaking', 'groundbreaking', '2025-03-18', '2025-03-18'),
      done('Main plant topped out', 'topping_out', '2025-10-31', '2025-10-26'),
      done('Printer assembly lines installed', 'equipment', '2026-04-30', '2026-04-27'),
      done('Project completed by the end of May', 'completion', '2026-05-31', '2026-05-29', {
        owner: 'manager',
      }),
      done('Trial production of the first lines', 'trial_production', '2026-06-30', '2026-06-24'),
      open('Capacity of 10 million printers a year reached', 'other', '2026-12-31', {
        owner: 'manager',
      }),
    ],
    progress: [
      update('2026-03-31', 85, 'Two shifts on site; assembly lines arriving.'),
      update('2026-04-30', 95, 'Assembly lines installed; acceptance prepared.'),
      update('2026-05-29', 100, 'Completed by the end of May as planned.'),
    ],
    tranches: [
      paid('2025-04-15', 600, 'VCH-HP-2025-0415', '2025-04-22'),
      paid('2025-09-30', 900, 'VCH-HP-2025-0930', '2025-10-10'),
      paid('2026-01-20', 800, 'VCH-HP-2026-0120', '2026-01-28'),
      paid('2026-05-20', 500, 'VCH-HP-2026-0520', '2026-05-28'),
      paid('2026-11-06', 200, 'INV-HP-2026-1106', undefined, 'Awaiting voucher'),
    ],
  },
  {
    ...medical,
    code: 'WH-2026-002',
    name: 'Weigao vaccine, second phase',
    enterpriseKey: 'weigao',
    levels: [...BOTH],
    stage: 'under_construction',
    plannedInvestment: mn(1800),
    expectedAnnualOutput: mn(3000),
    startDate: '2025-06-16',
    plannedCompletionDate: '2027-06-30',
    description: `${DEMO}Second phase of the Weigao biological vaccine project.`,
    milestones: [
      done('Groundbreaking', 'groundbreaking', '2025-06-16', '2025-06-16'),
      done('Vaccine workshop topped out', 'topping_out', '2026-05-31', '2026-05-26', {
        owner: 'officer',
      }),
      open('Filling and freeze-drying lines installed', 'equipment', '2026-10-31', {
        owner: 'officer',
        note: 'Filling line delivered late by the supplier',
      }),
      open('GMP inspection and trial batches', 'trial_production', '2027-03-31'),
      open('Project completed', 'completion', '2027-06-30'),
    ],
    progress: [
      update('2026-05-26', 45, 'Main vaccine workshop topped out.'),
      update('2026-08-28', 58, 'Clean-room fit-out; filling line delayed.'),
      update('2026-11-10', 64, 'Filling line arrived; installation started.'),
    ],
    tranches: [
      paid('2025-07-10', 300, 'VCH-WG-2025-0710', '2025-07-18'),
      paid('2025-12-15', 250, 'VCH-WG-2025-1215', '2025-12-22'),
      paid('2026-06-18', 220, 'VCH-WG-2026-0618', '2026-06-25'),
      paid('2026-11-05', 120, 'INV-WG-2026-1105'),
    ],
  },
  {
    ...medical,
    code: 'WH-2026-003',
    name: 'Haizhen biological extraction and R&D',
    enterpriseKey: 'haizhen',
    levels: ['municipal'],
    stage: 'under_construction',
    plannedInvestment: mn(450),
    startDate: '2025-09-01',
    plannedCompletionDate: '2026-12-31',
    description: `${DEMO}Biological extraction production and an R&D centre.`,
    milestones: [
      done('Groundbreaking', 'groundbreaking', '2025-09-01', '2025-09-01'),
      done('R&D building topped out', 'topping_out', '2026-04-30', '2026-05-12'),
      open('Extraction line equipment installed', 'equipment', '2026-05-31', { owner: 'officer' }),
      open('Project completed', 'completion', '2026-12-31'),
    ],
    progress: [
      update('2026-06-30', 55, 'Topped out; waiting for extraction tanks.'),
      update('2026-09-30', 70, 'Utilities and clean rooms finished.'),
      update('2026-11-15', 78, 'Extraction tanks on site, not yet installed.'),
    ],
    tranches: [
      paid('2025-10-20', 90, 'VCH-HZ-2025-1020', '2025-10-28'),
      paid('2026-03-18', 80, 'VCH-HZ-2026-0318', '2026-03-25'),
      paid('2026-08-12', 60, 'VCH-HZ-2026-0812', '2026-08-20'),
    ],
  },
  {
    code: 'WH-2026-004',
    name: 'Dishang intelligent manufacturing platform',
    parkCode: 'WH-HTZ',
    enterpriseKey: 'dishang',
    ...zoneLead,
    department: DEPARTMENTS.economic,
    levels: [...BOTH],
    stage: 'under_construction',
    plannedInvestment: mn(1200),
    startDate: '2025-08-08',
    plannedCompletionDate: '2027-03-31',
    description: `${DEMO}Intelligent manufacturing platform of the Dishang chain.`,
    milestones: [
      done('Land use rights acquired', 'land', '2025-07-31', '2025-07-25'),
      done('Groundbreaking', 'groundbreaking', '2025-08-08', '2025-08-08'),
      done('Main plant topped out', 'topping_out', '2026-05-31', '2026-05-30'),
      open('Intelligent cutting and sewing lines installed', 'equipment', '2026-12-31'),
    ],
    progress: [update('2026-10-31', 60, 'Envelope closed; line procurement tendered.')],
    tranches: [
      paid('2025-09-15', 200, 'VCH-DS-2025-0915', '2025-09-24'),
      paid('2026-04-10', 260, 'VCH-DS-2026-0410', '2026-04-17'),
    ],
  },
  {
    ...medical,
    code: 'WH-2026-005',
    name: 'Shichuang Medical',
    enterpriseKey: 'shichuang',
    levels: [...BOTH],
    stage: 'preparing',
    plannedInvestment: mn(600),
    startDate: '2026-12-15',
    plannedCompletionDate: '2027-12-31',
    description: `${DEMO}Medical device production base of Shichuang Medical.`,
    milestones: [
      done('Land use rights acquired', 'land', '2026-05-31', '2026-06-12', { owner: 'officer' }),
      open('Construction permit issued', 'permits', '2026-09-30', { owner: 'officer' }),
      open('Groundbreaking', 'groundbreaking', '2026-12-15'),
    ],
    progress: [
      update('2026-09-30', 8, 'Design approved; permit waits for fire review.'),
      update('2026-11-12', 10, 'Fire review passed; permit application filed.'),
    ],
    tranches: [paid('2026-06-10', 90, 'VCH-SC-2026-0610', '2026-06-17', 'Land transfer payment')],
  },
  {
    ...electronics,
    code: 'WH-2026-006',
    name: 'Future robots',
    enterpriseKey: 'future-robots',
    levels: ['municipal'],
    stage: 'signed',
    plannedInvestment: mn(350),
    startDate: '2027-03-01',
    plannedCompletionDate: '2027-12-31',
    description: `${DEMO}Robot manufacturing project.`,
    milestones: [
      done('Project company registered', 'other', '2026-10-31', '2026-10-20'),
      open('Land use pre-approval', 'land', '2027-01-31'),
    ],
  },
  {
    ...medical,
    code: 'WH-2026-007',
    name: 'Medical union bridge',
    levels: [...BOTH],
    stage: 'under_construction',
    plannedInvestment: mn(800),
    startDate: '2025-11-18',
    plannedCompletionDate: '2027-05-31',
    description: `${DEMO}Named among the zone's key projects to speed up this year.`,
    milestones: [
      done('Groundbreaking', 'groundbreaking', '2025-11-18', '2025-11-18'),
      done('Main building topped out', 'topping_out', '2026-08-31', '2026-08-25'),
      open('Equipment installed', 'equipment', '2027-01-31'),
    ],
    progress: [
      update('2026-08-25', 40, 'Main building topped out.'),
      update('2026-11-18', 52, 'Curtain wall and utilities under way.'),
    ],
    tranches: [
      paid('2025-12-20', 120, 'VCH-MU-2025-1220', '2025-12-29'),
      paid('2026-05-15', 150, 'VCH-MU-2026-0515', '2026-05-22'),
      paid('2026-09-28', 100, 'VCH-MU-2026-0928', '2026-10-09'),
    ],
  },
  {
    code: 'WH-2026-008',
    name: 'Hong Kong and new materials',
    parkCode: 'WH-HTZ',
    clusterKey: 'wh-newmat',
    ...zoneLead,
    department: DEPARTMENTS.investment,
    levels: [...BOTH],
    stage: 'preparing',
    plannedInvestment: mn(950),
    startDate: '2027-01-15',
    plannedCompletionDate: '2027-12-31',
    description: `${DEMO}New materials project named among the zone's key projects this year.`,
    milestones: [
      open('Land listed and transferred', 'land', '2026-05-31', { owner: 'manager' }),
      open('Construction permit issued', 'permits', '2026-11-30'),
    ],
    progress: [update('2026-07-15', 5, 'Waiting for the land listing.')],
  },
  {
    ...electronics,
    code: 'WH-2026-009',
    name: 'Lenovo Image phase II',
    enterpriseKey: 'lenovo-image',
    levels: [...BOTH],
    stage: 'under_construction',
    plannedInvestment: mn(1500),
    expectedAnnualOutput: mn(5000),
    startDate: '2025-05-20',
    plannedCompletionDate: '2026-05-31',
    description: `${DEMO}Second phase of Lenovo Image's printer and imaging base.`,
    milestones: [
      done('Groundbreaking', 'groundbreaking', '2025-05-20', '2025-05-20'),
      done('Plant topped out', 'topping_out', '2025-12-31', '2026-01-15'),
      done('Production lines installed', 'equipment', '2026-04-30', '2026-06-20'),
      open('Project completed by the end of May', 'completion', '2026-05-31', {
        owner: 'manager',
        note: 'Final acceptance waits for the fire-safety inspection',
      }),
    ],
    progress: [
      update('2026-04-30', 70, 'Lines arriving later than planned.'),
      update('2026-07-31', 82, 'Lines installed; commissioning.'),
      update('2026-11-14', 90, 'Final acceptance pending fire inspection.'),
    ],
    tranches: [
      paid('2025-06-30', 400, 'VCH-LI-2025-0630', '2025-07-08'),
      paid('2025-12-30', 350, 'VCH-LI-2025-1230', '2026-01-08'),
      paid('2026-06-30', 300, 'VCH-LI-2026-0630', '2026-07-07'),
      paid('2026-10-20', 150, 'VCH-LI-2026-1020', '2026-10-28'),
    ],
  },
];

/** District-level projects of the zone: not among the 97 provincial and municipal ones. */
const DISTRICT_PROJECTS: DemoProject[] = [
  {
    ...electronics,
    code: 'WH-2026-D01',
    name: 'Toner cartridge line upgrade',
    enterpriseKey: 'hp-toner',
    levels: ['district'],
    stage: 'under_construction',
    plannedInvestment: mn(60),
    startDate: '2026-03-01',
    plannedCompletionDate: '2026-12-31',
    description: `${DEMO}District key project of an HP chain partner.`,
  },
  {
    ...medical,
    code: 'WH-2026-D02',
    name: 'Medical polymer compounding workshop',
    enterpriseKey: 'weigao-polymer',
    levels: ['district'],
    stage: 'signed',
    plannedInvestment: mn(45),
    startDate: '2027-02-01',
    plannedCompletionDate: '2027-09-30',
    description: `${DEMO}District key project of a Weigao chain partner.`,
  },
  {
    code: 'WH-2026-D03',
    name: 'Garment accessories smart warehouse',
    parkCode: 'WH-HTZ',
    enterpriseKey: 'dishang-trims',
    ...zoneLead,
    department: DEPARTMENTS.economic,
    levels: ['district'],
    stage: 'negotiating',
    plannedInvestment: mn(30),
    startDate: '2027-04-01',
    plannedCompletionDate: '2027-10-31',
    description: `${DEMO}District key project of a Dishang chain partner.`,
  },
];

/** Projects elsewhere, to show the registry is not one zone's. */
const OTHER_PARK_PROJECTS: DemoProject[] = [
  {
    code: 'JM-2026-001',
    name: 'Huawei techno-park',
    parkCode: 'QD-JM',
    enterpriseKey: 'huawei',
    levels: ['municipal'],
    stage: 'signed',
    plannedInvestment: mn(5000),
    startDate: '2027-03-01',
    plannedCompletionDate: '2027-12-31',
    department: 'Jimo District Investment Promotion Center',
    description:
      `${DEMO}The most significant of the 32 contracts signed at the Jimo innovation and ` +
      'development conference (400 guests).',
  },
  {
    code: 'JM-2026-002',
    name: 'Airbus Helicopters H135 final assembly line',
    parkCode: 'QD-JM-STIP',
    enterpriseKey: 'airbus-helicopters',
    levels: [...BOTH],
    stage: 'in_operation',
    plannedInvestment: mn(600),
    startDate: '2025-03-01',
    plannedCompletionDate: '2025-12-31',
    department: 'Jimo Science and Technology Industrial Park Office',
    description: `${DEMO}The first non-European final assembly line for H135 helicopters.`,
    tranches: [
      paid('2025-05-30', 350, 'VCH-AH-2025-0530', '2025-06-06'),
      paid('2025-11-28', 220, 'VCH-AH-2025-1128', '2025-12-05'),
    ],
  },
];

export const DEMO_PROJECTS: DemoProject[] = [
  ...NAMED_KEY_PROJECTS,
  ...GENERATED_KEY_PROJECTS,
  ...DISTRICT_PROJECTS,
  ...OTHER_PARK_PROJECTS,
];
