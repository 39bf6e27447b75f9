import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';

/**
 * Hands the browser the messages its client components need. Every page's HTML carries the
 * messages given here (the whole catalogue is ~150 KB), so pages outside the signed-in app name the
 * namespaces their client components use; the signed-in app (and the public objection forms, whose
 * errors come from any service) pass none and get them all.
 */
export async function ClientMessages({ only, children }: { only?: readonly string[]; children: React.ReactNode }) {
  const all = (await getMessages()) as Record<string, unknown>;
  const messages = only ? Object.fromEntries(only.filter((k) => k in all).map((k) => [k, all[k]])) : all;
  return <NextIntlClientProvider messages={messages as never}>{children}</NextIntlClientProvider>;
}
