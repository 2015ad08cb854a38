'use client';

import { useCommonI18n } from '@/modules/i18n';

/** A page that failed to render keeps the header and offers a retry instead of a blank screen. */
export default function SignedInError({ retry }: { error: unknown; retry: () => void }) {
  const { t } = useCommonI18n();
  return (
    <div className="panel" role="alert">
      <h1>{t.common.errorTitle}</h1>
      <p>{t.common.genericError}</p>
      <button type="button" className="button" onClick={() => retry()}>
        {t.common.tryAgain}
      </button>
    </div>
  );
}
