import type { ContractStatus } from '../../contracts/contract.entity.js';
import type { EventKind } from '../../events/event.entity.js';
import type { FollowUpStatus } from '../../visits/follow-up.entity.js';
import type { VisitDirection, VisitParticipant } from '../../visits/visit.entity.js';
import { DEMO, type DemoEnterprise, type DemoUserKey, mn, yuan } from './demo-data.js';

/*
 * The work that wins investment, from the articles: the Lianyungang delegation visiting Lingang
 * Innovation Center (and the policy briefing it was invited to), the 2022 Lingang media tour, and
 * the Jimo innovation and development conference with its 32 contracts. Facts the articles state
 * are kept; exact days, amounts, statuses and the signers other than Huawei and FAW-Volkswagen are
 * illustrative.
 */

export interface DemoFollowUp {
  action: string;
  owner: DemoUserKey;
  dueDate: string;
  status: FollowUpStatus;
  /** The day it left the open status (stored as 18:00 Asia/Shanghai). */
  closedOn?: string;
  doneNote?: string;
}

export interface DemoVisit {
  key: string;
  parkCode: string;
  date: string;
  endDate?: string;
  direction: VisitDirection;
  hostOrganisation: string;
  visitingOrganisation: string;
  leader: string;
  participants: VisitParticipant[];
  purpose: string;
  /** Starts with DEMO: visits have no description column. */
  summary: string;
  outcomes: string;
  followUps: DemoFollowUp[];
}

export interface DemoEvent {
  key: string;
  parkCode: string;
  kind: EventKind;
  name: string;
  startDate: string;
  endDate?: string;
  location?: string;
  organiser?: string;
  attendeeCount?: number;
  description: string;
  /** Media tours: the companies visited. */
  enterpriseKeys?: string[];
}

export interface DemoContract {
  /** Unique within its park. */
  code: string;
  parkCode: string;
  title: string;
  signedAt: string;
  enterpriseKey: string;
  eventKey?: string;
  /** decimal string in `currency` */
  amount: string;
  currency: 'CNY' | 'USD';
  status: ContractStatus;
  /** The key project it became, linked both ways (projects.contract_id). */
  projectCode?: string;
  description: string;
}

export const DEMO_VISITS: DemoVisit[] = [
  {
    key: 'lianyungang-2021',
    parkCode: 'SH-LGIC',
    date: '2021-10-25',
    direction: 'inbound',
    hostOrganisation: 'Lingang Innovation Center Overseas Affairs Department',
    visitingOrganisation:
      'Lianyungang City Bureau of Commerce; Lianyungang National High-tech Zone Management Committee',
    leader: 'Jin Sun',
    participants: [
      {
        name: 'Jin Sun',
        title: 'Deputy Director',
        organisation: 'Lianyungang City Bureau of Commerce',
      },
      {
        name: 'Minchang Xu',
        title: 'Deputy Director',
        organisation: 'Lianyungang National High-tech Zone Management Committee',
      },
      {
        name: 'Hongfei Zhang',
        title: 'General Manager',
        organisation: 'Lingang Innovation Center',
      },
      {
        name: 'Hua Yang',
        title: 'President',
        organisation: 'Global Cross-Border Technology Exchange Research Institute',
      },
    ],
    purpose:
      'Cooperation in the construction of the Lingang Innovation Yangtze River Delta Sub-Center.',
    summary:
      `${DEMO}Mr. Zhang presented the center: founded in 2009 by the Shanghai Municipal Science ` +
      'and Technology Commission, a national technology business incubator featuring intelligent ' +
      'manufacturing; land in Lingang is scarce, so it lays out across the Yangtze River Delta ' +
      '(Ningbo Fenghua Sub-center; talks with Nantong, Huai’an, Lin’an, Shaoxing, Dongyang, Huzhou, ' +
      'Xuancheng). Partners are chosen on two points: local enterprises matching the four major ' +
      'industries of Lingang (aerospace, integrated circuits, artificial intelligence, biomedicine) ' +
      'up- and downstream, and local policies on land, taxation and talent. Ms. Sun presented ' +
      'Lianyungang, where the New Silk Road Economic Belt meets the 21st Century Maritime Silk ' +
      'Road: petrochemicals, new medicines, new materials, equipment manufacturing; the Zhonghua ' +
      'Pharmaceutical Port (Hengrui, Hausen, Zhengda Tianqing, Deyuan) with three product groups; ' +
      '5 colleges and universities and 9 research institutes. Mr. Xu presented the high-tech ' +
      'zone\'s "one zone and five parks" and Haizhou Industrial Park (1992; medicine and health, ' +
      'intelligent equipment, electronic information; rich land resources).',
    outcomes:
      'Both sides found that the two areas can form a good cooperation, new medicines above all. ' +
      'Ms. Sun invited Mr. Zhang and Mr. Yang to visit Lianyungang; Mr. Zhang invited Ms. Sun to ' +
      'the policy briefing of North American entrepreneurs at the Shanghai Free Trade Zone ' +
      'Innovation Summit on 4 November 2021. After the meeting both parties visited the Ningbo ' +
      'Fenghua Exhibition Hall of Lingang Innovation Center and the Shanghai Technology Exchange.',
    followUps: [
      {
        action:
          'Invite Ms. Sun to the policy briefing of North American entrepreneurs at the Shanghai ' +
          'Free Trade Zone Innovation Summit (4 November 2021)',
        owner: 'manager',
        dueDate: '2021-11-04',
        status: 'done',
        closedOn: '2021-11-04',
        doneNote:
          'Invitation and summit programme sent to Ms. Sun; the briefing took place on 4 November.',
      },
      {
        action:
          'Arrange the return visit of Mr. Zhang and Mr. Yang to Lianyungang (Haizhou Industrial ' +
          'Park, Zhonghua Pharmaceutical Port)',
        owner: 'officer',
        dueDate: '2021-12-15',
        status: 'open',
      },
    ],
  },
];

