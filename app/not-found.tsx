import Link from 'next/link';
import { getRequestI18n } from '@/modules/i18n/server';

export default async function NotFound() {
  const { t } = await getRequestI18n();
  return (
    <main id="main" className="page page--narrow">
      <h1>{t.common.notFoundTitle}</h1>
      <p>{t.common.notFoundText}</p>
      <p>
        <Link href="/schedule">{t.common.backHome}</Link>
      </p>
    </main>
  );
}
