import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { decodeCsv, parseCsv, sniffDelimiter } from './csv-text.js';
import { readRegister, registerFormat, type SheetRow } from './register-reader.js';
import { RegisterParser } from './register-parser.js';

const rowsOf = (content: Buffer, format: 'csv' | 'xlsx') => [...readRegister(content, format)];

describe('CSV', () => {
  it('parses quoted cells with separators, doubled quotes and line breaks; CRLF, LF or CR', () => {
    const text = 'a,"b,1","say ""hi""","two\r\nlines"\r\nc,,d\ne\rlast';
    expect([...parseCsv(text)]).toEqual([
      { number: 1, cells: ['a', 'b,1', 'say "hi"', 'two\r\nlines'] },
      { number: 2, cells: ['c', '', 'd'] },
      { number: 3, cells: ['e'] },
      { number: 4, cells: ['last'] },
    ]);
  });

  it('decodes UTF-8 with and without BOM, GB18030 and UTF-16 with BOM', () => {
    expect(decodeCsv(Buffer.from('\uFEFF项目编号', 'utf8'))).toBe('项目编号');
    expect(decodeCsv(Buffer.from('项目编号', 'utf8'))).toBe('项目编号');
    // 项目 in GBK
    expect(decodeCsv(Buffer.from([0xcf, 0xee, 0xc4, 0xbf, 0x2c, 0x41]))).toBe('项目,A');
    expect(
      decodeCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('名称\t代码', 'utf16le')])),
    ).toBe('名称\t代码');
  });

  it('takes the separator of the header line: comma, else tab or semicolon', () => {
    expect(sniffDelimiter('a,b,c\n1;2')).toBe(',');
    expect(sniffDelimiter('a\tb\tc')).toBe('\t');
    expect(sniffDelimiter('a;b;c,d')).toBe(';');
    expect(sniffDelimiter('single')).toBe(',');
  });
});

describe('XLSX', () => {
  it('reads the first sheet in workbook order: strings, numbers, dates, formulas, booleans, rich text', async () => {
    const workbook = new ExcelJS.Workbook();
    const first = workbook.addWorksheet('重点项目');
    workbook.addWorksheet('说明').addRow(['not', 'this']);
    first.addRow(['项目编号', '项目名称', '开工时间', '总投资']);
    first.addRow([
      'A-1',
      { richText: [{ text: '惠普' }, { text: '打印机', font: { bold: true } }] },
      new Date(Date.UTC(2026, 4, 31)),
      { formula: '1+2', result: 3 },
    ]);
    first.getCell('C2').numFmt = 'yyyy"年"m"月"d"日"';
    first.addRow([]);
    first.getCell('B4').value = '跳过一行 & <标记>';
    first.getCell('D4').value = true;
    const rows = rowsOf(Buffer.from(await workbook.xlsx.writeBuffer()), 'xlsx');
    expect(rows).toEqual([
      { number: 1, cells: ['项目编号', '项目名称', '开工时间', '总投资'] },
      { number: 2, cells: ['A-1', '惠普打印机', new Date(Date.UTC(2026, 4, 31)), 3] },
      { number: 4, cells: [null, '跳过一行 & <标记>', null, true] },
    ]);
  });

  it('reads inline strings, prefixed elements and the 1904 date system of other writers', () => {
    const sheet = `<?xml version="1.0" encoding="UTF-8"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t xml:space="preserve"> 项目编号 </x:t></x:is></x:c><x:c r="C1" s="1"><x:v>44711</x:v></x:c></x:row>
<x:row><x:c t="inlineStr"><x:is><x:r><x:t>临港</x:t></x:r><x:r><x:t>创新中心</x:t></x:r><x:rPh><x:t>りんこう</x:t></x:rPh></x:is></x:c><x:c t="str"><x:f>A1</x:f><x:v>a&amp;b_x000D_</x:v></x:c></x:row>
</x:sheetData></x:worksheet>`;
    const styles = `<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="[$-804]yyyy/m/d;@"/></numFmts>
<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"><alignment/></xf></cellXfs></styleSheet>`;
    const workbook = `<workbook><workbookPr date1904="1"/><sheets><sheet name="S" sheetId="7" r:id="rId9"/></sheets></workbook>`;
    const rels = `<Relationships><Relationship Id="rId9" Target="/xl/worksheets/data.xml"/></Relationships>`;
    const rows = rowsOf(
      zip({
        'xl/worksheets/data.xml': sheet,
        'xl/styles.xml': styles,
        'xl/workbook.xml': workbook,
        'xl/_rels/workbook.xml.rels': rels,
      }),
      'xlsx',
    );
    expect(rows).toEqual([
      { number: 1, cells: [' 项目编号 ', null, new Date(Date.UTC(2026, 4, 31))] },
      { number: 2, cells: ['临港创新中心', 'a&b\r'] },
    ]);
  });

  it('refuses what is not a workbook', () => {
    expect(() => registerFormat('a.xlsx', '', Buffer.from('name,code'))).toThrow(/not an .xlsx/);
    expect(() => rowsOf(Buffer.from('PK\x03\x04 broken', 'latin1'), 'xlsx')).toThrow(/not a zip/);
    expect(() => registerFormat('a.xls', '', Buffer.alloc(4))).toThrow(/neither .csv nor .xlsx/);
    expect(registerFormat('Register.CSV', 'application/octet-stream', Buffer.alloc(0))).toBe('csv');
  });
});

describe('RegisterParser', () => {
  const feed = (rows: (string | null)[][]) => {
    const parser = new RegisterParser('万元');
    rows.forEach((cells, i) => parser.add({ number: i + 1, cells } as SheetRow));
    parser.finish();
    return parser;
  };

  it('finds the header under a title, skips blank and total rows, keeps the file row numbers', () => {
    const parser = feed([
      ['2026年重点项目', null],
      ['序号', '项目编号', '项目名称', '总投资', '总投资(亿元)'],
      ['1', 'A', '甲', '5', '1'],
      [null, null, null],
      ['合 计', null, null, '5', null],
      ['2', 'B', '乙', '', null],
    ]);
    expect(parser.layout).toMatchObject({ headerRow: 2, ignored: ['序号', '总投资(亿元)'] });
    expect(parser.rows).toEqual([
      { row: 3, values: { code: 'A', name: '甲', plannedInvestment: '50000.00' } },
      { row: 6, values: { code: 'B', name: '乙' } },
    ]);
    expect(parser.errors.items).toEqual([{ row: 6, column: '总投资', message: 'is required' }]);
  });

  it('counts every error but lists at most 10,000', () => {
    const rows: (string | null)[][] = [['项目编号', '项目名称']];
    for (let i = 0; i < 10_005; i++) rows.push([`C-${i}`, null]);
    const parser = feed(rows);
    expect(parser.errors.count).toBe(10_005);
    expect(parser.errors.items).toHaveLength(10_000);
  });
});

/** A stored (uncompressed) or deflated zip of text entries, as other writers make them. */
function zip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = deflateRawSync(Buffer.from(text, 'utf8'));
    const nameBytes = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
