import type {
  ServiceElement,
  ServiceRequestStatus,
} from '../../service-requests/service-request.entity.js';
import type { DemoUserKey } from './demo-data.js';

/*
 * Requests of Weihai High-tech Zone enterprises under the six elements guarantee (land, policy,
 * innovation, capital, human resources, law), at every step of their lifecycle on DEMO_AS_OF:
 * open → in progress → resolved or rejected → closed by the follow-up check (回访销号).
 * All of them are illustrative.
 */

export interface DemoServiceRequest {
  key: string;
  /** The request's park is its enterprise's park. */
  enterpriseKey: string;
  /** A project code in the enterprise's park, when the request is about a key project. */
  projectCode?: string;
  element: ServiceElement;
  /** Without the DEMO mark, which the seed adds. */
  description: string;
  owner: DemoUserKey;
  /** The day it came in (created_at, 09:30 Asia/Shanghai); due after the element's default days. */
  openedOn: string;
  status: ServiceRequestStatus;
  resolution?: string;
  /** The day it was resolved or rejected (17:00 Asia/Shanghai). */
  resolvedOn?: string;
  /** The follow-up check with the enterprise; closed ones only (11:00 Asia/Shanghai). */
  followUp?: { satisfaction: 1 | 2 | 3 | 4 | 5; note: string; closedOn: string };
}

/** The migration's default days per element (service_element_settings), for the due dates. */
export const DEFAULT_DUE_DAYS: Record<ServiceElement, number> = {
  land: 30,
  policy: 7,
  innovation: 15,
  capital: 20,
  human_resources: 10,
  law: 10,
};

export const DEMO_SERVICE_REQUESTS: DemoServiceRequest[] = [
  {
    key: 'hp-warehouse-land',
    enterpriseKey: 'hp',
    projectCode: 'WH-2026-001',
    element: 'land',
    description:
      'Needs 30 mu of industrial land next to the printer industrial park for a finished-goods ' +
      'warehouse before the end-of-May completion.',
    owner: 'manager',
    openedOn: '2026-03-02',
    status: 'closed',
    resolution:
      'The adjacent 30-mu plot was put up for auction and won by HP; land handed over on 3 April.',
    resolvedOn: '2026-04-03',
    followUp: {
      satisfaction: 5,
      note: 'Warehouse foundations poured; the HP supply chain team is satisfied.',
      closedOn: '2026-04-15',
    },
  },
  {
    key: 'lenovo-leased-equipment-policy',
    enterpriseKey: 'lenovo-image',
    projectCode: 'WH-2026-009',
    element: 'policy',
    description:
      'Asks whether the provincial equipment-upgrade subsidy covers phase II production lines ' +
      'acquired under a finance lease.',
    owner: 'manager',
    openedOn: '2026-10-12',
    status: 'resolved',
    resolution:
      'Explained with the Economic Development Bureau: leased equipment qualifies when the lease ' +
      'runs at least three years; application checklist sent.',
    resolvedOn: '2026-10-16',
  },
  {
    key: 'haizhen-engineering-centre',
    enterpriseKey: 'haizhen',
    projectCode: 'WH-2026-003',
    element: 'innovation',
    description:
      'Support to apply for a provincial engineering research centre for marine biological ' +
      'extraction.',
    owner: 'officer',
    openedOn: '2026-11-09',
    status: 'in_progress',
  },
  {
    key: 'weigao-polymer-loan',
    enterpriseKey: 'weigao-polymer',
    projectCode: 'WH-2026-D02',
    element: 'capital',
    description:
      'A 20-million-yuan working-capital loan for the compounding workshop, backed by the ' +
      "zone's loan guarantee fund.",
    owner: 'officer',
    openedOn: '2026-06-01',
    status: 'closed',
    resolution:
      'The guarantee fund backed a 20 million yuan loan from a local bank; drawn on 18 June.',
    resolvedOn: '2026-06-18',
    followUp: {
      satisfaction: 4,
      note: 'Satisfied; asks for a lower guarantee fee next time.',
      closedOn: '2026-06-30',
    },
  },
  {
    key: 'foxconn-technicians',
    enterpriseKey: 'foxconn',
    element: 'human_resources',
    description:
      'Needs 300 skilled technicians (SMT operators, equipment maintenance) before the year-end ' +
      'production peak.',
    owner: 'manager',
    openedOn: '2026-11-02',
    status: 'in_progress',
  },
  {
    key: 'shichuang-supply-dispute',
    enterpriseKey: 'shichuang',
    projectCode: 'WH-2026-005',
    element: 'law',
    description:
      'Legal advice on a disputed equipment supply contract that delays the clean-room fit-out.',
    owner: 'officer',
    openedOn: '2026-11-16',
    status: 'open',
  },
  {
    key: 'dishang-trims-land-use',
    enterpriseKey: 'dishang-trims',
    projectCode: 'WH-2026-D03',
    element: 'land',
    description:
      'Asks to change 12 mu of industrial land to commercial use for a showroom next to the ' +
      'planned smart warehouse.',
    owner: 'manager',
    openedOn: '2026-10-19',
    status: 'rejected',
    resolution:
      'Rejected: the plot is industrial land in the approved plan and its use cannot be changed; ' +
      "showroom space offered in the zone's enterprise service centre instead.",
    resolvedOn: '2026-11-13',
  },
  {
    key: 'hp-toner-interest-subsidy',
    enterpriseKey: 'hp-toner',
    projectCode: 'WH-2026-D01',
    element: 'capital',
    description:
      'Interest subsidy on a 15-million-yuan equipment loan for the toner cartridge line upgrade.',
    owner: 'manager',
    openedOn: '2026-11-18',
    status: 'open',
  },
  {
    key: 'weigao-talent-apartments',
    enterpriseKey: 'weigao',
    projectCode: 'WH-2026-002',
    element: 'human_resources',
    description: 'Talent apartments for 40 vaccine R&D staff joining the second phase.',
    owner: 'officer',
    openedOn: '2026-04-20',
    status: 'closed',
    resolution: "40 units allocated in the zone's talent community from 15 May.",
    resolvedOn: '2026-05-12',
    followUp: {
      satisfaction: 3,
      note: 'Units allocated, but 12 are far from the plant; a commuter bus was requested.',
      closedOn: '2026-05-29',
    },
  },
  {
    key: 'future-robots-hte',
    enterpriseKey: 'future-robots',
    projectCode: 'WH-2026-006',
    element: 'policy',
    description:
      'High-tech enterprise recognition: which R&D expenses count and when the reduced tax rate ' +
      'applies.',
    owner: 'manager',
    openedOn: '2026-08-03',
    status: 'closed',
    resolution: 'R&D expense rules and the checklist explained; application filed on 8 August.',
    resolvedOn: '2026-08-08',
    followUp: {
      satisfaction: 5,
      note: 'Application accepted; the enterprise praised the speed.',
      closedOn: '2026-08-20',
    },
  },
  {
    key: 'hp-export-compliance',
    enterpriseKey: 'hp-export',
    element: 'law',
    description:
      'Export-control and cross-border data compliance review before shipping printers with ' +
      'firmware updates to EU customers.',
    owner: 'manager',
    openedOn: '2026-10-26',
    status: 'resolved',
    resolution:
      "The zone's legal service station referred it to a partner law firm; review completed.",
    resolvedOn: '2026-11-05',
  },
];
