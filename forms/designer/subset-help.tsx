'use client';
/**
 * The designer's help: what a form definition may contain, in the editor's language. The lists
 * (keywords per kind of field, formats, layout settings) come from ../subset, the same constants
 * the checker enforces, so the help cannot promise what saving refuses; the sentences come from
 * the `formHelp` messages (subset.test.ts checks that every listed item has one in both languages).
 */
import { Dialog } from 'radix-ui';
import { useLocale, useTranslations } from 'use-intl';
import { ALL_SUBSET_KEYWORDS, SUBSET_FORMATS, SUBSET_KEYWORDS, UI_FIELD_KEYS, type SubsetNode } from '../subset';
import { buttonClass, sectionHeadingClass } from './ui';

const TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array'] as const;
const NODES = Object.keys(SUBSET_KEYWORDS) as SubsetNode[];
const FORMAT_TYPES = Object.keys(SUBSET_FORMATS) as (keyof typeof SUBSET_FORMATS)[];

/** One titled part of the help, labelled by its heading for screen readers. */
function HelpSection({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={`fd-help-${id}`} className="space-y-2">
      <h3 id={`fd-help-${id}`} className={sectionHeadingClass}>
        {title}
      </h3>
      {children}
    </section>
  );
}

const cellClass = 'border-t border-slate-200 px-2 py-1.5 align-top';
const codeClass = 'font-mono text-xs text-slate-800';

export function SubsetHelp() {
  const t = useTranslations('formHelp');
  const zh = useLocale() === 'zh-CN';
  const colon = zh ? '：' : ': ';
  /** Where a keyword may be used, in words ("text fields, number fields"). */
  const where = (kw: string) =>
    NODES.filter((n) => (SUBSET_KEYWORDS[n] as readonly string[]).includes(kw))
      .map((n) => t(`nodes.${n}`))
      .join(zh ? '、' : ', ');
  const formatsOf = (f: string) => FORMAT_TYPES.filter((ty) => (SUBSET_FORMATS[ty] as readonly string[]).includes(f)).join(' / ');
  return (
    <Dialog.Root>
      <Dialog.Trigger asChild>
        <button type="button" className={buttonClass}>
          {t('button')}
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-[60] bg-slate-900/40" />
        <Dialog.Content aria-describedby="fd-help-intro" className="fixed left-1/2 top-1/2 z-[70] flex max-h-[90vh] w-[min(94vw,56rem)] -translate-x-1/2 -translate-y-1/2 flex-col gap-3 rounded-lg bg-white p-5 shadow-xl">
          <div className="flex items-center justify-between gap-3">
            <Dialog.Title className="text-lg font-semibold text-slate-900">{t('title')}</Dialog.Title>
            <Dialog.Close asChild>
              <button type="button" className={buttonClass}>
                {t('close')}
              </button>
            </Dialog.Close>
          </div>
          <div className="min-h-0 space-y-5 overflow-y-auto pr-1 text-sm leading-relaxed text-slate-700">
            <p id="fd-help-intro">{t('intro')}</p>

            <HelpSection id="types" title={t('sections.types')}>
              <ul className="grid gap-1 sm:grid-cols-2">
                {TYPES.map((ty) => (
                  <li key={ty}>
                    <code className={codeClass}>{ty}</code>
                    {colon}
                    {t(`types.${ty}`)}
                  </li>
                ))}
              </ul>
            </HelpSection>

            <HelpSection id="rules" title={t('sections.rules')}>
              <table className="w-full border-collapse text-left">
                <thead>
                  <tr className="text-xs text-slate-500">
                    <th scope="col" className="px-2 py-1 font-medium">
                      {t('columns.keyword')}
                    </th>
                    <th scope="col" className="px-2 py-1 font-medium">
                      {t('columns.meaning')}
                    </th>
                    <th scope="col" className="px-2 py-1 font-medium">
                      {t('columns.where')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {ALL_SUBSET_KEYWORDS.map((kw) => (
                    <tr key={kw}>
                      <th scope="row" className={`${cellClass} ${codeClass} whitespace-nowrap font-normal`}>
                        {kw}
                      </th>
                      <td className={cellClass}>{t(`keywords.${kw}`)}</td>
                      <td className={`${cellClass} text-xs text-slate-500`}>{where(kw)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </HelpSection>

            <HelpSection id="formats" title={t('sections.formats')}>
              <ul className="space-y-1">
                {[...new Set(FORMAT_TYPES.flatMap((ty) => SUBSET_FORMATS[ty] as readonly string[]))].map((f) => (
                  <li key={f}>
                    <code className={codeClass}>{f}</code> <span className="text-xs text-slate-500">({formatsOf(f)})</span>
                    {colon}
                    {t(`formats.${f}`)}
                  </li>
                ))}
              </ul>
              <p>{t('formatsNote')}</p>
            </HelpSection>

            <HelpSection id="structure" title={t('sections.structure')}>
              <ul className="list-disc space-y-1 pl-5">
                {(t.raw('structure') as string[]).map((s, i) => (
                  <li key={i}>{s}</li>
                ))}
              </ul>
            </HelpSection>

            <HelpSection id="ui" title={t('sections.ui')}>
              <ul className="space-y-1">
                {UI_FIELD_KEYS.map((k) => (
                  <li key={k}>
                    <code className={codeClass}>{k}</code>
                    {colon}
                    {t(`ui.${k}`)}
                  </li>
                ))}
              </ul>
            </HelpSection>

            <HelpSection id="subject" title={t('sections.subject')}>
              <p>{t('subject')}</p>
            </HelpSection>

            <HelpSection id="refused" title={t('sections.refused')}>
              <p>{t('refused')}</p>
            </HelpSection>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
