'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import type { KindDefinition } from '@/catalog/types';
import { useTRPC } from '@/app/_trpc/client';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { PageTitle } from '@/app/_components/ui/card';
import { cleanContent, EntryForm } from '../../_components/entry-form';
import { loc } from '../../_components/widgets';
import { useFormSupport } from '../../_components/use-register-data';

export function NewEntry({ kind }: { kind: KindDefinition }) {
  const t = useTranslations('registers');
  const locale = useLocale();
  const trpc = useTRPC();
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { departments, refOptions } = useFormSupport(kind);
  const create = useMutation(
    trpc.register.create.mutationOptions({
      onSuccess: (_r, v) => {
        toast.success(t('draftSaved'));
        router.push(`/registers/${kind.code}/${encodeURIComponent(v.code)}`);
      },
      onError: (e) => {
        setErrors(fieldErrorsOf(e));
        toast.error(messageOf(e));
      },
    }),
  );
  return (
    <div>
      <PageTitle>{t('newEntryOf', { kind: loc(kind.name, locale) })}</PageTitle>
      <EntryForm
        kind={kind}
        initial={{ code: '', content: {}, changeNote: '' }}
        codeEditable
        departments={departments}
        refOptions={refOptions}
        serverErrors={errors}
        submitting={create.isPending}
        onSubmit={(v) => {
          setErrors({});
          create.mutate({ kindCode: kind.code, code: v.code.trim(), content: cleanContent(v.content), changeNote: v.changeNote || undefined });
        }}
      />
    </div>
  );
}
