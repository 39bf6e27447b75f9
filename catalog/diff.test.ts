import { describe, expect, it } from 'vitest';
import { changeText, diffEntryContent, diffRegister, type Change } from './diff';
import type { FormDefinition, KindDefinition, Localized } from './types';
import { infoCatalogKind } from './kinds/info-catalog';
import { disclosureRuleKind } from './kinds/disclosure-rule';

const L = (zh: string, en: string): Localized => ({ 'zh-CN': zh, en });

/** A small sanction-measure-like kind, with one field per widget the diff knows. */
const kind: KindDefinition = {
  code: 'sanction-measure',
  name: L('失信惩戒措施清单', 'Sanction measure list'),
  schema: {
    type: 'object',
    properties: {
      text: { type: 'string' },
      type: { type: 'string', enum: ['行政性', '市场性'] },
      legalBasis: { type: 'array' },
      departments: { type: 'array', items: { type: 'string' } },
      repairable: { type: 'boolean' },
      listRef: { type: 'object' },
      relatedLists: { type: 'array' },
      dataItems: { type: 'object' },
      settings: { type: 'object' },
    },
  },
  ui: {
    order: ['text', 'type', 'legalBasis', 'departments', 'repairable', 'listRef', 'relatedLists', 'dataItems', 'settings'],
    titleField: 'text',
    fields: {
      text: { label: L('措施内容', 'Measure'), widget: 'text' },
      type: { label: L('处罚类别', 'Penalty category'), widget: 'select', options: { 行政性: L('行政性', 'Administrative'), 市场性: L('市场性', 'Market') } },
      legalBasis: { label: L('法律依据', 'Legal basis'), widget: 'legal-basis' },
      departments: { label: L('实施部门', 'Implementing departments'), widget: 'departments' },
      repairable: { label: L('可修复', 'Repairable'), widget: 'boolean' },
      listRef: { label: L('适用名单', 'Applicable list'), widget: 'reference', refKind: 'credit-list' },
      relatedLists: { label: L('关联名单', 'Related lists'), widget: 'references', refKind: 'credit-list' },
      dataItems: { label: L('数据项', 'Data items'), widget: 'form-definition' },
      settings: { label: L('扩展设置', 'Settings'), widget: 'json' },
    },
  },
};

const penaltyLaw = { name: '中华人民共和国行政处罚法', article: '第二十八条' };
const councilOpinion = { name: '国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见', number: '国发〔2016〕33号', article: '第十七条' };

const zh = (changes: Change[]) => changes.map((c) => c.text['zh-CN']);
const en = (changes: Change[]) => changes.map((c) => c.text.en);
const diff = (before: Record<string, unknown>, after: Record<string, unknown>) => diffEntryContent(kind, before, after);

describe('scalar fields', () => {
  it('says a changed value with its enum labels in each locale', () => {
    const changes = diff({ type: '行政性' }, { type: '市场性' });
    expect(zh(changes)).toEqual(['「处罚类别」由“行政性”改为“市场性”']);
    expect(en(changes)).toEqual(['Penalty category changed from “Administrative” to “Market”']);
    expect(changes[0]).toMatchObject({ path: 'type', field: 'type', op: 'changed', before: '行政性', after: '市场性' });
  });

  it('shows values without an option label as stored', () => {
    const changes = diff({ type: '警告' }, { type: '罚款' });
    expect(zh(changes)).toEqual(['「处罚类别」由“警告”改为“罚款”']);
    expect(en(changes)).toEqual(['Penalty category changed from “警告” to “罚款”']);
  });

  it('says "set to" when the field was empty and "cleared" when it becomes empty', () => {
    const set = diff({ text: '' }, { text: '限制参与政府采购' });
    expect(zh(set)).toEqual(['「措施内容」设为“限制参与政府采购”']);
    expect(en(set)).toEqual(['Measure set to “限制参与政府采购”']);
    expect(set[0]).toMatchObject({ op: 'added', after: '限制参与政府采购' });

    const cleared = diff({ text: '限制参与政府采购' }, {});
    expect(zh(cleared)).toEqual(['「措施内容」已清空（原为“限制参与政府采购”）']);
    expect(en(cleared)).toEqual(['Measure cleared (was “限制参与政府采购”)']);
    expect(cleared[0]).toMatchObject({ op: 'removed', before: '限制参与政府采购' });
    expect(cleared[0]).not.toHaveProperty('after');
  });

  it('treats missing, null and empty string as the same empty value', () => {
    expect(diff({ text: '' }, { text: null })).toEqual([]);
    expect(diff({}, { text: '' })).toEqual([]);
  });

  it('says booleans as 是/否 and Yes/No', () => {
    const changes = diff({ repairable: false }, { repairable: true });
    expect(zh(changes)).toEqual(['「可修复」由“否”改为“是”']);
    expect(en(changes)).toEqual(['Repairable changed from “No” to “Yes”']);
    expect(zh(diff({}, { repairable: false }))).toEqual(['「可修复」设为“否”']);
  });

  it('falls back to the field key when the kind has no label for it', () => {
    const changes = diff({ remark: 'a' }, { remark: 'b' });
    expect(zh(changes)).toEqual(['「remark」由“a”改为“b”']);
    expect(en(changes)).toEqual(['remark changed from “a” to “b”']);
  });

  it('cuts long values to 60 characters in the sentence but keeps them whole in the change', () => {
    const long = '甲'.repeat(100);
    const [change] = diff({ text: '短' }, { text: long });
    expect(change?.text['zh-CN']).toBe(`「措施内容」由“短”改为“${'甲'.repeat(60)}…”`);
    expect(change?.after).toBe(long);
  });

  it('keeps a sentence on one line', () => {
    expect(en(diff({ text: 'a' }, { text: 'first line\nsecond   line' }))).toEqual(['Measure changed from “a” to “first line second line”']);
  });
});

