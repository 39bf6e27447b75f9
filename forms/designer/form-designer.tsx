'use client';
/**
 * The form designer: palette, sortable field list, side panel with the selected field's rules,
 * the checker's problems on the fields they concern, and a live preview that is the real
 * renderer (forms/renderer) over the definition being edited. A JSON tab keeps the raw
 * definition editable for what the visual part does not show.
 *
 * Controlled: `value` is the definition, every edit calls `onChange` with a new one (never a
 * mutated one: the runtime caches per definition object). Framework-free (no next/*): texts
 * come from use-intl's `useTranslations('formDesigner')`.
 */
import { DndContext, DragOverlay, KeyboardSensor, PointerSensor, closestCenter, useDraggable, useSensor, useSensors, type Announcements, type DragEndEvent, type DragStartEvent } from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { Component, useDeferredValue, useMemo, useState, type PointerEventHandler, type ReactNode } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import type { Locale, Localized } from '../../catalog/types';
import { schemaProblem } from '../ajv';
import { formModel, type FormDefinition, type FormSection, type FormWidget } from '../definition';
import { FormRenderer } from '../renderer';
import { FieldList, type DragData } from './field-list';
import { FieldPanel } from './field-panel';
import { designProblem } from './model';
import { addField, emptyDefinition, moveField, setSections } from './operations';
import { PALETTE } from './palette';
import { SubsetHelp } from './subset-help';
import { definitionHash, definitionProblemsByField, groupByField, type FieldProblem } from './problems';
import { buttonClass, inputClass, labelClass, sectionHeadingClass } from './ui';

export interface FormDesignerProps {
  value: FormDefinition | undefined;
  onChange: (def: FormDefinition) => void;
  /** Told when the JSON tab holds text that does not parse (and so has not been applied), and when it no longer does. */
  onJsonBroken?: (broken: boolean) => void;
  /** The field selected at first (a problem's field, or a test). */
  defaultSelected?: string;
}

type Tab = 'design' | 'json';

export function FormDesigner({ value, onChange, onJsonBroken, defaultSelected }: FormDesignerProps) {
  const t = useTranslations('formDesigner');
  const locale = useLocale() as Locale;
  const def = value ?? emptyDefinitionOnce;
  const designable = designProblem(def) === null;
  const [tab, setTab] = useState<Tab>(designable ? 'design' : 'json');
  const [selected, setSelected] = useState<string | null>(defaultSelected ?? null);
  const [notice, setNotice] = useState<string | null>(null);
  // Malformed JSON is never applied, and while it is there the designer may not leave the JSON tab
  // (nor, through onJsonBroken, be closed): the text the editor typed is not lost.
  const [jsonBroken, setJsonBroken] = useState(false);
  const broken = (b: boolean) => {
    setJsonBroken(b);
    onJsonBroken?.(b);
  };
  // Checking compiles the schema: let the keystroke render first, the verdict right after.
  const checked = useDeferredValue(def);
  const problems = useMemo(() => definitionProblemsByField(checked), [checked]);
  const byField = useMemo(() => groupByField(problems), [problems]);

  const change = (next: FormDefinition, select?: string) => {
    setNotice(null);
    onChange(next);
    if (select !== undefined) setSelected(select || null);
  };
  const refused = (m: Localized) => setNotice(m[locale]);

  return (
    <div className="flex h-full min-h-0 flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div role="tablist" aria-label={t('tabs.label')} className="inline-flex rounded-md border border-slate-300 p-0.5">
          {(['design', 'json'] as const).map((k) => (
            <button
              key={k}
              type="button"
              role="tab"
              id={`fd-tab-${k}`}
              aria-selected={tab === k}
              aria-controls={`fd-panel-${k}`}
              disabled={k === 'design' && (!designable || jsonBroken)}
              onClick={() => setTab(k)}
              className={`rounded px-3 py-1 text-sm font-medium ${tab === k ? 'bg-slate-900 text-white' : 'text-slate-700 hover:bg-slate-100'} disabled:opacity-50`}
            >
              {t(`tabs.${k}`)}
            </button>
          ))}
        </div>
        <SubsetHelp />
        {/* While the JSON does not parse, the verdict on the last applied definition would mislead: the textarea says what is wrong. */}
        {jsonBroken ? null : (
          <ProblemSummary
            problems={problems}
            onShow={(p) => {
              setTab(p.field && designable ? 'design' : 'json');
              if (p.field) setSelected(p.field);
            }}
          />
        )}
      </div>
      {notice ? (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {notice}
        </p>
      ) : null}
      {tab === 'json' || !designable ? (
        <div role="tabpanel" id="fd-panel-json" aria-labelledby="fd-tab-json" className="min-h-0 flex-1">
          {!designable ? <p className="mb-2 text-sm text-amber-800">{t('json.notDesignable')}</p> : null}
          <JsonTab value={def} onChange={(d) => change(d)} onBroken={broken} />
        </div>
      ) : (
        <div role="tabpanel" id="fd-panel-design" aria-labelledby="fd-tab-design" className="min-h-0 flex-1">
          <DesignTab def={def} selected={selected} setSelected={setSelected} byField={byField} checked={checked} change={change} refused={refused} />
        </div>
      )}
    </div>
  );
}

