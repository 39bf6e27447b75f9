'use client';
import { useTranslations } from 'next-intl';
import { useState } from 'react';

/** Hashes the chosen file in the browser and compares it with the issued report's fingerprint. */
export function CompareFile({ sha256 }: { sha256: string }) {
  const t = useTranslations('creditReport');
  const [same, setSame] = useState<boolean | null>(null);
  return (
    <div className="space-y-1">
      <label htmlFor="verify-file" className="block text-slate-700">{t('pickFile')}</label>
      <input
        id="verify-file"
        type="file"
        accept=".docx"
        onChange={async (e) => {
          const f = e.target.files?.[0];
          if (!f) return setSame(null);
          const digest = await crypto.subtle.digest('SHA-256', await f.arrayBuffer());
          setSame([...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('') === sha256);
        }}
      />
      {same === null ? null : <p role="status" className={same ? 'text-green-800' : 'text-red-700'}>{same ? t('unchanged') : t('changed')}</p>}
    </div>
  );
}