describe('lists of values', () => {
  it('says each department added and removed', () => {
    const changes = diff({ departments: ['市市场监管局', '市税务局'] }, { departments: ['市市场监管局', '市交通运输局'] });
    expect(zh(changes)).toEqual(['「实施部门」删除“市税务局”', '「实施部门」新增“市交通运输局”']);
    expect(en(changes)).toEqual(['Implementing departments: removed “市税务局”', 'Implementing departments: added “市交通运输局”']);
    expect(changes.map((c) => [c.path, c.op, c.before ?? c.after])).toEqual([
      ['departments[1]', 'removed', '市税务局'],
      ['departments[1]', 'added', '市交通运输局'],
    ]);
  });

  it('treats a missing list as empty', () => {
    expect(zh(diff({}, { departments: ['市交通运输局'] }))).toEqual(['「实施部门」新增“市交通运输局”']);
  });

  it('says a pure reordering once', () => {
    const changes = diff({ departments: ['甲', '乙'] }, { departments: ['乙', '甲'] });
    expect(zh(changes)).toEqual(['「实施部门」的顺序已调整']);
    expect(en(changes)).toEqual(['Implementing departments reordered']);
  });

  it('uses option labels for checkboxes', () => {
    const withCheckboxes: KindDefinition = {
      ...kind,
      ui: { ...kind.ui, fields: { ...kind.ui.fields, subjects: { label: L('实施对象', 'Target subjects'), widget: 'checkboxes', options: { 自然人: L('自然人', 'Natural persons') } } } },
    };
    const changes = diffEntryContent(withCheckboxes, { subjects: [] }, { subjects: ['自然人'] });
    expect(zh(changes)).toEqual(['「实施对象」新增“自然人”']);
    expect(en(changes)).toEqual(['Target subjects: added “Natural persons”']);
  });
});

