'use client';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useLocale } from 'next-intl';
import type { KindDefinition, Localized } from '@/catalog/types';
import { modelGrades } from '@/catalog/grading/types';
import type { RefOption } from './widgets';
import { useTRPC } from '@/app/_trpc/client';

export function todayLocal(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** Departments (for widgets) and in-force entries of the kinds this kind references. */
export function useFormSupport(kind: Pick<KindDefinition, 'ui'>) {
  const trpc = useTRPC();
  const locale = useLocale();
  const departments = useQuery(trpc.department.list.queryOptions({ includeArchived: false }));
  const refKinds = [...new Set(Object.values(kind.ui.fields).map((f) => f.refKind).filter((k): k is string => Boolean(k)))];
  const refs = useQueries({
    queries: refKinds.map((k) => trpc.register.list.queryOptions({ kindCode: k, asOf: todayLocal(), page: 1, pageSize: 200 })),
  });
  const refOptions: Record<string, RefOption[]> = {};
  refKinds.forEach((k, i) => {
    const data = refs[i]?.data;
    if (!data) return;
    const tf = data.kind.ui.titleField;
    refOptions[k] = data.rows.map((r) => {
      const v = r.content[tf];
      const title = v && typeof v === 'object' ? ((v as Localized)[locale === 'en' ? 'en' : 'zh-CN'] ?? '') : String(v ?? '');
      // A grading model's grades travel with it, for the fields that offer them (widget grades).
      return k === 'grading-model' ? { code: r.code, title, grades: modelGrades(r.content) } : { code: r.code, title };
    });
  });
  return { departments: departments.data ?? [], refOptions };
}
