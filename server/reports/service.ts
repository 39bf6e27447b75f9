/**
 * The credit report (信用报告, issue 16): a numbered report on one subject for a stated purpose,
 * with the sections of the credit file that may be disclosed for that purpose (PURPOSES, data),
 * as a DOCX stored with its SHA-256 and a verification code. Anyone with the code can check on the
 * public page /verify that the report is genuine (the number, subject, purpose and day) and
 * unchanged (the file's fingerprint). Issuing writes the query log (purpose, requester) and one
 * audit row, in one transaction.
 */
import { createHash, randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { rowsOf } from '../db';
import { creditReport, queryLog, type ReportSection } from '../db/schema';
import { appendAudit, type Actor } from '../audit/append';
import { DomainError } from '../errors';
import { hasAnyRole, mayReadMadeBy, type Viewer } from '../auth/viewer';
import { buildDocx, DOCX_MEDIA_TYPE, type DocParagraph } from '../documents/docx';
import { getFile, putFile } from '../files/service';
import { cnDate } from '../lists/documents';
import { fileSections, resolveSubjectParam } from '../subjects/file';
import { getPinnedVersion } from '../records/service';
import { maskedSubject } from '../subjects/mask';
import { todayCN } from '../registers/dates';
import { now as clockNow } from '../flows/clock';

/**
 * Purposes and what may be disclosed for each: the sections, and the catalog items' disclosure
 * levels whose records are shown (社会公开 for a report handed to a third party; 政务共享 too when
 * the report serves an administrative decision).
 */
export const PURPOSES: Record<string, { sections: string[]; disclosure: string[] }> = {
  招投标: { sections: ['records', 'commitments', 'lists', 'grades'], disclosure: ['社会公开'] },
  评优评先: { sections: ['records', 'commitments', 'lists', 'grades'], disclosure: ['社会公开'] },
  行政审批: { sections: ['records', 'commitments', 'lists', 'grades'], disclosure: ['社会公开', '政务共享'] },
  财政资金: { sections: ['records', 'commitments', 'lists', 'grades'], disclosure: ['社会公开', '政务共享'] },
};

const SECTION_TITLES: Record<string, string> = { records: '信用记录', commitments: '信用承诺及履约情况', lists: '信用名单', grades: '信用评价等级' };
const STATE_ZH: Record<string, string> = { pending: '履约中', overdue: '已逾期', fulfilled: '已履行', broken: '未履行' };

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** 16 characters of an alphabet without look-alikes (0/O, 1/I/L): about 80 bits. */
function newVerifyCode(): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(16);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

export function normalizeVerifyCode(s: string): string {
  return s.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 32);
}

