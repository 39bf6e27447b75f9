'use client';
import { useQuery } from '@tanstack/react-query';
import { useLocale } from 'next-intl';
import { useCallback, useMemo } from 'react';
import { titleOf } from '@/catalog/kind-definition';
import { useTRPC } from '@/app/_trpc/client';

/**
 * code → title of the entries of a register (catalog items, lists, flows …), so pages show
 * 「行政许可信息」 where they had `XZXK v1`; the code stays beside it as secondary text.
 */
export function useEntryNames(kindCode: string, enabled = true): (code: string) => string | null {
  const trpc = useTRPC();
  const locale = useLocale() as 'zh-CN' | 'en';
  const kind = useQuery({ ...trpc.register.kind.queryOptions({ code: kindCode }), enabled, staleTime: 300_000 });
  const list = useQuery({ ...trpc.register.list.queryOptions({ kindCode, page: 1, pageSize: 200 }), enabled, staleTime: 300_000 });
  const names = useMemo(() => {
    const m = new Map<string, string>();
    if (!kind.data) return m;
    for (const r of (list.data?.rows ?? []) as { code: string; content: Record<string, unknown> }[]) {
      const title = titleOf(kind.data, r.content, locale);
      if (title) m.set(r.code, title);
    }
    return m;
  }, [kind.data, list.data, locale]);
  return useCallback((code: string) => names.get(code) ?? null, [names]);
}
