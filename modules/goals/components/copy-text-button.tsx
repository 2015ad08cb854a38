'use client';

import { useState } from 'react';
import { useHydrated } from '@/modules/ui';

/**
 * A "Copy" button for a text shown next to it (an address to paste elsewhere). Copying needs
 * JavaScript, so the button appears only once the page's JavaScript runs; without it the text
 * stays selectable in its field. Here, not in modules/ui: a component exported from that index
 * ships with every page that imports anything from it (the schedule page carried it, issue 19).
 */
export function CopyTextButton({ text, label, copiedLabel }: { text: string; label: string; copiedLabel: string }) {
  const hydrated = useHydrated();
  const [copied, setCopied] = useState(false);
  if (!hydrated) return null;
  return (
    <>
      <button
        type="button"
        onClick={() =>
          // The clipboard can be refused (permissions, an insecure origin); then nothing claims it was copied.
          navigator.clipboard.writeText(text).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {label}
      </button>
      <span role="status">{copied ? copiedLabel : ''}</span>
    </>
  );
}
