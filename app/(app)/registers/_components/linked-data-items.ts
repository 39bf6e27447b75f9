'use client';
/**
 * Data items of another entry's form: a field whose `dataItemsOf` names the entry's catalog-item
 * field (e.g. a disclosure rule's 程度数据项 and its classes' 归类数据项) offers the data items of that
 * catalog item's form by name — its version in force, else its latest published one — and reads a
 * stored key back as the data item's name.
 */
import { useQuery } from '@tanstack/react-query';
import type { FieldUi } from '@/catalog/types';
import { dataItemChoices, entryCodeIn, type DataItemChoice } from '@/catalog/data-items';
import { useTRPC } from '@/app/_trpc/client';

export interface LinkedDataItems {
  /** The catalog item's code, or null while none is chosen. */
  itemCode: string | null;
  choices: DataItemChoice[];
  loading: boolean;
}

/** The data items of the catalog item `ui.dataItemsOf` names in `content` (nothing when ui has no dataItemsOf). */
export function useLinkedDataItems(ui: Pick<FieldUi, 'dataItemsOf'> | undefined, content: Record<string, unknown> | undefined): LinkedDataItems {
  const trpc = useTRPC();
  const itemCode = ui?.dataItemsOf ? entryCodeIn(content?.[ui.dataItemsOf]) : null;
  const q = useQuery({ ...trpc.register.entry.queryOptions({ kindCode: 'info-catalog', code: itemCode ?? '-' }), enabled: itemCode !== null, retry: false, staleTime: 60_000 });
  const version = q.data ? (q.data.inForce ?? q.data.versions.find((v) => v.status === 'published') ?? null) : null;
  const choices = version ? dataItemChoices((version.content as { dataItems?: unknown }).dataItems) : [];
  return { itemCode, choices, loading: itemCode !== null && q.isPending };
}
