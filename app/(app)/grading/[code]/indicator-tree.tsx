'use client';
import { closestCenter, DndContext, KeyboardSensor, PointerSensor, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useLocale, useTranslations } from 'next-intl';
import { addChild, addSibling, isLeaf, moveAmongSiblings, moveByOffset, newIndicatorId, normalizePath, removeIndicator, sumOfLeaves, updateIndicator, INDICATORS_PATH } from '@/catalog/grading/tree';
import type { GradingProblem, Indicator } from '@/catalog/grading/types';
import { Button } from '@/app/_components/ui/button';
import { cn } from '@/app/_components/ui/cn';

interface TreeProps {
  indicators: Indicator[];
  totalPoints: number;
  onChange: (next: Indicator[]) => void;
  selectedId: string | null;
  onSelect: (id: string) => void;
  problems: GradingProblem[];
  readOnly: boolean;
}

/** The sum of the leaves against the model's total, live; red with the difference when they differ. */
export function PointsTotal({ indicators, totalPoints }: { indicators: Indicator[]; totalPoints: number }) {
  const t = useTranslations('gradingUi.tree');
  const sum = sumOfLeaves(indicators);
  const diff = sum - totalPoints;
  return (
    <p role="status" aria-live="polite" data-testid="points-total" className={cn('rounded-md px-3 py-2 text-sm font-medium', diff === 0 ? 'bg-green-50 text-green-800' : 'bg-red-50 text-red-700')}>
      {t('total', { sum, total: totalPoints })}
      {diff !== 0 ? ` · ${t(diff > 0 ? 'over' : 'under', { diff: Math.abs(diff) })}` : ` · ${t('balanced')}`}
    </p>
  );
}

/**
 * The indicator tree: drag a row by its handle (or focus the handle and use Space + arrows, or
 * the ↑/↓ buttons) to reorder it among its siblings; moving between parents is not offered, as
 * it would silently change branch totals.
 */
export function IndicatorTree(props: TreeProps) {
  const t = useTranslations('gradingUi.tree');
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const onDragEnd = (e: DragEndEvent) => {
    if (e.over && e.active.id !== e.over.id) props.onChange(moveAmongSiblings(props.indicators, String(e.active.id), String(e.over.id)));
  };
  const newLeaf = (): Indicator => ({ id: newIndicatorId(props.indicators), name: { 'zh-CN': t('newName'), en: 'New indicator' }, points: 0, rule: null });
  return (
    <div className="space-y-3">
      <PointsTotal indicators={props.indicators} totalPoints={props.totalPoints} />
      <DndContext id="indicator-tree" sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd} accessibility={{ screenReaderInstructions: { draggable: t('dragInstructions') } }}>
        <Level {...props} items={props.indicators} depth={0} number="" base={INDICATORS_PATH} newLeaf={newLeaf} />
      </DndContext>
      {props.readOnly ? null : (
        <Button variant="secondary" size="sm" onClick={() => props.onChange([...props.indicators, newLeaf()])}>
          {t('addTop')}
        </Button>
      )}
    </div>
  );
}

interface LevelProps extends TreeProps {
  items: Indicator[];
  depth: number;
  number: string;
  base: string;
  newLeaf: () => Indicator;
}

function Level(props: LevelProps) {
  return (
    <SortableContext items={props.items.map((i) => i.id)} strategy={verticalListSortingStrategy}>
      <ul className={cn('space-y-1', props.depth > 0 && 'ml-6 border-l border-slate-200 pl-2')}>
        {props.items.map((item, i) => {
          const number = props.number ? `${props.number}.${i + 1}` : String(i + 1);
          const path = `${props.base}.${i}`;
          return (
            <Row key={item.id} {...props} item={item} number={number} path={path}>
              {item.children?.length ? <Level {...props} items={item.children} depth={props.depth + 1} number={number} base={`${path}.children`} /> : null}
            </Row>
          );
        })}
      </ul>
    </SortableContext>
  );
}

/** Problems of this indicator itself (not of its children, which show on their own rows). */
function ownProblems(problems: GradingProblem[], path: string): GradingProblem[] {
  return problems.filter((p) => {
    const n = normalizePath(p.path);
    return (n === path || n.startsWith(`${path}.`)) && !n.startsWith(`${path}.children.`);
  });
}

