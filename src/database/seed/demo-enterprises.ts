import { DEMO, type DemoChainLink, type DemoEnterprise } from './demo-data.js';

// Enterprises from the articles, and the local partners of the three chain masters.

export const EIIM = { parkCode: 'WH-HTZ-EIIM', clusterKey: 'wh-eiim' };
export const MDBM = { parkCode: 'WH-HTZ-MDBM', clusterKey: 'wh-mdbm' };

const NAMED_ENTERPRISES: DemoEnterprise[] = [
  {
    key: 'hp',
    name: 'HP Inc.',
    ...EIIM,
    country: 'US',
    fortuneGlobal500: true,
    listed: true,
    chainMaster: true,
    description:
      `${DEMO}Chain master of the 100-billion cluster; has led 13 enterprises in the industrial ` +
      'chain to pay more than 10 million yuan in taxes. Its printer industrial park is to make one ' +
      'in three printers in the world.',
  },
  {
    key: 'foxconn',
    name: 'Foxconn',
    ...EIIM,
    country: 'TW',
    fortuneGlobal500: true,
    listed: true,
    description: `${DEMO}One of the four world top 500 enterprises of the park.`,
  },
  {
    key: 'lenovo-image',
    name: 'Lenovo Image',
    ...EIIM,
    country: 'CN',
    fortuneGlobal500: true,
    description: `${DEMO}Counted among the park's world top 500 enterprises; phase II under way.`,
  },
  {
    key: 'jeep',
    name: 'Jeep',
    ...EIIM,
    country: 'US',
    fortuneGlobal500: true,
    description: `${DEMO}Counted among the park's world top 500 enterprises in the article.`,
  },
  {
    key: 'future-robots',
    name: 'Future Robots',
    ...EIIM,
    country: 'CN',
    description: `${DEMO}Investor of the "future robots" key project.`,
  },
  {
    key: 'weigao',
    name: 'Weigao Group',
    ...MDBM,
    country: 'CN',
    listed: true,
    chainMaster: true,
    description: `${DEMO}Chain master of the 100-billion medical cluster; Weigao vaccine phase II.`,
  },
  {
    key: 'haizhen',
    name: 'Haizhen Biological',
    ...MDBM,
    country: 'CN',
    description: `${DEMO}Biological extraction and R&D key project.`,
  },
  {
    key: 'shichuang',
    name: 'Shichuang Medical',
    ...MDBM,
    country: 'CN',
    description: `${DEMO}Investor of the Shichuang Medical key project.`,
  },
  {
    key: 'dishang',
    name: 'Dishang Group',
    parkCode: 'WH-HTZ',
    country: 'CN',
    chainMaster: true,
    description:
      `${DEMO}"Disheng" among the chain masters and "Dishang" for its intelligent manufacturing ` +
      'platform in the article.',
  },
  // the Lingang media tour (2022)
  {
    key: 'lg-hengxing',
    name: 'Weihai Modern Agricultural Industry College (Hengxing)',
    parkCode: 'WH-LG',
    country: 'CN',
    description: `${DEMO}Visited by the 2022 China Mainstream Media Tour.`,
  },
  {
    key: 'lg-gaosai',
    name: 'Weihai Gaosai Huayun Automobile Refitting',
    parkCode: 'WH-LG',
    clusterKey: 'lg-equipment',
    country: 'CN',
    description: `${DEMO}Visited by the 2022 China Mainstream Media Tour.`,
  },
  {
    key: 'lg-taiji',
    name: 'Weihai Taiji Intelligent Technology',
    parkCode: 'WH-LG',
    clusterKey: 'lg-equipment',
    country: 'CN',
    description: `${DEMO}Visited by the 2022 China Mainstream Media Tour.`,
  },
  {
    key: 'lg-sf',
    name: 'SF Intelligent Sorting and Distribution Center',
    parkCode: 'WH-LG',
    country: 'CN',
    description: `${DEMO}Visited by the 2022 China Mainstream Media Tour.`,
  },
  // Jimo District, Qingdao
  {
    key: 'huawei',
    name: 'Huawei Technologies',
    parkCode: 'QD-JM',
    country: 'CN',
    fortuneGlobal500: true,
    description: `${DEMO}Its techno-park was the most significant of the conference's 32 contracts.`,
  },
  {
    key: 'faw-vw',
    name: 'FAW-Volkswagen',
    parkCode: 'QD-JM',
    country: 'CN',
    description: `${DEMO}Production base in Jimo, next to the FAW commercial vehicle base.`,
  },
  {
    key: 'airbus-helicopters',
    name: 'Airbus Helicopters',
    parkCode: 'QD-JM-STIP',
    country: 'FR',
    fortuneGlobal500: true,
    description: `${DEMO}First non-European final assembly line for H135 helicopters.`,
  },
];

