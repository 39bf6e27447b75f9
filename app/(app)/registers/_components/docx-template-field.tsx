'use client';
import { useLocale, useTranslations } from 'next-intl';
import { DOC_KINDS, DOC_PLACEHOLDERS, PLACEHOLDER_HELP, type DocKind } from '@/catalog/lists/documents';
import type { TemplateRef } from '@/catalog/lists/types';
import { Button } from '@/app/_components/ui/button';
import { useUpload } from '@/app/_components/upload/use-upload';
import type { WidgetProps } from './widgets';

/**
 * A Word template kept in the entry: upload a .docx (checked on the server: a Word file, only the
 * placeholders this document can fill), see which one is in use, start from the default template,
 * or clear it to use the default. The placeholders the document knows are listed with their meaning.
 */
export function DocxTemplateField(p: WidgetProps) {
  const t = useTranslations('listsUi.template');
  const locale = useLocale() as 'zh-CN' | 'en';
  const kind = (DOC_KINDS as readonly string[]).includes(p.ui.templateKind ?? '') ? (p.ui.templateKind as DocKind) : null;
  const up = useUpload(`template:${kind ?? 'notice'}`);
  const value = p.value as TemplateRef | undefined;
  if (!kind) return null;
  return (
    <div id={p.id} role="group" aria-invalid={p.invalid} aria-describedby={p.describedBy} className="space-y-2 rounded-md border border-slate-200 p-3">
      <p className="text-sm" data-testid={`template-${kind}`}>
        {value ? t('current', { name: value.fileName, size: Math.max(1, Math.round(value.size / 1024)) }) : t('usingDefault')}
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <label className="inline-flex cursor-pointer items-center rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm hover:bg-slate-50">
          {value ? t('replace') : t('upload')}
          <input
            type="file"
            accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            className="sr-only"
            aria-label={t('uploadLabel', { label: p.ui.label[locale] })}
            disabled={up.pending}
            onChange={async (e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (!file) return;
              const done = await up.upload(file);
              if (done) p.onChange({ fileName: done.fileName, sha256: done.sha256, size: done.size });
            }}
          />
        </label>
        {value ? (
          <Button size="sm" variant="ghost" onClick={() => p.onChange(undefined)}>
            {t('clear')}
          </Button>
        ) : null}
        <a className="text-sm text-brand-600 underline" href={`/api/lists/default-template?kind=${kind}`} download>
          {t('downloadDefault')}
        </a>
        {up.pending ? <span className="text-sm text-slate-500">{t('uploading')}</span> : null}
      </div>
      {up.error ? (
        <p role="alert" className="text-sm text-red-600">
          {up.error}
        </p>
      ) : null}
      <details>
        <summary className="cursor-pointer text-sm text-brand-600">{t('placeholders')}</summary>
        <ul className="mt-1 grid grid-cols-1 gap-1 text-xs md:grid-cols-2">
          {DOC_PLACEHOLDERS[kind].map((ph) => (
            <li key={ph}>
              <code className="rounded bg-slate-100 px-1">{`{{${ph}}}`}</code> {PLACEHOLDER_HELP[ph]?.[locale]}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
