/**
 * 统一社会信用代码 (unified social credit code, USCC) per GB 32100-2015.
 *
 * 18 characters: authority (1) + organisation type (1) + region (6 digits, GB/T 2260) +
 * organisation code (9, GB 11714) + check character (1, MOD 31 over the first 17).
 * Positions 1–2 are validated against table A (authority → allowed types), NOT as digits:
 * python-stdnum's "positions 1–8 are digits" rule wrongly rejects the real authorities A, N and Y.
 * See shared/reference/domain/codes.md §1–2.
 *
 * Pure TS: runs in the browser and on the server.
 */
import { normalizeCode } from './normalize';

export interface LocalizedName {
  'zh-CN': string;
  en: string;
}

/** The 31 characters of the code, in value order. I, O, S, V and Z are never used. */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weights for positions 1..17: 3^(i-1) mod 31. */
export const USCC_WEIGHTS: readonly number[] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * 个体工商户 without a USCC are reported in 双公示 with this placeholder (17 zeros + X); the
 * 工商注册号 then becomes mandatory. It is not a valid USCC (authority 0 does not exist).
 */
export const USCC_PLACEHOLDER = '00000000000000000X';

export interface UsccAuthority {
  name: LocalizedName;
  types: Readonly<Record<string, LocalizedName>>;
}

const other: LocalizedName = { 'zh-CN': '其他', en: 'other' };

/** Table A of GB 32100-2015: 登记管理部门代码 → 机构类别代码. */
export const USCC_AUTHORITIES: Readonly<Record<string, UsccAuthority>> = {
  '1': {
    name: { 'zh-CN': '机构编制', en: 'institutional staffing administration' },
    types: {
      '1': { 'zh-CN': '机关', en: 'government organ' },
      '2': { 'zh-CN': '事业单位', en: 'public institution' },
      '3': {
        'zh-CN': '中央编办直接管理机构编制的群众团体',
        en: 'mass organisation whose staffing is managed directly by the central staffing office',
      },
      '9': other,
    },
  },
  '2': {
    name: { 'zh-CN': '外交', en: 'foreign affairs' },
    types: {
      '1': { 'zh-CN': '外国常驻新闻机构', en: 'resident office of a foreign news organisation' },
      '9': other,
    },
  },
  '3': {
    name: { 'zh-CN': '司法行政', en: 'judicial administration' },
    types: {
      '1': { 'zh-CN': '律师执业机构', en: 'law firm' },
      '2': { 'zh-CN': '公证处', en: 'notary office' },
      '3': { 'zh-CN': '基层法律服务所', en: 'grassroots legal service office' },
      '4': { 'zh-CN': '司法鉴定机构', en: 'forensic appraisal institution' },
      '5': { 'zh-CN': '仲裁委员会', en: 'arbitration commission' },
      '9': other,
    },
  },
  '4': {
    name: { 'zh-CN': '文化', en: 'culture' },
    types: {
      '1': { 'zh-CN': '外国在华文化中心', en: 'foreign cultural centre in China' },
      '9': other,
    },
  },
  '5': {
    name: { 'zh-CN': '民政', en: 'civil affairs' },
    types: {
      '1': { 'zh-CN': '社会团体', en: 'social organisation' },
      '2': { 'zh-CN': '民办非企业单位', en: 'private non-enterprise unit' },
      '3': { 'zh-CN': '基金会', en: 'foundation' },
      '9': other,
    },
  },
  '6': {
    name: { 'zh-CN': '旅游', en: 'tourism' },
    types: {
      '1': { 'zh-CN': '外国旅游部门常驻代表机构', en: 'resident representative office of a foreign tourism authority' },
      '2': {
        'zh-CN': '港澳台地区旅游部门常驻内地（大陆）代表机构',
        en: 'resident mainland representative office of a Hong Kong, Macao or Taiwan tourism authority',
      },
      '9': other,
    },
  },
  '7': {
    name: { 'zh-CN': '宗教', en: 'religious affairs' },
    types: {
      '1': { 'zh-CN': '宗教活动场所', en: 'venue for religious activities' },
      '2': { 'zh-CN': '宗教院校', en: 'religious college' },
      '9': other,
    },
  },
  '8': {
    name: { 'zh-CN': '工会', en: 'trade unions' },
    types: {
      '1': { 'zh-CN': '基层工会', en: 'grassroots trade union' },
      '9': other,
    },
  },
  '9': {
    name: { 'zh-CN': '工商（市场监管）', en: 'market regulation (formerly industry and commerce)' },
    types: {
      '1': { 'zh-CN': '企业', en: 'enterprise' },
      '2': { 'zh-CN': '个体工商户', en: 'individual business' },
      '3': { 'zh-CN': '农民专业合作社', en: "farmers' specialised cooperative" },
    },
  },
  A: {
    name: { 'zh-CN': '中央军委改革和编制办公室', en: 'Central Military Commission reform and staffing office' },
    types: {
      '1': { 'zh-CN': '军队事业单位', en: 'military public institution' },
      '9': other,
    },
  },
  N: {
    name: { 'zh-CN': '农业', en: 'agriculture' },
    types: {
      '1': { 'zh-CN': '组级集体经济组织', en: 'group-level collective economic organisation' },
      '2': { 'zh-CN': '村级集体经济组织', en: 'village-level collective economic organisation' },
      '3': { 'zh-CN': '乡镇级集体经济组织', en: 'township-level collective economic organisation' },
      '9': other,
    },
  },
  // Table A does not split Y further; the standard's only type is 1.
  Y: {
    name: { 'zh-CN': '其他', en: 'other authority' },
    types: { '1': other },
  },
};

