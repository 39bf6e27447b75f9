'use client';
/** One approval flow: the designer on its open draft, or the latest version read-only with "开始修改". */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { toast } from 'sonner';
import { useTRPC } from '@/app/_trpc/client';
import { messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Card, PageTitle } from '@/app/_components/ui/card';
import { StatusBadge } from '../../registers/_components/status-badge';
import { FlowDesigner, type FlowContent } from '../_components/flow-designer';
import { FlowGraphView } from '../_components/flow-nodes';
import { useFlowLabels } from '../_components/use-flow-labels';

const KIND = 'approval-flow';

export function FlowPage({ code, canEdit }: { code: string; canEdit: boolean }) {
  const t = useTranslations('flows');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const entry = useQuery(trpc.register.entry.queryOptions({ kindCode: KIND, code }, { refetchOnMount: 'always' }));
  const startDraft = useMutation(trpc.register.startDraft.mutationOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.register.entry.queryKey({ kindCode: KIND, code }) });
  if (entry.error) return <Card role="alert">{entry.error.message}</Card>;
  if (!entry.data) return <p>{t('loading')}</p>;
  const versions = entry.data.versions;
  const draft = versions.find((v) => v.status === 'draft' || v.status === 'rejected');
  const latest = versions[0];
  const content = (draft ?? latest)?.content as FlowContent | undefined;
  const title = (
    <PageTitle
      actions={
        <Link className="text-sm text-brand-600 hover:underline" href={`/registers/${KIND}/${encodeURIComponent(code)}`}>
          {t('historyLink')}
        </Link>
      }
    >
      {content?.name ?? code} <span className="font-mono text-sm text-slate-500">{code}</span> {latest ? <StatusBadge status={(draft ?? latest).status} /> : null}
    </PageTitle>
  );
  if (draft && canEdit) {
    return (
      <div className="space-y-3">
        {title}
        <FlowDesigner key={`${draft.id}:${draft.revision}`} code={code} draft={{ id: draft.id, version: draft.version, revision: draft.revision, content: draft.content as FlowContent }} onSubmitted={() => void refresh()} />
      </div>
    );
  }
  const inReview = versions.some((v) => v.status === 'in_review');
  return (
    <div className="space-y-3">
      {title}
      {content ? <ReadOnlyGraph content={content} /> : null}
      {canEdit ? (
        inReview ? (
          <Card>{t('inReview')}</Card>
        ) : (
          <Button
            onClick={async () => {
              try {
                await startDraft.mutateAsync({ kindCode: KIND, code });
                await refresh();
              } catch (e) {
                toast.error(messageOf(e));
              }
            }}
            disabled={startDraft.isPending}
            data-testid="start-draft"
          >
            {t('startDraft')}
          </Button>
        )
      ) : null}
    </div>
  );
}

function ReadOnlyGraph({ content }: { content: FlowContent }) {
  const labels = useFlowLabels(content.graph);
  return <FlowGraphView graph={content.graph} labels={labels} height={560} />;
}
