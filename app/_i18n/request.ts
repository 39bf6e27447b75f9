import { getRequestConfig } from 'next-intl/server';
import { cookies } from 'next/headers';
import { LOCALE_COOKIE, MESSAGES, toLocale } from '@/server/i18n';

// No locale in the URL: the language is a persisted preference (cookie), zh-CN by default.
export default getRequestConfig(async () => {
  const store = await cookies();
  const locale = toLocale(store.get(LOCALE_COOKIE)?.value);
  return { locale, messages: MESSAGES[locale], timeZone: 'Asia/Shanghai' };
});
