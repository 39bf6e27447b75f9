// No DOM here (environment node), as in ../renderer.test.tsx: the designer is rendered to HTML,
// which is enough to check that its controls are named, its handles described, its preview is
// the real renderer, and problems are shown on their field.
import { renderToStaticMarkup } from 'react-dom/server';
import { IntlProvider } from 'use-intl';
import { describe, expect, it } from 'vitest';
import zhAll from '../../messages/zh-CN.json';
import enAll from '../../messages/en.json';

const zh = { formDesigner: zhAll.formDesigner, formHelp: zhAll.formHelp };
const en = { formDesigner: enAll.formDesigner, formHelp: enAll.formHelp };
import type { FormDefinition } from '../definition';
import { xkDefinition } from '../testing/xk-form';
import { FormDefinitionField } from './form-definition-field';
import { FormDesigner } from './form-designer';
import { setText } from './operations';

function render(def: FormDefinition | undefined, selected?: string, locale: 'zh-CN' | 'en' = 'zh-CN') {
  return renderToStaticMarkup(
    <IntlProvider locale={locale} messages={locale === 'zh-CN' ? zh : en} timeZone="Asia/Shanghai">
      <FormDesigner value={def} onChange={() => {}} defaultSelected={selected} />
    </IntlProvider>,
  );
}

describe('FormDesigner (server-rendered HTML)', () => {
  it('names every palette button, field and drag handle in zh-CN', () => {
    const html = render(xkDefinition());
    for (const type of ['单行文本', '多行文本', '数值', '金额（万元）', '日期', '代码表', '统一社会信用代码', '居民身份证号码', '电话', '电子邮箱', '是否', '分组', '重复组']) {
      expect(html).toContain(`aria-label="添加字段：${type}"`);
    }
    expect(html).toContain('aria-label="拖动以调整「法定代表人」的顺序"');
    expect(html).toContain('aria-roledescription="sortable"');
    expect(html).toContain('aria-label="编辑字段「经办人身份证号」（holderId）"');
    expect(html).toContain('定义有效，可以保存。');
  });

  it('renders the live preview with the real renderer, conditionally hidden fields absent', () => {
    const html = render(xkDefinition());
    expect(html).toContain('id="fd-preview-XK_XDR_MC"');
    // 法定代表人 shows only for 法人及非法人组织, which an empty preview has not chosen.
    expect(html).not.toContain('id="fd-preview-XK_FRDB"');
    expect(html).toMatch(/<button type="submit"[^>]*>校验预览<\/button>/);
  });

  it('shows the selected field’s rules: labels, condition builder on the real target, mask', () => {
    const html = render(xkDefinition(), 'XK_FRDB');
    expect(html).toContain('字段设置：法定代表人');
    expect(html).toMatch(/<legend[^>]*>显示条件<\/legend>/);
    expect(html).toMatch(/<option value="XK_XDR_LB" selected="">行政相对人类别（XK_XDR_LB）<\/option>/);
    expect(html).toMatch(/<option value="eq" selected="">等于<\/option>/);
    expect(html).toContain('满足条件时必填');
    expect(html).toContain('个人信息（对无权限的角色脱敏显示）');
  });

  it('puts a problem on its field: a badge in the list and the message in the panel and the summary', () => {
    const def = setText(xkDefinition(), 'XK_FRDB', 'label', 'en', '');
    const html = render(def, 'XK_FRDB');
    expect(html).toContain('>1 个问题</span>');
    expect(html).toContain('定义中有 1 个问题：');
    expect(html).toContain('字段「XK_FRDB」需要中英文名称');
    expect(html).toMatch(/id="fd-[^"]*-label-zh"[^>]*aria-invalid="true"/);
  });

  it('starts an empty definition with the palette hint, and offers the JSON tab for what it cannot design', () => {
    expect(render(undefined)).toContain('尚无字段：从左侧点击或拖入字段类型。');
    const html = render({ schema: { type: 'object', properties: { a: 'x' } } } as unknown as FormDefinition, undefined, 'en');
    expect(html).toContain('This definition cannot be edited visually');
    expect(html).toContain('<textarea id="fd-json"');
  });
});

describe('FormDefinitionField (the register entry widget)', () => {
  const renderField = (value: unknown) =>
    renderToStaticMarkup(
      <IntlProvider locale="zh-CN" messages={zh} timeZone="Asia/Shanghai">
        <FormDefinitionField id="f-dataItems" value={value} onChange={() => {}} />
      </IntlProvider>,
    );

  it('sums up the data items and their problems, and opens the designer from a named button', () => {
    const html = renderField(xkDefinition());
    expect(html).toContain('id="f-dataItems"');
    expect(html).toContain(`${28 + 4} 个数据项`);
    expect(html).not.toContain('个问题');
    expect(html).toMatch(/<button type="button"[^>]*aria-haspopup="dialog"[^>]*>打开表单设计器<\/button>/);
    expect(renderField(setText(xkDefinition(), 'XK_FRDB', 'label', 'en', ''))).toContain('1 个问题');
    expect(renderField(undefined)).toContain('0 个数据项');
  });
});
