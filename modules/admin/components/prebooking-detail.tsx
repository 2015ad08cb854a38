import Link from 'next/link';
import type { ReactNode } from 'react';
import { formatDateTimePrecise, formatDuration, formatTimePrecise, type Locale } from '@/modules/i18n';
import { getAdminDictionary } from '../admin-dictionary';
import { adminResultText } from '../admin-result-text';
import type { AdminPrebookingDetail } from '../admin.schema';
import { AdminActionButton } from './admin-action-button';
import { summarizeEventDetail } from './event-summary';
import { outcomeTimingTexts } from './outcome-timing-texts';
import { StatusBadge } from './status-badge';

/** Everything about one prebooking: when it should have fired, when it did, and what AimHarder said. */
export function PrebookingDetailView({ detail, locale }: { detail: AdminPrebookingDetail; locale: Locale }) {
  const t = getAdminDictionary(locale);
  const { prebooking, box } = detail;
  const fields = t.admin.fields;
  const timing = outcomeTimingTexts(locale);
  const instant = (value: string | null) => (value ? formatDateTimePrecise(value, box.timeZone, locale) : t.admin.none);
  const rows: Array<[string, ReactNode]> = [
    [fields.status, <StatusBadge key="status" status={prebooking.status} resultCode={prebooking.resultCode} t={t} />],
    [fields.member, detail.memberEmail ? `${detail.memberName} (${detail.memberEmail})` : detail.memberName],
    [fields.box, `${box.name} (${box.boxId}, ${box.timeZone})`],
    [fields.class, `${prebooking.className} · ${prebooking.classDay} ${prebooking.classStartTime} · ${prebooking.classId}`],
    [fields.classStarts, instant(prebooking.classStartsAt)],
    [fields.opensAt, instant(prebooking.availableAt)],
    [fields.fireAt, instant(prebooking.fireAt)],
    [fields.deliveredAt, instant(prebooking.deliveredAt)],
    [fields.firedAt, instant(prebooking.firedAt)],
    [fields.offset, prebooking.fireOffsetMs === null ? t.admin.none : formatDuration(prebooking.fireOffsetMs, locale)],
    [timing.bookedAtField, instant(prebooking.bookedAt)],
    [
      timing.bookedOffsetField,
      prebooking.bookedOffsetMs === null
        ? t.admin.none
        : `${formatDuration(prebooking.bookedOffsetMs, locale)}${prebooking.bookedOnRetry ? `, ${timing.onRetry}` : ''}`,
    ],
    [fields.respondedAt, instant(prebooking.respondedAt)],
    [fields.attempts, String(prebooking.attemptCount)],
    [fields.messageId, <code key="message">{prebooking.qstashMessageId ?? t.admin.none}</code>],
    [fields.reservationId, prebooking.reservationId ?? t.admin.none],
    [fields.result, adminResultText(prebooking.resultCode, locale, prebooking.resultMessage) ?? t.admin.none],
    ...(detail.cancelledAfterBooking ? ([[timing.cancelledAfter, instant(detail.cancelledAfterBooking)]] as Array<[string, ReactNode]>) : []),
    [fields.waitlistIfFull, prebooking.waitlistIfFull ? t.admin.yes : t.admin.no],
    [fields.createdAt, instant(prebooking.createdAt)],
    [fields.id, <code key="id">{prebooking.id}</code>],
  ];
  const answers = detail.events.filter((event) => event.detail.answer !== undefined);

  return (
    <div className="admin-detail">
      <p>
        <Link href="/admin/prebookings">← {t.admin.back}</Link>
      </p>
      {detail.retryable || detail.cancellable ? (
        <div className="detail-actions">
          {detail.retryable ? <AdminActionButton action="retry" prebookingId={prebooking.id} /> : null}
          {detail.cancellable ? <AdminActionButton action="cancel" prebookingId={prebooking.id} /> : null}
        </div>
      ) : null}

      <section aria-labelledby="summary-heading" className="panel">
        <h2 id="summary-heading">{t.admin.summary}</h2>
        <dl className="definition-list">
          {rows.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section aria-labelledby="attempts-heading" className="panel">
        <h2 id="attempts-heading">{t.admin.fireAttempts}</h2>
        {detail.attempts.length === 0 ? (
          <p className="empty">{t.admin.noAttempts}</p>
        ) : (
          <div className="table-scroll" role="region" aria-labelledby="attempts-heading" tabIndex={0}>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t.admin.attemptColumns.attempt}</th>
                  <th scope="col">{t.admin.attemptColumns.firedAt}</th>
                  <th scope="col" className="numeric">
                    {t.admin.attemptColumns.offset}
                  </th>
                  <th scope="col" className="numeric">
                    {t.admin.attemptColumns.duration}
                  </th>
                  <th scope="col">{t.admin.attemptColumns.answer}</th>
                </tr>
              </thead>
              <tbody>
                {detail.attempts.map((attempt) => (
                  <tr key={attempt.attempt}>
                    <td>{attempt.attempt}</td>
                    <td className="nowrap">{instant(attempt.firedAt)}</td>
                    <td className="numeric nowrap" data-offset-ms={attempt.offsetMs ?? undefined}>
                      {attempt.offsetMs === null ? '—' : formatDuration(attempt.offsetMs, locale)}
                      {attempt.boxOffsetMs === null ? null : (
                        <span className="muted" data-box-offset-ms={attempt.boxOffsetMs}>
                          {' '}
                          ({t.boxClock.onBoxClock(formatDuration(attempt.boxOffsetMs, locale))})
                        </span>
                      )}
                    </td>
                    <td className="numeric nowrap">{attempt.durationMs === null ? '—' : formatDuration(attempt.durationMs, locale)}</td>
                    <td>
                      <code>{attempt.answerKind ?? '—'}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="timeline-heading" className="panel">
        <h2 id="timeline-heading">{t.admin.timeline}</h2>
        <ol className="timeline">
          {detail.events.map((event) => {
            const summary = summarizeEventDetail(event.detail, (value) => formatTimePrecise(value, box.timeZone, locale));
            return (
              <li key={event.id}>
                <span className="timeline__type">{t.events[event.type] ?? event.type}</span>
                <span className="timeline__time">
                  <time dateTime={event.occurredAt}>{formatDateTimePrecise(event.occurredAt, box.timeZone, locale)}</time>
                  {' · '}
                  <span className="muted">{t.detailPage.ourClock(formatTimePrecise(event.occurredAt, 'UTC', locale))}</span>
                </span>
                {summary ? <span className="timeline__detail">{summary}</span> : null}
              </li>
            );
          })}
        </ol>
      </section>

      {answers.length > 0 ? (
        <section aria-labelledby="raw-heading" className="panel">
          <h2 id="raw-heading">{t.admin.rawAnswers}</h2>
          {answers.map((event) => (
            <details key={event.id}>
              <summary>
                {t.events[event.type] ?? event.type} · {formatDateTimePrecise(event.occurredAt, box.timeZone, locale)}
              </summary>
              <pre className="raw-json">{JSON.stringify(event.detail.answer, null, 2)}</pre>
            </details>
          ))}
        </section>
      ) : null}

      <details className="panel raw-toggle">
        <summary>{t.detailPage.rawJson}</summary>
        <pre className="raw-json">{JSON.stringify({ prebooking, events: detail.events }, null, 2)}</pre>
      </details>
    </div>
  );
}
