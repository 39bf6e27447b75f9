// No DOM here (environment node): the renderer is rendered to HTML on the server, which is
// enough to check its structure — labels tied to inputs, hidden fields absent, sections, buttons.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { FormDefinition } from './definition';
import { FormRenderer } from './renderer';
import { NATURAL_PERSON, legalPersonRecord, xkDefinition } from './testing/xk-form';

const def = xkDefinition();
const render = (defaultValues: Record<string, unknown>, locale: 'zh-CN' | 'en' = 'zh-CN', serverErrors?: Record<string, string>) =>
  renderToStaticMarkup(<FormRenderer definition={def} formKey="test:render@1" locale={locale} idPrefix="xk" defaultValues={defaultValues} onSubmit={() => {}} serverErrors={serverErrors} />);

describe('FormRenderer (server-rendered HTML)', () => {
  it('labels every input and select with a matching id', () => {
    const html = render(legalPersonRecord());
    const ids = [...html.matchAll(/<(?:input|select|textarea)[^>]*\sid="([^"]+)"/g)].map((m) => m[1]);
    const fors = new Set([...html.matchAll(/<label[^>]*\sfor="([^"]+)"/g)].map((m) => m[1]));
    expect(ids.length).toBeGreaterThan(20);
    for (const id of ids) expect(fors.has(id)).toBe(true);
  });

  it('shows only the fields the subject category asks for, with required markers', () => {
    const legal = render(legalPersonRecord());
    expect(legal).toContain('id="xk-XK_FRDB"');
    expect(legal).not.toContain('id="xk-XK_XDR_ZJHM"');
    expect(legal).toMatch(/<input[^>]*id="xk-XK_FRDB"[^>]*aria-required="true"|<input[^>]*aria-required="true"[^>]*id="xk-XK_FRDB"/);
    const natural = render({ ...legalPersonRecord(), XK_XDR_LB: NATURAL_PERSON });
    expect(natural).not.toContain('id="xk-XK_FRDB"');
    expect(natural).toContain('id="xk-XK_XDR_ZJHM"');
  });

  it('renders sections, enum options, and repeating groups with keyboard-usable buttons', () => {
    const html = render({ ...legalPersonRecord(), items: [{ name: '甲', holder: '李四' }] }, 'en');
    expect(html).toContain('>Subject</h2>');
    expect(html).toContain('>Decision</h2>');
    expect(html).toContain('<option value="">Select…</option>');
    expect(html).toContain('<legend class="px-1 text-xs font-medium text-slate-600">Row 1</legend>');
    expect(html).toContain('id="xk-items__0__holderId"');
    expect(html).toMatch(/<button type="button"[^>]*>Remove row 1<\/button>/);
    expect(html).toMatch(/<button type="button"[^>]*>Add a row<\/button>/);
    expect(html).toMatch(/<button type="submit"[^>]*>Submit<\/button>/);
  });

  it('lists server errors that no visible field can show at the top, as an alert', () => {
    const html = render(legalPersonRecord(), 'zh-CN', { '': '该记录已被他人修改，请刷新后重试。' });
    expect(html).toContain('role="alert"');
    expect(html).toContain('该记录已被他人修改');
  });

  it('lays out forms in blocks that stay put as fields show and hide; long forms let the browser skip blocks off screen', async () => {
    const definitionOf = (n: number) => {
      const properties: Record<string, unknown> = { f0: { type: 'string', enum: ['是', '否'] } };
      const fields: Record<string, unknown> = { f0: { label: { 'zh-CN': '字段0', en: 'Field 0' }, widget: 'select' } };
      for (let i = 1; i < n; i++) {
        properties[`f${i}`] = { type: 'string' };
        fields[`f${i}`] = { label: { 'zh-CN': `字段${i}`, en: `Field ${i}` }, ...(i === 1 ? { visibleIf: { field: 'f0', op: 'eq', value: '是' } } : {}) };
      }
      return { schema: { type: 'object', properties }, ui: { order: Object.keys(properties), fields } } as unknown as FormDefinition;
    };
    const html = (def: FormDefinition, f0: string) => renderToStaticMarkup(<FormRenderer definition={def} formKey={`test:long${Object.keys(def.schema.properties).length}@1`} locale="zh-CN" idPrefix="lf" defaultValues={{ f0 }} onSubmit={() => {}} />);
    const blocks = (h: string) => [...h.matchAll(/<div data-block="([^"]+)"( style="([^"]+)")?/g)].map((m) => ({ first: m[1], style: m[3] ?? '' }));
    const short = definitionOf(25);
    const shownAll = html(short, '是');
    const hidden = html(short, '否');
    expect(shownAll).toContain('id="lf-f1"');
    expect(hidden).not.toContain('id="lf-f1"');
    // The same three blocks either way: hiding f1 does not shift f10 and f20 into other blocks.
    expect(blocks(shownAll).map((b) => b.first)).toEqual(['f0', 'f10', 'f20']);
    expect(blocks(hidden).map((b) => b.first)).toEqual(['f0', 'f10', 'f20']);
    // A short form is drawn whole.
    expect(blocks(hidden).every((b) => b.style === '')).toBe(true);
    // A long one may be skipped off screen, yet every field is in the markup (and the accessibility tree).
    const long = html(definitionOf(120), '否');
    expect(blocks(long)).toHaveLength(12);
    for (const b of blocks(long)) expect(b.style).toContain('content-visibility:auto');
    for (let i = 2; i < 120; i++) expect(long).toContain(`<label for="lf-f${i}"`);
  });

  it('shows the fields bound to the subject read-only, with the header’s values and a note saying where they come from', () => {
    const subject = { type: '法人及非法人组织', code: '91350100M000100Y43', name: '福州某某科技有限公司' };
    const html = renderToStaticMarkup(<FormRenderer definition={def} formKey="test:render@1" locale="zh-CN" idPrefix="xk" defaultValues={{ XK_XDR_MC: '福州某某科技有限公司', XK_XDR_SHXYM: '91350100M000100Y43' }} subject={subject} onSubmit={() => {}} />);
    for (const id of ['XK_XDR_MC', 'XK_XDR_LB', 'XK_XDR_SHXYM']) expect(html).toMatch(new RegExp(`<input id="xk-${id}" type="text" readOnly=""`));
    expect(html).toContain('value="91350100M000100Y43"');
    expect(html).toContain('按上方的主体代码自动填写');
    // the fields that are not about the subject stay editable
    expect(html).not.toMatch(/<input[^>]*id="xk-XK_XKBH"[^>]*readOnly/);
  });

  it('speaks English in English: no seeded label of the 行政许可 form is shown in Chinese', () => {
    const html = render(legalPersonRecord(), 'en');
    const labels = [...html.matchAll(/<(?:label|legend)[^>]*>([^<]+)/g)].map((m) => m[1]!);
    expect(labels.length).toBeGreaterThan(10);
    expect(labels.filter((l) => /[\u4e00-\u9fff]/.test(l))).toEqual([]);
    expect(html).toContain('Name of the party concerned');
    expect(html).toContain('>Legal person or unincorporated organisation</option>');
    expect(html).toContain('<option value="普通">General</option>');
  });
});