describe('legal basis', () => {
  it('says an added law as 《name》 followed by its article', () => {
    const changes = diff({ legalBasis: [] }, { legalBasis: [penaltyLaw] });
    expect(zh(changes)).toEqual(['「法律依据」新增《中华人民共和国行政处罚法》第二十八条']);
    expect(en(changes)).toEqual(['Legal basis: added 《中华人民共和国行政处罚法》 第二十八条']);
    expect(changes[0]).toMatchObject({ path: 'legalBasis[0]', op: 'added', after: penaltyLaw });
  });

  it('puts the document number in （） before the article', () => {
    const changes = diff({ legalBasis: [penaltyLaw] }, { legalBasis: [penaltyLaw, councilOpinion] });
    expect(zh(changes)).toEqual(['「法律依据」新增《国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见》（国发〔2016〕33号）第十七条']);
    expect(en(changes)).toEqual(['Legal basis: added 《国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见》 (国发〔2016〕33号) 第十七条']);
    expect(changes[0]?.path).toBe('legalBasis[1]');
  });

  it('says a removed law', () => {
    const changes = diff({ legalBasis: [councilOpinion, penaltyLaw] }, { legalBasis: [penaltyLaw] });
    expect(zh(changes)).toEqual(['「法律依据」删除《国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见》（国发〔2016〕33号）第十七条']);
    expect(en(changes)).toEqual(['Legal basis: removed 《国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见》 (国发〔2016〕33号) 第十七条']);
    expect(changes[0]).toMatchObject({ path: 'legalBasis[0]', op: 'removed', before: councilOpinion });
  });

  it('matches items by name and number, not by index', () => {
    const changes = diff({ legalBasis: [penaltyLaw, councilOpinion] }, { legalBasis: [councilOpinion, penaltyLaw] });
    expect(zh(changes)).toEqual(['「法律依据」的顺序已调整']);
    const inserted = diff({ legalBasis: [penaltyLaw] }, { legalBasis: [councilOpinion, penaltyLaw] });
    expect(inserted.map((c) => [c.path, c.op])).toEqual([['legalBasis[0]', 'added']]);
  });

  it('says an article change of the same document as a change', () => {
    const changes = diff({ legalBasis: [penaltyLaw] }, { legalBasis: [{ ...penaltyLaw, article: '第三十条' }] });
    expect(zh(changes)).toEqual(['「法律依据」由《中华人民共和国行政处罚法》第二十八条改为《中华人民共和国行政处罚法》第三十条']);
    expect(en(changes)).toEqual(['Legal basis changed from 《中华人民共和国行政处罚法》 第二十八条 to 《中华人民共和国行政处罚法》 第三十条']);
    expect(changes[0]).toMatchObject({ path: 'legalBasis[0]', op: 'changed', before: penaltyLaw, after: { ...penaltyLaw, article: '第三十条' } });
  });

  it('keeps an unchanged article of the same law matched when another article of it changes', () => {
    const a28 = penaltyLaw;
    const a30 = { ...penaltyLaw, article: '第三十条' };
    const a32 = { ...penaltyLaw, article: '第三十二条' };
    const changes = diff({ legalBasis: [a28, a30] }, { legalBasis: [a28, a32] });
    expect(zh(changes)).toEqual(['「法律依据」由《中华人民共和国行政处罚法》第三十条改为《中华人民共和国行政处罚法》第三十二条']);
    expect(changes[0]?.path).toBe('legalBasis[1]');
  });

  it('treats another document number as another document', () => {
    const v2016 = { name: '某办法', number: '某发〔2016〕1号' };
    const v2020 = { name: '某办法', number: '某发〔2020〕2号' };
    const changes = diff({ legalBasis: [v2016] }, { legalBasis: [v2020] });
    expect(zh(changes)).toEqual(['「法律依据」删除《某办法》（某发〔2016〕1号）', '「法律依据」新增《某办法》（某发〔2020〕2号）']);
    expect(en(changes)).toEqual(['Legal basis: removed 《某办法》 (某发〔2016〕1号)', 'Legal basis: added 《某办法》 (某发〔2020〕2号)']);
  });

  it('says a field edited outside name, number and article as modified', () => {
    const changes = diff({ legalBasis: [{ ...penaltyLaw, note: 'a' }] }, { legalBasis: [{ ...penaltyLaw, note: 'b' }] });
    expect(zh(changes)).toEqual(['「法律依据」已修改']);
    expect(en(changes)).toEqual(['Legal basis modified']);
  });
});

describe('references', () => {
  it('says a changed reference with code and version', () => {
    const changes = diff({ listRef: { kind: 'credit-list', code: 'SL-001', version: 1 } }, { listRef: { kind: 'credit-list', code: 'SL-002', version: 3 } });
    expect(zh(changes)).toEqual(['「适用名单」由 SL-001 v1 改为 SL-002 v3']);
    expect(en(changes)).toEqual(['Applicable list changed from SL-001 v1 to SL-002 v3']);
  });

  it('says a reference set and cleared', () => {
    const ref = { kind: 'credit-list', code: 'SL-001', version: 1 };
    expect(zh(diff({}, { listRef: ref }))).toEqual(['「适用名单」设为 SL-001 v1']);
    expect(en(diff({}, { listRef: ref }))).toEqual(['Applicable list set to SL-001 v1']);
    expect(zh(diff({ listRef: ref }, { listRef: null }))).toEqual(['「适用名单」已清空（原为 SL-001 v1）']);
    expect(en(diff({ listRef: ref }, { listRef: null }))).toEqual(['Applicable list cleared (was SL-001 v1)']);
  });

  it('says an unpinned reference follows the latest version', () => {
    const changes = diff({ listRef: { kind: 'credit-list', code: 'SL-001', version: 2 } }, { listRef: { kind: 'credit-list', code: 'SL-001', version: null } });
    expect(zh(changes)).toEqual(['「适用名单」由 SL-001 v2 改为 SL-001（最新版）']);
    expect(en(changes)).toEqual(['Applicable list changed from SL-001 v2 to SL-001 (latest)']);
  });

  it('says references added, removed and re-pinned, matched by kind and code', () => {
    const ref = (code: string, version: number) => ({ kind: 'credit-list', code, version });
    const changes = diff({ relatedLists: [ref('SL-001', 1), ref('SL-002', 1)] }, { relatedLists: [ref('SL-003', 1), ref('SL-001', 2)] });
    expect(zh(changes)).toEqual(['「关联名单」删除 SL-002 v1', '「关联名单」由 SL-001 v1 改为 SL-001 v2', '「关联名单」新增 SL-003 v1']);
    expect(en(changes)).toEqual(['Related lists: removed SL-002 v1', 'Related lists changed from SL-001 v1 to SL-001 v2', 'Related lists: added SL-003 v1']);
    expect(changes.map((c) => c.path)).toEqual(['relatedLists[1]', 'relatedLists[1]', 'relatedLists[0]']);
  });

  it('joins references of a new entry with 、', () => {
    const ref = (code: string, version: number) => ({ kind: 'credit-list', code, version });
    const changes = diffEntryContent(kind, null, { relatedLists: [ref('SL-001', 1), ref('SL-002', 4)] });
    expect(zh(changes)).toEqual(['「关联名单」设为 SL-001 v1、SL-002 v4']);
    expect(en(changes)).toEqual(['Related lists set to SL-001 v1, SL-002 v4']);
  });
});

