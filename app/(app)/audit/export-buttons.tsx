'use client';
import { useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import { toast } from 'sonner';
import { Button } from '@/app/_components/ui/button';
import type { ExportFormat } from './filter-state';

interface Progress {
  format: ExportFormat;
  rows: number;
  total: number | null;
  bytes: number;
}

const MIME: Record<ExportFormat, string> = {
  csv: 'text/csv;charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jsonl: 'application/x-ndjson',
};

/** Lines before the first data row: the CSV header, the bundle's manifest-start line. */
const LEAD_LINES: Record<ExportFormat, number> = { csv: 1, xlsx: 0, jsonl: 1 };

function filenameOf(disposition: string | null, format: ExportFormat): string {
  return /filename="([^"]+)"/.exec(disposition ?? '')?.[1] ?? `audit.${format}`;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Downloads of exactly the rows on screen (`urlFor` builds the export URL from the same
 * filter as the list). The body is read as a stream to show progress — rows counted by line
 * breaks against `x-total-rows` for CSV and JSONL, bytes for XLSX — and saved as a Blob.
 */
export function ExportButtons({ urlFor }: { urlFor: (format: ExportFormat) => string }) {
  const t = useTranslations('audit');
  const tc = useTranslations('common');
  const [progress, setProgress] = useState<Progress | null>(null);
  const abort = useRef<AbortController | null>(null);

  async function download(format: ExportFormat) {
    const controller = new AbortController();
    abort.current = controller;
    setProgress({ format, rows: 0, total: null, bytes: 0 });
    try {
      const res = await fetch(urlFor(format), { signal: controller.signal, cache: 'no-store' });
      if (!res.ok || !res.body) {
        const body = (await res.json().catch(() => null)) as { error?: string } | null;
        throw new Error(body?.error ?? `HTTP ${res.status}`);
      }
      const totalHeader = res.headers.get('x-total-rows');
      const total = totalHeader === null ? null : Number(totalHeader);
      const reader = res.body.getReader();
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      let bytes = 0;
      let lines = 0;
      let last = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value as Uint8Array<ArrayBuffer>);
        bytes += value.byteLength;
        if (format !== 'xlsx') for (let i = 0; i < value.length; i++) if (value[i] === 10) lines += 1;
        const now = Date.now();
        if (now - last > 100) {
          last = now;
          const rows = Math.max(0, Math.min(total ?? Infinity, lines - LEAD_LINES[format]));
          setProgress({ format, rows, total, bytes });
        }
      }
      const blob = new Blob(chunks, { type: MIME[format] });
      const href = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = href;
      a.download = filenameOf(res.headers.get('content-disposition'), format);
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(href), 60_000);
      toast.success(t('exportDone', { rows: total ?? 0, size: formatBytes(bytes) }));
    } catch (e) {
      if (!controller.signal.aborted) toast.error(t('exportFailed', { message: (e as Error).message }));
    } finally {
      abort.current = null;
      setProgress(null);
    }
  }

  const busy = progress !== null;
  const percent = progress?.total ? Math.round((100 * progress.rows) / progress.total) : null;
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex gap-2">
        <Button variant="primary" onClick={() => void download('csv')} disabled={busy}>
          {t('export')}
        </Button>
        <Button variant="secondary" onClick={() => void download('xlsx')} disabled={busy}>
          {t('exportXlsx')}
        </Button>
        <Button variant="secondary" onClick={() => void download('jsonl')} disabled={busy} title={t('exportJsonlHelp')}>
          {t('exportJsonl')}
        </Button>
      </div>
      {progress ? (
        <div className="flex w-80 items-center gap-2 text-xs text-slate-600" role="status">
          <div
            role="progressbar"
            aria-label={t('exportProgressLabel')}
            aria-valuemin={0}
            aria-valuemax={progress.format === 'xlsx' || progress.total === null ? undefined : progress.total}
            aria-valuenow={progress.format === 'xlsx' || progress.total === null ? undefined : progress.rows}
            className="h-2 flex-1 overflow-hidden rounded bg-slate-200"
          >
            <div
              className={progress.format === 'xlsx' || percent === null ? 'h-full w-1/3 animate-pulse bg-brand-600' : 'h-full bg-brand-600 transition-[width]'}
              style={progress.format === 'xlsx' || percent === null ? undefined : { width: `${percent}%` }}
            />
          </div>
          <span className="whitespace-nowrap">
            {progress.format === 'xlsx' || progress.total === null
              ? t('exportBytes', { size: formatBytes(progress.bytes) })
              : t('exportProgress', { rows: progress.rows, total: progress.total })}
          </span>
          <Button variant="ghost" size="sm" onClick={() => abort.current?.abort()}>
            {tc('cancel')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
