import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { I18nProvider } from '@/modules/i18n';
import { getRequestLocale } from '@/modules/i18n/server';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Prebooker', template: '%s · Prebooker' },
  description: 'Get the AimHarder class you want at the exact instant booking opens.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#0f172a' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getRequestLocale();
  return (
    <html lang={locale}>
      <body>
        <I18nProvider locale={locale}>{children}</I18nProvider>
      </body>
    </html>
  );
}
