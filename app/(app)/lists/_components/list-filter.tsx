'use client';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/app/_trpc/client';
import { Field, Select } from '@/app/_components/ui/field';

/** The "which list" filter of the cases and members tables: every list by name, or all of them. */
export function ListFilter({ id, label, allLabel, value, onChange }: { id: string; label: string; allLabel: string; value: string; onChange: (code: string) => void }) {
  const trpc = useTRPC();
  const lists = useQuery(trpc.creditList.lists.queryOptions());
  return (
    <Field id={id} label={label}>
      <Select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{allLabel}</option>
        {(lists.data ?? []).map((l) => (
          <option key={l.code} value={l.code}>
            {l.name}
          </option>
        ))}
      </Select>
    </Field>
  );
}