describe('form definitions (data items)', () => {
  const form = (props: Record<string, Record<string, unknown>>, required: string[] = [], ui?: FormDefinition['ui']): FormDefinition => ({
    schema: { type: 'object', properties: props, required },
    ...(ui ? { ui } : {}),
  });
  const fineLabel = { fineAmount: { label: L('罚款金额', '罚款金额') } };
  const dataItems = (before: FormDefinition, after: FormDefinition) => diff({ dataItems: before }, { dataItems: after });

  it('says a data item that becomes required, in the words of the issue', () => {
    const changes = dataItems(form({ fineAmount: { type: 'number' } }, [], { fields: fineLabel }), form({ fineAmount: { type: 'number' } }, ['fineAmount'], { fields: fineLabel }));
    expect(zh(changes)).toEqual(['「罚款金额」改为必填']);
    expect(en(changes)).toEqual(['罚款金额 became required']);
    expect(changes[0]).toMatchObject({ path: 'dataItems.fineAmount.required', field: 'dataItems', op: 'changed', before: false, after: true });
  });

  it('says a data item that becomes optional', () => {
    const changes = dataItems(form({ fineAmount: { type: 'number' } }, ['fineAmount'], { fields: fineLabel }), form({ fineAmount: { type: 'number' } }, [], { fields: fineLabel }));
    expect(zh(changes)).toEqual(['「罚款金额」改为选填']);
    expect(en(changes)).toEqual(['罚款金额 became optional']);
  });

  it('says data items added and removed, with the label of each locale', () => {
    const ui = { fields: { fineAmount: { label: L('罚款金额', 'Fine amount') }, decisionNo: { label: L('决定书文号', 'Decision number') } } };
    const changes = dataItems(form({ decisionNo: { type: 'string' } }, [], ui), form({ fineAmount: { type: 'number' } }, [], ui));
    // No ui.order: data items by key.
    expect(zh(changes)).toEqual(['删除数据项「决定书文号」', '新增数据项「罚款金额」']);
    expect(en(changes)).toEqual(['Data item Decision number removed', 'Data item Fine amount added']);
    expect(changes.map((c) => [c.path, c.op])).toEqual([
      ['dataItems.decisionNo', 'removed'],
      ['dataItems.fineAmount', 'added'],
    ]);
  });

  it('takes the label from the schema title, then the key', () => {
    const changes = dataItems(form({}), form({ fineAmount: { type: 'number', title: '罚款金额' }, remark: { type: 'string' } }));
    expect(zh(changes)).toEqual(['新增数据项「罚款金额」', '新增数据项「remark」']);
    expect(en(changes)).toEqual(['Data item 罚款金额 added', 'Data item remark added']);
  });

  it('says a type change and other attribute changes', () => {
    const changes = dataItems(
      form({ fineAmount: { type: 'string', maxLength: 20 } }, [], { fields: fineLabel }),
      form({ fineAmount: { type: 'number', minimum: 0 } }, [], { fields: fineLabel }),
    );
    expect(zh(changes)).toEqual(['「罚款金额」的类型由“string”改为“number”', '「罚款金额」的最大长度已清空（原为“20”）', '「罚款金额」的最小值设为“0”']);
    expect(en(changes)).toEqual(['罚款金额: type changed from “string” to “number”', '罚款金额: maximum length cleared (was “20”)', '罚款金额: minimum set to “0”']);
    expect(changes.map((c) => c.path)).toEqual(['dataItems.fineAmount.type', 'dataItems.fineAmount.maxLength', 'dataItems.fineAmount.minimum']);
  });

  it('says enum and format changes', () => {
    const changes = dataItems(form({ level: { type: 'string', enum: ['一般', '较重'] } }), form({ level: { type: 'string', enum: ['一般', '较重', '严重'], format: 'date' } }));
    expect(zh(changes)).toEqual(['「level」的格式设为“date”', '「level」的可选值由“一般、较重”改为“一般、较重、严重”']);
    expect(en(changes)).toEqual(['level: format set to “date”', 'level: allowed values changed from “一般, 较重” to “一般, 较重, 严重”']);
  });

  it('says an attribute without a known name by its key', () => {
    const changes = dataItems(form({ n: { type: 'number', multipleOf: 1 } }), form({ n: { type: 'number', multipleOf: 0.01 } }));
    expect(zh(changes)).toEqual(['「n」的 multipleOf 由“1”改为“0.01”']);
    expect(en(changes)).toEqual(['n: multipleOf changed from “1” to “0.01”']);
  });

  it('says a renamed data item', () => {
    const changes = dataItems(form({ fineAmount: { type: 'number' } }, [], { fields: fineLabel }), form({ fineAmount: { type: 'number' } }, [], { fields: { fineAmount: { label: L('罚没金额', '罚没金额') } } }));
    expect(zh(changes)).toEqual(['「罚款金额」名称改为「罚没金额」']);
    expect(en(changes)).toEqual(['Data item 罚款金额 renamed to 罚没金额']);
    expect(changes[0]).toMatchObject({ path: 'dataItems.fineAmount.label', before: L('罚款金额', '罚款金额'), after: L('罚没金额', '罚没金额') });
  });

  it('says which locale changed when only one label did', () => {
    const ui = (zhLabel: string, enLabel: string) => ({ fields: { fineAmount: { label: L(zhLabel, enLabel) } } });
    const zhOnly = dataItems(form({ fineAmount: { type: 'number' } }, [], ui('罚款金额', 'Fine amount')), form({ fineAmount: { type: 'number' } }, [], ui('罚没金额', 'Fine amount')));
    expect(zh(zhOnly)).toEqual(['「罚款金额」名称改为「罚没金额」']);
    expect(en(zhOnly)).toEqual(['Data item Fine amount: Chinese name changed from 罚款金额 to 罚没金额']);
    const enOnly = dataItems(form({ fineAmount: { type: 'number' } }, [], ui('罚款金额', 'Fine')), form({ fineAmount: { type: 'number' } }, [], ui('罚款金额', 'Fine amount')));
    expect(zh(enOnly)).toEqual(['「罚款金额」的英文名称由“Fine”改为“Fine amount”']);
    expect(en(enOnly)).toEqual(['Data item Fine renamed to Fine amount']);
  });

  it('says later changes of a renamed item with its new label', () => {
    const changes = dataItems(form({ amt: { type: 'string', title: '罚款金额' } }), form({ amt: { type: 'number', title: '罚没金额' } }, ['amt']));
    expect(zh(changes)).toEqual(['「罚款金额」名称改为「罚没金额」', '「罚没金额」改为必填', '「罚没金额」的类型由“string”改为“number”']);
  });

  it('recurses into repeating groups with dotted labels', () => {
    const group = (items: Record<string, Record<string, unknown>>, required: string[]) => ({
      type: 'array',
      title: '处罚明细',
      items: { type: 'object', properties: items, required },
    });
    const changes = dataItems(
      form({ details: group({ amount: { type: 'number', title: '金额' } }, []) }),
      form({ details: group({ amount: { type: 'number', title: '金额' }, basis: { type: 'string', title: '依据' } }, ['amount']) }),
    );
    expect(zh(changes)).toEqual(['「处罚明细.金额」改为必填', '新增数据项「处罚明细.依据」']);
    expect(en(changes)).toEqual(['处罚明细.金额 became required', 'Data item 处罚明细.依据 added']);
    expect(changes.map((c) => c.path)).toEqual(['dataItems.details.amount.required', 'dataItems.details.basis']);
  });

  it('recurses into nested objects', () => {
    const org = (props: Record<string, Record<string, unknown>>) => ({ type: 'object', title: '处罚机关', properties: props });
    const changes = dataItems(form({ org: org({ name: { type: 'string', title: '名称' } }) }), form({ org: org({ name: { type: 'string', title: '名称', maxLength: 50 } }) }));
    expect(zh(changes)).toEqual(['「处罚机关.名称」的最大长度设为“50”']);
    expect(changes[0]?.path).toBe('dataItems.org.name.maxLength');
  });

  it('says a new data item order', () => {
    const props = { a: { type: 'string' }, b: { type: 'string' } };
    const changes = dataItems(form(props, [], { order: ['a', 'b'] }), form(props, [], { order: ['b', 'a'] }));
    expect(zh(changes)).toEqual(['数据项顺序已调整']);
    expect(en(changes)).toEqual(['Data item order changed']);
  });

  it('lists data items in the form order, then by key', () => {
    const changes = dataItems(form({}), form({ z: { type: 'string' }, b: { type: 'string' }, a: { type: 'string' } }, [], { order: ['z'] }));
    expect(zh(changes)).toEqual(['新增数据项「z」', '新增数据项「a」', '新增数据项「b」']);
  });

  it('says UI attribute changes of a data item', () => {
    const changes = dataItems(
      form({ a: { type: 'string' } }, [], { fields: { a: { label: L('甲', 'A'), help: L('旧', 'old') } } }),
      form({ a: { type: 'string' } }, [], { fields: { a: { label: L('甲', 'A'), widget: 'textarea', help: L('旧', 'old') } } }),
    );
    expect(zh(changes)).toEqual(['「甲」的控件设为“textarea”']);
    expect(en(changes)).toEqual(['A: widget set to “textarea”']);
  });

  it('says other definition settings by path', () => {
    const before: FormDefinition = { schema: { type: 'object', properties: {}, additionalProperties: false } };
    const after: FormDefinition = { schema: { type: 'object', properties: {}, additionalProperties: true } };
    const changes = dataItems(before, after);
    expect(zh(changes)).toEqual(['「数据项」的 schema.additionalProperties 由“否”改为“是”']);
    expect(en(changes)).toEqual(['Data items: schema.additionalProperties changed from “No” to “Yes”']);
    expect(changes[0]?.path).toBe('dataItems.schema.additionalProperties');
  });

  it('says a definition set on an entry that had none by its data items', () => {
    const def = form({ fineAmount: { type: 'number' }, decisionNo: { type: 'string', title: '决定书文号' } }, [], { order: ['fineAmount', 'decisionNo'], fields: { fineAmount: { label: L('罚款金额', 'Fine amount') } } });
    const changes = diff({}, { dataItems: def });
    expect(zh(changes)).toEqual(['「数据项」设为“罚款金额、决定书文号”']);
    expect(en(changes)).toEqual(['Data items set to “Fine amount, 决定书文号”']);
  });
});

