// No DOM here (environment node): the renderer is rendered to HTML on the server, which is
// enough to check its structure — labels tied to inputs, hidden fields absent, sections, buttons.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
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
});