// The Jimo innovation and development conference (late October 2019), two days.
const JIMO_CONFERENCE = 'jimo-conference-2019';
const JIMO_SIGNING_DAY = '2019-10-27';

export const DEMO_EVENTS: DemoEvent[] = [
  {
    key: 'sftz-policy-briefing-2021',
    parkCode: 'SH-LGIC',
    kind: 'policy_briefing',
    name: 'Policy briefing by North American entrepreneurs, Shanghai Free Trade Zone Innovation Summit',
    startDate: '2021-11-04',
    location: 'Shanghai',
    organiser: 'North American entrepreneurs, Shanghai Free Trade Zone Innovation Summit',
    description:
      `${DEMO}Held during the Shanghai Free Trade Zone Innovation Summit; Lingang Innovation ` +
      'Center invited Ms. Jin Sun of the Lianyungang City Bureau of Commerce during her visit on ' +
      '25 October 2021.',
  },
  {
    key: 'lingang-media-tour-2022',
    parkCode: 'WH-LG',
    kind: 'media_tour',
    name: 'Watching New Development in Lingang, 2022 China Mainstream Media Tour',
    startDate: '2022-08-23',
    endDate: '2022-08-24',
    location: 'Lingang District, Weihai City, Shandong Province',
    attendeeCount: 30,
    enterpriseKeys: ['lg-hengxing', 'lg-gaosai', 'lg-taiji', 'lg-sf'],
    description:
      `${DEMO}Nearly 30 journalists toured Lingang District (reported by CRI Online on 26 August ` +
      '2022; the exact days are illustrative). Stops: Weihai Modern Agricultural Industry College ' +
      '(Hengxing), Weihai Gaosai Huayun Automobile Refitting, Weihai Taiji Intelligent Technology, ' +
      'SF Intelligent Sorting and Distribution Center and the Sino-Japanese (Weihai) Cooperation ' +
      'Industrial Park (a park, so not among the linked companies), where they interviewed ' +
      'executives and employees.',
  },
  {
    key: JIMO_CONFERENCE,
    parkCode: 'QD-JM',
    kind: 'conference',
    name: 'Jimo innovation and development conference',
    startDate: '2019-10-26',
    endDate: JIMO_SIGNING_DAY,
    location: 'Jimo District, Qingdao',
    organiser: 'Jimo District People’s Government',
    attendeeCount: 400,
    description:
      `${DEMO}More than 400 local and foreign guests, most of them entrepreneurs and scientists. ` +
      'Discussions on district development plans (marine economy, rural revival, cultural ' +
      'tourism) and the prospects of industrial parks; Party Secretary Zhang Jun stressed support ' +
      'for the business environment and an investment promotion system. After two days 32 ' +
      'contracts were signed, the most significant a Huawei techno-park. (Exact days illustrative.)',
  },
];

/** [key, name, industry, country, parkCode]: fictional signers of the Jimo conference's contracts. */
type Signer = [key: string, name: string, industry: string, country?: string, parkCode?: string];

