/**
 * The benchmark's 500-field form definition and generators of valid records for it (and for any
 * flat definition such as the seeded 双公示 CF form). The same JSON Schema feeds our renderer,
 * RJSF and the server-side validation figures.
 */
import type { FormDefinition } from '../../forms/definition';

export const BENCH_FIELD_COUNT = 500;
/** The field typed into by the keystroke figures (a plain text field). */
export const TYPED_FIELD = 'f250';

const CHOICES = ['甲类', '乙类', '丙类', '丁类', '戊类'];
const PATTERN_CODE = '^[A-Z]{2}[0-9]{4}$';

type Kind = 'text' | 'number' | 'date' | 'select' | 'code';

/** Field i's kind: text, number, date, select in turn, every 50th a patterned code; field 250 is text. */
export function kindOf(i: number): Kind {
  if (i % 50 === 7) return 'code';
  return (['select', 'number', 'text', 'date'] as const)[i % 4]!;
}

export function benchDefinition(n = BENCH_FIELD_COUNT): FormDefinition {
  const properties: Record<string, Record<string, unknown>> = {};
  const fields: Record<string, { label: { 'zh-CN': string; en: string }; widget?: 'text' | 'number' | 'date' | 'select' }> = {};
  const required: string[] = [];
  const order: string[] = [];
  for (let i = 0; i < n; i++) {
    const key = `f${i}`;
    const kind = kindOf(i);
    const zh = `字段 ${i}（${{ text: '文本', number: '数值', date: '日期', select: '选项', code: '编码' }[kind]}）`;
    let s: Record<string, unknown>;
    switch (kind) {
      case 'text':
        s = { type: 'string', maxLength: 200 };
        break;
      case 'number':
        s = { type: 'number', minimum: 0 };
        break;
      case 'date':
        s = { type: 'string', format: 'date' };
        break;
      case 'select':
        s = { type: 'string', enum: CHOICES };
        break;
      case 'code':
        s = { type: 'string', pattern: PATTERN_CODE, maxLength: 6 };
        break;
    }
    properties[key] = { title: zh, ...s };
    fields[key] = { label: { 'zh-CN': zh, en: `Field ${i} (${kind})` }, ...(kind === 'code' ? { widget: 'text' as const } : { widget: kind }) };
    order.push(key);
    if (i % 100 === 1) required.push(key);
  }
  if (kindOf(250) !== 'text') throw new Error('field 250 must be a text field');
  return {
    schema: { type: 'object', properties, required, additionalProperties: false } as FormDefinition['schema'],
    ui: { order, fields },
  };
}

/** Codes with their check characters right (the 双公示 forms' uscc and resident-id formats). */
const USCC = '12440300MB2C92173E';
const RESIDENT_ID = '11010519491231002X';

/** A valid value for a flat field schema (string with maxLength/enum/date/uscc/resident-id/pattern, number). */
function validValue(s: Record<string, unknown>, key: string, i: number): unknown {
  if (Array.isArray(s.enum)) return s.enum[i % s.enum.length];
  if (s.type === 'number' || s.type === 'integer') return (i % 1000) + (s.type === 'number' ? 0.5 : 0);
  if (s.format === 'date') return `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
  if (s.pattern === PATTERN_CODE) return `AB${String(i % 10000).padStart(4, '0')}`;
  if (s.format === 'uscc') return USCC;
  if (s.format === 'resident-id') return RESIDENT_ID;
  if (s.pattern !== undefined || s.format !== undefined) throw new Error(`no generator for ${key}`);
  const text = `${key}-记录${i}`;
  return typeof s.maxLength === 'number' ? text.slice(0, s.maxLength) : text;
}

/** Record i for a flat definition: every field filled in (so every keyword runs). */
export function validRecord(def: FormDefinition, i: number): Record<string, unknown> {
  const props = def.schema.properties as Record<string, Record<string, unknown>>;
  const out: Record<string, unknown> = {};
  for (const [key, s] of Object.entries(props)) out[key] = validValue(s, key, i);
  return out;
}
