import type { z } from 'zod';
import type { nextBookingRowSchema } from './aimharder.schema';
import type { AimHarderNextBooking } from './aimharder.types';

const MONTHS: Record<string, number> = {
  enero: 1, febrero: 2, marzo: 3, abril: 4, mayo: 5, junio: 6, julio: 7, agosto: 8, septiembre: 9, setiembre: 9, octubre: 10, noviembre: 11, diciembre: 12,
  gener: 1, febrer: 2, març: 3, marc: 3, maig: 5, juny: 6, juliol: 7, agost: 8, setembre: 9, novembre: 11, desembre: 12,
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
};

function isoDay(year: number, month: number, day: number): string | null {
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** "Miércoles, 23 de Septiembre de 2026" (also Catalan "d'octubre", English, ISO and d/m/Y). */
export function parseAimHarderDayLabel(label: string | null | undefined): string | null {
  if (!label) return null;
  const text = label.trim();
  const iso = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text);
  if (iso) return isoDay(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const numeric = /(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(text);
  if (numeric) return isoDay(Number(numeric[3]), Number(numeric[2]), Number(numeric[1]));
  const long = /(\d{1,2})\s*(?:de\s+|d['’]\s*)?([\p{L}]+)\s*(?:de\s+|,\s*)?(\d{4})/u.exec(text);
  if (!long) return null;
  const month = MONTHS[(long[2] ?? '').toLowerCase()];
  return month ? isoDay(Number(long[3]), month, Number(long[1])) : null;
}

function startTime(time: string | null | undefined): string | null {
  const match = time ? /(\d{1,2}):(\d{2})/.exec(time) : null;
  return match ? `${String(Number(match[1])).padStart(2, '0')}:${match[2]}` : null;
}

// Same mapping as a class row's bookState (class-slots.ts): 1 booked, 0 waitlisted.
function stateOf(bookState: number | null | undefined): AimHarderNextBooking['state'] {
  if (bookState === 1) return 'booked';
  if (bookState === 0) return 'waitlisted';
  return 'unknown';
}

export function toNextBooking(row: z.infer<typeof nextBookingRowSchema>): AimHarderNextBooking {
  return {
    reservationId: row.id,
    day: parseAimHarderDayLabel(row.day),
    time: startTime(row.time),
    className: (row.className ?? '').trim(),
    state: stateOf(row.bookState),
  };
}