describe('generic (json) fields', () => {
  it('says each changed path', () => {
    const changes = diff(
      { settings: { threshold: 3, mode: 'strict', nested: { keep: true, drop: 'x' } } },
      { settings: { threshold: 5, nested: { keep: true, add: 'y' } } },
    );
    expect(zh(changes)).toEqual(['「扩展设置」的 mode 已删除（原为“strict”）', '「扩展设置」的 nested.add 设为“y”', '「扩展设置」的 nested.drop 已删除（原为“x”）', '「扩展设置」的 threshold 由“3”改为“5”']);
    expect(en(changes)).toEqual(['Settings: mode removed (was “strict”)', 'Settings: nested.add set to “y”', 'Settings: nested.drop removed (was “x”)', 'Settings: threshold changed from “3” to “5”']);
    expect(changes.map((c) => c.path)).toEqual(['settings.mode', 'settings.nested.add', 'settings.nested.drop', 'settings.threshold']);
  });

  it('says array elements added and removed by path', () => {
    const changes = diff({ settings: { tags: ['a', 'b'] } }, { settings: { tags: ['b', 'c'] } });
    expect(zh(changes)).toEqual(['「扩展设置」的 tags 删除“a”', '「扩展设置」的 tags 新增“c”']);
    expect(en(changes)).toEqual(['Settings: removed “a” from tags', 'Settings: added “c” to tags']);
    expect(changes.map((c) => c.path)).toEqual(['settings.tags[0]', 'settings.tags[1]']);
  });

  it('compares arrays of objects by index', () => {
    const changes = diff({ settings: { rows: [{ n: 1 }] } }, { settings: { rows: [{ n: 2 }, { n: 3 }] } });
    expect(zh(changes)).toEqual(['「扩展设置」的 rows[0].n 由“1”改为“2”', '「扩展设置」的 rows[1] 设为“{"n":3}”']);
  });

  it('diffs a value that does not fit its widget generically', () => {
    const changes = diff({ legalBasis: 'old text' }, { legalBasis: 'new text' });
    expect(zh(changes)).toEqual(['「法律依据」由“old text”改为“new text”']);
  });
});

