import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';

/**
 * Noto Sans SC (SIL Open Font License) from @fontsource/noto-sans-sc, its "chinese-simplified"
 * subset: about 8,200 glyphs, common simplified Chinese plus Latin, digits and punctuation, so
 * one font writes the whole bulletin. Characters outside the subset (rare or traditional ones)
 * print as blanks.
 *
 * The package ships WOFF and WOFF2 only, and neither suits pdfkit (fontkit) as it is: from a
 * WOFF2 its subsetter embeds the whole glyf table (2.5 MB in every PDF), and a WOFF is inflated
 * again on every glyph look-up (seconds per page). So the WOFF is unpacked once into the plain
 * TrueType file it wraps, which fontkit reads directly and subsets to the glyphs used.
 */
export interface CjkFonts {
  regular: Buffer;
  bold: Buffer;
}

const require = createRequire(import.meta.url);
const FILE = (weight: number) =>
  `@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-${weight}-normal.woff`;

let fonts: CjkFonts | undefined;

/** Read and unpacked once, on the first bulletin. */
export function cjkFonts(): CjkFonts {
  fonts ??= {
    regular: woffToSfnt(readFileSync(require.resolve(FILE(400)))),
    bold: woffToSfnt(readFileSync(require.resolve(FILE(700)))),
  };
  return fonts;
}

const WOFF_SIGNATURE = 0x774f4646; // 'wOFF'
const WOFF_HEADER = 44;
const WOFF_ENTRY = 20;
const SFNT_HEADER = 12;
const SFNT_ENTRY = 16;

const pad4 = (n: number) => (n + 3) & ~3;

/** WOFF 1.0 → the sfnt (TrueType/OpenType) it compresses: each table inflated, 4-byte aligned. */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.readUInt32BE(0) !== WOFF_SIGNATURE) throw new Error('not a WOFF file');
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = WOFF_HEADER + i * WOFF_ENTRY;
    const offset = woff.readUInt32BE(at + 4);
    const compLength = woff.readUInt32BE(at + 8);
    const origLength = woff.readUInt32BE(at + 12);
    const stored = woff.subarray(offset, offset + compLength);
    return {
      tag: woff.readUInt32BE(at),
      checksum: woff.readUInt32BE(at + 16),
      data: compLength < origLength ? inflateSync(stored) : stored,
    };
  });
  const directory = SFNT_HEADER + numTables * SFNT_ENTRY;
  const size = tables.reduce((sum, t) => sum + pad4(t.data.length), directory);
  const out = Buffer.alloc(size);
  const power = 2 ** Math.floor(Math.log2(numTables));
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(power * 16, 6); // searchRange
  out.writeUInt16BE(Math.log2(power), 8); // entrySelector
  out.writeUInt16BE(numTables * 16 - power * 16, 10); // rangeShift
  let offset = directory;
  tables.forEach((table, i) => {
    const at = SFNT_HEADER + i * SFNT_ENTRY;
    out.writeUInt32BE(table.tag, at);
    out.writeUInt32BE(table.checksum, at + 4);
    out.writeUInt32BE(offset, at + 8);
    out.writeUInt32BE(table.data.length, at + 12);
    table.data.copy(out, offset);
    offset += pad4(table.data.length);
  });
  return out;
}
