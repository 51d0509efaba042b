/**
 * CSV files as registers arrive: UTF-8 with or without a BOM, GB18030/GBK (what Excel saves as
 * "CSV" on a Chinese Windows), or UTF-16 with a BOM (Excel's "Unicode text", tab-separated).
 */

/** The text of a CSV file; the encoding is told by the BOM, else UTF-8 if valid, else GB18030. */
export function decodeCsv(content: Buffer): string {
  if (content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf) {
    return new TextDecoder('utf-8').decode(content.subarray(3));
  }
  if (content[0] === 0xff && content[1] === 0xfe) {
    return new TextDecoder('utf-16le').decode(content.subarray(2));
  }
  if (content[0] === 0xfe && content[1] === 0xff) {
    return new TextDecoder('utf-16be').decode(content.subarray(2));
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    // GBK text is almost never valid UTF-8: its bytes over 0x80 come in pairs UTF-8 refuses
    return new TextDecoder('gb18030').decode(content);
  }
}

/** The separator of the header line: comma, else tab or semicolon if the line has more of them. */
export function sniffDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  const count = (c: string) => firstLine.split(c).length - 1;
  const [best] = [',', '\t', ';'].sort((a, b) => count(b) - count(a));
  return count(best) > 0 ? best : ',';
}

/**
 * Records of RFC 4180 CSV: quoted cells may hold separators, quotes ("") and line breaks; CRLF,
 * LF or CR end a record. Yields each record with its 1-based number (as a spreadsheet shows it).
 */
export function* parseCsv(
  text: string,
  delimiter = ',',
): Generator<{ number: number; cells: string[] }> {
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let number = 0;
  let i = 0;
  const n = text.length;
  const endRecord = () => {
    cells.push(cell);
    const record = { number: ++number, cells };
    cells = [];
    cell = '';
    return record;
  };
  while (i < n) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      // copy a run of plain characters at once
      const next = text.indexOf('"', i);
      const end = next === -1 ? n : next;
      cell += text.slice(i, end);
      i = end;
      continue;
    }
    if (c === '"' && cell === '') {
      quoted = true;
      i++;
    } else if (c === delimiter) {
      cells.push(cell);
      cell = '';
      i++;
    } else if (c === '\r' || c === '\n') {
      yield endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      let end = i + 1;
      while (end < n) {
        const d = text[end];
        if (d === delimiter || d === '\r' || d === '\n' || d === '"') break;
        end++;
      }
      cell += text.slice(i, end);
      i = end;
    }
  }
  if (cell !== '' || cells.length > 0) yield endRecord();
}
