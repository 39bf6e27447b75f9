/**
 * Hand-built .xlsx archives for tests: a minimal one-sheet workbook whose parts we write
 * ourselves, so a part can declare any size — the zip bomb of issue 11 (sharedStrings.xml
 * declaring 1 KB and inflating to 1 GiB) costs ~2.5 MB and milliseconds to build.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface Part {
  name: string;
  /** raw deflate data */
  data: Buffer;
  /** the inflated size the archive declares (a bomb lies here) */
  size: number;
  crc: number;
}

export const part = (name: string, text: string): Part => {
  const raw = Buffer.from(text);
  return { name, data: deflateRawSync(raw), size: raw.length, crc: crc32(raw) };
};

/**
 * `units` copies of ~1 MiB of shared-string XML as raw deflate: each copy is compressed once with a
 * full flush (byte-aligned, no reference back), so repeating it repeats the text, then an empty
 * final block. ~2.5 KB per MiB inflated.
 */
export function bombData(units: number): { data: Buffer; inflated: number } {
  const unit = Buffer.from('<si><t>aaaa</t></si>'.repeat(52_429));
  const block = deflateRawSync(unit, { finishFlush: constants.Z_FULL_FLUSH, level: 9 });
  return { data: Buffer.concat([...Array<Buffer>(units).fill(block), deflateRawSync(Buffer.alloc(0))]), inflated: unit.length * units };
}

/** A minimal ZIP (local headers, central directory, end record) with the sizes we choose. */
export function zipOf(parts: Part[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(p.crc, 14);
    local.writeUInt32LE(p.data.length, 18);
    local.writeUInt32LE(p.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(p.crc, 16);
    central.writeUInt32LE(p.data.length, 20);
    central.writeUInt32LE(p.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, p.data);
    centrals.push(central, name);
    offset += 30 + name.length + p.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, cd, end]));
}

/** A one-sheet workbook (header + one row, both through shared strings) around the given sharedStrings part. */
export function workbook(sharedStrings: Part): Uint8Array {
  return zipOf([
    part('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'),
    part('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    part('xl/workbook.xml', '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    part('xl/_rels/workbook.xml.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
    part('xl/worksheets/sheet1.xml', '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row></sheetData></worksheet>'),
    sharedStrings,
  ]);
}

export const STRINGS = '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4"><si><t>编码 (code)</t></si><si><t>名称 (name)</t></si><si><t>T-001</t></si><si><t>甲</t></si></sst>';

/** The bomb of issue 11: sharedStrings.xml declares 1 KB and inflates to 1 GiB (~2.5 MB on disk). */
export function lyingBombWorkbook(): Uint8Array {
  return workbook({ name: 'xl/sharedStrings.xml', data: bombData(1024).data, size: 1024, crc: 0 });
}
