/**
 * The public objection form (issue 17 / issue 15): a subject disputes what the public page shows
 * about it — one published record or one public list membership of that subject — with contact
 * details and optional evidence, and gets a tracking number (受理编号) and the answer deadline.
 *
 * `submitPublicObjection` is the whole request check in one place (the page's form action calls it
 * with the request's facts): our own Origin, body size, a per-address budget, the target being on the
 * subject's public page today, field checks with the visitor's values kept, evidence through the
 * same type and size checks as staff uploads (stored without a user). Every refusal comes back as
 * field errors or a form error (message keys); nothing is thrown to the page.
 */
import type { Db } from '../db';
import { DomainError, type MessageParams } from '../errors';
import { perMinute, take } from '../api/rate-limit';
import { storeUpload } from '../files/upload';
import type { EvidenceFile } from '../db/schema';
import { filePublicObjection, objectionStatusByTrackingNo } from '../objections/service';
import { publicSubjectPage, type PublicSubjectPage } from './service';
import type { Localized } from '../../catalog/types';

/** The whole form body, evidence included (three files of up to 10 MB each would not fit: the page says so). */
export const PUBLIC_OBJECTION_MAX_BYTES = 12 * 1024 * 1024;
export const PUBLIC_MAX_FILES = 3;
export const MAX_CONTENT = 2000;

export interface PublicTarget {
  value: string;
  kind: 'record' | 'membership';
  label: Localized;
  items: { key: string; label: Localized }[];
}

/** What the visitor may object to: the subject's records and list memberships public today. */
export function objectionTargets(page: PublicSubjectPage): PublicTarget[] {
  const out: PublicTarget[] = [];
  for (const r of [...page.records.flatMap((g) => g.rows), ...page.commitments]) {
    out.push({ value: `record:${r.id}`, kind: 'record', label: { 'zh-CN': `${r.catalogName} · ${r.decisionDate ?? ''} · ${r.department['zh-CN']}`, en: `${r.catalogNameEn} · ${r.decisionDate ?? ''} · ${r.department.en}` }, items: r.fields.map((f) => ({ key: f.key, label: f.label })) });
  }
  for (const m of page.memberships) {
    const dep = m.department ?? { 'zh-CN': '', en: '' };
    out.push({ value: `membership:${m.id}`, kind: 'membership', label: { 'zh-CN': `${m.listName} · ${m.decisionNumber ?? m.listedOn} · ${dep['zh-CN']}`, en: `${m.listName} · ${m.decisionNumber ?? m.listedOn} · ${dep.en}` }, items: [] });
  }
  return out;
}

export interface PublicObjectionValues {
  subject: string;
  target: string;
  items: string[];
  content: string;
  name: string;
  phone: string;
  email: string;
}

export interface Problem {
  key: string;
  params?: MessageParams;
}

export type PublicObjectionResult =
  | { ok: true; trackingNo: string; answerDue: string; subjectName: string }
  | { ok: false; values: PublicObjectionValues; errors: Partial<Record<'target' | 'items' | 'content' | 'name' | 'contact' | 'evidence', Problem>>; formError: Problem | null };

export interface RequestFacts {
  /** Origin (else Referer) the browser sent; null when neither. */
  from: string | null;
  /** The origins this app is served from (server/http/origin.ts `appOrigins`). */
  selfOrigins: string[];
  contentLength: number | null;
  address: string;
}

const str = (form: FormData, name: string, max: number) => {
  const v = form.get(name);
  return typeof v === 'string' ? v.slice(0, max) : '';
};

export function valuesOf(form: FormData): PublicObjectionValues {
  return {
    subject: str(form, 'subject', 300),
    target: str(form, 'target', 200),
    items: form
      .getAll('items')
      .filter((v): v is string => typeof v === 'string')
      .map((v) => v.slice(0, 100))
      .slice(0, 50),
    content: str(form, 'content', MAX_CONTENT + 1),
    name: str(form, 'name', 101),
    phone: str(form, 'phone', 41),
    email: str(form, 'email', 201),
  };
}

