/**
 * The credit check a department system runs while it handles a matter (应查必查、逢办必查、自动比对、
 * 自动提示; issue 17): for a subject, a matter type and a purpose it answers the current grade per
 * industry, the list memberships in force with the measures that apply and their legal basis, and
 * whether the matter must be blocked, warned or may proceed — per the 审查场景 register
 * (check_scenario), which says for each matter type which lists block, which lists and grades warn.
 * Every call writes one query-log row (who: the client; what; why) and one audit row, in one statement.
 */
import { asc, eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db';
import { checkScenario, creditListMember, evaluationResult, evaluationRun, queryLog, record } from '../db/schema';
import { randomUUID } from 'node:crypto';
import { insertAudited } from '../audit/append';
import { DomainError, type FieldError } from '../errors';
import { normalizeCode } from '../../forms/formats/normalize';
import { listsInForce, measuresByList, type MeasureView } from '../lists/definitions';
import { memberInForce } from '../lists/in-force';
import { cacheKeyColumn, VersionedCache } from '../db/cache-version';
import { runContents } from '../grading/run-content';
import { todayCN } from '../registers/dates';
import { now as clockNow } from '../flows/clock';
import type { ApiCaller } from './clients';

export const DEFAULT_SCENARIOS: (typeof checkScenario.$inferInsert)[] = [
  {
    matterType: 'government-procurement',
    nameZh: '政府采购',
    nameEn: 'Government procurement',
    blockLists: ['CL-001'],
    warnGrades: ['C', 'D'],
    legalBasis: [{ name: '国务院办公厅关于进一步完善失信约束制度构建诚信建设长效机制的指导意见', number: '国办发〔2020〕49号', article: '（十）' }],
  },
  {
    matterType: 'fiscal-funding',
    nameZh: '财政资金支持',
    nameEn: 'Fiscal funding',
    blockLists: ['CL-001'],
    warnGrades: ['C', 'D'],
    legalBasis: [{ name: '国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见', number: '国发〔2016〕33号', article: '第十七条' }],
  },
  {
    matterType: 'administrative-licensing',
    nameZh: '行政许可审批',
    nameEn: 'Administrative licensing',
    warnLists: ['CL-001'],
    warnGrades: ['D'],
    legalBasis: [{ name: '国务院办公厅关于运用大数据加强对市场主体服务和监管的若干意见', number: '国办发〔2015〕51号', article: '第十八条' }],
  },
];

/** The starting 审查场景 register (idempotent: the office's own edits are kept). */
export async function seedCheckScenarios(db: Db): Promise<void> {
  await db.insert(checkScenario).values(DEFAULT_SCENARIOS).onConflictDoNothing();
}

export async function listScenarios(db: Db) {
  return db.select().from(checkScenario).where(eq(checkScenario.active, true)).orderBy(asc(checkScenario.matterType));
}

/** The register as the admin page shows it: lists by name. */
export async function scenariosForDisplay(db: Db) {
  const day = todayCN(await clockNow(db));
  const [rows, registers] = await Promise.all([listScenarios(db), registersOn(db, day)]);
  const named = (codes: string[]) => codes.map((c) => registers.lists.get(c)?.name ?? c);
  return rows.map((r) => ({ matterType: r.matterType, nameZh: r.nameZh, nameEn: r.nameEn, blockLists: named(r.blockLists), warnLists: named(r.warnLists), warnGrades: r.warnGrades }));
}

export interface CreditCheckInput {
  subjectCode: string;
  matterType: string;
  purpose: string;
}

export type Decision = 'block' | 'warn' | 'proceed';

type Scenario = typeof checkScenario.$inferSelect;
interface Registers {
  scenarios: Map<string, Scenario>;
  lists: Map<string, { name: string; legalBasis: unknown[] }>;
  measures: Map<string, MeasureView[]>;
}

/**
 * The 审查场景, lists and measures in force on a day, per process, while the `credit-check` cache
 * version is unchanged (a trigger bumps it on any register or scenario change: migration 0021).
 */
const registersCache = new VersionedCache<Registers>('credit-check');

async function loadRegisters(db: Db, day: string): Promise<Registers> {
  const [scenarios, lists, measures] = await Promise.all([db.select().from(checkScenario).where(eq(checkScenario.active, true)), listsInForce(db, day), measuresByList(db, day)]);
  return {
    scenarios: new Map(scenarios.map((x) => [x.matterType, x])),
    lists: new Map(lists.map((l) => [l.code, { name: String((l.content as { name?: string }).name ?? l.code), legalBasis: ((l.content as { legalBasis?: unknown[] }).legalBasis ?? []) as unknown[] }])),
    measures,
  };
}

function registersOn(db: Db, day: string): Promise<Registers> {
  return registersCache.get(db, () => loadRegisters(db, day), day);
}

interface SubjectFacts {
  registersKey: string | null;
  grades: { modelCode: string; runId: string; periodStart: string; periodEnd: string; grade: string; score: number; name: string }[];
  members: { id: string; listCode: string; decisionNumber: string | null; listedOn: string; validTo: string | null; removedOn: string | null; subjectName: string | null }[];
  name: string | null;
}

/**
 * What a credit check needs to know about a subject, with the register version, in one statement
 * (one round trip instead of four): its grades in the current runs, its list memberships in force
 * on `day`, and the name its accepted records give it.
 */
async function subjectFacts(db: Db, code: string, day: string): Promise<SubjectFacts> {
  const [row] = rowsOf<{ registers_key: string | null; grades: SubjectFacts['grades'] | string; members: SubjectFacts['members'] | string; name: string | null }>(
    await db.execute(sql`
      select
        ${cacheKeyColumn('credit-check')} as registers_key,
        (select coalesce(json_agg(json_build_object(
            'modelCode', ${evaluationRun.modelCode}, 'runId', ${evaluationRun.id}, 'periodStart', ${evaluationRun.periodStart}, 'periodEnd', ${evaluationRun.periodEnd},
            'grade', ${evaluationResult.grade}, 'score', ${evaluationResult.score}, 'name', ${evaluationResult.subjectName}
          ) order by ${evaluationRun.modelCode}), '[]'::json)
          from ${evaluationResult} join ${evaluationRun} on ${evaluationRun.id} = ${evaluationResult.runId} and ${evaluationRun.isCurrent}
          where ${evaluationResult.subjectCode} = ${code}) as grades,
        (select coalesce(json_agg(json_build_object(
            'id', ${creditListMember.id}, 'listCode', ${creditListMember.listCode}, 'decisionNumber', ${creditListMember.decisionNumber}, 'listedOn', ${creditListMember.listedOn},
            'validTo', ${creditListMember.validTo}, 'removedOn', ${creditListMember.removedOn}, 'subjectName', ${creditListMember.subjectName}
          ) order by ${creditListMember.listedOn}), '[]'::json)
          from ${creditListMember}
          where ${creditListMember.subjectCode} = ${code} and ${memberInForce(day)}) as members,
        (select ${record.subjectName} from ${record} where ${record.subjectCode} = ${code} and ${record.status} = 'accepted' limit 1) as name
    `),
  );
  // json columns arrive parsed from postgres.js, as text from some drivers
  const parsed = <T,>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
  return { registersKey: row?.registers_key ?? null, grades: parsed(row!.grades).map((g) => ({ ...g, score: Number(g.score) })), members: parsed(row!.members), name: row?.name ?? null };
}

const CODE = /^[0-9A-Z]{15,18}$/;

export async function creditCheck(db: Db, caller: ApiCaller, input: CreditCheckInput) {
  const code = normalizeCode(input.subjectCode);
  const purpose = input.purpose.trim();
  const errors: FieldError[] = [];
  if (!CODE.test(code)) errors.push({ path: 'subjectCode', key: 'apiV1.errors.subjectCode' });
  if (!purpose) errors.push({ path: 'purpose', key: 'errors.required' });
  const today = todayCN(await clockNow(db));
  // A well-formed code: the register version and everything about the subject in one statement.
  const found = CODE.test(code) ? await subjectFacts(db, code, today) : null;
  const registers = await (found ? registersCache.at(found.registersKey, () => loadRegisters(db, today), today) : registersOn(db, today));
  const scenario = registers.scenarios.get(input.matterType);
  if (!scenario) errors.push({ path: 'matterType', key: 'apiV1.errors.matterType', params: { value: input.matterType.slice(0, 64) } });
  if (errors.length || !scenario || !found) throw new DomainError('INVALID_INPUT', errors[0]!.key, errors[0]!.params ?? {}, errors);
  const { grades: gradeRows, members: memberRows, name: recordName } = found;
  const memberships = memberRows.map((m) => ({
    id: m.id,
    listCode: m.listCode,
    listName: registers.lists.get(m.listCode)?.name ?? m.listCode,
    decisionNumber: m.decisionNumber,
    listedOn: m.listedOn,
    validTo: m.validTo ?? m.removedOn,
    legalBasis: registers.lists.get(m.listCode)?.legalBasis ?? [],
    measures: registers.measures.get(m.listCode) ?? [],
    subjectName: m.subjectName,
  }));
  const contents = await runContents(db, gradeRows.map((g) => g.runId));
  const grades = gradeRows.map((g) => {
    const content = contents.get(g.runId)!;
    return { model: g.modelCode, industry: content.industry ?? null, grade: g.grade, gradeLabel: content.definition?.bands?.find((b) => b.grade === g.grade)?.label ?? null, score: g.score, period: { start: g.periodStart, end: g.periodEnd } };
  });
  const reasons: { kind: 'list' | 'grade'; code: string; outcome: 'block' | 'warn' }[] = [];
  for (const m of memberships) {
    if (scenario.blockLists.includes(m.listCode)) reasons.push({ kind: 'list', code: m.listCode, outcome: 'block' });
    else if (scenario.warnLists.includes(m.listCode)) reasons.push({ kind: 'list', code: m.listCode, outcome: 'warn' });
  }
  for (const g of grades) if (scenario.warnGrades.includes(g.grade)) reasons.push({ kind: 'grade', code: `${g.model}:${g.grade}`, outcome: 'warn' });
  const decision: Decision = reasons.some((r) => r.outcome === 'block') ? 'block' : reasons.length ? 'warn' : 'proceed';
  const subjectName = recordName ?? gradeRows[0]?.name ?? memberships[0]?.subjectName ?? null;

  const queryLogId = randomUUID();
  await insertAudited(
    db,
    db.insert(queryLog).values({
      id: queryLogId,
      userId: caller.actor.id,
      userName: `API：${caller.clientName}`,
      department: caller.actor.department,
      query: code,
      subjectCode: code,
      subjectName,
      purpose: `${scenario.nameZh}：${purpose}`.slice(0, 2000),
      resultCount: subjectName || grades.length || memberships.length ? 1 : 0,
      memberHits: memberships.length,
    }),
    caller.actor,
    {
      action: 'api.credit_check',
      objectType: 'query-log',
      objectId: queryLogId,
      after: { client: caller.clientId, subject: code, matterType: scenario.matterType, decision, memberHits: memberships.length },
      reason: purpose,
    },
  );

  return {
    queryLogId,
    checkedOn: today,
    subject: { code, name: subjectName },
    matterType: scenario.matterType,
    scenario: { 'zh-CN': scenario.nameZh, en: scenario.nameEn },
    decision,
    reasons,
    legalBasis: scenario.legalBasis,
    grades,
    memberships: memberships.map((m) => ({
      memberId: m.id,
      listCode: m.listCode,
      listName: m.listName,
      decisionNumber: m.decisionNumber,
      listedOn: m.listedOn,
      validTo: m.validTo,
      legalBasis: m.legalBasis,
      measures: m.measures.map((x) => ({ code: x.code, text: x.text, type: x.type, legalBasis: x.legalBasis })),
    })),
  };
}
