/**
 * A key-project register as zones receive it: Chinese headers, amounts in 万元, levels joined by
 * 、, dates written several ways, one enterprise for every five projects. The same arguments give
 * the same file, byte for byte in CSV (a second import of it changes nothing).
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';

export type RegisterFormat = 'csv' | 'xlsx';

export interface RegisterOptions {
  /** Prefix of the project codes (default GEN) */
  codePrefix?: string;
  /** Seed of the pseudo-random values (default 1) */
  seed?: number;
}

export const REGISTER_HEADER = [
  '项目编号',
  '项目名称',
  '建设单位',
  '建设地点',
  '项目级别',
  '总投资(万元)',
  '年度计划投资（万元）',
  '开工时间',
  '竣工时间',
  '责任领导',
  '责任单位',
  '备注',
];

const LEVELS = ['省级、市级', '市级', '区级', '国家级、省级、市级', '市级,区级', ''];
const PLACES = ['初村镇', '双岛街道', '怡园街道', '田和街道', '临港区', '经开区'];
const INDUSTRIES = ['智能制造', '医疗器械', '新能源汽车', '电子信息', '生物医药', '新材料'];
const LEADERS = ['刘伟', '王芳', '张强', '李娜', '陈杰', '赵敏'];
const DEPARTMENTS = ['区招商局', '区发改局', '区工信局', '区商务局', '区住建局'];

/** Park–Miller: small, seedable, the same sequence on every machine. */
function random(seed: number) {
  let state = seed % 2147483647 || 1;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

/** One row of the register, as text cells (xlsx writes dates as text too: the form varies). */
export function registerRow(i: number, rnd: () => number, codePrefix: string): string[] {
  const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)];
  const year = 2024 + Math.floor(rnd() * 3);
  const month = 1 + Math.floor(rnd() * 12);
  const day = 1 + Math.floor(rnd() * 28);
  const start = [
    `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    `${year}/${month}/${day}`,
    `${year}年${month}月${day}日`,
    `${year}.${String(month).padStart(2, '0')}`,
  ][i % 4];
  const end = `${year + 1 + Math.floor(rnd() * 3)}-${String(month).padStart(2, '0')}`;
  // 万元 with up to 4 decimals: every value is a whole number of yuan
  const total = (1000 + Math.floor(rnd() * 9_000_000)) / 10_000;
  const wan = (n: number) => n.toFixed(4).replace(/\.?0+$/, '');
  const enterprise = Math.floor(i / 5);
  return [
    `${codePrefix}-${String(i + 1).padStart(6, '0')}`,
    `${pick(INDUSTRIES)}项目${i + 1}号`,
    `${INDUSTRIES[enterprise % INDUSTRIES.length]}企业${enterprise + 1}有限公司`,
    pick(PLACES),
    LEVELS[i % LEVELS.length],
    wan(total * 100),
    wan(total * 30),
    start,
    end,
    pick(LEADERS),
    pick(DEPARTMENTS),
    i % 3 === 0 ? `年产${1 + (i % 50)}万台套，"一期"工程` : '',
  ];
}

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The register with `rows` projects, as a CSV (UTF-8 with BOM) or XLSX file. */
export async function generateRegister(
  rows: number,
  format: RegisterFormat,
  options: RegisterOptions = {},
): Promise<Buffer> {
  const rnd = random(options.seed ?? 1);
  const prefix = options.codePrefix ?? 'GEN';
  if (format === 'csv') {
    const lines = [`\uFEFF${REGISTER_HEADER.join(',')}`];
    for (let i = 0; i < rows; i++) lines.push(registerRow(i, rnd, prefix).map(csvCell).join(','));
    return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
  }
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve, reject) => out.on('end', resolve).on('error', reject));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true });
  const sheet = workbook.addWorksheet('重点项目');
  sheet.addRow(REGISTER_HEADER).commit();
  for (let i = 0; i < rows; i++) {
    const row = registerRow(i, rnd, prefix);
    // amounts as number cells, as Excel keeps them
    sheet.addRow(row.map((v, c) => (c === 5 || c === 6 ? Number(v) : v))).commit();
  }
  sheet.commit();
  await workbook.commit();
  await done;
  return Buffer.concat(chunks);
}

export interface TimedImport {
  importId: string;
  status: string;
  /** Request sent → 202 (or 201 for a small file) answered. */
  acceptedMs: number;
  /** Request sent → the import succeeded or failed. */
  totalMs: number;
  created: number;
  updated: number;
}

/**
 * Uploads a register to a running API (`baseUrl` like http://127.0.0.1:3000) and waits for the
 * import to finish, polling GET /imports/{id}: the figure `npm run bench` reports.
 */
export async function importOverHttp(
  baseUrl: string,
  token: string,
  parkId: string,
  file: Buffer,
  filename: string,
  query = '',
): Promise<TimedImport> {
  const started = performance.now();
  const form = new FormData();
  form.append('file', new Blob([file]), filename);
  const headers = { authorization: `Bearer ${token}` };
  const res = await fetch(`${baseUrl}/api/v1/imports/projects?parkId=${parkId}${query}`, {
    method: 'POST',
    headers,
    body: form,
  });
  const body = (await res.json()) as { importId: string; created?: number; updated?: number };
  const acceptedMs = Math.round(performance.now() - started);
  if (res.status === 200 || res.status === 201) {
    // 200: a dry run, 201: a small file imported within the request
    return {
      importId: body.importId,
      status: res.status === 200 ? 'checked' : 'succeeded',
      acceptedMs,
      totalMs: acceptedMs,
      created: body.created ?? 0,
      updated: body.updated ?? 0,
    };
  }
  if (res.status !== 202) throw new Error(`import answered ${res.status}: ${JSON.stringify(body)}`);
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    const poll = await fetch(`${baseUrl}/api/v1/imports/${body.importId}`, { headers });
    const state = (await poll.json()) as { status: string; created: number; updated: number };
    if (state.status === 'succeeded' || state.status === 'failed') {
      return {
        importId: body.importId,
        status: state.status,
        acceptedMs,
        totalMs: Math.round(performance.now() - started),
        created: state.created,
        updated: state.updated,
      };
    }
  }
}