describe('whole entries', () => {
  const content = {
    text: '限制参与政府采购',
    type: '行政性',
    legalBasis: [penaltyLaw],
    departments: ['市财政局'],
    repairable: true,
    listRef: { kind: 'credit-list', code: 'SL-001', version: 1 },
    remark: '',
  };

  it('says every non-empty field of a new entry as set, in ui.order', () => {
    const changes = diffEntryContent(kind, null, content);
    expect(zh(changes)).toEqual([
      '「措施内容」设为“限制参与政府采购”',
      '「处罚类别」设为“行政性”',
      '「法律依据」设为《中华人民共和国行政处罚法》第二十八条',
      '「实施部门」设为“市财政局”',
      '「可修复」设为“是”',
      '「适用名单」设为 SL-001 v1',
    ]);
    expect(en(changes)).toEqual([
      'Measure set to “限制参与政府采购”',
      'Penalty category set to “Administrative”',
      'Legal basis set to 《中华人民共和国行政处罚法》 第二十八条',
      'Implementing departments set to “市财政局”',
      'Repairable set to “Yes”',
      'Applicable list set to SL-001 v1',
    ]);
    expect(changes.every((c) => c.op === 'added' && c.path === c.field)).toBe(true);
  });

  it('lists several legal bases of a new entry while they fit, then counts the rest', () => {
    const [change] = diffEntryContent(kind, null, { legalBasis: [penaltyLaw, councilOpinion, { name: '某条例' }] });
    expect(change?.text['zh-CN']).toBe('「法律依据」设为《中华人民共和国行政处罚法》第二十八条等 3 项');
    expect(change?.text.en).toBe('Legal basis set to 《中华人民共和国行政处罚法》 第二十八条 and 2 more');
  });

  it('says every field of a removed entry as cleared', () => {
    const changes = diffEntryContent(kind, { text: '限制参与政府采购', repairable: false }, null);
    expect(zh(changes)).toEqual(['「措施内容」已清空（原为“限制参与政府采购”）', '「可修复」已清空（原为“否”）']);
    expect(changes.every((c) => c.op === 'removed')).toBe(true);
  });

  it('returns nothing for identical content, whatever its key order', () => {
    const reordered = Object.fromEntries(Object.entries(content).reverse());
    expect(diffEntryContent(kind, content, reordered)).toEqual([]);
    expect(diffEntryContent(kind, null, null)).toEqual([]);
  });

  it('orders fields by ui.order, then other keys alphabetically', () => {
    const changes = diff({ zeta: 1, alpha: 1, repairable: true, text: 'a' }, { zeta: 2, alpha: 2, repairable: false, text: 'b' });
    expect(changes.map((c) => c.field)).toEqual(['text', 'repairable', 'alpha', 'zeta']);
  });

  it('is deterministic', () => {
    const after = { ...content, type: '市场性', departments: ['市交通运输局'], legalBasis: [councilOpinion] };
    expect(diffEntryContent(kind, content, after)).toEqual(diffEntryContent(kind, { ...content }, { ...after }));
  });

  it('changeText picks the locale', () => {
    const [change] = diff({ repairable: false }, { repairable: true });
    expect(change && changeText(change, 'zh-CN')).toBe('「可修复」由“否”改为“是”');
    expect(change && changeText(change, 'en')).toBe('Repairable changed from “No” to “Yes”');
  });
});

