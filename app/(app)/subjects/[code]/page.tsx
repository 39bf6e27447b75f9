import Link from 'next/link';
import { TRPCError } from '@trpc/server';
import { getTranslations } from 'next-intl/server';
import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { getServerCaller } from '@/app/_trpc/server';
import { Badge, Card, PageTitle } from '@/app/_components/ui/card';
import { FILE_ROLES } from '@/server/subjects/file';
import { IssueReport } from './issue-report';

export const dynamic = 'force-dynamic';

type Entry = { section: string; date: string | null; title: string; detail: string; href: string | null; data?: Record<string, unknown> };
const COMMITMENT_TONE: Record<string, 'blue' | 'amber' | 'green' | 'red'> = { pending: 'blue', overdue: 'amber', fulfilled: 'green', broken: 'red' };

/**
 * 信用档案: everything known about one subject, per section or on one timeline. Opening it is a
 * lookup (query log + audit), so it is rendered once on the server, not refetched in the browser.
 */
export default async function SubjectFilePage({ params, searchParams }: { params: Promise<{ code: string }>; searchParams: Promise<{ view?: string }> }) {
  const { viewer, allowed } = await viewerWithRole(FILE_ROLES);
  if (!allowed) return <Forbidden viewer={viewer} />;
  const { code } = await params;
  const { view } = await searchParams;
  const t = await getTranslations('subjectFile');
  const tc = await getTranslations('commitments');
  const to = await getTranslations('objections');
  const tr = await getTranslations('repair');
  const caller = await getServerCaller();
  let file: Awaited<ReturnType<typeof caller.subjects.file>>;
  try {
    file = await caller.subjects.file({ subject: decodeURIComponent(code) });
  } catch (e) {
    // Only a subject that is not there (or not the viewer's to see, or an address that cannot be a
    // code) reads as not found; anything else (the database down) goes to the error page.
    if (!(e instanceof TRPCError && (e.code === 'NOT_FOUND' || e.code === 'BAD_REQUEST'))) throw e;
    return (
      <Card role="alert" className="text-sm text-red-700">
        {t('errors.notFound')}
      </Card>
    );
  }
  const s = file.subject;
  const param = s.ref ?? s.code;
  const timeline = view === 'timeline';
  const extra = (e: Entry) => {
    const d = e.data ?? {};
    if (e.section === 'commitments') return <Badge tone={COMMITMENT_TONE[String(d.state)] ?? 'slate'}>{tc(`states.${String(d.state) as 'pending'}`)}</Badge>;
    if (e.section === 'records')
      return (
        <>
          <Badge tone={d.status === 'accepted' ? 'green' : 'amber'}>{t(`recordStatus.${d.status === 'accepted' ? 'accepted' : 'submitted'}`)}{Number(d.revision) > 1 ? ` · ${t('revision', { n: Number(d.revision) })}` : ''}</Badge>
          {d.publicUntil ? <span className="text-xs text-slate-600">{t('publicUntil', { date: String(d.publicUntil) })}</span> : null}
          {d.repairableFrom ? <span className="text-xs text-slate-600">{t('repairableFrom', { date: String(d.repairableFrom) })}</span> : null}
        </>
      );
    if (e.section === 'objections') return <Badge tone={d.state === 'closed' ? 'slate' : 'amber'}>{d.outcome ? to(`outcomes.${String(d.outcome) as 'upheld'}`) : to(`states.${String(d.state) as 'open'}`)}</Badge>;
    if (e.section === 'repairs') return <Badge tone={d.state === 'approved' ? 'green' : d.state === 'rejected' ? 'slate' : 'amber'}>{tr(`states.${String(d.state) as 'in_decision'}`)}</Badge>;
    if (e.section === 'grades' && d.startGrade) return <Badge tone="slate">{t('startGrade')}</Badge>;
    return null;
  };
  const line = (e: Entry, i: number) => (
    <li key={`${e.section}-${i}`} className="flex flex-wrap items-baseline gap-2 py-1.5 text-sm">
      <span className="w-24 shrink-0 tabular-nums text-slate-500">{e.date ?? '—'}</span>
      {timeline ? <span className="w-24 shrink-0 text-slate-600">{t(`sections.${e.section as 'records'}`)}</span> : null}
      {e.href ? (
        <Link className="font-medium text-brand-700 underline" href={e.href}>
          {e.title}
        </Link>
      ) : (
        <span className="font-medium">{e.title}</span>
      )}
      {e.detail ? <span className="text-slate-700">{e.detail}</span> : null}
      {extra(e)}
    </li>
  );
  return (
    <div className="space-y-4">
      <PageTitle>
        {t('title')} · {s.name}
      </PageTitle>
      <Card className="text-sm">
        <dl className="grid gap-1 md:grid-cols-2">
          <div><dt className="inline text-slate-600">{t('code')}：</dt><dd className="inline">{s.code}</dd></div>
          <div><dt className="inline text-slate-600">{t('type')}：</dt><dd className="inline">{s.type}</dd></div>
          {s.legalRepresentative ? <div><dt className="inline text-slate-600">{t('legalRepresentative')}：</dt><dd className="inline">{s.legalRepresentative}</dd></div> : null}
          {s.names.length > 1 ? <div><dt className="inline text-slate-600">{t('names')}：</dt><dd className="inline">{s.names.map((n) => `${n.name}（${n.since}）`).join('、')}</dd></div> : null}
        </dl>
        {s.nameConflict ? (
          <p className="mt-2 text-amber-700">
            {t('nameConflict')}{' '}
            {viewer.roles.includes('editor') ? (
              <Link className="text-brand-600 underline" href={`/subjects/name-conflicts?q=${encodeURIComponent(s.name)}`}>
                {t('reviewNames')}
              </Link>
            ) : null}
          </p>
        ) : null}
      </Card>
      <nav aria-label={t('title')} className="flex gap-2 text-sm">
        <Link href={`/subjects/${encodeURIComponent(param)}`} aria-current={!timeline ? 'page' : undefined} className={!timeline ? 'rounded bg-brand-700 px-3 py-1 text-white' : 'rounded border px-3 py-1'}>{t('bySection')}</Link>
        <Link href={`/subjects/${encodeURIComponent(param)}?view=timeline`} aria-current={timeline ? 'page' : undefined} className={timeline ? 'rounded bg-brand-700 px-3 py-1 text-white' : 'rounded border px-3 py-1'}>{t('timeline')}</Link>
      </nav>
      {timeline ? (
        <Card>
          <h2 className="mb-2 font-semibold">{t('timeline')}</h2>
          {file.timeline.length ? <ol className="divide-y divide-slate-100">{(file.timeline as Entry[]).map(line)}</ol> : <p className="text-sm text-slate-500">{t('empty')}</p>}
        </Card>
      ) : (
        file.sections.map((sec) => (
          <Card key={sec.key}>
            <h2 className="mb-2 font-semibold">{t(`sections.${sec.key as 'records'}`)}（{sec.entries.length}）</h2>
            {sec.entries.length ? <ul className="divide-y divide-slate-100">{sec.entries.map((e, i) => line({ section: sec.key, ...e }, i))}</ul> : <p className="text-sm text-slate-500">{t('empty')}</p>}
          </Card>
        ))
      )}
      {viewer.roles.some((r) => r === 'filler' || r === 'editor') ? <IssueReport subject={param} /> : null}
    </div>
  );
}
