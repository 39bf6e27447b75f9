import { LOCALE_COOKIE, toLocale } from '@/server/i18n';

/** The public site's language switch without JavaScript: set the cookie, go back to the page (same site only). */
export function GET(request: Request) {
  const url = new URL(request.url);
  const locale = toLocale(url.searchParams.get('to'));
  const back = url.searchParams.get('back') ?? '/public';
  const target = /^\/public(\/[^\s]*)?$/.test(back) && !back.startsWith('//') ? back : '/public';
  return new Response(null, {
    status: 303,
    headers: { location: target, 'set-cookie': `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax`, 'cache-control': 'no-store' },
  });
}
