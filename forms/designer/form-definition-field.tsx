'use client';
/**
 * The `form-definition` widget of the register entry editor: a summary of the data items and a
 * button that opens the designer full screen. The designer lives in a dialog (portalled out of
 * the entry's <form>) because its live preview is a <form> itself and forms cannot nest in
 * HTML; the entry still saves through its own draft lifecycle, since every edit goes straight to
 * `onChange` (controlled value).
 */
import { Dialog } from 'radix-ui';
import { useMemo, useState } from 'react';
import { useTranslations } from 'use-intl';
import { isPlainObject } from '../conditions';
import { formModel, type FormDefinition } from '../definition';
import { FormDesigner } from './form-designer';
import { designProblem } from './model';
import { definitionProblemsByField } from './problems';
import { buttonClass } from './ui';

export interface FormDefinitionFieldProps {
  id: string;
  value: unknown;
  onChange: (v: unknown) => void;
  invalid?: boolean;
  describedBy?: string;
}

/**
 * Escape during a keyboard drag cancels the drag (dnd-kit); it must not also close the dialog.
 * dnd-kit marks the handle being dragged with aria-pressed.
 */
function keepOpenWhileDragging(e: KeyboardEvent): void {
  const el = document.activeElement;
  if (el?.getAttribute('aria-roledescription') === 'sortable' && el.getAttribute('aria-pressed') === 'true') e.preventDefault();
}

export function FormDefinitionField({ id, value, onChange, invalid, describedBy }: FormDefinitionFieldProps) {
  const t = useTranslations('formDesigner');
  const [open, setOpen] = useState(false);
  // Malformed JSON in the designer: it stays open until the text is fixed or restored.
  const [jsonBroken, setJsonBroken] = useState(false);
  const def = isPlainObject(value) ? (value as unknown as FormDefinition) : undefined;
  const count = def && designProblem(def) === null ? formModel(def).all.filter((f) => f.structure === 'leaf').length : 0;
  const problemCount = useMemo(() => (value === undefined ? 0 : definitionProblemsByField(value).length), [value]);
  return (
    <div id={id} role="group" aria-describedby={describedBy} className={`flex flex-wrap items-center gap-3 rounded-md border bg-slate-50 px-3 py-2 ${invalid ? 'border-red-500' : 'border-slate-200'}`}>
      <span className="text-sm text-slate-700">{t('count', { count })}</span>
      {problemCount > 0 ? <span className="rounded bg-red-100 px-2 py-0.5 text-xs font-medium text-red-800">{t('problemsCount', { count: problemCount })}</span> : null}
      <Dialog.Root open={open} onOpenChange={(o) => (o || !jsonBroken) && setOpen(o)}>
        <Dialog.Trigger asChild>
          <button type="button" className={buttonClass}>
            {t('open')}
          </button>
        </Dialog.Trigger>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
          <Dialog.Content aria-describedby={undefined} onEscapeKeyDown={keepOpenWhileDragging} className="fixed inset-2 z-50 flex flex-col gap-3 rounded-lg bg-white p-4 shadow-xl md:inset-4">
            <div className="flex items-center justify-between gap-3">
              <Dialog.Title className="text-lg font-semibold text-slate-900">{t('title')}</Dialog.Title>
              {jsonBroken ? (
                <p id={`${id}-json-broken`} className="ml-auto text-sm text-red-700">
                  {t('json.fixBeforeClosing')}
                </p>
              ) : null}
              <Dialog.Close asChild>
                <button type="button" disabled={jsonBroken} aria-describedby={jsonBroken ? `${id}-json-broken` : undefined} className="rounded-md bg-slate-900 px-4 py-1.5 text-sm font-medium text-white hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-700 disabled:cursor-not-allowed disabled:opacity-50">
                  {t('done')}
                </button>
              </Dialog.Close>
            </div>
            <div className="min-h-0 flex-1">
              <FormDesigner value={def} onChange={onChange} onJsonBroken={setJsonBroken} />
            </div>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </div>
  );
}
