'use client';
import { useTranslations } from 'next-intl';
import { useState } from 'react';

export interface UploadedFile {
  fileName: string;
  sha256: string;
  size: number;
  mediaType: string;
  placeholders?: string[];
}

/**
 * Uploads one file to /api/files for a purpose (a document template, objection evidence) and
 * gives back what to store in the form; the server's refusal comes back in the user's language.
 */
export function useUpload(purpose: string) {
  const t = useTranslations('listsUi.upload');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function upload(file: File): Promise<UploadedFile | null> {
    setPending(true);
    setError(null);
    try {
      const body = new FormData();
      body.set('purpose', purpose);
      body.set('file', file);
      const res = await fetch('/api/files', { method: 'POST', body });
      const json = (await res.json().catch(() => null)) as (UploadedFile & { error?: string }) | null;
      if (!res.ok || !json || json.error) {
        setError(json?.error ?? t('failed'));
        return null;
      }
      return json;
    } catch {
      setError(t('network'));
      return null;
    } finally {
      setPending(false);
    }
  }
  return { upload, pending, error, clearError: () => setError(null) };
}
