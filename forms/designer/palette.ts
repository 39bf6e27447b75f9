/**
 * What the designer's palette adds: for each kind of field, the schema and UI entry of a new
 * field, shaped exactly as the checker (`formDefinitionProblems`) and the renderer expect.
 *
 * The default names of new fields are definition data, not screen text: a definition needs its
 * labels in zh-CN and en at once, whatever language the editor works in, so they live here in
 * both languages (as the renderer's own texts do) rather than in the message catalogue.
 */
import type { Localized } from '../../catalog/types';
import type { FormFieldUi, FormWidget } from '../definition';
import type { Schema } from './model';

export interface PaletteItem {
  widget: FormWidget;
  /** Start of generated keys (`uscc_1`). */
  keyPrefix: string;
  label: Localized;
}

const L = (zh: string, en: string): Localized => ({ 'zh-CN': zh, en });

export const PALETTE: readonly PaletteItem[] = [
  { widget: 'text', keyPrefix: 'text', label: L('单行文本', 'Text') },
  { widget: 'textarea', keyPrefix: 'longText', label: L('多行文本', 'Long text') },
  { widget: 'number', keyPrefix: 'number', label: L('数值', 'Number') },
  { widget: 'money', keyPrefix: 'amount', label: L('金额（万元）', 'Amount (万元)') },
  { widget: 'date', keyPrefix: 'date', label: L('日期', 'Date') },
  { widget: 'select', keyPrefix: 'code', label: L('代码表', 'Code list') },
  { widget: 'uscc', keyPrefix: 'uscc', label: L('统一社会信用代码', 'Unified social credit code') },
  { widget: 'resident-id', keyPrefix: 'idNumber', label: L('居民身份证号码', 'Resident ID number') },
  { widget: 'phone', keyPrefix: 'phone', label: L('联系电话', 'Phone') },
  { widget: 'email', keyPrefix: 'email', label: L('电子邮箱', 'Email') },
  { widget: 'boolean', keyPrefix: 'yesNo', label: L('是否', 'Yes/no') },
  { widget: 'group', keyPrefix: 'group', label: L('分组', 'Group') },
  { widget: 'repeating-group', keyPrefix: 'rows', label: L('重复组', 'Repeating group') },
];

export function paletteItem(widget: FormWidget): PaletteItem {
  return PALETTE.find((p) => p.widget === widget) ?? PALETTE[0]!;
}

/** Options of a new code list: two placeholders the editor renames. */
export const NEW_OPTIONS: { code: string; label: Localized }[] = [
  { code: '01', label: L('选项一', 'Option 1') },
  { code: '02', label: L('选项二', 'Option 2') },
];

/** The schema of a new field of `widget`. */
export function newFieldSchema(widget: FormWidget): Schema {
  switch (widget) {
    case 'text':
      return { type: 'string', maxLength: 200 };
    case 'textarea':
      return { type: 'string', maxLength: 2000 };
    case 'number':
      return { type: 'number' };
    case 'money':
      return { type: 'number', format: 'money-wan', minimum: 0 };
    case 'date':
      return { type: 'string', format: 'date' };
    case 'select':
      return { type: 'string', enum: NEW_OPTIONS.map((o) => o.code) };
    case 'uscc':
      return { type: 'string', format: 'uscc' };
    case 'resident-id':
      return { type: 'string', format: 'resident-id' };
    case 'phone':
      return { type: 'string', format: 'phone' };
    case 'email':
      return { type: 'string', format: 'email', maxLength: 254 };
    case 'boolean':
      return { type: 'boolean' };
    case 'group':
      return { type: 'object', additionalProperties: false };
    case 'repeating-group':
      return { type: 'array', items: { type: 'object', additionalProperties: false } };
  }
}

/** The UI entry of a new field: both labels, the widget, and the defaults that go with it. */
export function newFieldUi(widget: FormWidget, label: Localized): FormFieldUi {
  const ui: FormFieldUi = { label: { ...label }, widget };
  if (widget === 'select') ui.options = Object.fromEntries(NEW_OPTIONS.map((o) => [o.code, { ...o.label }]));
  // An ID number is personal data (个人信息) from the start; its mask comes from the format's default.
  if (widget === 'resident-id') ui.personal = true;
  return ui;
}

export function isContainerWidget(widget: FormWidget): boolean {
  return widget === 'group' || widget === 'repeating-group';
}
