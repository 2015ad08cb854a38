import type { Metadata } from 'next';
import { OFFLINE_TEXTS } from '@/modules/pwa';
import styles from '@/modules/pwa/components/offline.module.css';
import { RetryButton } from '@/modules/pwa/components/retry-button';

export const metadata: Metadata = { title: 'Offline' };

interface Props {
  searchParams: Promise<{ lang?: string }>;
}

/**
 * What the service worker shows when a page cannot be reached. It holds no personal data (it is
 * cached), and its language comes from `?lang=` because the worker caches one copy per language.
 */
export default async function OfflinePage({ searchParams }: Props) {
  const { lang } = await searchParams;
  const texts = OFFLINE_TEXTS[lang === 'es' ? 'es' : 'en'];
  return (
    <main className={styles.offline} lang={lang === 'es' ? 'es' : 'en'}>
      <h1>{texts.title}</h1>
      <p>{texts.body}</p>
      <p className="muted">{texts.hint}</p>
      <RetryButton label={texts.retry} />
    </main>
  );
}
