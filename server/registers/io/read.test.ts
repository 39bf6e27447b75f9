/**
 * The shared upload readers (register and record imports): CSV through csv-parse, XLSX sized up
 * through yauzl before exceljs parses it. Zip bombs are built here, in memory, in milliseconds.
 */
import { describe, expect, it } from 'vitest';
import { decodeText, IMPORT_LIMITS, IoRefusal, parseCsv, readImportFile } from './read';
import { readRecordFile } from '../../records/import';
import { bombData, part, STRINGS, workbook } from '../../testing/zip-bomb';

const utf8 = (s: string) => new TextEncoder().encode(s);

function refusalOf(fn: () => unknown): IoRefusal {
  try {
    fn();
  } catch (e) {
    if (e instanceof IoRefusal) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

async function asyncRefusalOf(p: Promise<unknown>): Promise<IoRefusal> {
  try {
    await p;
  } catch (e) {
    if (e instanceof IoRefusal) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('CSV (csv-parse)', () => {
  it('reads quoted delimiters, doubled quotes and line breaks inside a cell; rows numbered as a spreadsheet shows them', () => {
    const rows = parseCsv('编码,名称,说明\r\nT-001,"甲, 乙","他说""好"""\r\nT-002,"第一行\n第二行",x\r\n', 100);
    expect(rows).toEqual([
      { row: 1, cells: ['编码', '名称', '说明'] },
      { row: 2, cells: ['T-001', '甲, 乙', '他说"好"'] },
      { row: 3, cells: ['T-002', '第一行\n第二行', 'x'] },
    ]);
  });

  it('skips blank records but keeps counting them, and accepts LF, CRLF and CR line ends mixed', () => {
    const rows = parseCsv('a,b\n\n , \r\n1,2\r3,4\r\n', 100);
    expect(rows).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 4, cells: ['1', '2'] },
      { row: 5, cells: ['3', '4'] },
    ]);
  });

  it('takes the delimiter from the header line: tab (pasted from Excel), comma, semicolon', () => {
    expect(parseCsv('a\tb\n1\t2, 3', 10)[1]!.cells).toEqual(['1', '2, 3']);
    expect(parseCsv('a;b\n1;2', 10)[1]!.cells).toEqual(['1', '2']);
    expect(parseCsv('a,b;c\n1,2;3', 10)[1]!.cells).toEqual(['1', '2;3']);
  });

  it('keeps a quote inside an unquoted cell as text, and rows of different lengths', () => {
    expect(parseCsv('a,b\n12" pipe,x,extra\nonly', 10).slice(1)).toEqual([
      { row: 2, cells: ['12" pipe', 'x', 'extra'] },
      { row: 3, cells: ['only'] },
    ]);
  });

  it('refuses a quote that is never closed, naming the line in both languages', () => {
    const e = refusalOf(() => parseCsv('a,b\n1,2\n3,"unclosed\n4,5\n', 10));
    expect(e.status).toBe(400);
    expect(e.text['zh-CN']).toContain('引号没有闭合');
    expect(e.text.en).toContain('never closed');
  });

  it('stops at the row limit without reading the rest', () => {
    const e = refusalOf(() => parseCsv('a\n' + '1\n'.repeat(50), 10));
    expect(e.key).toBe('registersIo.errors.tooManyRows');
  });

  it('decodes UTF-8 with or without BOM, and GB18030 (Excel on a Chinese Windows)', async () => {
    const gbk = new Uint8Array([0xb1, 0xe0, 0xc2, 0xeb, 0x20, 0x28, 0x63, 0x6f, 0x64, 0x65, 0x29, 0x2c, 0xc3, 0xfb, 0xb3, 0xc6, 0x0a, 0x54, 0x2d, 0x31, 0x2c, 0xc3, 0xfb, 0xb3, 0xc6, 0x0a]);
    expect(decodeText(gbk)).toBe('编码 (code),名称\nT-1,名称\n');
    const withBom = await readImportFile('x.csv', utf8('\uFEFF编码 (code),名称\nT-1,甲\n'));
    expect(withBom.format === 'csv' && withBom.headers).toEqual(['编码 (code)', '名称']);
    const fromGbk = await readImportFile('x.csv', gbk);
    expect(fromGbk.format === 'csv' && fromGbk.rows[0]!.cells).toEqual(['T-1', '名称']);
  });

  it('reads back text an export made inert (a leading apostrophe before = + - @), and leaves other apostrophes', () => {
    const rows = parseCsv("a,b,c,d\n'=HYPERLINK(\"x\"),'-5%,'abc,'-12\n", 10);
    expect(rows[1]!.cells).toEqual(['=HYPERLINK("x")', '-5%', "'abc", "'-12"]);
  });

  it('refuses a cell holding NUL or an unpaired surrogate, naming row and column, in every format', async () => {
    const nul = await asyncRefusalOf(readImportFile('x.csv', utf8('编码 (code),名称 (name)\nT-1,ok\nT-2,a\u0000b\n')));
    expect(nul.status).toBe(400);
    expect(nul.text['zh-CN']).toBe('第 3 行「名称 (name)」含有无法保存的字符（空字符 NUL）：请删除该字符后重新上传。');
    const json = await asyncRefusalOf(readImportFile('x.json', utf8(JSON.stringify({ entries: [{ code: 'T-1', content: { name: 'x\uD800y' } }] }))));
    expect(json.text.en).toContain('Row 1, "content.name"');
    expect(json.text.en).toContain('unpaired Unicode surrogate');
    // (A NUL in the first 4 KB makes the record import call the file binary, 415.)
    const rec = await asyncRefusalOf(readRecordFile('r.csv', utf8('主体名称,数额\n' + '甲,1\n'.repeat(2000) + '乙\u0000,2\n')));
    expect(rec.key).toBe('registersIo.errors.badText');
    expect(rec.text.en).toContain('Row 2002, "主体名称"');
  });
});

describe('XLSX sized up before parsing (yauzl)', () => {
  it('reads the hand-built workbook when its parts are honest (so the refusals below are about size)', async () => {
    const parsed = await readImportFile('ok.xlsx', workbook(part('xl/sharedStrings.xml', STRINGS)));
    expect(parsed).toMatchObject({ format: 'xlsx', headers: ['编码 (code)', '名称 (name)'], rows: [{ row: 2, cells: ['T-001', '甲'] }] });
  });

  it('refuses a zip bomb whose sharedStrings.xml declares 1 KB and inflates to 1 GiB, saying so in both languages', async () => {
    const bomb = bombData(1024);
    const bytes = workbook({ name: 'xl/sharedStrings.xml', data: bomb.data, size: 1024, crc: 0 });
    expect(bytes.byteLength).toBeLessThan(IMPORT_LIMITS.maxBytes);
    expect(bomb.inflated).toBeGreaterThan(1024 ** 3);
    const e = await asyncRefusalOf(readImportFile('bomb.xlsx', bytes));
    expect(e.status).toBe(413);
    expect(e.key).toBe('registersIo.errors.unpackedLies');
    expect(e.text['zh-CN']).toBe('「bomb.xlsx」中的 xl/sharedStrings.xml 解压后比文件自己声明的大小更大（可能是“压缩炸弹”），已停止读取：请用 Excel 或 WPS 重新另存为 .xlsx 后重试。');
    expect(e.text.en).toContain('possible zip bomb');
    // The record import (its own, larger limits) reads through the same gate.
    const r = await asyncRefusalOf(readRecordFile('bomb.xlsx', bytes));
    expect(r.key).toBe('registersIo.errors.unpackedLies');
  });

  it('refuses a workbook that honestly declares more than the unpacked limit, before inflating it', async () => {
    const bomb = bombData(IMPORT_LIMITS.maxUnpackedBytes / 1048576 + 8);
    const e = await asyncRefusalOf(readImportFile('big.xlsx', workbook({ name: 'xl/sharedStrings.xml', data: bomb.data, size: bomb.inflated, crc: 0 })));
    expect(e.status).toBe(413);
    expect(e.key).toBe('registersIo.errors.unpackedTooLarge');
    expect(e.text['zh-CN']).toContain(`工作簿解压后超过 ${IMPORT_LIMITS.maxUnpackedBytes / 1048576} MB`);
  });

  it('refuses a file that is not a zip archive inside, and one with a broken part, as not a workbook', async () => {
    const truncated = workbook(part('xl/sharedStrings.xml', STRINGS)).slice(0, 400);
    expect((await asyncRefusalOf(readImportFile('cut.xlsx', truncated))).status).toBe(415);
    const garbage = workbook({ name: 'xl/sharedStrings.xml', data: Buffer.from('not deflate data at all'), size: 10, crc: 0 });
    expect((await asyncRefusalOf(readImportFile('garbage.xlsx', garbage))).key).toBe('registersIo.errors.notXlsx');
  });
});
