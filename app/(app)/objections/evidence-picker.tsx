'use client';
import { useTranslations } from 'next-intl';
import { Button } from '@/app/_components/ui/button';
import { Field } from '@/app/_components/ui/field';
import { useUpload } from '@/app/_components/upload/use-upload';

export interface Evidence {
  fileName: string;
  sha256: string;
  size: number;
  mediaType: string;
}

/** Evidence files (佐证材料 / 证明材料): uploaded one by one to /api/files, listed, removable. */
export function EvidencePicker({ id, label, files, onChange, error }: { id: string; label: string; files: Evidence[]; onChange: (f: Evidence[]) => void; error?: string }) {
  const t = useTranslations('listsUi.case');
  const up = useUpload('evidence');
  return (
    <>
      <Field id={id} label={label} help={t('evidenceHelp')} error={up.error ?? error}>
        <span className="flex items-center gap-3">
          <span aria-hidden className="inline-flex cursor-pointer items-center rounded-md border border-slate-300 bg-white px-3 py-1 text-sm text-slate-800 hover:bg-slate-50" onClick={() => document.getElementById(id)?.click()}>
            {up.pending ? t('uploading') : t('chooseFiles')}
          </span>
          <input
            id={id}
            type="file"
            multiple
            className="sr-only"
            disabled={up.pending}
            onChange={async (e) => {
              const picked = [...(e.target.files ?? [])];
              e.target.value = '';
              let next = files;
              for (const f of picked) {
                const done = await up.upload(f);
                if (done) next = [...next, { fileName: done.fileName, sha256: done.sha256, size: done.size, mediaType: done.mediaType }];
              }
              onChange(next);
            }}
          />
        </span>
      </Field>
      {files.length ? (
        <ul className="text-xs">
          {files.map((f) => (
            <li key={f.sha256} className="flex items-center gap-2">
              {f.fileName}
              <Button type="button" size="sm" variant="ghost" aria-label={t('removeFile', { name: f.fileName })} onClick={() => onChange(files.filter((x) => x.sha256 !== f.sha256))}>
                ✕
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
