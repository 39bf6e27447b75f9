import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { Toaster } from 'sonner';
import { TRPCReactProvider } from './_trpc/client';
import { ClientMessages } from './_i18n/client-messages';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('app');
  return { title: t('title') };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        {/* Only what the root's own client parts use (error page, dialogs); each area adds its own. */}
        <ClientMessages only={['common', 'infra', 'errors']}>
          <TRPCReactProvider>{children}</TRPCReactProvider>
          <Toaster position="top-center" richColors />
        </ClientMessages>
      </body>
    </html>
  );
}