describe('diffRegister', () => {
  const item = (code: string, version: number, content: Record<string, unknown>) => ({ code, version, content });

  it('lists added, removed and changed entries by code and leaves unchanged ones out', () => {
    const before = [
      item('SM-010', 1, { text: '限制担任法定代表人', repairable: false }),
      item('SM-002', 2, { text: '限制参与政府采购', repairable: false }),
      item('SM-003', 1, { text: '限制申请财政资金' }),
      item('SM-004', 1, { text: '纳入重点监管' }),
    ];
    const after = [
      item('SM-002', 3, { text: '限制参与政府采购活动', repairable: true }),
      item('SM-004', 2, { text: '纳入重点监管' }), // new version, same content
      item('SM-010', 1, { text: '限制担任法定代表人', repairable: false }), // same version
      item('SM-011', 1, { text: '限制高消费' }),
    ];
    const result = diffRegister(kind, before, after);
    expect(result.map((r) => [r.code, r.op])).toEqual([
      ['SM-002', 'changed'],
      ['SM-003', 'removed'],
      ['SM-011', 'added'],
    ]);
    const [changed, removed, added] = result;
    expect(changed).toMatchObject({ title: '限制参与政府采购活动', fromVersion: 2, toVersion: 3 });
    expect(changed?.text).toEqual({
      'zh-CN': '修改「限制参与政府采购活动」(SM-002)：v2 → v3，2 处变更',
      en: 'Changed “限制参与政府采购活动” (SM-002): v2 → v3, 2 changes',
    });
    expect(changed && zh(changed.changes)).toEqual(['「措施内容」由“限制参与政府采购”改为“限制参与政府采购活动”', '「可修复」由“否”改为“是”']);
    expect(removed).toEqual({
      code: 'SM-003',
      title: '限制申请财政资金',
      op: 'removed',
      fromVersion: 1,
      changes: [],
      text: { 'zh-CN': '删除「限制申请财政资金」(SM-003)', en: 'Removed “限制申请财政资金” (SM-003)' },
    });
    expect(added).toEqual({
      code: 'SM-011',
      title: '限制高消费',
      op: 'added',
      toVersion: 1,
      changes: [],
      text: { 'zh-CN': '新增「限制高消费」(SM-011)', en: 'Added “限制高消费” (SM-011)' },
    });
  });

  it('says "1 change" in the singular', () => {
    const [only] = diffRegister(kind, [item('SM-001', 1, { text: 'a' })], [item('SM-001', 2, { text: 'b' })]);
    expect(only?.text.en).toBe('Changed “b” (SM-001): v1 → v2, 1 change');
  });

  it('sorts codes by their numbers', () => {
    const result = diffRegister(kind, [], [item('SM-10', 1, { text: 'x' }), item('SM-9', 1, { text: 'y' }), item('SM-100', 1, { text: 'z' })]);
    expect(result.map((r) => r.code)).toEqual(['SM-9', 'SM-10', 'SM-100']);
  });

  it('falls back to the code when an entry has no title', () => {
    const [only] = diffRegister(kind, [], [item('SM-001', 1, { repairable: true })]);
    expect(only).toMatchObject({ title: 'SM-001', text: { 'zh-CN': '新增 SM-001', en: 'Added SM-001' } });
  });

  it('reads localized titles (register kinds) per locale', () => {
    const metaKind: KindDefinition = { ...kind, ui: { ...kind.ui, titleField: 'name', fields: { name: { label: L('名称', 'Name'), widget: 'json' } } } };
    const [only] = diffRegister(metaKind, [], [item('credit-list', 1, { name: L('信用名单', 'Credit lists') })]);
    expect(only).toMatchObject({ title: '信用名单', text: { 'zh-CN': '新增「信用名单」(credit-list)', en: 'Added “Credit lists” (credit-list)' } });
  });
});

