import type { ChainPosition } from '../../enterprises/chain-link.entity.js';
import type { MilestoneKind } from '../../milestones/milestone.entity.js';
import type { ParkKind } from '../../parks/park.entity.js';
import type { ProjectLevel, ProjectStage } from '../../projects/project.entity.js';
import type { Role } from '../../users/user.entity.js';

/*
 * The demo data set, built from the five source articles in /shared/seeds. Facts the articles
 * state are kept as stated; anything else (amounts, dates, supplier names) is illustrative and
 * every row says so: descriptions start with DEMO and demo users' names end with " (demo)".
 * Rows refer to each other by stable keys (park codes, enterprise keys); seed-demo.ts turns the
 * keys into fixed UUIDs.
 */

export const DEMO = '[Demo data] ';

/** The date the demo snapshot describes: nothing after it is marked done, paid or verified. */
export const DEMO_AS_OF = '2026-11-20';

export type DemoUserKey = 'manager' | 'officer';

export interface DemoPark {
  code: string;
  name: string;
  kind: ParkKind;
  /** Listed before its children: the park_closure trigger needs the parent first. */
  parentCode?: string;
  city?: string;
  province?: string;
  areaSqKm?: number;
  description: string;
}

export interface DemoCluster {
  key: string;
  parkCode: string;
  name: string;
  areaSqKm?: number;
  /** yuan, decimal string */
  scaleTarget?: string;
  description: string;
}

export interface DemoEnterprise {
  key: string;
  name: string;
  parkCode: string;
  clusterKey?: string;
  /** ISO 3166-1 alpha-2 */
  country: string;
  fortuneGlobal500?: boolean;
  listed?: boolean;
  chainMaster?: boolean;
  description: string;
}

export interface DemoChainLink {
  masterKey: string;
  enterpriseKey: string;
  position: ChainPosition;
  segment: string;
}

export interface DemoUser {
  key: DemoUserKey;
  email: string;
  password: string;
  name: string;
  role: Role;
  parkCodes: string[];
}

export interface DemoMilestone {
  title: string;
  kind: MilestoneKind;
  dueDate: string;
  /** The day it was closed (stored as 18:00 Asia/Shanghai); open when absent. */
  completedOn?: string;
  owner?: DemoUserKey;
  note?: string;
}

export interface DemoProgress {
  date: string;
  percentComplete: number;
  note: string;
}

export interface DemoTranche {
  date: string;
  /** yuan, decimal string */
  amount: string;
  evidenceRef: string;
  /** Verified by the demo manager on that day; unverified when absent. */
  verifiedOn?: string;
  note?: string;
}

export interface DemoProject {
  /** Unique across the demo set (and so within its park). */
  code: string;
  name: string;
  parkCode: string;
  clusterKey?: string;
  enterpriseKey?: string;
  levels: ProjectLevel[];
  stage: ProjectStage;
  /** yuan, decimal string */
  plannedInvestment: string;
  expectedAnnualOutput?: string;
  startDate: string;
  plannedCompletionDate: string;
  department?: string;
  leader?: DemoUserKey;
  officer?: DemoUserKey;
  location?: string;
  description: string;
  milestones?: DemoMilestone[];
  progress?: DemoProgress[];
  tranches?: DemoTranche[];
}

/** 1 billion yuan, as the articles count (10 亿元). */
export const BILLION = 1_000_000_000;
export const yuan = (amount: number) => `${Math.round(amount)}.00`;
/** Million yuan, as a decimal string. */
export const mn = (millions: number) => yuan(millions * 1_000_000);

/** The zone's responsible (包保) departments. */
export const DEPARTMENTS = {
  investment: 'Investment Promotion Bureau (投资促进局)',
  economic: 'Economic Development Bureau (经济发展局)',
  science: 'Science and Technology Innovation Bureau (科技创新局)',
  construction: 'Planning and Construction Bureau (规划建设局)',
  approval: 'Administrative Approval Services Bureau (行政审批服务局)',
  eiim: 'Electronic Information Industrial Park Office (电子信息产业园办公室)',
  mdbm: 'Medical Devices Industrial Park Office (医疗器械产业园办公室)',
} as const;

