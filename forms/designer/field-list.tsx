'use client';
/**
 * The field list: one sortable list per level (the root, and the children of each group or
 * repeating group). Fields move among their siblings only — moving a field into another group
 * would change its path and silently break the conditions that read it — by pointer or by
 * keyboard (the drag handle: Space, arrow keys, Space), announced to screen readers.
 * Palette items dropped on a list or a field are added there.
 */
import { useDndContext, useDroppable } from '@dnd-kit/core';
import { SortableContext, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { ReactNode } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import type { Locale } from '../../catalog/types';
import type { FormField } from '../definition';
import type { FieldProblem } from './problems';

export type DragData = { kind: 'field'; path: string; parent: string; index: number } | { kind: 'list'; parent: string } | { kind: 'palette'; widget: FormField['widget'] };

export interface FieldListProps {
  fields: FormField[];
  parent: string;
  selected: string | null;
  onSelect: (path: string) => void;
  problems: Map<string, FieldProblem[]>;
}

export const listId = (parent: string) => `list:${parent}`;

function draggedField(active: ReturnType<typeof useDndContext>['active']): Extract<DragData, { kind: 'field' }> | null {
  const d = active?.data.current as DragData | undefined;
  return d?.kind === 'field' ? d : null;
}

export function FieldList({ fields, parent, selected, onSelect, problems }: FieldListProps) {
  const t = useTranslations('formDesigner.list');
  const { active } = useDndContext();
  const { setNodeRef, isOver } = useDroppable({ id: listId(parent), data: { kind: 'list', parent } satisfies DragData, disabled: draggedField(active) !== null });
  return (
    <SortableContext id={listId(parent)} items={fields.map((f) => f.path)} strategy={verticalListSortingStrategy}>
      <ol ref={setNodeRef} className={`min-h-12 space-y-1.5 rounded-md p-1 ${isOver ? 'bg-sky-50 ring-2 ring-sky-300' : ''}`}>
        {fields.length === 0 ? <li className="px-2 py-3 text-xs text-slate-500">{parent ? t('emptyGroup') : t('empty')}</li> : null}
        {fields.map((f, i) => (
          <FieldItem key={f.path} field={f} index={i} parent={parent} selected={selected} onSelect={onSelect} problems={problems} />
        ))}
      </ol>
    </SortableContext>
  );
}

function FieldItem({ field, index, parent, selected, onSelect, problems }: { field: FormField; index: number; parent: string } & Omit<FieldListProps, 'fields' | 'parent'>) {
  const t = useTranslations('formDesigner');
  const locale = useLocale() as Locale;
  const { active } = useDndContext();
  const moving = draggedField(active);
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: field.path,
    data: { kind: 'field', path: field.path, parent, index } satisfies DragData,
    // Only siblings take a dragged field, so the keyboard's arrow keys stay within the list.
    disabled: { draggable: false, droppable: moving !== null && moving.parent !== parent },
  });
  const label = field.label[locale];
  const own = problems.get(field.path) ?? [];
  const isSelected = selected === field.path;
  const badgeId = `fd-problems-${field.path.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const required = field.requiredInParent;
  return (
    <li ref={setNodeRef} style={{ transform: CSS.Translate.toString(transform), transition }} className={isDragging ? 'relative z-10 opacity-80' : undefined}>
      <div className={`flex items-stretch gap-1 rounded-md border bg-white shadow-sm ${isSelected ? 'border-slate-900 ring-2 ring-slate-900' : own.length ? 'border-red-400' : 'border-slate-200'}`}>
        <button
          type="button"
          ref={setActivatorNodeRef}
          {...attributes}
          {...listeners}
          aria-label={t('list.drag', { label })}
          className="cursor-grab touch-none rounded-l-md px-2 text-slate-400 hover:bg-slate-100 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-slate-700 active:cursor-grabbing"
        >
          <span aria-hidden="true">⠿</span>
        </button>
        <button
          type="button"
          onClick={() => onSelect(field.path)}
          aria-pressed={isSelected}
          aria-label={t('list.select', { label, key: field.key })}
          aria-describedby={own.length ? badgeId : undefined}
          className="flex min-w-0 flex-1 flex-wrap items-center gap-x-2 gap-y-0.5 px-2 py-1.5 text-left focus-visible:outline-2 focus-visible:outline-slate-700"
        >
          <span className="truncate text-sm font-medium text-slate-900">
            {label}
            {required ? <span className="ml-0.5 text-red-600">*</span> : null}
          </span>
          <span className="font-mono text-xs text-slate-500">{field.key}</span>
          <span className="text-xs text-slate-500">· {t(`widgets.${field.widget}`)}</span>
          {field.ui?.requiredIf !== undefined ? <Tag>{t('list.conditionalRequired')}</Tag> : null}
          {field.ui?.visibleIf !== undefined ? <Tag>{t('list.conditionalVisible')}</Tag> : null}
          {field.ui?.personal ? <Tag>{t('list.personal')}</Tag> : null}
        </button>
        {own.length ? (
          <span id={badgeId} className="m-1 self-center rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-800">
            {t('list.problems', { count: own.length })}
          </span>
        ) : null}
      </div>
      {field.structure !== 'leaf' ? (
        <div className="ml-6 mt-1 border-l-2 border-slate-200 pl-2">
          <FieldList fields={field.children} parent={field.path} selected={selected} onSelect={onSelect} problems={problems} />
        </div>
      ) : null}
    </li>
  );
}

function Tag({ children }: { children: ReactNode }) {
  return <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{children}</span>;
}
