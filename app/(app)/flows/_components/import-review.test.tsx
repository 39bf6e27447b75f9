// The import review dialog's content rendered to HTML (environment node) for a Camunda-shaped
// diagram of the corpus: what each element became is said before anything is replaced.
import { readFileSync } from 'node:fs';
import { renderToStaticMarkup } from 'react-dom/server';
import { IntlProvider } from 'use-intl';
import { describe, expect, it } from 'vitest';
import zh from '../../../../messages/zh-CN.json';
import en from '../../../../messages/en.json';
import { importBpmn } from '@/catalog/flows/bpmn';
import { ImportReview, type ImportedBpmn } from './import-review';

const directory = {
  roles: ['admin', 'editor', 'filler', 'approver', 'auditor'],
  departments: [
    { id: 'd-xyb', code: 'XYB', nameZh: '市信用办', nameEn: 'Municipal Credit Office' },
    { id: 'd-scjg', code: 'SCJG', nameZh: '市市场监管局', nameEn: 'Market Regulation Administration' },
  ],
};

async function camunda(): Promise<ImportedBpmn> {
  const r = await importBpmn(readFileSync(new URL('../../../../catalog/flows/testdata/camunda-license-review.bpmn', import.meta.url), 'utf8'));
  if (!r.ok) throw new Error('refused');
  return r;
}

const render = (result: ImportedBpmn, locale: 'zh-CN' | 'en' = 'zh-CN') =>
  renderToStaticMarkup(
    <IntlProvider locale={locale} messages={locale === 'zh-CN' ? zh : en} timeZone="Asia/Shanghai">
      <ImportReview result={result} directory={directory} onCancel={() => {}} onReplace={() => {}} />
    </IntlProvider>,
  );

describe('ImportReview (server-rendered HTML)', () => {
  it('says how the error end, the P1W timer and the lanes were mapped, and what is not supported', async () => {
    const html = render(await camunda());
    expect(html).toContain('文件来自 Camunda Modeler 5.28.0。');
    expect(html).toContain('「驳回」（错误结束事件） → 结束，结果「不通过」（BPMN 错误「审查不通过」）。');
    expect(html).toContain('「公示期」（定时中间事件） P1W → 等待 5 个工作日（1 周按 5 个工作日）。');
    expect(html).toContain('以下内容不受支持（5）');
    expect(html).toContain('「收到许可申请」（消息开始事件）');
    expect(html).toContain('时间换算规则：天按工作日计；1 周按 5 个工作日');
    // each lane with its steps, and the department / role its name names already chosen
    expect(html).toContain('2 个步骤：受理登记、通知申请人');
    expect(html).toMatch(/<option value="d:d-scjg" selected="">市市场监管局<\/option>/);
    expect(html).toMatch(/<option value="r:approver" selected="">审批人<\/option>/);
    expect(html.match(/已按泳道名称匹配/g)).toHaveLength(2);
    // no key left untranslated
    expect(html).not.toMatch(/flowImport\.|flows\./);
  });

  it('speaks English in English', async () => {
    const html = render(await camunda(), 'en');
    expect(html).toContain('&quot;公示期&quot; (timer intermediate event) P1W → wait 5 working days (a week is 5 working days).');
    expect(html).toMatch(/<option value="d:d-scjg" selected="">Market Regulation Administration<\/option>/);
    expect(html).toContain('Lanes → assignees');
  });

  it('shows the parser\'s warnings, and says when everything is supported', async () => {
    const r = await camunda();
    const html = render({ ...r, unsupported: [], warnings: [{ code: 'duplicateId', message: { 'zh-CN': '第 3 行：编号「a」重复，后出现的 <userTask> 未导入。', en: 'x' } }] });
    expect(html).toContain('文件中的问题（1）');
    expect(html).toContain('第 3 行：编号「a」重复');
    expect(html).toContain('所有元素均受支持。');
  });
});