const STIP = 'QD-JM-STIP';
const JIMO_SIGNERS: Signer[] = [
  ['jm-faw-cv', 'FAW Group commercial vehicle base (Jimo)', 'cars and accessories'],
  ['jm-ruitong', 'Qingdao Ruitong Auto Parts', 'cars and accessories'],
  ['jm-hengchi', 'Qingdao Hengchi Automotive Interiors', 'cars and accessories'],
  ['jm-kessler', 'Kessler Fahrzeugtechnik (Qingdao)', 'cars and accessories', 'DE'],
  ['jm-xinwei', 'Qingdao Xinwei Electronics', 'electronic devices'],
  ['jm-guangchuang', 'Qingdao Guangchuang Optoelectronics', 'electronic devices'],
  ['jm-lianxin', 'Qingdao Lianxin Sensor Technology', 'electronic devices'],
  ['jm-haoneng', 'Qingdao Haoneng Power Electronics', 'electronic devices'],
  ['jm-tongyi', 'Qingdao Tongyi Children’s Wear', 'textiles and clothing'],
  ['jm-huafang', 'Qingdao Huafang Knitting', 'textiles and clothing'],
  ['jm-mianyun', 'Qingdao Mianyun Apparel', 'textiles and clothing'],
  ['jm-tradecity', 'Jimo Trade City Supply Chain Management', 'textiles and clothing'],
  ['jm-kangyuan', 'Qingdao Kangyuan Biopharmaceutical', 'healthcare', 'CN', STIP],
  ['jm-ruikang', 'Qingdao Ruikang Medical Devices', 'healthcare', 'CN', STIP],
  ['jm-haishen', 'Qingdao Haishen Marine Biomedicine', 'healthcare', 'CN', STIP],
  ['jm-yikang', 'Qingdao Yikang Health Industry', 'healthcare'],
  ['jm-dunan', 'Qingdao Dunan Information Security', 'information security'],
  ['jm-mixin', 'Qingdao Mixin Cryptography Technology', 'information security'],
  ['jm-cyberrange', 'Qingdao Jimo Cyber Range Technology', 'information security'],
  ['jm-zhisuan', 'Qingdao Zhisuan AI Computing', 'artificial intelligence'],
  ['jm-shijue', 'Qingdao Shijue Machine Vision', 'artificial intelligence'],
  ['jm-zhixing', 'Qingdao Zhixing Robotics', 'artificial intelligence'],
  ['jm-yuyin', 'Qingdao Yuyin Speech Technology', 'artificial intelligence'],
  ['jm-haiyang', 'Qingdao Haiyang Marine Equipment', 'marine economy'],
  ['jm-hanbada', 'Hanbada Marine Engineering (Qingdao)', 'marine economy', 'KR'],
  ['jm-lanhai', 'Qingdao Lanhai Fisheries', 'marine economy'],
  ['jm-haitian', 'Qingdao Haitian Desalination Equipment', 'marine economy'],
  ['jm-ancientcity', 'Jimo Ancient City Tourism Development', 'cultural tourism'],
  ['jm-aoshan', 'Qingdao Aoshan Bay Resort Development', 'cultural tourism'],
  ['jm-hotspring', 'Qingdao Jimo Hot Spring Wellness Tourism', 'cultural tourism'],
];

export const DEAL_ENTERPRISES: DemoEnterprise[] = JIMO_SIGNERS.map(
  ([key, name, industry, country = 'CN', parkCode = 'QD-JM']) => ({
    key,
    name,
    parkCode,
    country,
    // FAW Group itself is a Fortune Global 500 company; the other signers are fictional
    fortuneGlobal500: key === 'jm-faw-cv',
    description:
      `${DEMO}${key === 'jm-faw-cv' ? 'Commercial vehicle base of FAW named in the article' : 'Fictional investor'}; ` +
      `signed at the 2019 Jimo innovation and development conference (${industry}).`,
  }),
);

/** [title, enterprise key, amount, status, currency] in signing order; codes follow it. */
type Signing = [
  title: string,
  enterpriseKey: string,
  amount: string,
  status: ContractStatus,
  currency?: 'USD',
];

