'use client';
/**
 * "审批路径预测": what a submission will go through when a flow is bound to it — the steps in
 * order, who decides each (by name), and when each is due on the office calendar. Computed by the
 * server (`flow.previewForSubmission`, the same evaluator and calendar the engine uses) from the
 * data being submitted, so a condition branch follows what the user typed. Renders nothing when no
 * flow is bound (the built-in single approval step applies) or while it is being worked out.
 * Used by the register entry's submit dialog and the record fill page.
 */
import { useQuery } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useTRPC } from '@/app/_trpc/client';
import { messageOf } from '@/app/_trpc/errors';
import type { FlowTrigger } from '@/catalog/flows/types';
import type { AssigneeView, PredictedStepView, previewForSubmission } from '@/server/flows/queries';

export type SubmissionPreview = Awaited<ReturnType<typeof previewForSubmission>>;

type Locale = 'zh-CN' | 'en';

export interface SubmissionInput {
  trigger: FlowTrigger;
  scopes: { type: 'register-kind' | 'catalog-item' | 'catalog-category' | 'global'; value: string }[];
  data: Record<string, unknown>;
  meta?: Record<string, unknown>;
}

/**
 * A register change as submitForApproval starts its flow (server/registers/service.ts): bound per
 * register kind; conditions see the draft's content.
 */
export function registerSubmission(kindCode: string, code: string, version: number, content: Record<string, unknown>): SubmissionInput {
  return { trigger: 'register-change', scopes: [{ type: 'register-kind', value: kindCode }], data: content, meta: { kindCode, code, action: 'publish', version } };
}

/**
 * A record as submitRecord starts its flow (server/records/service.ts): bound per catalog item or
 * its category — the server adds the category from the item's version; conditions see the data.
 */
export function recordSubmission(catalogCode: string, catalogVersion: number, data: Record<string, unknown>): SubmissionInput {
  return { trigger: 'record-submit', scopes: [{ type: 'catalog-item', value: catalogCode }], data, meta: { catalogCode, catalogVersion } };
}

/** The few words `describeAssignee` needs, so it stays a pure function of its inputs. */
export interface AssigneeWords {
  role: (role: string) => string;
  roleInDepartment: (role: string, department: string) => string;
  department: (department: string) => string;
  initiatorApprover: string;
  unknownDepartment: string;
  nobody: string;
  listSeparator: string;
}

/** Who decides a step, in one line: "市信用办 · 审批人", "审批人a1、审批人a2", … */
export function describeAssignee(a: AssigneeView | null, locale: Locale, w: AssigneeWords): string {
  if (!a) return w.nobody;
  const dept = (d: Record<Locale, string> | null) => (d ? d[locale] || d['zh-CN'] : w.unknownDepartment);
  switch (a.kind) {
    case 'role':
      return a.department ? w.roleInDepartment(w.role(a.role), dept(a.department)) : w.role(a.role);
    case 'department':
      return a.role ? w.roleInDepartment(w.role(a.role), dept(a.department)) : w.department(dept(a.department));
    case 'users':
      return a.names.length ? a.names.join(w.listSeparator) : w.nobody;
    case 'initiator-approver':
      return w.initiatorApprover;
  }
}

/** When the submitter will be done waiting: the latest due date of the predicted steps, if any. */
export function lastDueDate(steps: Pick<PredictedStepView, 'dueOn'>[]): string | null {
  return steps.reduce<string | null>((last, s) => (s.dueOn && (!last || s.dueOn > last) ? s.dueOn : last), null);
}

/** Whether a flow is bound to this submission (false while unknown, on an error, or when `input` is null). */
export function useFlowBound(input: SubmissionInput | null): boolean {
  const trpc = useTRPC();
  const probe = input ?? registerSubmission('-', '-', 0, {});
  const q = useQuery({ ...trpc.flow.previewForSubmission.queryOptions({ ...probe, data: {} }), enabled: input !== null, staleTime: 60_000, retry: false });
  return input !== null && Boolean(q.data?.bound);
}

export function PredictedPath({ input }: { input: SubmissionInput }) {
  const t = useTranslations('flowPreview');
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.flow.previewForSubmission.queryOptions(input), staleTime: 30_000, retry: false });
  if (q.isError) {
    return (
      <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="predicted-path-error">
        {t('failed', { message: messageOf(q.error) })}
      </p>
    );
  }
  return q.data ? <PredictedPathView preview={q.data} /> : null;
}

/** The list itself, for a preview already fetched; nothing when no flow is bound. */
export function PredictedPathView({ preview }: { preview: SubmissionPreview }) {
  const t = useTranslations('flowPreview');
  const tr = useTranslations('roles');
  const locale: Locale = useLocale() === 'en' ? 'en' : 'zh-CN';
  if (!preview.bound) return null;
  const { steps, prediction } = preview;
  const words: AssigneeWords = {
    role: (r) => (tr.has(r) ? tr(r) : r),
    roleInDepartment: (role, department) => t('roleInDepartment', { role, department }),
    department: (department) => t('everyoneIn', { department }),
    initiatorApprover: t('initiatorApprover'),
    unknownDepartment: t('unknownDepartment'),
    nobody: t('nobody'),
    listSeparator: t('listSeparator'),
  };
  const last = lastDueDate(steps);
  return (
    <section className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm" data-testid="predicted-path" aria-labelledby="predicted-path-title">
      <h3 id="predicted-path-title" className="font-medium text-slate-900">
        {t('title')}
      </h3>
      <p className="text-xs text-slate-500">{t('hint')}</p>
      <ol className="mt-1 list-decimal space-y-1 pl-5">
        {steps.map((s) => (
          <li key={s.nodeId} data-testid="predicted-step">
            <span className="font-medium">{s.label[locale] || s.label['zh-CN']}</span>
            {s.mode ? <span className="text-slate-500"> · {t(`modes.${s.mode}`)}</span> : null}
            <span className="block text-xs text-slate-600">
              {s.type === 'timer' ? t('timer') : describeAssignee(s.assignee, locale, words)} · {s.dueOn ? t('due', { date: s.dueOn }) : t('noDeadline')}
            </span>
          </li>
        ))}
      </ol>
      {steps.length === 0 ? <p className="text-xs text-slate-600">{t('noSteps')}</p> : null}
      {last ? <p className="mt-1 text-xs text-slate-600">{t('doneBy', { date: last })}</p> : null}
      {!prediction.endNodeId ? <p className="mt-1 text-xs text-red-700">{t('noEnd')}</p> : null}
      {prediction.conditionErrors.length ? <p className="mt-1 text-xs text-amber-700">{t('conditionErrors', { count: prediction.conditionErrors.length })}</p> : null}
    </section>
  );
}
