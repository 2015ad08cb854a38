'use client';

/** Reloads the page the member was trying to open (the offline page is served in its place). */
export function RetryButton({ label }: { label: string }) {
  return (
    <button type="button" className="button" onClick={() => window.location.reload()}>
      {label}
    </button>
  );
}
