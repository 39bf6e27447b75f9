/**
 * Server-side translation of messages (errors, audit labels, exports) with the same catalogs
 * and ICU syntax the pages use (use-intl, the core of next-intl).
 */
import { createTranslator } from 'use-intl/core';
import en from '../../messages/en.json';
import zhCN from '../../messages/zh-CN.json';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
export const LOCALE_COOKIE = 'NEXT_LOCALE';

export const MESSAGES = { 'zh-CN': zhCN, en } as const;

export function toLocale(value: string | null | undefined): Locale {
  return value === 'en' ? 'en' : DEFAULT_LOCALE;
}

/** Reads the locale from a Cookie header (used by route handlers and the tRPC context). */
export function localeFromCookieHeader(cookie: string | null | undefined): Locale {
  const match = /(?:^|;\s*)NEXT_LOCALE=([^;]+)/.exec(cookie ?? '');
  try {
    return toLocale(match?.[1] ? decodeURIComponent(match[1]) : null);
  } catch {
    // A malformed escape in someone's cookie is not a reason for a 500 on every request.
    return DEFAULT_LOCALE;
  }
}

// One translator per locale: creating one per message was a visible share of a request's CPU.
type Translate = (k: string, p: Record<string, string | number>) => string;
const translators = new Map<Locale, Translate>();

export function translate(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  let t = translators.get(locale);
  if (!t) {
    t = createTranslator({ locale, messages: MESSAGES[locale] as never }) as unknown as Translate;
    translators.set(locale, t);
  }
  try {
    return t(key, params);
  } catch {
    return key;
  }
}
