/**
 * @supabase/lite returns timestamptz in Postgres text form ("2026-01-01 10:00:00.123+00") and
 * numerics sometimes as strings, where hosted PostgREST returns ISO strings and numbers. Row
 * mappers pass every such column through these so the rest of the app sees one format.
 */
export function toIsoTimestamp(value: string): string;
export function toIsoTimestamp(value: string | null | undefined): string | null;
export function toIsoTimestamp(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const date = new Date(value.includes('T') ? value : value.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00'));
  if (Number.isNaN(date.getTime())) throw new Error(`Unparseable timestamp from the database: ${value}`);
  return date.toISOString();
}

export function toNumber(value: number | string): number;
export function toNumber(value: number | string | null | undefined): number | null;
export function toNumber(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'number' ? value : Number(value);
}