describe('legal basis typed with its own book-title marks', () => {
  it('reads 《河南省社会信用条例》, never 《《…》》', async () => {
    const { sanctionMeasureKind } = await import('./kinds/sanction-measure');
    const changes = diffEntryContent(sanctionMeasureKind, { legalBasis: [] }, { legalBasis: [{ name: '《河南省社会信用条例》', article: '第三十条' }] });
    const text = changes.map((c) => c.text['zh-CN']).join('\n');
    expect(text).toContain('《河南省社会信用条例》第三十条');
    expect(text).not.toContain('《《');
  });
});

describe('rows', () => {
  const periods = (...rows: [string, number][]) => ({ disclosurePeriods: rows.map(([severity, months]) => ({ severity, months })) });
  const catalogDiff = (before: Record<string, unknown>, after: Record<string, unknown>) => diffEntryContent(infoCatalogKind, before, after);

  it('names an added row by its columns, and an edited row by its first cell with the cells that changed', () => {
    const changes = catalogDiff(periods(['一般', 12], ['严重', 36]), periods(['一般', 12], ['严重', 60], ['特别严重', 60]));
    expect(zh(changes)).toEqual(['「公示期限」中“严重”一行：公示期（月）由“36”改为“60”', '「公示期限」新增“严重程度：特别严重，公示期（月）：60”']);
    expect(en(changes)).toEqual(['Disclosure period, row “严重”: Period (months) changed from “36” to “60”', 'Disclosure period: added “Severity: 特别严重, Period (months): 60”']);
    expect(changes.map((c) => c.path)).toEqual(['disclosurePeriods[1]', 'disclosurePeriods[2]']);
  });

  it('says a removed row, a reordering, and a whole table set', () => {
    expect(zh(catalogDiff(periods(['一般', 12], ['严重', 36]), periods(['严重', 36])))).toEqual(['「公示期限」删除“严重程度：一般，公示期（月）：12”']);
    expect(zh(catalogDiff(periods(['一般', 12], ['严重', 36]), periods(['严重', 36], ['一般', 12])))).toEqual(['「公示期限」的顺序已调整']);
    expect(zh(catalogDiff({}, periods(['一般', 12])))).toEqual(['「公示期限」新增“严重程度：一般，公示期（月）：12”']);
  });

  it('reads a data-item field by the data item’s name in the entry’s own form, not its key', () => {
    const form = { schema: { type: 'object', properties: { JDRQ: { type: 'string', format: 'date', title: '处罚决定日期' }, YXQ: { type: 'string', format: 'date', title: '处罚有效期' } } }, ui: { order: ['JDRQ', 'YXQ'] } };
    const changes = catalogDiff({ dataItems: form, decisionDateField: 'JDRQ' }, { dataItems: form, decisionDateField: 'YXQ' });
    expect(zh(changes)).toEqual(['「决定日期数据项」由“处罚决定日期”改为“处罚有效期”']);
    expect(changes[0]).toMatchObject({ before: 'JDRQ', after: 'YXQ' });
    // A key the form no longer has reads as itself.
    expect(zh(catalogDiff({ dataItems: form, decisionDateField: 'GONE' }, { dataItems: form, decisionDateField: 'JDRQ' }))).toEqual(['「决定日期数据项」由“GONE”改为“处罚决定日期”']);
  });

  it('says only the cells of an edited row, in words, and a part no column names by its key', () => {
    const rule = (classes: unknown[]) => ({ classes });
    const changes = diffEntryContent(disclosureRuleKind, rule([{ severity: '严重', published: true, minMonths: 36, maxMonths: 60 }]), rule([{ severity: '严重', published: false, minMonths: 36, maxMonths: 60, matchAny: ['吊销', '责令关闭'], note: 'x' }]));
    expect(zh(changes)).toEqual(['「失信程度分类」中“严重”一行：公示由“是”改为“否”；包含文字设为“吊销、责令关闭”；note 设为“x”']);
  });
});
