import { describe, expect, it } from 'vitest';
import { deflateRawSync } from 'node:zlib';
import PizZip from 'pizzip';
import { buildDocx, docxText, fillDocx, placeholdersOf } from './docx';

const template = () =>
  buildDocx([
    { text: '拟列入告知书', style: 'redTitle' },
    { text: '{{文号}}', style: 'number' },
    { text: '{{主体名称}}（统一社会信用代码：{{统一社会信用代码}}）：' },
    { text: '你单位因{{事由}}，拟列入{{名单名称}}。如有异议，请于{{异议截止日}}前提出。' },
  ]);

describe('DOCX templates', () => {
  it('finds the placeholders of a template and fills them', () => {
    const t = template();
    expect(placeholdersOf(t)).toEqual(['文号', '主体名称', '统一社会信用代码', '事由', '名单名称', '异议截止日']);
    const out = fillDocx(t, { 文号: '市市场监管局信告〔2026〕1号', 主体名称: '某某建材有限公司', 统一社会信用代码: '91350100M000100Y43', 事由: '违法排污 & 拒不改正', 名单名称: '重点关注名单', 异议截止日: '2026-12-11' });
    const text = docxText(out);
    expect(text).toContain('市市场监管局信告〔2026〕1号');
    expect(text).toContain('你单位因违法排污 & 拒不改正，拟列入重点关注名单。如有异议，请于2026-12-11前提出。');
    expect(placeholdersOf(out)).toEqual([]);
  });

  it('a placeholder Word split over several runs is still found', () => {
    const zip = new PizZip(template());
    const xml = zip.file('word/document.xml')!.asText().replace('{{事由}}', '{{事</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>由}}');
    zip.file('word/document.xml', xml);
    const split = zip.generate({ type: 'uint8array' });
    expect(placeholdersOf(split)).toContain('事由');
  });

  it('refuses what is not a Word document', () => {
    expect(() => placeholdersOf(new TextEncoder().encode('not a zip at all'))).toThrow(expect.objectContaining({ key: 'documents.errors.notDocx' }));
    const zip = new PizZip();
    zip.file('xl/workbook.xml', '<workbook/>');
    expect(() => placeholdersOf(zip.generate({ type: 'uint8array' }))).toThrow(expect.objectContaining({ key: 'documents.errors.notDocx' }));
  });

  it('refuses a template with a broken placeholder, naming the problem', () => {
    const broken = buildDocx([{ text: '{{主体名称' }]);
    expect(() => placeholdersOf(broken)).toThrow(expect.objectContaining({ key: 'documents.errors.badTemplate' }));
  });

  it('refuses a zip bomb whose parts lie about their size, quickly and without inflating it all', () => {
    const parts = Object.entries(new PizZip(template()).files).filter(([, f]) => !f.dir).map(([name, f]) => ({ name, data: Buffer.from(f.asUint8Array()) }));
    // 300 MB of zeros deflates to ~300 kB; the headers claim 10 bytes, as a malicious file would.
    const bomb = { name: 'word/media/bomb.xml', raw: deflateRawSync(Buffer.alloc(300 * 1024 * 1024)), declared: 10 };
    const started = Date.now();
    expect(() => placeholdersOf(craftZip(parts, bomb))).toThrow(expect.objectContaining({ key: 'documents.errors.inflatesTooMuch' }));
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

/** A ZIP written by hand: stored parts plus one deflated part whose headers lie about its size. */
function craftZip(stored: { name: string; data: Buffer }[], lying: { name: string; raw: Buffer; declared: number }): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const add = (name: string, method: number, body: Buffer, size: number) => {
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, body);
    centrals.push(central, n);
    offset += 30 + n.length + body.length;
  };
  for (const p of stored) add(p.name, 0, p.data, p.data.length);
  add(lying.name, 8, lying.raw, lying.declared);
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(stored.length + 1, 8);
  end.writeUInt16LE(stored.length + 1, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, cd, end]));
}
