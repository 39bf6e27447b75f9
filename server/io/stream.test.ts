import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { inertText, restoreText, tableStream } from './stream';

async function* pages(rows: (string | number | null)[][]) {
  yield rows;
}

describe('formula-like text in CSV and XLSX exports', () => {
  it('puts an apostrophe before text starting with = + - @, a tab or a CR, and leaves numbers and other text', () => {
    for (const s of ['=HYPERLINK("http://evil.example","x")', '+1+cmd|/c calc', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '-', '=']) expect(inertText(s)).toBe(`'${s}`);
    for (const s of ['-12.5', '+86', '-1e5', '1-2', 'a=b', '', "'=already", '张三', '2024-01-01']) expect(inertText(s)).toBe(s);
  });

  it('restoreText undoes exactly what inertText did', () => {
    for (const s of ['=1+1', '-x', '@a', "'abc", "'-12", '-12', 'plain', "'"]) expect(restoreText(inertText(s))).toBe(s);
  });

  it('the shared CSV writer makes text inert and keeps numbers as numbers', async () => {
    const bytes = await new Response(tableStream('csv', 's', ['=head', 'amount'], pages([['=1+1', -12.5], ['-5%', 3], ['ok', null]]))).arrayBuffer();
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toBe("\uFEFF'=head,amount\n'=1+1,-12.5\n'-5%,3\nok,\n");
  });

  it('the shared XLSX writer does the same, numbers stay numeric cells', async () => {
    const bytes = await new Response(tableStream('xlsx', 's', ['subject', 'amount'], pages([['@cmd', -12.5], ['+x', 7]]))).arrayBuffer();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes);
    const ws = wb.getWorksheet('s')!;
    expect(ws.getRow(2).getCell(1).value).toBe("'@cmd");
    expect(ws.getRow(2).getCell(2).value).toBe(-12.5);
    expect(ws.getRow(3).getCell(1).value).toBe("'+x");
  });
});