function originOf(value: string | null): string | null {
  if (!value || value === 'null') return null;
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/** The request's Origin, else its Referer, as an origin. */
export function requestFrom(h: { get(name: string): string | null }): string | null {
  return originOf(h.get('origin')) ?? originOf(h.get('referer'));
}

const PHONE = /^\+?[0-9][0-9 -]{4,19}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;

export async function submitPublicObjection(db: Db, facts: RequestFacts, form: () => Promise<FormData>): Promise<PublicObjectionResult> {
  const empty: PublicObjectionValues = { subject: '', target: '', items: [], content: '', name: '', phone: '', email: '' };
  const refuse = (values: PublicObjectionValues, key: string, params?: MessageParams): PublicObjectionResult => ({ ok: false, values, errors: {}, formError: { key, params } });
  // A state-changing form: only from our own pages (the form posts with the browser's Origin).
  if (!facts.from || !facts.selfOrigins.includes(facts.from)) return refuse(empty, 'publicSite.objection.errors.origin');
  if (facts.contentLength !== null && facts.contentLength > PUBLIC_OBJECTION_MAX_BYTES) return refuse(empty, 'publicSite.objection.errors.tooLarge', { limit: '12 MB' });
  if (!take(`public-objection:${facts.address}`, perMinute('PUBLIC_OBJECTIONS_PER_MINUTE', 5)).ok) return refuse(empty, 'publicSite.objection.errors.busy');
  let data: FormData;
  try {
    data = await form();
  } catch {
    return refuse(empty, 'publicSite.objection.errors.unreadable');
  }
  const values = valuesOf(data);
  const errors: Extract<PublicObjectionResult, { ok: false }>['errors'] = {};
  const page = await publicSubjectPage(db, values.subject);
  const targets = page.subject ? objectionTargets(page) : [];
  const target = targets.find((t) => t.value === values.target);
  if (!page.subject) return refuse(values, 'publicSite.objection.errors.subject');
  if (!target) errors.target = { key: 'publicSite.objection.errors.target' };
  const content = values.content.trim();
  if (!content) errors.content = { key: 'objections.errors.contentRequired' };
  else if (content.length > MAX_CONTENT) errors.content = { key: 'publicSite.objection.errors.contentLong', params: { max: MAX_CONTENT } };
  const name = values.name.trim();
  if (!name) errors.name = { key: 'publicSite.objection.errors.name' };
  else if (name.length > 100) errors.name = { key: 'publicSite.objection.errors.nameLong' };
  const phone = values.phone.trim();
  const email = values.email.trim();
  if (!phone && !email) errors.contact = { key: 'publicSite.objection.errors.contact' };
  else if (phone && !PHONE.test(phone)) errors.contact = { key: 'publicSite.objection.errors.phone' };
  else if (email && !EMAIL.test(email)) errors.contact = { key: 'publicSite.objection.errors.email' };
  const files = data.getAll('evidence').filter((f): f is File => typeof f === 'object' && f !== null && 'arrayBuffer' in f && (f as File).size > 0);
  if (files.length > PUBLIC_MAX_FILES) errors.evidence = { key: 'objections.errors.tooManyFiles', params: { max: PUBLIC_MAX_FILES } };
  // The form names each item `<target>|<key>` (the items of every target are listed, without JavaScript); a bare key is taken too.
  const items = target ? values.items.map((k) => (k.startsWith(`${target.value}|`) ? k.slice(target.value.length + 1) : k.includes('|') ? '' : k)).filter((k) => target.items.some((i) => i.key === k)) : [];
  if (Object.keys(errors).length) return { ok: false, values, errors, formError: null };
  const evidence: EvidenceFile[] = [];
  try {
    for (const f of files) {
      const stored = await storeUpload(db, null, 'evidence', { name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });
      evidence.push({ fileName: stored.fileName, sha256: stored.sha256, size: stored.size, mediaType: stored.mediaType });
    }
    const [kind, id] = values.target.split(':') as ['record' | 'membership', string];
    const o = await filePublicObjection(db, { targetType: kind, targetId: id, content, disputedItems: items, evidence, contact: { name, phone: phone || undefined, email: email || undefined } });
    return { ok: true, trackingNo: o.trackingNo, answerDue: o.answerDue, subjectName: page.subject.name };
  } catch (e) {
    if (e instanceof DomainError) {
      const field = e.fieldErrors[0]?.path;
      const problem = { key: e.key, params: e.params };
      if (field === 'file' || field === 'evidence') return { ok: false, values, errors: { evidence: problem }, formError: null };
      if (field === 'content') return { ok: false, values, errors: { content: problem }, formError: null };
      if (field?.startsWith('contact')) return { ok: false, values, errors: { contact: problem }, formError: null };
      if (e.code === 'NOT_FOUND') return { ok: false, values, errors: { target: { key: 'publicSite.objection.errors.target' } }, formError: null };
      return refuse(values, e.key, e.params);
    }
    console.error('public objection failed', e);
    return refuse(values, 'publicSite.objection.errors.failed');
  }
}

export type TrackResult =
  | { ok: true; values: { no: string; contact: string }; status: Awaited<ReturnType<typeof objectionStatusByTrackingNo>> }
  | { ok: false; values: { no: string; contact: string }; error: Problem };

/**
 * The tracking page: tracking number and the phone or e-mail given at filing, both required; a
 * per-address budget (PUBLIC_TRACKING_PER_MINUTE, default 10) so neither can be guessed in bulk.
 */
export async function trackPublicObjection(db: Db, address: string, form: FormData): Promise<TrackResult> {
  const values = { no: str(form, 'no', 60).trim(), contact: str(form, 'contact', 200).trim() };
  if (!take(`public-track:${address}`, perMinute('PUBLIC_TRACKING_PER_MINUTE', 10)).ok) return { ok: false, values, error: { key: 'publicSite.objection.errors.busy' } };
  if (!values.no || !values.contact) return { ok: false, values, error: { key: 'publicSite.objection.notFound' } };
  try {
    return { ok: true, values, status: await objectionStatusByTrackingNo(db, values.no, values.contact) };
  } catch (e) {
    if (!(e instanceof DomainError)) console.error('public objection tracking failed', e);
    return { ok: false, values, error: { key: e instanceof DomainError ? 'publicSite.objection.notFound' : 'publicSite.objection.errors.failed' } };
  }
}
