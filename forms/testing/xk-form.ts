/**
 * Test fixture: the seeded 双公示 行政许可 (XK) form, with the conditional rules of
 * shared/reference/domain/shuanggongshi-fields.json added — 法定代表人 only for 法人及非法人组织,
 * the natural person's ID number (GB 11643) only for 自然人, the USCC checked (GB 32100) —
 * and a repeating group of licence items whose 经办人身份证号 is asked for on rows with a 经办人.
 */
import reference from '../../server/seed/data/reference-forms.json';
import type { Condition } from '../conditions';
import type { FormDefinition } from '../definition';

const L = (zh: string, en: string) => ({ 'zh-CN': zh, en });

export const LEGAL_PERSON = '法人及非法人组织';
export const NATURAL_PERSON = '自然人';

const isLegal: Condition = { field: 'XK_XDR_LB', op: 'eq', value: LEGAL_PERSON };
const isNatural: Condition = { field: 'XK_XDR_LB', op: 'eq', value: NATURAL_PERSON };
const rowHasHolder: Condition = { field: '$item.holder', op: 'notEmpty' };

export function xkDefinition(): FormDefinition {
  const def = structuredClone(reference.XK) as unknown as FormDefinition;
  const props = def.schema.properties;
  props.XK_XDR_SHXYM = { ...props.XK_XDR_SHXYM, format: 'uscc' };
  props.XK_XDR_ZJHM = { ...props.XK_XDR_ZJHM, format: 'resident-id' };
  props.items = {
    title: '许可事项明细',
    type: 'array',
    items: {
      type: 'object',
      properties: {
        name: { title: '事项名称', type: 'string', maxLength: 100 },
        amount: { title: '金额（万元）', type: 'number', format: 'money-wan' },
        holder: { title: '经办人', type: 'string', maxLength: 50 },
        holderId: { title: '经办人身份证号', type: 'string', format: 'resident-id' },
      },
      required: ['name'],
      additionalProperties: false,
    },
  };
  const ui = def.ui!;
  const fields = ui.fields!;
  ui.order = [...ui.order!, 'items'];
  ui.sections = [
    { id: 'subject', title: L('行政相对人', 'Subject') },
    { id: 'decision', title: L('许可决定', 'Decision') },
  ];
  for (const key of Object.keys(fields)) fields[key]!.section = /^XK_(XDR|FR)/.test(key) ? 'subject' : 'decision';
  fields.XK_FRDB = { ...fields.XK_FRDB, label: L('法定代表人', 'Legal representative'), visibleIf: isLegal, requiredIf: isLegal };
  fields.XK_FR_ZJLX = { ...fields.XK_FR_ZJLX, visibleIf: isLegal };
  fields.XK_FR_ZJHM = { ...fields.XK_FR_ZJHM, visibleIf: isLegal };
  fields.XK_XDR_ZJLX = { ...fields.XK_XDR_ZJLX, visibleIf: isNatural };
  fields.XK_XDR_ZJHM = { ...fields.XK_XDR_ZJHM, label: L('证件号码 (自然人)', 'ID number (natural person)'), visibleIf: isNatural, requiredIf: isNatural };
  fields.items = { label: L('许可事项明细', 'Licence items'), section: 'decision' };
  fields['items.name'] = { label: L('事项名称', 'Item') };
  fields['items.amount'] = { label: L('金额', 'Amount'), help: L('单位：万元', 'In 万元 (10,000 yuan)') };
  fields['items.holder'] = { label: L('经办人', 'Handled by') };
  fields['items.holderId'] = { label: L('经办人身份证号', 'ID number of the handler'), personal: true, visibleIf: rowHasHolder, requiredIf: rowHasHolder };
  return def;
}

/** A complete, valid record for a 法人 subject. */
export function legalPersonRecord(): Record<string, unknown> {
  return {
    XK_XDR_MC: '北京某某科技有限公司',
    XK_XDR_LB: LEGAL_PERSON,
    XK_XDR_SHXYM: '91110000600037341L',
    XK_FRDB: '张三',
    XK_XKWS: '准予行政许可决定书',
    XK_WSH: '京市监许〔2024〕12号',
    XK_XKLB: '普通',
    XK_XKZS: '食品经营许可证',
    XK_NR: '预包装食品销售',
    XK_JDRQ: '2024-05-10',
    XK_XKJGDM: '11110000000013127H',
  };
}