async function nextReportNo(tx: Db, day: string): Promise<string> {
  const prefix = `XYBG-${day.slice(0, 4)}-`;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`credit-report-no:${prefix}`}))`);
  const [row] = rowsOf<{ last: string | null }>(await tx.execute(sql`select max(report_no) as last from credit_report where report_no like ${`${prefix}%`}`));
  const serial = row?.last ? Number(row.last.slice(prefix.length)) + 1 : 1;
  return `${prefix}${String(serial).padStart(6, '0')}`;
}

export async function issueReport(db: Db, actor: Actor, viewer: Viewer, input: { subject: string; purpose: string; requester: string; origin?: string }) {
  if (!hasAnyRole(viewer, ['filler', 'editor'])) throw new DomainError('FORBIDDEN', 'creditReport.errors.notAllowed');
  const rule = PURPOSES[input.purpose];
  if (!rule) throw new DomainError('INVALID_INPUT', 'creditReport.errors.purpose', {}, [{ path: 'purpose', key: 'creditReport.errors.purpose' }]);
  const requester = input.requester.trim();
  if (!requester) throw new DomainError('INVALID_INPUT', 'creditReport.errors.requesterRequired', {}, [{ path: 'requester', key: 'creditReport.errors.requesterRequired' }]);
  const code = await resolveSubjectParam(db, input.subject);
  const [who] = rowsOf<{ type: string; name: string }>(
    await db.execute(sql`select subject_type as type, subject_name as name from (
      select subject_type, subject_name, created_at as at from record where subject_code = ${code} and status = 'accepted'
      union all select subject_type, subject_name, created_at from commitment where subject_code = ${code}
      union all select subject_type, subject_name, created_at from credit_list_member where subject_code = ${code}) s order by at desc limit 1`),
  );
  if (!who) throw new DomainError('NOT_FOUND', 'subjectFile.errors.notFound');
  const sections: ReportSection[] = [];
  const disclosureOf = new Map<string, string>();
  for (const s of fileSections()) {
    if (!rule.sections.includes(s.key)) continue;
    const entries = await s.load(db, viewer, { code, type: who.type });
    const lines: string[] = [];
    for (const e of entries) {
      const d = e.data ?? {};
      if (s.key === 'records') {
        if (d.status !== 'accepted') continue;
        const key = `${d.catalogCode}`;
        if (!disclosureOf.has(key)) {
          const [r] = rowsOf<{ catalog_version: number }>(await db.execute(sql`select catalog_version from record where id = ${String(d.id)}`));
          const item = await getPinnedVersion(db, key, r!.catalog_version);
          disclosureOf.set(key, String((item.content as { disclosure?: string }).disclosure ?? ''));
        }
        if (!rule.disclosure.includes(disclosureOf.get(key)!)) continue;
        lines.push(`${e.date ?? ''} ${e.title}`);
      } else if (s.key === 'commitments') lines.push(`${e.date ?? ''} ${e.title}（${e.detail}）：${STATE_ZH[String(d.state)] ?? d.state}`);
      else if (s.key === 'grades') lines.push(`${e.title}：${e.detail}${d.startGrade ? '（无评价事实，按模型初始等级）' : ''}`);
      else lines.push(`${e.date ?? ''} ${e.title}${e.detail ? `（${e.detail}）` : ''}`);
    }
    sections.push({ key: s.key, title: SECTION_TITLES[s.key] ?? s.key, lines: lines.length ? lines : ['无'] });
  }
  const day = todayCN(await clockNow(db));
  const shownCode = maskedSubject(viewer, who.type, code);
  return db.transaction(async (tx) => {
    const reportNo = await nextReportNo(tx, day);
    const verifyCode = newVerifyCode();
    const paragraphs: DocParagraph[] = [
      { text: '信用报告', style: 'title' },
      { text: `报告编号：${reportNo}`, style: 'number' },
      { text: `主体名称：${who.name}`, style: 'body' },
      { text: `主体代码：${shownCode}`, style: 'body' },
      { text: `报告用途：${input.purpose}`, style: 'body' },
      { text: `申请人：${requester}`, style: 'body' },
    ];
    sections.forEach((s, i) => {
      paragraphs.push({ text: `${'一二三四五六七八九十'[i] ?? i + 1}、${s.title}`, style: 'body' });
      for (const l of s.lines) paragraphs.push({ text: l, style: 'body' });
    });
    paragraphs.push({ text: `本报告仅用于“${input.purpose}”，所列信息为出具之日平台归集的可向该用途披露的信息。`, style: 'body' });
    paragraphs.push({ text: `验证码：${verifyCode}（可在${input.origin ?? process.env.BETTER_AUTH_URL ?? ''}/verify 核验本报告真伪及是否被改动）`, style: 'body' });
    paragraphs.push({ text: `出具日期：${cnDate(day)}`, style: 'right' });
    const bytes = buildDocx(paragraphs);
    const stored = await putFile(tx, { bytes, mediaType: DOCX_MEDIA_TYPE, createdBy: actor.id });
    const [row] = await tx.insert(creditReport).values({ reportNo, verifyCode, subjectCode: code, subjectName: who.name, purpose: input.purpose, requester, sections, sha256: stored.sha256, issuedBy: actor.id! }).returning({ id: creditReport.id });
    const [log] = await tx
      .insert(queryLog)
      .values({ userId: actor.id, userName: `${viewer.name}（${viewer.username}）`, department: actor.department, query: `信用报告 ${reportNo}`, subjectCode: code, subjectName: who.name, purpose: `${input.purpose}（申请人：${requester}）`.slice(0, 500), resultCount: 1 })
      .returning({ id: queryLog.id });
    await appendAudit(tx, actor, { action: 'credit_report.issue', objectType: 'credit-report', objectId: row!.id, after: { reportNo, subject: code, purpose: input.purpose, requester, sha256: stored.sha256, queryLog: log!.id, sections: sections.map((s) => [s.key, s.lines.length]) }, reason: input.purpose });
    return { id: row!.id, reportNo, verifyCode, sha256: stored.sha256 };
  });
}

export async function reportFile(db: Db, viewer: Viewer, id: string) {
  const [r] = await db.select().from(creditReport).where(eq(creditReport.id, id));
  // Another department's report is "not found", as its records are.
  if (!r || !hasAnyRole(viewer, ['filler', 'editor', 'approver', 'auditor', 'admin']) || !(await mayReadMadeBy(db, viewer, r.issuedBy))) throw new DomainError('NOT_FOUND', 'creditReport.errors.notFound');
  const f = await getFile(db, r.sha256);
  return { fileName: `信用报告-${r.reportNo}.docx`, mediaType: f.mediaType, bytes: f.bytes };
}

/**
 * The public check: what the code belongs to, and the fingerprint of the file as issued (the page
 * compares a file the visitor holds with it in the browser). Nothing else about the subject.
 */
export async function verifyReport(db: Db, code: string) {
  const c = normalizeVerifyCode(code);
  if (c.length !== 16) return null;
  const [r] = await db.select().from(creditReport).where(eq(creditReport.verifyCode, c));
  if (!r) return null;
  return { reportNo: r.reportNo, subjectName: r.subjectName, purpose: r.purpose, issuedOn: todayCN(r.issuedAt), sha256: r.sha256 };
}