/** [key, name, segment] of a chain master's local partners: fictional names, real segments. */
type Partner = [key: string, name: string, segment: string];

const HP_UPSTREAM: Partner[] = [
  ['hp-toner', 'Weihai Hongrun Toner Cartridge', 'toner cartridges'],
  ['hp-powder', 'Weihai Jinyu Imaging Materials', 'toner powder and developer'],
  ['hp-moulding', 'Weihai Haiyi Precision Moulding', 'injection-moulded parts'],
  ['hp-stamping', 'Weihai Dingsheng Metal Stamping', 'precision metal stamping'],
  ['hp-pcba', 'Weihai Xinke Electronics', 'PCB assembly (SMT)'],
  ['hp-fuser', 'Weihai Ruifeng Fuser Technology', 'fuser and roller assemblies'],
  ['hp-harness', 'Weihai Tongda Wire Harness', 'wire harnesses and cables'],
  ['hp-motor', 'Weihai Kaiyuan Micro Motor', 'micro motors and gear trains'],
  ['hp-packaging', 'Weihai Lvbao Packaging', 'packaging and cushioning materials'],
];
const HP_DOWNSTREAM: Partner[] = [
  ['hp-logistics', 'Weihai Gangtong Supply Chain', 'logistics and warehousing'],
  ['hp-export', 'Weihai Xunjie Cross-border Trade', 'export distribution'],
  ['hp-reman', 'Weihai Huanxin Remanufacturing', 'cartridge recycling and remanufacturing'],
  ['hp-service', 'Weihai Yijie Office Services', 'after-sales repair network'],
];
const WEIGAO_UPSTREAM: Partner[] = [
  ['weigao-polymer', 'Weihai Boyuan Medical Polymer', 'medical-grade polymer compounds'],
  ['weigao-sterile', 'Weihai Jingan Sterilization Services', 'EO sterilization services'],
];
const WEIGAO_DOWNSTREAM: Partner[] = [
  ['weigao-coldchain', 'Weihai Kanglian Medical Logistics', 'cold-chain distribution'],
];
const DISHANG_UPSTREAM: Partner[] = [
  ['dishang-textile', 'Weihai Huarong Textile', 'fabrics and yarn'],
  ['dishang-trims', 'Weihai Yuexiu Garment Accessories', 'trims and accessories'],
];

const chain = (
  masterKey: string,
  masterName: string,
  place: { parkCode: string; clusterKey?: string },
  upstream: Partner[],
  downstream: Partner[],
) => {
  const members = [
    ...upstream.map((p) => [...p, 'upstream'] as const),
    ...downstream.map((p) => [...p, 'downstream'] as const),
  ];
  return {
    enterprises: members.map(([key, name, segment]): DemoEnterprise => ({
      key,
      name,
      ...place,
      country: 'CN',
      description: `${DEMO}Fictional local partner in the ${masterName} chain: ${segment}.`,
    })),
    links: members.map(([enterpriseKey, , segment, position]): DemoChainLink => ({
      masterKey,
      enterpriseKey,
      position,
      segment,
    })),
  };
};

const CHAINS = [
  chain('hp', 'HP', EIIM, HP_UPSTREAM, HP_DOWNSTREAM),
  chain('weigao', 'Weigao', MDBM, WEIGAO_UPSTREAM, WEIGAO_DOWNSTREAM),
  chain('dishang', 'Dishang', { parkCode: 'WH-HTZ' }, DISHANG_UPSTREAM, []),
];

export const DEMO_ENTERPRISES: DemoEnterprise[] = [
  ...NAMED_ENTERPRISES,
  ...CHAINS.flatMap((c) => c.enterprises),
];

export const DEMO_CHAIN_LINKS: DemoChainLink[] = CHAINS.flatMap((c) => c.links);
