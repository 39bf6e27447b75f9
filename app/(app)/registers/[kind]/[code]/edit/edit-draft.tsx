'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/app/_trpc/client';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { Card, PageTitle } from '@/app/_components/ui/card';
import { cleanContent, EntryForm, type EntryFormValues } from '../../../_components/entry-form';
import { ConflictCard } from '../../../_components/conflict-card';
import { ContentView } from '../../../_components/content-view';
import { useFormSupport } from '../../../_components/use-register-data';
import { KindBuilder } from '../../new/kind-builder';

interface Conflict {
  mine: Record<string, unknown>;
  theirs: { revision: number; content: Record<string, unknown> };
}

export function EditDraft({ kindCode, code, inBuilder = false }: { kindCode: string; code: string; inBuilder?: boolean }) {
  const t = useTranslations('registers');
  const locale = useLocale();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const data = useQuery(trpc.register.entry.queryOptions({ kindCode, code }, { refetchOnMount: 'always' }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [formKey, setFormKey] = useState(0);
  const [override, setOverride] = useState<{ revision: number; content: Record<string, unknown> } | null>(null);
  const kind = data.data?.kind;
  const support = useFormSupport(kind ?? { ui: { order: [], titleField: '', fields: {} } });
  const save = useMutation(trpc.register.saveDraft.mutationOptions());
  if (!data.data || !kind) return <p>{t('loadingEntry')}</p>;
  const draft = data.data.versions.find((v) => v.status === 'draft' || v.status === 'rejected');
  if (!draft) return <Card>{t('noOpenDraft')}</Card>;
  if (inBuilder) {
    return (
      <KindBuilder
        draft={{ code, versionId: draft.id, version: draft.version, revision: draft.revision, content: draft.content, changeNote: draft.changeNote ?? '' }}
        onSaved={() => qc.invalidateQueries({ queryKey: trpc.register.entry.queryKey({ kindCode, code }) })}
      />
    );
  }
  const revision = override?.revision ?? draft.revision;
  const stored = override?.content ?? draft.content;
  // Fields the kind no longer has (removed in an approved change of the kind) cannot be saved
  // again: say which, and what they held, instead of failing on data the form does not show.
  const props = kind.schema.properties as Record<string, unknown>;
  const removed = (kind.schema as { additionalProperties?: unknown }).additionalProperties === false ? Object.keys(stored).filter((k) => !Object.hasOwn(props, k)) : [];
  const initial: EntryFormValues = { code, content: Object.fromEntries(Object.entries(stored).filter(([k]) => !removed.includes(k))), changeNote: draft.changeNote ?? '' };
  async function onSubmit(v: EntryFormValues) {
    setErrors({});
    const content = cleanContent(v.content);
    try {
      await save.mutateAsync({ versionId: draft!.id, revision, content, changeNote: v.changeNote || undefined });
      toast.success(t('draftSaved'));
      await qc.invalidateQueries({ queryKey: trpc.register.entry.queryKey({ kindCode, code }) });
      router.push(`/registers/${kindCode}/${encodeURIComponent(code)}`);
    } catch (e) {
      const theirs = e instanceof TRPCClientError ? (e.data as { conflict?: Conflict['theirs'] } | undefined)?.conflict : undefined;
      if (theirs) setConflict({ mine: content, theirs });
      setErrors(fieldErrorsOf(e));
      toast.error(messageOf(e));
    }
  }
  return (
    <div className="space-y-5">
      <PageTitle>{t('editTitle', { code, version: draft.version })}</PageTitle>
      {conflict ? (
        <ConflictCard
          revision={conflict.theirs.revision}
          mine={<ContentView kind={kind} content={conflict.mine} departments={support.departments} refOptions={support.refOptions} />}
          theirs={<ContentView kind={kind} content={conflict.theirs.content} departments={support.departments} refOptions={support.refOptions} />}
          onTakeTheirs={() => {
            setOverride({ revision: conflict.theirs.revision, content: conflict.theirs.content });
            setConflict(null);
            setFormKey((k) => k + 1);
          }}
          onKeepMine={() => {
            setOverride({ revision: conflict.theirs.revision, content: conflict.mine });
            setConflict(null);
            setFormKey((k) => k + 1);
          }}
        />
      ) : null}
      {removed.length ? (
        <Card role="note" className="border-amber-300 bg-amber-50 text-sm text-amber-900">
          <p>{t('removedFields')}</p>
          <ul className="mt-1 list-disc pl-5">
            {removed.map((k) => (
              <li key={k}>
                {k}：{shortValue(stored[k])}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <EntryForm key={`${formKey}-${locale}`} kind={kind} initial={initial} codeEditable={false} departments={support.departments} refOptions={support.refOptions} serverErrors={errors} submitting={save.isPending} onSubmit={onSubmit} />
    </div>
  );
}

function shortValue(v: unknown): string {
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}
