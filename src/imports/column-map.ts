/**
 * The column map of key-project registers: which header fills which project field, in the
 * Chinese of real registers and in English (the API's own names). Import and export share it, so
 * an exported sheet imports back unchanged. Headers are compared after NFKC normalisation
 * (full-width brackets and letters become ASCII), without spaces or line breaks, without a
 * trailing * (a "required" mark) and, for English, case-insensitively and without _ or -.
 */
import type { ProjectLevel, ProjectStage } from '../projects/project.entity.js';

export const AMOUNT_UNITS = ['yuan', '万元', '亿元'] as const;
export type AmountUnit = (typeof AMOUNT_UNITS)[number];

/** `unit` as a query parameter (imports and the xlsx export): 元 is yuan. */
export const UNIT_PARAMS = ['yuan', '元', '万元', '亿元'] as const;
export type UnitParam = (typeof UNIT_PARAMS)[number];

export const unitOf = (param: UnitParam | undefined): AmountUnit =>
  !param || param === '元' ? 'yuan' : param;

/** Powers of ten from a unit to yuan. */
export const UNIT_EXPONENT: Record<AmountUnit, number> = { yuan: 0, 万元: 4, 亿元: 8 };

/** How a unit is written in a header: 总投资(元), 总投资(万元), 总投资(亿元). */
export const UNIT_LABEL: Record<AmountUnit, string> = { yuan: '元', 万元: '万元', 亿元: '亿元' };

export type ImportField =
  | 'code'
  | 'name'
  | 'enterprise'
  | 'cluster'
  | 'levels'
  | 'plannedInvestment'
  | 'annualPlannedInvestment'
  | 'expectedAnnualOutput'
  | 'currency'
  | 'startDate'
  | 'plannedCompletionDate'
  | 'leaderName'
  | 'department'
  | 'location'
  | 'description';

export type ValueKind = 'code' | 'text' | 'amount' | 'date' | 'levels' | 'currency';

export interface ImportColumn {
  field: ImportField;
  kind: ValueKind;
  /** The header an export writes (amounts get their unit appended: 总投资(万元)). */
  header: string;
  /** Other headers accepted, Chinese and English, in order of preference. */
  aliases: string[];
  /** Longest text accepted (the column's size). */
  maxLength?: number;
  /** A cell of this column may not be empty. */
  required?: boolean;
}

/** Every importable column, in the order an export writes them. */
export const IMPORT_COLUMNS: ImportColumn[] = [
  {
    field: 'code',
    kind: 'code',
    header: '项目编号',
    aliases: ['项目编码', '项目代码', '编号', 'code', 'projectCode'],
    required: true,
  },
  {
    field: 'name',
    kind: 'text',
    header: '项目名称',
    aliases: ['名称', 'name', 'projectName'],
    maxLength: 300,
    required: true,
  },
  {
    field: 'enterprise',
    kind: 'text',
    header: '建设单位',
    aliases: [
      '项目单位',
      '建设主体',
      '投资主体',
      '项目业主',
      '业主单位',
      '企业名称',
      'enterprise',
      'enterpriseName',
    ],
    maxLength: 300,
  },
  {
    field: 'cluster',
    kind: 'text',
    header: '所属集群',
    aliases: ['产业集群', '所属产业', '产业', 'cluster', 'clusterName'],
    maxLength: 200,
  },
  {
    field: 'levels',
    kind: 'levels',
    header: '项目级别',
    aliases: ['级别', '项目层级', '重点项目级别', 'levels', 'level'],
  },
  {
    field: 'plannedInvestment',
    kind: 'amount',
    header: '总投资',
    aliases: ['计划总投资', '项目总投资', '总投资额', 'plannedInvestment'],
    required: true,
  },
  {
    field: 'annualPlannedInvestment',
    kind: 'amount',
    header: '年度计划投资',
    aliases: ['年度投资计划', '本年计划投资', '年度计划', 'annualPlannedInvestment'],
  },
  {
    field: 'expectedAnnualOutput',
    kind: 'amount',
    header: '预计年产值',
    aliases: ['达产后年产值', '达产年产值', '年产值', 'expectedAnnualOutput'],
  },
  { field: 'currency', kind: 'currency', header: '币种', aliases: ['货币', 'currency'] },
  {
    field: 'startDate',
    kind: 'date',
    header: '开工时间',
    aliases: ['开工日期', '计划开工时间', '计划开工日期', 'startDate'],
  },
  {
    field: 'plannedCompletionDate',
    kind: 'date',
    header: '竣工时间',
    aliases: [
      '竣工日期',
      '计划竣工时间',
      '计划竣工日期',
      '完工时间',
      '计划完工时间',
      'plannedCompletionDate',
    ],
  },
  {
    field: 'leaderName',
    kind: 'text',
    header: '责任领导',
    aliases: ['包保领导', '分包领导', '牵头领导', 'leaderName', 'leader'],
    maxLength: 100,
  },
  {
    field: 'department',
    kind: 'text',
    header: '责任单位',
    aliases: ['包保单位', '牵头单位', '责任部门', 'department'],
    maxLength: 200,
  },
  {
    field: 'location',
    kind: 'text',
    header: '建设地点',
    aliases: ['项目地点', '项目地址', '建设地址', 'location'],
    maxLength: 300,
  },
  {
    field: 'description',
    kind: 'text',
    header: '备注',
    aliases: ['项目简介', '建设内容', '建设内容及规模', '主要建设内容', '项目概况', 'description'],
    maxLength: 10_000,
  },
];