const emptyDefinitionOnce = emptyDefinition();

function ProblemSummary({ problems, onShow }: { problems: FieldProblem[]; onShow: (p: FieldProblem) => void }) {
  const t = useTranslations('formDesigner.problems');
  const locale = useLocale() as Locale;
  if (problems.length === 0)
    return (
      <p role="status" className="text-sm text-green-700">
        {t('none')}
      </p>
    );
  return (
    <details className="max-w-xl rounded-md border border-red-200 bg-red-50 px-3 py-1.5 text-sm text-red-800" open={problems.length <= 3}>
      <summary className="cursor-pointer font-medium" role="status">
        {t('title', { count: problems.length })}
      </summary>
      <ul className="mt-1 max-h-40 space-y-1 overflow-y-auto">
        {problems.map((p, i) => (
          <li key={i} className="flex items-start justify-between gap-2">
            <span>
              <span className="font-mono text-xs">{p.field || t('form')}</span>：{p.message[locale]}
            </span>
            <button type="button" className="shrink-0 text-xs underline" onClick={() => onShow(p)}>
              {t('show')}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}

interface DesignTabProps {
  def: FormDefinition;
  selected: string | null;
  setSelected: (p: string | null) => void;
  byField: Map<string, FieldProblem[]>;
  /** The definition the problems and the preview are of (lags `def` by a render while typing). */
  checked: FormDefinition;
  change: (def: FormDefinition, select?: string) => void;
  refused: (m: Localized) => void;
}

function DesignTab({ def, checked, selected, setSelected, byField, change, refused }: DesignTabProps) {
  const t = useTranslations('formDesigner');
  const locale = useLocale() as Locale;
  const model = formModel(def);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const [dragging, setDragging] = useState<DragData | null>(null);
  const selectedField = selected ? model.byPath.get(selected) : undefined;

  const labelOfId = (id: string | number): string => {
    const s = String(id);
    if (s.startsWith('palette:')) return t(`widgets.${s.slice('palette:'.length)}`);
    return model.byPath.get(s)?.label[locale] ?? s;
  };
  const positionOf = (id: string | number | undefined): number => {
    const f = id === undefined ? undefined : model.byPath.get(String(id));
    if (!f) return 0;
    return (f.parent ? f.parent.children : model.fields).indexOf(f) + 1;
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('list.picked', { label: labelOfId(active.id) }),
    onDragOver: ({ active, over }) => (over ? t('list.over', { label: labelOfId(active.id), position: positionOf(over.id) }) : undefined),
    onDragEnd: ({ active, over }) => (over ? t(String(active.id).startsWith('palette:') ? 'list.paletteDropped' : 'list.dropped', { label: labelOfId(active.id), position: positionOf(over.id) }) : t('list.cancelled', { label: labelOfId(active.id) })),
    onDragCancel: ({ active }) => t('list.cancelled', { label: labelOfId(active.id) }),
  };

  /** Where a palette click adds: inside a selected group, else right after the selected field. */
  const addByClick = (widget: FormWidget) => {
    let parent = '';
    let index: number | undefined;
    if (selectedField?.structure !== undefined && selectedField.structure !== 'leaf') parent = selectedField.path;
    else if (selectedField) {
      parent = selectedField.parent?.path ?? '';
      index = (selectedField.parent ? selectedField.parent.children : model.fields).indexOf(selectedField) + 1;
    }
    const r = addField(def, widget, parent, index);
    if (r.ok) change(r.definition, r.path);
    else refused(r.message);
  };

  const onDragStart = (e: DragStartEvent) => setDragging((e.active.data.current as DragData | undefined) ?? null);
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDragging(null);
    const a = active.data.current as DragData | undefined;
    const o = over?.data.current as DragData | undefined;
    if (!a || !o || o.kind === 'palette') return;
    if (a.kind === 'palette') {
      const r = addField(def, a.widget, o.parent, o.kind === 'field' ? o.index : undefined);
      if (r.ok) change(r.definition, r.path);
      else refused(r.message);
    } else if (a.kind === 'field' && o.kind === 'field' && o.parent === a.parent && o.path !== a.path) {
      change(moveField(def, a.path, o.index));
    }
  };

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => setDragging(null)}
      accessibility={{ announcements, screenReaderInstructions: { draggable: t('list.instructions') } }}
    >
      <div className="grid h-full min-h-0 gap-4 lg:grid-cols-[11rem_minmax(16rem,1fr)_minmax(20rem,24rem)_minmax(18rem,1fr)]">
        <section aria-labelledby="fd-palette-title" className="space-y-2 overflow-y-auto">
          <h3 id="fd-palette-title" className={sectionHeadingClass}>
            {t('palette.title')}
          </h3>
          <p className="text-xs text-slate-500">{t('palette.hint')}</p>
          <ul className="grid grid-cols-2 gap-1.5 lg:grid-cols-1">
            {PALETTE.map((p) => (
              <li key={p.widget}>
                <PaletteButton widget={p.widget} onAdd={addByClick} />
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="fd-list-title" className="min-h-0 space-y-3 overflow-y-auto">
          <h3 id="fd-list-title" className={sectionHeadingClass}>
            {t('list.title')}
          </h3>
          <FieldList fields={model.fields} parent="" selected={selected} onSelect={setSelected} problems={byField} />
          <SectionsEditor def={def} onChange={change} />
        </section>
        <section aria-label={t('panel.title')} className="min-h-0 overflow-y-auto rounded-md border border-slate-200 bg-slate-50/50 p-3">
          {selectedField ? (
            <FieldPanel key={selectedField.path} definition={def} path={selectedField.path} problems={byField.get(selectedField.path) ?? []} onChange={change} onRefused={refused} />
          ) : (
            <p className="text-sm text-slate-500">{t('panel.none')}</p>
          )}
        </section>
        <Preview def={checked} />
      </div>
      <DragOverlay>{dragging?.kind === 'palette' ? <span className="rounded-md bg-slate-900 px-3 py-1.5 text-sm text-white shadow-lg">{t(`widgets.${dragging.widget}`)}</span> : null}</DragOverlay>
    </DndContext>
  );
}

function PaletteButton({ widget, onAdd }: { widget: FormWidget; onAdd: (w: FormWidget) => void }) {
  const t = useTranslations('formDesigner');
  const { setNodeRef, listeners, isDragging } = useDraggable({ id: `palette:${widget}`, data: { kind: 'palette', widget } satisfies DragData });
  const name = t(`widgets.${widget}`);
  return (
    <button
      ref={setNodeRef}
      type="button"
      // Pointer only: Enter and Space on a palette button add the field, they do not start a drag.
      onPointerDown={listeners?.onPointerDown as PointerEventHandler<HTMLButtonElement> | undefined}
      onClick={() => onAdd(widget)}
      aria-label={t('palette.add', { type: name })}
      className={`${buttonClass} w-full justify-start ${isDragging ? 'opacity-50' : ''}`}
    >
      <span aria-hidden="true" className="text-slate-400">
        +
      </span>
      {name}
    </button>
  );
}

function SectionsEditor({ def, onChange }: { def: FormDefinition; onChange: (d: FormDefinition) => void }) {
  const t = useTranslations('formDesigner.sections');
  const sections: FormSection[] = Array.isArray(def.ui?.sections) ? def.ui.sections : [];
  const set = (next: FormSection[]) => onChange(setSections(def, next));
  const patch = (i: number, p: Partial<FormSection> & { zh?: string; en?: string }) =>
    set(sections.map((s, j) => (j === i ? { id: p.id ?? s.id, title: { 'zh-CN': p.zh ?? s.title?.['zh-CN'] ?? '', en: p.en ?? s.title?.en ?? '' } } : s)));
  return (
    <details className="rounded-md border border-slate-200 p-2" open={sections.length > 0}>
      <summary className={`cursor-pointer ${sectionHeadingClass}`}>{t('title')}</summary>
      <ol className="mt-2 space-y-2">
        {sections.map((s, i) => (
          <li key={i} className="grid grid-cols-[6rem_1fr_1fr_auto] items-end gap-1" aria-label={t('row', { n: i + 1 })}>
            <input aria-label={`${t('id')} ${i + 1}`} className={`${inputClass} font-mono`} value={s.id} onChange={(e) => patch(i, { id: e.target.value })} />
            <input aria-label={`${t('titleZh')} ${i + 1}`} className={inputClass} value={s.title?.['zh-CN'] ?? ''} onChange={(e) => patch(i, { zh: e.target.value })} />
            <input aria-label={`${t('titleEn')} ${i + 1}`} className={inputClass} value={s.title?.en ?? ''} onChange={(e) => patch(i, { en: e.target.value })} />
            <button type="button" className={buttonClass} aria-label={t('remove', { n: i + 1 })} onClick={() => set(sections.filter((_, j) => j !== i))}>
              ✕
            </button>
          </li>
        ))}
      </ol>
      <button type="button" className={`${buttonClass} mt-2`} onClick={() => set([...sections, { id: `section${sections.length + 1}`, title: { 'zh-CN': '', en: '' } }])}>
        {t('add')}
      </button>
    </details>
  );
}

/** Keeps a renderer failure inside the preview pane (the definition being edited may be half-done). */
class PreviewBoundary extends Component<{ children: ReactNode; fallback: (message: string) => ReactNode }, { error: Error | null }> {
  state: { error: Error | null } = { error: null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  render() {
    return this.state.error ? this.props.fallback(this.state.error.message) : this.props.children;
  }
}

function Preview({ def }: { def: FormDefinition }) {
  const t = useTranslations('formDesigner.preview');
  const locale = useLocale() as Locale;
  const [passed, setPassed] = useState<string | null>(null);
  // A new cache key per edit: the shared validator cache must not answer for an earlier definition.
  const hash = useMemo(() => definitionHash(def), [def]);
  const compiles = useMemo(() => schemaProblem(def.schema) === null, [def]);
  return (
    <section aria-labelledby="fd-preview-title" className="min-h-0 space-y-2 overflow-y-auto rounded-md border border-dashed border-slate-300 p-3">
      <h3 id="fd-preview-title" className={sectionHeadingClass}>
        {t('title')}
      </h3>
      <p className="text-xs text-slate-500">{t('hint')}</p>
      {compiles ? (
        // The preview is a <form> of its own: its submit must not reach a form around the designer.
        <div onSubmit={(e) => e.stopPropagation()}>
          <PreviewBoundary key={hash} fallback={(m) => <p role="alert" className="text-sm text-red-700">{t('failed', { message: m })}</p>}>
            <FormRenderer key={hash} definition={def} formKey={`designer@${hash}`} locale={locale} idPrefix="fd-preview" submitLabel={t('check')} onSubmit={() => setPassed(hash)} />
          </PreviewBoundary>
          {passed === hash ? (
            <p role="status" className="mt-2 text-sm text-green-700">
              {t('ok')}
            </p>
          ) : null}
        </div>
      ) : (
        <p className="text-sm text-amber-800">{t('unavailable')}</p>
      )}
    </section>
  );
}

function JsonTab({ value, onChange, onBroken }: { value: FormDefinition; onChange: (d: FormDefinition) => void; onBroken: (broken: boolean) => void }) {
  const t = useTranslations('formDesigner.json');
  const [text, setText] = useState(() => JSON.stringify(value, null, 2));
  const [bad, setBad] = useState(false);
  const mark = (b: boolean) => {
    setBad(b);
    onBroken(b);
  };
  return (
    <div className="flex h-full flex-col gap-1">
      <label htmlFor="fd-json" className={labelClass}>
        {t('label')}
      </label>
      <textarea
        id="fd-json"
        spellCheck={false}
        className={`${inputClass} min-h-[24rem] flex-1 font-mono text-xs`}
        value={text}
        aria-invalid={bad || undefined}
        aria-describedby={bad ? 'fd-json-error' : undefined}
        onChange={(e) => {
          setText(e.target.value);
          try {
            onChange(JSON.parse(e.target.value) as FormDefinition);
            mark(false);
          } catch {
            mark(true);
          }
        }}
      />
      {bad ? (
        <div className="flex flex-wrap items-center gap-3">
          <p id="fd-json-error" role="alert" className="text-sm text-amber-700">
            {t('invalid')}
          </p>
          <button
            type="button"
            className={buttonClass}
            onClick={() => {
              setText(JSON.stringify(value, null, 2));
              mark(false);
            }}
          >
            {t('revert')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