export const DEMO_PARKS: DemoPark[] = [
  {
    code: 'WH-HTZ',
    name: 'Weihai High-tech Zone',
    kind: 'zone',
    city: 'Weihai',
    province: 'Shandong',
    description:
      `${DEMO}Plans 97 provincial and municipal key projects this year (high-end platform, medical ` +
      'equipment, OA equipment, new materials and products). "Chain investment" and the "563" ' +
      'strategy of industrial multiplication built two 100-billion industrial clusters; ranked 52nd ' +
      'among the top 100 national parks for high-quality development. Runs a closed loop of ' +
      'project promotion, inspection room supervision and assessment; service brand "All according ' +
      'to the order, happy to do"; six elements guarantee: land, policy, innovation, capital, human ' +
      'resources, law.',
  },
  {
    code: 'WH-HTZ-EIIM',
    name: 'Electronic Information and Intelligent Manufacturing Industrial Park',
    kind: 'industrial_park',
    parentCode: 'WH-HTZ',
    city: 'Weihai',
    province: 'Shandong',
    description:
      `${DEMO}Home to four Fortune Global 500 enterprises (HP, Jeep, Lenovo Image, Foxconn); a ` +
      'national five-star industrial demonstration base. HP is building the printer industrial ' +
      'park that makes Weihai the "printer capital of the world".',
  },
  {
    code: 'WH-HTZ-MDBM',
    name: 'Medical Devices and Biomedicine Industrial Park',
    kind: 'industrial_park',
    parentCode: 'WH-HTZ',
    city: 'Weihai',
    province: 'Shandong',
    description:
      `${DEMO}National new-type industrialization demonstration base and national ` +
      'innovation-oriented industrial cluster pilot; brand value 62.1 billion yuan in 2021, first ' +
      "among the province's manufacturing parks two years running.",
  },
  {
    code: 'WH-LG',
    name: 'Lingang District, Weihai',
    kind: 'district',
    city: 'Weihai',
    province: 'Shandong',
    description:
      `${DEMO}Three industry clusters: new materials, high-end equipment manufacturing, ` +
      'pharmaceuticals/medical devices. More than 50 national- and provincial-level innovation ' +
      'platforms. 2022 goals: raise 8.7 million yuan for new materials, electronic information and ' +
      'biomedicine, and bring in 46 million yuan of private-sector R&D investment.',
  },
  {
    code: 'WH-LG-SJ',
    name: 'Sino-Japanese (Weihai) Cooperation Industrial Park',
    kind: 'industrial_park',
    parentCode: 'WH-LG',
    city: 'Weihai',
    province: 'Shandong',
    description:
      `${DEMO}Built from 2021 with the district taking the lead; collaborations with foreign ` +
      'companies build capacity for domestic and international markets. A stop of the 2022 ' +
      'media tour.',
  },
  {
    code: 'WH-LG-SE',
    name: 'Sino-Europe (Weihai) SME Cooperation Zone',
    kind: 'industrial_park',
    parentCode: 'WH-LG',
    city: 'Weihai',
    province: 'Shandong',
    description: `${DEMO}Approved in 2018; a platform for cooperation with European SMEs.`,
  },
  {
    code: 'SH-LGIC',
    name: 'Lingang Innovation Center',
    kind: 'innovation_center',
    city: 'Shanghai',
    province: 'Shanghai',
    description:
      `${DEMO}Established in 2009 by the Shanghai Municipal Science and Technology Commission; a ` +
      'national technology business incubator featuring intelligent manufacturing. Land is ' +
      'scarce, so it lays out across the Yangtze River Delta (in contact with Nantong, Huai’an, ' +
      "Lin'an, Shaoxing, Dongyang, Huzhou, Xuancheng). Partners are matched to Lingang's four " +
      'major industries: aerospace, integrated circuits, artificial intelligence, biomedicine.',
  },
  {
    code: 'SH-LGIC-NBFH',
    name: 'Ningbo Fenghua Sub-center',
    kind: 'sub_center',
    parentCode: 'SH-LGIC',
    city: 'Ningbo',
    province: 'Zhejiang',
    description: `${DEMO}The Lingang Innovation Center's sub-center and exhibition hall in Fenghua.`,
  },
  {
    code: 'LYG-HTZ',
    name: 'Lianyungang High-tech Zone',
    kind: 'zone',
    city: 'Lianyungang',
    province: 'Jiangsu',
    description:
      `${DEMO}Lianyungang National High-tech Zone, laid out as "one zone and five parks". The city ` +
      'sits where the New Silk Road Economic Belt meets the 21st Century Maritime Silk Road; ' +
      'strong in petrochemicals, new medicines, new materials and equipment manufacturing.',
  },
  {
    code: 'LYG-HTZ-HZ',
    name: 'Haizhou Industrial Park',
    kind: 'industrial_park',
    parentCode: 'LYG-HTZ',
    city: 'Lianyungang',
    province: 'Jiangsu',
    description:
      `${DEMO}Established in 1992; medicine and health, intelligent equipment and electronic ` +
      'information; convenient transport, rich land resources, complete living facilities.',
  },
  {
    code: 'QD-IIIP',
    name: 'Qingdao International Investment Industrial Park',
    kind: 'industrial_park',
    city: 'Qingdao',
    province: 'Shandong',
    areaSqKm: 37.3,
    description:
      `${DEMO}The largest complex of the Jinan-Qingdao-Yantai International Investment Park; work ` +
      'plan 2020-2025. Three clusters on 37.3 km² (4.5 West Coast New Area, 6.3 Jimo + 15 Laixi, ' +
      '11.5 Pingdu). 2025 targets: no less than 130 leading enterprises and an industrial scale of ' +
      '270 billion yuan (the cluster scale targets split that total; the split is illustrative).',
  },
  {
    code: 'QD-JM',
    name: 'Jimo District, Qingdao',
    kind: 'district',
    city: 'Qingdao',
    province: 'Shandong',
    description:
      `${DEMO}An economic development zone since 1992; more than forty Fortune Global companies ` +
      'have invested. Home to the FAW-Volkswagen production base. Its innovation and development ' +
      'conference brought together more than 400 guests and 32 contracts were signed, the most ' +
      'significant a Huawei techno-park.',
  },
  {
    code: 'QD-JM-STIP',
    name: 'Jimo Science and Technology Industrial Park',
    kind: 'industrial_park',
    parentCode: 'QD-JM',
    city: 'Qingdao',
    province: 'Shandong',
    description:
      `${DEMO}Develops the high-tech biomedical industry; Airbus Helicopters runs its first ` +
      'non-European final assembly line for H135 helicopters here.',
  },
];

