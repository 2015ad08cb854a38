import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { I18nProvider } from '@/modules/i18n';
import { getRequestLocale } from '@/modules/i18n/server';
import { PWA_THEME_COLOR } from '@/modules/pwa';
import { ServiceWorkerRegistrar } from '@/modules/pwa/components/service-worker-registrar';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Prebooker', template: '%s · Prebooker' },
  description: 'Get the AimHarder class you want at the exact instant booking opens.',
  // Installed on an iPhone's home screen: full screen, named, with public/apple-touch-icon.png.
  appleWebApp: { capable: true, title: 'Prebooker', statusBarStyle: 'default' },
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: PWA_THEME_COLOR };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getRequestLocale();
  return (
    <html lang={locale}>
      <body>
        <I18nProvider locale={locale}>{children}</I18nProvider>
        <ServiceWorkerRegistrar />
      </body>
    </html>
  );
}