/**
 * Columns an export adds for reading only: the workflow moves the stage and verified tranches
 * make the realized investment, so an import recognises these headers and leaves them alone.
 */
export const EXPORT_ONLY_COLUMNS = [
  { key: 'stage', header: '项目阶段', aliases: ['stage'] },
  { key: 'realizedInvestment', header: '已完成投资', aliases: ['完成投资', 'realizedInvestment'] },
] as const;

export const STAGE_LABEL: Record<ProjectStage, string> = {
  lead: '推介',
  negotiating: '在谈',
  signed: '签约',
  preparing: '拟开工',
  under_construction: '在建',
  completed: '竣工',
  in_operation: '投产',
  on_hold: '暂缓',
  dropped: '终止',
};

/** Level labels an export writes, in the stored order; the import reads these and more. */
export const LEVEL_LABEL: Record<ProjectLevel, string> = {
  national: '国家级',
  provincial: '省级',
  municipal: '市级',
  district: '区级',
};

/** Level values accepted in a cell (after NFKC, lower-cased), joined by 、 , ， ; ； or /. */
export const LEVEL_VALUES: Record<string, ProjectLevel> = {
  国家级: 'national',
  国家: 'national',
  national: 'national',
  省级: 'provincial',
  省: 'provincial',
  provincial: 'provincial',
  市级: 'municipal',
  市: 'municipal',
  municipal: 'municipal',
  区级: 'district',
  区: 'district',
  县级: 'district',
  县: 'district',
  区县级: 'district',
  县区级: 'district',
  district: 'district',
};

/** Currency names found in registers; otherwise an ISO 4217 code. */
export const CURRENCY_NAMES: Record<string, string> = {
  人民币: 'CNY',
  RMB: 'CNY',
  元: 'CNY',
  美元: 'USD',
  欧元: 'EUR',
  港元: 'HKD',
  港币: 'HKD',
  日元: 'JPY',
  英镑: 'GBP',
};

/** Rows of totals at the foot of a register: skipped when they carry no project code. */
export const TOTAL_ROW_LABELS = new Set(['合计', '总计', '小计']);

/** "单位：万元" written above the header: the unit of every amount column without its own. */
export const SHEET_UNIT_NOTE = /单位[:：]?(元|万元|亿元)/;

/** Header text as compared: NFKC, no whitespace, no required-mark, English folded. */
export function normalizeHeader(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\s_-]+/g, '')
    .replace(/^[*※]+|[*※]+$/g, '')
    .toLowerCase();
}

export type HeaderMatch =
  | { kind: 'field'; column: ImportColumn; unit?: AmountUnit; rank: number }
  | { kind: 'exportOnly'; key: string };

const BY_NAME = new Map<string, { column: ImportColumn; rank: number }>();
for (const column of IMPORT_COLUMNS) {
  [column.header, ...column.aliases].forEach((name, rank) =>
    BY_NAME.set(normalizeHeader(name), { column, rank }),
  );
}
const EXPORT_ONLY = new Map<string, string>();
for (const column of EXPORT_ONLY_COLUMNS) {
  for (const name of [column.header, ...column.aliases])
    EXPORT_ONLY.set(normalizeHeader(name), column.key);
}

// 总投资(万元), 总投资[亿元], 总投资(单位:万元), 总投资万元, plannedInvestment(yuan)
const UNIT_SUFFIX = /^(.+?)(?:[([【]\s*(?:单位[:：]?)?(元|万元|亿元|yuan)[)\]】]|(万元|亿元))$/;
// 2026年计划投资, 2026年度计划投资
const YEAR_PREFIX = /^(?:19|20)\d{2}年度?/;

/** The field a header fills, and the unit its amounts are in when the header says so. */
export function matchHeader(raw: string): HeaderMatch | undefined {
  const header = normalizeHeader(raw);
  if (!header) return undefined;
  const exportOnly = EXPORT_ONLY.get(header.replace(UNIT_SUFFIX, '$1'));
  if (exportOnly) return { kind: 'exportOnly', key: exportOnly };
  const direct = lookup(header);
  if (direct) return { kind: 'field', ...direct };
  const suffix = UNIT_SUFFIX.exec(header);
  if (!suffix) return undefined;
  const base = lookup(suffix[1]);
  if (!base || base.column.kind !== 'amount') return undefined;
  const label = suffix[2] ?? suffix[3];
  const unit: AmountUnit = label === '元' || label === 'yuan' ? 'yuan' : (label as AmountUnit);
  return { kind: 'field', ...base, unit };
}

function lookup(header: string) {
  return (
    BY_NAME.get(header) ??
    (YEAR_PREFIX.test(header) ? BY_NAME.get(`年度${header.replace(YEAR_PREFIX, '')}`) : undefined)
  );
}

/** The header an export writes for a column: amounts carry their unit. */
export function exportHeader(column: ImportColumn, unit: AmountUnit): string {
  return column.kind === 'amount' ? `${column.header}(${UNIT_LABEL[unit]})` : column.header;
}

/** The map as text, for the OpenAPI description. */
export function describeColumnMap(): string {
  const lines = IMPORT_COLUMNS.map(
    (c) =>
      `- \`${c.field}\`: ${[c.header, ...c.aliases].join(', ')}${c.kind === 'amount' ? ' (unit in the header: 总投资(万元), 总投资（亿元）, 总投资(元))' : ''}${c.required ? '; required' : ''}`,
  );
  const readOnly = EXPORT_ONLY_COLUMNS.map((c) => c.header).join(', ');
  return `${lines.join('\n')}\n- read only (exported, ignored on import): ${readOnly}`;
}