export type UsccFailureReason = 'length' | 'charset' | 'authority' | 'type' | 'region' | 'check';

export type UsccCheck =
  | {
      ok: true;
      /** the normalised (upper-case) code */
      value: string;
      /** position 1, e.g. "9" */
      authority: string;
      /** position 2, e.g. "1" */
      type: string;
      /** positions 3–8, e.g. "110000" */
      region: string;
      /** positions 9–17, the GB 11714 organisation code */
      orgCode: string;
      authorityName: LocalizedName;
      typeName: LocalizedName;
    }
  | { ok: false; reason: UsccFailureReason; /** the correct check character, when reason is 'check' */ expected?: string };

/** The code as stored: trimmed, half-width, upper case (see ./normalize). */
export function normalizeUscc(value: string): string {
  return normalizeCode(value);
}

function charValue(c: string): number {
  return USCC_CHARSET.indexOf(c);
}

/**
 * The check character for the first 17 characters. Throws a RangeError for input that is not
 * 17 characters of the USCC character set (a programming error: call `checkUscc` for user input).
 */
export function usccCheckChar(first17: string): string {
  const s = normalizeUscc(first17);
  if (s.length !== 17) throw new RangeError(`usccCheckChar needs 17 characters, got ${s.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = charValue(s[i]!);
    if (v < 0) throw new RangeError(`usccCheckChar: "${s[i]}" is not a USCC character`);
    sum += v * USCC_WEIGHTS[i]!;
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31]!;
}

/** Validates a USCC. Reasons are checked in order: length, charset, authority, type, region, check. */
export function checkUscc(value: string): UsccCheck {
  const s = normalizeUscc(value);
  if (s.length !== 18) return { ok: false, reason: 'length' };
  for (const c of s) if (charValue(c) < 0) return { ok: false, reason: 'charset' };
  const authority = s[0]!;
  const type = s[1]!;
  const auth = USCC_AUTHORITIES[authority];
  if (!auth) return { ok: false, reason: 'authority' };
  const typeName = auth.types[type];
  if (!typeName) return { ok: false, reason: 'type' };
  const region = s.slice(2, 8);
  if (!/^\d{6}$/.test(region)) return { ok: false, reason: 'region' };
  const expected = usccCheckChar(s.slice(0, 17));
  if (s[17] !== expected) return { ok: false, reason: 'check', expected };
  return { ok: true, value: s, authority, type, region, orgCode: s.slice(8, 17), authorityName: auth.name, typeName };
}

export function isUsccPlaceholder(value: string): boolean {
  return normalizeUscc(value) === USCC_PLACEHOLDER;
}

const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11714 value: digits 0–9, letters A–Z 10–35. */
function orgCharValue(c: string): number {
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  if (c >= 'A' && c <= 'Z') return c.charCodeAt(0) - 55;
  return -1;
}

/** GB 11714 check character for the first 8 characters of an organisation code, or null when malformed. */
export function orgCodeCheckChar(first8: string): string | null {
  const s = first8.toUpperCase();
  if (s.length !== 8) return null;
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const v = orgCharValue(s[i]!);
    if (v < 0) return null;
    sum += v * ORG_CODE_WEIGHTS[i]!;
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/**
 * True when the GB 11714 check inside a code fails, i.e. a warning should be shown.
 * Accepts a full 18-character USCC (checks positions 9–17) or a 9-character organisation code.
 * Warning only (codes.md §2): every real-looking code seen passes it, but the credit office has
 * not confirmed that all issued codes do, so it must never block a submission.
 */
export function orgCodeWarning(value: string): boolean {
  const s = value.toUpperCase();
  const org = s.length === 18 ? s.slice(8, 17) : s.length === 9 ? s : null;
  if (!org) return true;
  const expected = orgCodeCheckChar(org.slice(0, 8));
  return expected === null || org[8] !== expected;
}
