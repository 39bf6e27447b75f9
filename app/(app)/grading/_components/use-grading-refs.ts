'use client';
import { useQuery } from '@tanstack/react-query';
import { useLocale } from 'next-intl';
import { useTRPC } from '@/app/_trpc/client';
import { todayLocal } from '../../registers/_components/use-register-data';

export interface RefOption {
  code: string;
  version: number;
  title: string;
  content: Record<string, unknown>;
}

/** In-force entries of a register (as of today), with a display title: what rules and mappings may point to. */
function useInForce(kindCode: string, titleField: string): RefOption[] {
  const trpc = useTRPC();
  const locale = useLocale();
  const q = useQuery(trpc.register.list.queryOptions({ kindCode, asOf: todayLocal(), page: 1, pageSize: 200 }, { staleTime: 60_000 }));
  return (q.data?.rows ?? []).map((r) => {
    const v = r.content[titleField];
    const title = v && typeof v === 'object' ? String((v as Record<string, string>)[locale === 'en' ? 'en' : 'zh-CN'] ?? '') : String(v ?? '');
    return { code: r.code, version: r.version, title, content: r.content };
  });
}

/** Published catalog items, credit lists and sanction measures the designer offers in its pickers. */
export function useGradingRefs() {
  return {
    catalogItems: useInForce('info-catalog', 'name'),
    creditLists: useInForce('credit-list', 'name'),
    sanctionMeasures: useInForce('sanction-measure', 'text'),
  };
}

export type GradingRefs = ReturnType<typeof useGradingRefs>;