export const DEMO_CLUSTERS: DemoCluster[] = [
  {
    key: 'wh-eiim',
    parkCode: 'WH-HTZ-EIIM',
    name: 'Electronic information and intelligent manufacturing',
    scaleTarget: yuan(100 * BILLION),
    description: `${DEMO}One of the zone's two 100-billion industrial clusters; chain master HP.`,
  },
  {
    key: 'wh-mdbm',
    parkCode: 'WH-HTZ-MDBM',
    name: 'Medical devices and biomedicine',
    scaleTarget: yuan(100 * BILLION),
    description: `${DEMO}One of the zone's two 100-billion industrial clusters; chain master Weigao.`,
  },
  {
    key: 'wh-newmat',
    parkCode: 'WH-HTZ',
    name: 'New materials and products',
    description: `${DEMO}One of the industries of the zone's key projects this year.`,
  },
  {
    key: 'lg-newmat',
    parkCode: 'WH-LG',
    name: 'New materials',
    description: `${DEMO}One of the three industry clusters that call Lingang home.`,
  },
  {
    key: 'lg-equipment',
    parkCode: 'WH-LG',
    name: 'High-end equipment manufacturing',
    description: `${DEMO}One of the three industry clusters that call Lingang home.`,
  },
  {
    key: 'lg-pharma',
    parkCode: 'WH-LG',
    name: 'Pharmaceuticals and medical devices',
    description: `${DEMO}One of the three industry clusters that call Lingang home.`,
  },
  {
    key: 'qd-digital',
    parkCode: 'QD-IIIP',
    name: 'Digital technology and intelligent manufacturing',
    areaSqKm: 4.5,
    scaleTarget: yuan(80 * BILLION),
    description:
      `${DEMO}4.5 km² in the West Coast New Area: integrated circuits, new displays, ultra HD ` +
      'video; intelligent equipment and robot manufacturing.',
  },
  {
    key: 'qd-nev',
    parkCode: 'QD-IIIP',
    name: 'New energy vehicles',
    areaSqKm: 21.3,
    scaleTarget: yuan(120 * BILLION),
    description:
      `${DEMO}6.3 km² in Jimo District and 15 km² in Laixi: new energy vehicle projects and ` +
      'automotive electrical appliances, aiming at the largest NEV industrial base in the world.',
  },
  {
    key: 'qd-home',
    parkCode: 'QD-IIIP',
    name: 'Smart home appliances',
    areaSqKm: 11.5,
    scaleTarget: yuan(70 * BILLION),
    description:
      `${DEMO}11.5 km² in Pingdu: home appliances, smart home, smart terminals, data transmission ` +
      'and processing modules.',
  },
  {
    key: 'hz-health',
    parkCode: 'LYG-HTZ-HZ',
    name: 'Medicine and health',
    description: `${DEMO}A leading industry of Haizhou Industrial Park.`,
  },
  {
    key: 'hz-equipment',
    parkCode: 'LYG-HTZ-HZ',
    name: 'Intelligent equipment',
    description: `${DEMO}A leading industry of Haizhou Industrial Park.`,
  },
  {
    key: 'hz-electronics',
    parkCode: 'LYG-HTZ-HZ',
    name: 'Electronic information',
    description: `${DEMO}A leading industry of Haizhou Industrial Park.`,
  },
];

export const DEMO_USERS: DemoUser[] = [
  {
    key: 'manager',
    email: 'manager@zone.example',
    password: 'manager-demo-2026',
    name: 'Zone Manager (demo)',
    role: 'manager',
    parkCodes: ['WH-HTZ'],
  },
  {
    key: 'officer',
    email: 'officer@zone.example',
    password: 'officer-demo-2026',
    name: 'Medical Park Officer (demo)',
    role: 'officer',
    parkCodes: ['WH-HTZ-MDBM'],
  },
];