/** The industries the article names for Jimo, with the contracts signed in each. */
const JIMO_SIGNINGS: [industry: string, signings: Signing[]][] = [
  ['technology', [['Huawei techno-park', 'huawei', mn(5000), 'registered']]],
  [
    'cars and accessories',
    [
      ['New energy vehicle battery pack assembly workshop', 'faw-vw', mn(1800), 'funds_in_place'],
      ['Light truck cab welding and painting line', 'jm-faw-cv', mn(1200), 'funds_in_place'],
      ['Automotive wiring harness and connector plant', 'jm-ruitong', mn(320), 'funds_in_place'],
      ['Seats and interior trim plant', 'jm-hengchi', mn(260), 'registered'],
      ['EV thermal management components plant', 'jm-kessler', yuan(45e6), 'registered', 'USD'],
    ],
  ],
  [
    'electronic devices',
    [
      ['Smart terminal mainboard SMT plant', 'jm-xinwei', mn(450), 'funds_in_place'],
      ['Mini-LED display module production line', 'jm-guangchuang', mn(900), 'registered'],
      ['MEMS sensor packaging and testing project', 'jm-lianxin', mn(380), 'signed'],
      ['Power semiconductor module project', 'jm-haoneng', mn(600), 'signed'],
    ],
  ],
  [
    'textiles and clothing',
    [
      [
        'Children’s clothing e-commerce and live-streaming base',
        'jm-tongyi',
        mn(150),
        'funds_in_place',
      ],
      ['Digital dyeing and finishing of knitted fabrics', 'jm-huafang', mn(220), 'registered'],
      [
        'Intelligent garment factory (hanging production system)',
        'jm-mianyun',
        mn(180),
        'terminated',
      ],
      [
        'Children’s clothing design centre and sample library',
        'jm-tradecity',
        mn(90),
        'funds_in_place',
      ],
    ],
  ],
  [
    'healthcare',
    [
      ['Recombinant protein drug pilot plant', 'jm-kangyuan', mn(750), 'registered'],
      ['In-vitro diagnostic reagents production base', 'jm-ruikang', mn(300), 'funds_in_place'],
      ['Marine biomedical materials (chitosan) project', 'jm-haishen', mn(260), 'signed'],
      ['Rehabilitation and elderly-care medical centre', 'jm-yikang', mn(420), 'signed'],
    ],
  ],
  [
    'information security',
    [
      ['Data security operations centre', 'jm-dunan', mn(200), 'registered'],
      ['Commercial cryptography products R&D and production base', 'jm-mixin', mn(350), 'signed'],
      ['Industrial control system security testing range', 'jm-cyberrange', mn(160), 'registered'],
    ],
  ],
  [
    'artificial intelligence',
    [
      ['Artificial intelligence computing centre, phase I', 'jm-zhisuan', mn(1500), 'registered'],
      ['Machine vision inspection equipment project', 'jm-shijue', mn(240), 'funds_in_place'],
      ['Service robot R&D and manufacturing base', 'jm-zhixing', mn(500), 'signed'],
      [
        'Speech recognition and intelligent customer service platform',
        'jm-yuyin',
        mn(120),
        'signed',
      ],
    ],
  ],
  [
    'marine economy',
    [
      ['Deep-sea aquaculture platform manufacturing base', 'jm-haiyang', mn(680), 'registered'],
      ['Marine engineering equipment industry park', 'jm-hanbada', yuan(80e6), 'signed', 'USD'],
      [
        'Ocean ranch and seafood cold-chain processing centre',
        'jm-lanhai',
        mn(350),
        'funds_in_place',
      ],
      ['Seawater desalination equipment production base', 'jm-haitian', mn(280), 'signed'],
    ],
  ],
  [
    'cultural tourism',
    [
      [
        'Jimo ancient city cultural tourism district renovation',
        'jm-ancientcity',
        mn(1100),
        'registered',
      ],
      ['Aoshan Bay coastal resort and marina', 'jm-aoshan', mn(2000), 'signed'],
      ['Hot spring wellness resort', 'jm-hotspring', mn(800), 'funds_in_place'],
    ],
  ],
];

/** The 32 contracts of the Jimo conference, coded JM-2019-001 … JM-2019-032 in signing order. */
export const DEMO_CONTRACTS: DemoContract[] = JIMO_SIGNINGS.flatMap(([industry, signings]) =>
  signings.map((signing) => [industry, ...signing] as const),
).map(([industry, title, enterpriseKey, amount, status, currency], i): DemoContract => ({
  code: `JM-2019-${String(i + 1).padStart(3, '0')}`,
  parkCode: 'QD-JM',
  title,
  signedAt: JIMO_SIGNING_DAY,
  enterpriseKey,
  eventKey: JIMO_CONFERENCE,
  amount,
  currency: currency ?? 'CNY',
  status,
  projectCode: enterpriseKey === 'huawei' ? 'JM-2026-001' : undefined,
  description:
    enterpriseKey === 'huawei'
      ? `${DEMO}The most significant of the 32 contracts signed at the Jimo innovation and ` +
        'development conference; it became the Huawei techno-park key project.'
      : `${DEMO}Signed at the Jimo innovation and development conference (${industry}); amount ` +
        `and status are illustrative${status === 'terminated' ? '; the investor withdrew in 2020' : ''}.`,
}));
