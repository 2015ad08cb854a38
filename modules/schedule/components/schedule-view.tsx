'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useRef } from 'react';
import { dayInZone, formatDayLong, formatDayParts, zoneAbbreviation } from '@/modules/i18n';
import { useI18n } from '@/modules/i18n/use-i18n';
import type { ScheduleDay } from '../schedule.schema';
import { naturalAlternatives } from '../natural-alternatives';
import { ClassCard } from './class-card';
import { useClockView } from './use-now';

const scheduleHref = (boxId: number, day: string) => `/schedule?box=${boxId}&day=${day}`;

/** Refresh the server data at the next opening, and every 2 s while a prebooking is about to fire. */
function useScheduleRefresh(data: ScheduleDay) {
  const router = useRouter();
  useEffect(() => {
    const now = Date.now();
    const openings = data.classes
      .filter((slot) => slot.phase === 'not_open' && slot.opensAt)
      .map((slot) => Date.parse(slot.opensAt!) - now)
      .filter((ms) => ms > 0 && ms < 24 * 3_600_000);
    // Around a prebooked opening (from 5 s before to 2 min after) the member state changes any moment.
    const firing = data.classes.some((slot) => {
      const untilOpening = slot.prebooking ? Date.parse(slot.prebooking.availableAt) - now : Infinity;
      return untilOpening < 5_000 && untilOpening > -120_000;
    });
    const delays = [...openings.map((ms) => ms + 500), ...(firing ? [2_000] : [])];
    if (delays.length === 0) return;
    const timer = setTimeout(() => router.refresh(), Math.min(...delays));
    return () => clearTimeout(timer);
  }, [data, router]);
}

/**
 * Today in the box's zone by the browser's clock: a page left open past midnight labels the new
 * day "Today" and fetches a strip that starts on it.
 */
function useLiveToday(data: ScheduleDay): string {
  const router = useRouter();
  const timeZone = data.box?.timeZone;
  const liveToday = useClockView((now) => (now !== null && timeZone ? dayInZone(now, timeZone) : data.today));
  useEffect(() => {
    if (liveToday > data.today) router.refresh();
  }, [liveToday, data.today, router]);
  return liveToday;
}

export function ScheduleView({ data }: { data: ScheduleDay }) {
  const { t, locale } = useI18n();
  const selectedDayRef = useRef<HTMLAnchorElement>(null);
  const dayStripRef = useRef<HTMLElement>(null);
  useScheduleRefresh(data);
  const today = useLiveToday(data);
  // Computed once per data, not at every render: each card is memoized on its props.
  const candidates = useMemo(() => new Map(data.classes.map((slot) => [slot.id, naturalAlternatives(slot, data.classes)])), [data.classes]);

  useEffect(() => {
    const link = selectedDayRef.current;
    const strip = dayStripRef.current;
    if (!link || !strip) return;
    // Only the strip scrolls, sideways. scrollIntoView also scrolled the page up to the strip: on a
    // member who had scrolled down while the page hydrated, under the finger already on a card's
    // button, so the release landed elsewhere and the tap did nothing.
    const linkBox = link.getBoundingClientRect();
    const stripBox = strip.getBoundingClientRect();
    strip.scrollLeft += linkBox.left - stripBox.left - (stripBox.width - linkBox.width) / 2;
  }, [data.day]);

  const { box } = data;
  if (!box) return <p className="empty">{t.schedule.noBoxes}</p>;
  const zoneInstant = data.classes[0]?.startsAt ?? `${data.day}T12:00:00Z`;

  return (
    <div className="schedule">
      {data.boxes.length > 1 ? (
        <nav aria-label={t.schedule.boxes} className="pills">
          {data.boxes.map((candidate) => (
            <Link
              key={candidate.boxId}
              href={scheduleHref(candidate.boxId, data.day)}
              className="pill"
              aria-current={candidate.boxId === box.boxId ? 'page' : undefined}
            >
              {candidate.name}
            </Link>
          ))}
        </nav>
      ) : null}

      <nav aria-label={t.schedule.days} className="day-strip" ref={dayStripRef}>
        <ol>
          {data.days.filter((day) => day >= today).map((day) => {
            const parts = formatDayParts(day, locale);
            const selected = day === data.day;
            return (
              <li key={day}>
                <Link
                  href={scheduleHref(box.boxId, day)}
                  aria-current={selected ? 'date' : undefined}
                  aria-label={formatDayLong(day, locale)}
                  ref={selected ? selectedDayRef : undefined}
                  scroll={false}
                >
                  <span className="day-strip__weekday">{day === today ? t.schedule.today : parts.weekday}</span>
                  <span className="day-strip__date">{parts.dayOfMonth}</span>
                </Link>
              </li>
            );
          })}
        </ol>
      </nav>

      <div className="schedule__heading">
        <h2>{t.schedule.classesOn(formatDayLong(data.day, locale))}</h2>
        <p className="muted">
          {box.name} · {t.common.timesIn(box.timeZone, zoneAbbreviation(zoneInstant, box.timeZone, locale))}
        </p>
      </div>

      {data.loadError ? (
        <p className="feedback feedback--error" role="alert">
          {data.loadError}
        </p>
      ) : data.classes.length === 0 ? (
        <p className="empty">{t.schedule.noClasses}</p>
      ) : (
        <ol className="class-list">
          {data.classes.map((slot) => (
            <li key={slot.id}>
              <ClassCard slot={slot} box={box} candidates={candidates.get(slot.id)} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