function Row({ item, number, path, children, ...props }: LevelProps & { item: Indicator; number: string; path: string; children: React.ReactNode }) {
  const t = useTranslations('gradingUi.tree');
  const locale = useLocale() as 'zh-CN' | 'en';
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: item.id, disabled: props.readOnly });
  const leaf = isLeaf(item);
  const problems = ownProblems(props.problems, path);
  const set = (patch: Partial<Indicator>) => props.onChange(updateIndicator(props.indicators, item.id, patch));
  const selected = props.selectedId === item.id;
  return (
    <li ref={setNodeRef} style={{ transform: CSS.Transform.toString(transform), transition }} className={cn(isDragging && 'relative z-10 opacity-80')} data-testid={`indicator-${item.id}`}>
      <div className={cn('flex flex-wrap items-center gap-2 rounded-md border bg-white px-2 py-1.5', selected ? 'border-brand-600 ring-1 ring-brand-600' : 'border-slate-200', problems.length && 'border-red-400')}>
        <button type="button" className="cursor-grab touch-none px-1 text-slate-500 hover:text-slate-700 disabled:cursor-default" aria-label={t('dragHandle', { number })} disabled={props.readOnly} {...attributes} {...listeners}>
          ⠿
        </button>
        <span className="w-10 font-mono text-xs text-slate-500">{number}</span>
        <input
          id={`ind-${item.id}-zh`}
          className="w-40 rounded border border-slate-300 px-2 py-1 text-sm"
          aria-label={t('nameZh', { number })}
          value={item.name['zh-CN']}
          readOnly={props.readOnly}
          onChange={(e) => set({ name: { ...item.name, 'zh-CN': e.target.value } })}
        />
        <input
          id={`ind-${item.id}-en`}
          className="w-36 rounded border border-slate-300 px-2 py-1 text-sm"
          aria-label={t('nameEn', { number })}
          value={item.name.en}
          readOnly={props.readOnly}
          onChange={(e) => set({ name: { ...item.name, en: e.target.value } })}
        />
        {leaf ? (
          <input
            id={`ind-${item.id}-points`}
            type="number"
            className="w-20 rounded border border-slate-300 px-2 py-1 text-right text-sm"
            aria-label={t('pointsOf', { number })}
            value={Number.isFinite(item.points) ? item.points : ''}
            readOnly={props.readOnly}
            onChange={(e) => set({ points: e.target.value === '' ? 0 : Number(e.target.value) })}
          />
        ) : (
          <span className="w-20 text-right text-sm text-slate-600" aria-label={t('pointsOf', { number })}>
            {item.points}
          </span>
        )}
        <span className="text-xs text-slate-500">{t('pointsUnit')}</span>
        {leaf ? (
          <Button size="sm" variant={selected ? 'primary' : 'ghost'} onClick={() => props.onSelect(item.id)} aria-pressed={selected}>
            {item.rule ? t('editRule') : t('addRule')}
          </Button>
        ) : null}
        {props.readOnly ? null : (
          <span className="ml-auto flex gap-1">
            <Button size="sm" variant="ghost" aria-label={t('moveUp', { number })} onClick={() => props.onChange(moveByOffset(props.indicators, item.id, -1))}>
              ↑
            </Button>
            <Button size="sm" variant="ghost" aria-label={t('moveDown', { number })} onClick={() => props.onChange(moveByOffset(props.indicators, item.id, 1))}>
              ↓
            </Button>
            <Button size="sm" variant="ghost" onClick={() => props.onChange(addChild(props.indicators, item.id, props.newLeaf()))} aria-label={t('addChildOf', { number })}>
              {t('addChild')}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => props.onChange(addSibling(props.indicators, item.id, props.newLeaf()))} aria-label={t('addSiblingOf', { number })}>
              {t('addSibling')}
            </Button>
            <Button size="sm" variant="ghost" className="text-red-700" onClick={() => props.onChange(removeIndicator(props.indicators, item.id))} aria-label={t('removeOf', { number })}>
              {t('remove')}
            </Button>
          </span>
        )}
      </div>
      {problems.length ? (
        <ul className="ml-12 mt-0.5 text-xs text-red-700" role="alert">
          {problems.map((p, i) => (
            <li key={i}>{p.message[locale]}</li>
          ))}
        </ul>
      ) : null}
      {children}
    </li>
  );
}
