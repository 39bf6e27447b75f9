/**
 * react-hook-form resolver over `prepare` — the same verdict as the server, with the validator
 * compiled once per `id@version` (unlike `ajvResolver(schema)`, which compiles on every
 * validation). On success the form receives the prepared record (hidden and unknown fields
 * removed), so what `onSubmit` sends is what the server will keep.
 */
import { toNestErrors, validateFieldsNatively } from '@hookform/resolvers';
import type { FieldError, FieldErrors, FieldValues, Resolver, ResolverOptions } from 'react-hook-form';
import type { Locale } from '../catalog/types';
import type { FieldIssue } from './ajv';
import type { FormDefinition } from './definition';
import { prepare } from './effective';
import type { Subject } from './subject';

/**
 * Issues as RHF errors: nested by path (`items.1.amount` → errors.items[1].amount), list-level
 * errors under `root` of the field array, whole-record errors at `errors.root`. One message per
 * field in `locale`; with criteriaMode 'all', every keyword's message in `types`.
 */
export function issuesToFieldErrors<T extends FieldValues>(issues: FieldIssue[], locale: Locale, options: ResolverOptions<T>): FieldErrors<T> {
  const flat: Record<string, FieldError> = {};
  for (const issue of issues) {
    const name = issue.path === '' ? 'root' : issue.path;
    const message = issue.message[locale];
    const existing = flat[name];
    if (!existing) flat[name] = { type: issue.keyword, message, ...(options.criteriaMode === 'all' ? { types: { [issue.keyword]: message } } : {}) };
    else if (options.criteriaMode === 'all' && existing.types && !(issue.keyword in existing.types)) existing.types[issue.keyword] = message;
  }
  return toNestErrors(flat as FieldErrors, options);
}

/**
 * A resolver for definition `def`, cached by `key` (`id@version`), with messages in `locale`.
 * `subject` gives the record's subject at the time of validating (the header may change while
 * the form is mounted), for the fields bound to it.
 */
export function formResolver<T extends FieldValues = Record<string, unknown>>(def: FormDefinition, key: string, locale: Locale, subject?: () => Subject | undefined): Resolver<T, unknown, Record<string, unknown>> {
  return (values, _context, options) => {
    const { data, issues } = prepare(def, key, values, { subject: subject?.() });
    if (issues.length === 0) {
      if (options.shouldUseNativeValidation) validateFieldsNatively({}, options);
      return { values: data, errors: {} };
    }
    return { values: {}, errors: issuesToFieldErrors(issues, locale, options) };
  };
}
