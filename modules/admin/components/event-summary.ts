const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const LONGEST_VALUE = 60;

/**
 * One line for a timeline event's detail: its plain fields as "key value" ("by admin · messageId
 * msg_…"), instants on the box clock, AimHarder's answer left out (it has its own collapsed
 * section) and nested objects only named. The whole JSON stays behind the page's raw toggle.
 */
export function summarizeEventDetail(detail: Record<string, unknown>, formatInstant: (iso: string) => string): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(detail)) {
    if (key === 'answer' || value === null || value === undefined) continue;
    let shown: string;
    if (typeof value === 'string') shown = ISO_INSTANT.test(value) ? formatInstant(value) : value;
    else if (typeof value === 'number' || typeof value === 'boolean') shown = String(value);
    else shown = Array.isArray(value) ? `[${value.length}]` : '{…}';
    parts.push(`${key} ${shown.length > LONGEST_VALUE ? `${shown.slice(0, LONGEST_VALUE)}…` : shown}`);
  }
  return parts.join(' · ');
}
