'use client';
import { useQuery } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { useTRPC } from '@/app/_trpc/client';
import { messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Badge, Card, PageTitle } from '@/app/_components/ui/card';
import { Field, Input, Select } from '@/app/_components/ui/field';
import type { ImportProgress, RecordImportMode, RecordImportReport } from '@/server/records/import';

type Locale = 'zh-CN' | 'en';
type Line = ({ type: 'progress' } & ImportProgress) | ({ type: 'report' } & RecordImportReport) | { type: 'error'; status: number; error: string; message?: Record<Locale, string> };

const MODES: RecordImportMode[] = ['dry-run', 'commit-valid', 'commit-all'];

function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

function fileNameOf(res: Response, fallback: string) {
  const cd = res.headers.get('content-disposition') ?? '';
  const m = /filename\*=UTF-8''([^;]+)/.exec(cd);
  return m ? decodeURIComponent(m[1]!) : fallback;
}

/** Template download, upload with dry run / commit, a progress bar fed by the NDJSON stream, the report. */
export function ImportRecords({ initialItem }: { initialItem: string }) {
  const t = useTranslations('recordsImport');
  const locale = useLocale() as Locale;
  const trpc = useTRPC();
  const items = useQuery(trpc.record.fillable.queryOptions());
  const [item, setItem] = useState(initialItem);
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<RecordImportMode>('dry-run');
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [report, setReport] = useState<RecordImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const code = item || items.data?.[0]?.code || '';

  function form(extra: Record<string, string> = {}) {
    const body = new FormData();
    body.set('file', file!);
    body.set('item', code);
    body.set('mode', mode);
    for (const [k, v] of Object.entries(extra)) body.set(k, v);
    return body;
  }

  async function failure(res: Response) {
    const body = (await res.json().catch(() => null)) as { error?: string; message?: Record<Locale, string> } | null;
    return body?.message?.[locale] ?? body?.error ?? `HTTP ${res.status}`;
  }

  async function downloadTemplate() {
    setError(null);
    const res = await fetch(`/api/records/template?item=${encodeURIComponent(code)}`);
    if (!res.ok) return setError(await failure(res));
    saveBlob(await res.blob(), fileNameOf(res, `${code}-template.xlsx`));
  }

  async function run() {
    if (!file || !code) return;
    setBusy(true);
    setError(null);
    setReport(null);
    setProgress(null);
    try {
      const res = await fetch('/api/records/import', { method: 'POST', body: form() });
      if (!res.ok || !res.body) return setError(await failure(res));
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += value;
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const l of lines) {
          if (!l.trim()) continue;
          const line = JSON.parse(l) as Line;
          if (line.type === 'progress') setProgress(line);
          else if (line.type === 'report') setReport(line);
          else {
            // A refusal found while reading (zip bomb, row limit): the progress bar would stay half-way.
            setProgress(null);
            setError(line.message?.[locale] ?? line.error);
          }
        }
      }
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  async function downloadReport() {
    if (!file) return;
    const res = await fetch('/api/records/import', { method: 'POST', body: form({ mode: 'dry-run', report: 'xlsx' }) });
    if (!res.ok) return setError(await failure(res));
    saveBlob(await res.blob(), fileNameOf(res, 'import-report.xlsx'));
  }

  const pct = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0;

  return (
    <div className="space-y-4">
      <PageTitle>{t('title')}</PageTitle>
      <Card className="space-y-4">
        <Field id="import-item" label={t('item')}>
          <Select id="import-item" value={code} onChange={(e) => setItem(e.target.value)} disabled={busy}>
            {(items.data ?? []).map((i) => (
              <option key={i.code} value={i.code}>
                {i.code} {i.content.name}（v{i.version}）
              </option>
            ))}
          </Select>
        </Field>
        <div>
          <Button variant="secondary" onClick={downloadTemplate} disabled={!code}>
            {t('downloadTemplate')}
          </Button>
        </div>
        <Field id="import-file" label={t('file')} help={t('fileHelp')}>
          <Input id="import-file" type="file" accept=".xlsx,.csv" disabled={busy} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </Field>
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium text-slate-700">{t('mode')}</legend>
          {MODES.map((m) => (
            <label key={m} className="flex items-center gap-2 text-sm">
              <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} disabled={busy} />
              {t(`modes.${m}`)}
            </label>
          ))}
        </fieldset>
        <Button onClick={run} disabled={!file || !code || busy}>
          {mode === 'dry-run' ? t('runDry') : t('runCommit')}
        </Button>
        {progress ? (
          <div className="space-y-1">
            <progress className="w-full" max={100} value={pct} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label={t('progressLabel', { phase: t(`phases.${progress.phase}`) })} />
            <p className="text-xs text-slate-500" aria-live="polite">
              {t('progress', { phase: t(`phases.${progress.phase}`), done: progress.done, total: progress.total })}
            </p>
          </div>
        ) : null}
        {error ? (
          <p role="alert" className="text-sm text-red-600">
            {error}
          </p>
        ) : null}
      </Card>
      {items.isError ? <Card role="alert">{messageOf(items.error)}</Card> : null}
      {report ? (
        <Card className="space-y-3" data-testid="import-report">
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone={report.ok ? 'green' : 'red'}>{report.ok ? t('allValid') : t('hasErrors', { count: report.errorCount })}</Badge>
            <span className="text-sm">{t('summary', { rows: report.rows, valid: report.valid, inserted: report.inserted, skipped: report.skipped })}</span>
            {report.committed ? <Badge tone="blue">{t('committed')}</Badge> : <Badge>{t('notCommitted')}</Badge>}
          </div>
          {report.errorCount > 0 ? (
            <>
              <Button variant="secondary" onClick={downloadReport}>
                {t('downloadReport')}
              </Button>
              {report.errorCount > report.errors.length ? <p className="text-xs text-slate-500">{t('truncated', { shown: report.errors.length, count: report.errorCount })}</p> : null}
              <table className="w-full text-left text-sm">
                <thead>
                  <tr>
                    <th className="py-1 pr-3">{t('row')}</th>
                    <th className="py-1 pr-3">{t('column')}</th>
                    <th className="py-1">{t('message')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.errors.map((e, i) => (
                    <tr key={i} className="border-t border-slate-200">
                      <td className="py-1 pr-3">{e.row}</td>
                      <td className="py-1 pr-3">{e.column}</td>
                      <td className="py-1">{e.message[locale]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
        </Card>
      ) : null}
    </div>
  );
}
