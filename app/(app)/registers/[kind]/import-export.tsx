'use client';
/**
 * Export / template buttons and the import dialog of a register page. Talks to the route
 * handlers (/api/registers/:kind/export and /import), not tRPC: files go up as multipart and
 * come down as downloads. The dry run shows the per-row report; "确认导入" is enabled only when
 * the dry run of the file currently chosen found nothing to fix.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import { toast } from 'sonner';
import { Button } from '@/app/_components/ui/button';
import { Dialog } from '@/app/_components/ui/dialog';
import { Field } from '@/app/_components/ui/field';
import type { ImportReport } from '@/server/registers/io';

// Shown to people before they upload; the server enforces the same limits (server/registers/io/read.ts).
const MAX_MB = 10;
const MAX_ROWS = 20_000;

type Locale = 'zh-CN' | 'en';

function fileNameOf(res: Response, fallback: string): string {
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd)?.[1];
  if (star) return decodeURIComponent(star);
  return /filename="([^"]+)"/i.exec(cd)?.[1] ?? fallback;
}

async function errorTextOf(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: string };
    return body.error ?? `HTTP ${res.status}`;
  } catch {
    return `HTTP ${res.status}`;
  }
}

async function saveResponse(res: Response, fallback: string) {
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileNameOf(res, fallback);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ImportExport({ kindCode, canEdit, asOf }: { kindCode: string; canEdit: boolean; asOf?: string }) {
  const t = useTranslations('registersIo');
  const [busy, setBusy] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const base = `/api/registers/${encodeURIComponent(kindCode)}`;

  async function download(key: string, url: string, fallback: string) {
    setBusy(key);
    try {
      const res = await fetch(url);
      if (!res.ok) {
        toast.error(t('failed', { message: await errorTextOf(res) }));
        return;
      }
      await saveResponse(res, fallback);
    } catch (e) {
      toast.error(t('failed', { message: (e as Error).message }));
    } finally {
      setBusy(null);
    }
  }

  const exportUrl = (format: 'xlsx' | 'json') => `${base}/export?format=${format}${asOf ? `&asOf=${encodeURIComponent(asOf)}` : ''}`;

  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="register-import-export">
      <Button variant="secondary" size="sm" disabled={busy !== null} aria-busy={busy === 'xlsx'} onClick={() => download('xlsx', exportUrl('xlsx'), `${kindCode}.xlsx`)}>
        {busy === 'xlsx' ? t('exporting') : t('exportXlsx')}
      </Button>
      <Button variant="secondary" size="sm" disabled={busy !== null} aria-busy={busy === 'json'} onClick={() => download('json', exportUrl('json'), `${kindCode}.json`)}>
        {busy === 'json' ? t('exporting') : t('exportJson')}
      </Button>
      <Button variant="secondary" size="sm" disabled={busy !== null} aria-busy={busy === 'template'} onClick={() => download('template', `${base}/export?format=xlsx&template=1`, `${kindCode}-template.xlsx`)}>
        {t('template')}
      </Button>
      {canEdit ? (
        <Button size="sm" onClick={() => setOpen(true)}>
          {t('import')}
        </Button>
      ) : null}
      {open ? <ImportDialog kindCode={kindCode} onClose={() => setOpen(false)} /> : null}
    </div>
  );
}

function ImportDialog({ kindCode, onClose }: { kindCode: string; onClose: () => void }) {
  const t = useTranslations('registersIo');
  const locale = (useLocale() === 'en' ? 'en' : 'zh-CN') as Locale;
  const qc = useQueryClient();
  const inputId = `import-file-${useId().replace(/:/g, '')}`;
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const [busy, setBusy] = useState<'dry-run' | 'commit' | 'xlsx' | 'csv' | null>(null);
  const url = `/api/registers/${encodeURIComponent(kindCode)}/import`;

  function choose(f: File | null) {
    setFile(f);
    setReport(null);
    setFileError(f && f.size > MAX_MB * 1048576 ? t('tooLargeLocal', { maxMb: MAX_MB }) : undefined);
  }

  function formOf(mode: 'dry-run' | 'commit', reportFormat?: 'xlsx' | 'csv') {
    const body = new FormData();
    body.set('file', file!);
    body.set('mode', mode);
    if (reportFormat) body.set('report', reportFormat);
    return body;
  }

  async function run(mode: 'dry-run' | 'commit') {
    if (!file) {
      setFileError(t('chooseFile'));
      return;
    }
    setBusy(mode);
    setFileError(undefined);
    try {
      const res = await fetch(url, { method: 'POST', body: formOf(mode) });
      if (res.ok || res.status === 422) {
        const r = (await res.json()) as ImportReport;
        setReport(r);
        if (mode === 'commit' && r.committed) {
          toast.success(t('committed', { created: r.created, updated: r.updated, unchanged: r.unchanged }));
          await qc.invalidateQueries();
          onClose();
        } else if (mode === 'commit') {
          toast.error(t('commitRefused'));
        }
        return;
      }
      const message = await errorTextOf(res);
      // Refusals of the file itself (size, type, row limit) belong next to the file field.
      if ([400, 413, 415].includes(res.status)) setFileError(message);
      else toast.error(t('failed', { message }));
    } catch (e) {
      toast.error(t('failed', { message: (e as Error).message }));
    } finally {
      setBusy(null);
    }
  }

  async function downloadReport(format: 'xlsx' | 'csv') {
    if (!file) return;
    setBusy(format);
    try {
      const res = await fetch(url, { method: 'POST', body: formOf('dry-run', format) });
      if (!res.ok) toast.error(t('failed', { message: await errorTextOf(res) }));
      else await saveResponse(res, `import-report.${format}`);
    } catch (e) {
      toast.error(t('failed', { message: (e as Error).message }));
    } finally {
      setBusy(null);
    }
  }

  const hasErrors = Boolean(report && !report.ok);
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={t('dialogTitle')}>
      <div className="space-y-4">
        <Field id={inputId} label={t('file')} help={t('fileHelp', { maxMb: MAX_MB, maxRows: MAX_ROWS })} error={fileError}>
          <input
            id={inputId}
            type="file"
            accept=".xlsx,.csv,.json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv,application/json"
            aria-invalid={Boolean(fileError)}
            aria-describedby={fileError ? `${inputId}-error` : `${inputId}-help`}
            className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm"
            onChange={(e) => choose(e.target.files?.[0] ?? null)}
          />
        </Field>

        {report ? (
          <section aria-label={t('reportCaption')} className="space-y-2">
            <p role="status" className="text-sm text-slate-700" data-testid="import-summary">
              {t('summary', { rows: report.rows, valid: report.valid, created: report.created, updated: report.updated, unchanged: report.unchanged })}
            </p>
            {hasErrors ? (
              <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
                {t('errorsFound', { count: report.errorCount })}
              </p>
            ) : (
              <p className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">{t('readyToImport')}</p>
            )}
            {report.errors.length ? (
              <div className="max-h-72 overflow-auto rounded-md border border-slate-200">
                <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="import-errors">
                  <caption className="sr-only">{t('reportCaption')}</caption>
                  <thead className="sticky top-0 bg-slate-50 text-left text-slate-600">
                    <tr>
                      <th scope="col" className="px-2 py-1.5 font-medium">
                        {t('colRow')}
                      </th>
                      <th scope="col" className="px-2 py-1.5 font-medium">
                        {t('colColumn')}
                      </th>
                      <th scope="col" className="px-2 py-1.5 font-medium">
                        {t('colMessage')}
                      </th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {report.errors.map((e, i) => (
                      <tr key={`${e.row}-${e.column}-${i}`}>
                        <td className="px-2 py-1.5 tabular-nums">{e.row}</td>
                        <td className="px-2 py-1.5">{e.column || '—'}</td>
                        <td className="px-2 py-1.5 text-red-700">{e.message[locale]}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
            {report.errorCount > report.errors.length ? <p className="text-xs text-slate-500">{t('errorsTruncated', { shown: report.errors.length })}</p> : null}
            {hasErrors ? (
              <div className="flex flex-wrap gap-2">
                <Button variant="secondary" size="sm" disabled={busy !== null} onClick={() => downloadReport('xlsx')}>
                  {t('downloadReport')}
                </Button>
                <Button variant="ghost" size="sm" disabled={busy !== null} onClick={() => downloadReport('csv')}>
                  {t('downloadReportCsv')}
                </Button>
              </div>
            ) : null}
          </section>
        ) : null}

        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            {t('close')}
          </Button>
          <Button variant="secondary" disabled={!file || busy !== null || Boolean(fileError)} aria-busy={busy === 'dry-run'} onClick={() => run('dry-run')}>
            {busy === 'dry-run' ? t('checking') : t('dryRun')}
          </Button>
          <Button disabled={!report?.ok || busy !== null} aria-busy={busy === 'commit'} onClick={() => run('commit')}>
            {busy === 'commit' ? t('committing') : t('confirm')}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
