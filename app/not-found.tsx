import { getRequestI18n } from '@/modules/i18n/server';

// A plain link, not next/link: this page's client code is loaded with every page (it is the root
// layout's not-found boundary), and next/link was a second copy of ~3 KB compressed (issue 19).
export default async function NotFound() {
  const { t } = await getRequestI18n();
  return (
    <main id="main" className="page page--narrow">
      <h1>{t.common.notFoundTitle}</h1>
      <p>{t.common.notFoundText}</p>
      <p>
        <a href="/schedule">{t.common.backHome}</a>
      </p>
    </main>
  );
}
