import Link from 'next/link';
import { formatDateTime, formatDuration, type Locale } from '@/modules/i18n';
import { getAdminDictionary } from '../admin-dictionary';
import { adminResultText } from '../admin-result-text';
import { PREBOOKING_STATUSES, type AdminListQuery } from '@/modules/prebooking';
import type { AdminPrebookingPage } from '../admin.schema';
import { DayField } from './day-field';
import { outcomeTimingTexts } from './outcome-timing-texts';
import { StatusBadge } from './status-badge';

function pageHref(query: AdminListQuery, page: number): string {
  const params = new URLSearchParams();
  if (query.status) params.set('status', query.status);
  if (query.boxId) params.set('boxId', String(query.boxId));
  if (query.memberId) params.set('memberId', query.memberId);
  if (query.from) params.set('from', query.from);
  if (query.to) params.set('to', query.to);
  if (page > 1) params.set('page', String(page));
  const search = params.toString();
  return `/admin/prebookings${search ? `?${search}` : ''}`;
}

/** Filters (a plain GET form: works without JavaScript, and the URL can be shared) and one page. */
/** `typed`: date filters as typed when they could not be read, kept in their fields to be corrected. */
export function PrebookingTable({ data, query, locale, typed }: { data: AdminPrebookingPage; query: AdminListQuery; locale: Locale; typed?: { from?: string; to?: string } }) {
  const t = getAdminDictionary(locale);
  const timing = outcomeTimingTexts(locale);
  const columns = t.admin.columns;
  return (
    <div className="admin-list">
      <form method="get" className="filters" aria-label={t.admin.filters}>
        <div className="field">
          <label htmlFor="status">{t.admin.status}</label>
          <select id="status" name="status" defaultValue={query.status ?? ''}>
            <option value="">{t.admin.anyStatus}</option>
            {PREBOOKING_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t.status[status]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="boxId">{t.admin.box}</label>
          <select id="boxId" name="boxId" defaultValue={query.boxId ? String(query.boxId) : ''}>
            <option value="">{t.admin.anyBox}</option>
            {data.boxes.map((box) => (
              <option key={box.boxId} value={box.boxId}>
                {box.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="memberId">{t.admin.member}</label>
          <select id="memberId" name="memberId" defaultValue={query.memberId ?? ''}>
            <option value="">{t.admin.anyMember}</option>
            {data.members.map((member) => (
              <option key={member.id} value={member.id}>
                {member.name === member.email ? member.email : `${member.name} (${member.email})`}
              </option>
            ))}
          </select>
        </div>
        <DayField id="from" label={t.admin.classFrom} value={typed?.from ?? query.from} locale={locale} />
        <DayField id="to" label={t.admin.classTo} value={typed?.to ?? query.to} locale={locale} />
        <div className="filters__buttons">
          <button type="submit" className="button">
            {t.admin.apply}
          </button>
          <Link href="/admin/prebookings" className="button button--secondary">
            {t.admin.reset}
          </Link>
        </div>
      </form>

      {data.rows.length === 0 ? (
        <p className="empty">{t.admin.empty}</p>
      ) : (
        <div className="table-scroll" role="region" aria-labelledby="prebookings-caption" tabIndex={0}>
          <table className="data-table">
            <caption id="prebookings-caption" className="sr-only">
              {t.admin.listTitle}
            </caption>
            <thead>
              <tr>
                <th scope="col">{columns.class}</th>
                <th scope="col">{columns.member}</th>
                <th scope="col">{columns.box}</th>
                <th scope="col">{columns.opens}</th>
                <th scope="col">{columns.status}</th>
                <th scope="col" className="numeric">
                  {columns.offset}
                </th>
                <th scope="col">{columns.result}</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((row) => (
                <tr key={row.id} data-prebooking-id={row.id}>
                  <td>
                    <Link href={`/admin/prebookings/${row.id}`}>
                      <strong>{row.className}</strong>
                      <br />
                      <span className="muted">{formatDateTime(row.classStartsAt, row.timeZone, locale)}</span>
                    </Link>
                  </td>
                  <td>{row.memberName}</td>
                  <td>{row.boxName}</td>
                  <td className="nowrap">{formatDateTime(row.availableAt, row.timeZone, locale)}</td>
                  <td>
                    <StatusBadge status={row.status} resultCode={row.resultCode} t={t} />
                  </td>
                  <td className="numeric nowrap">
                    {row.fireOffsetMs === null ? '—' : formatDuration(row.fireOffsetMs, locale)}
                    {row.bookedOffsetMs !== null && (row.bookedOnRetry || row.bookedOffsetMs !== row.fireOffsetMs) ? (
                      <span className="muted" data-booked-offset-ms={row.bookedOffsetMs}>
                        <br />
                        {timing.bookedColumn} {formatDuration(row.bookedOffsetMs, locale)}
                        {row.bookedOnRetry ? `, ${timing.onRetry}` : ''}
                      </span>
                    ) : null}
                  </td>
                  <td className="result-cell">
                    {adminResultText(row.resultCode, locale, row.resultMessage) ?? '—'}
                    {row.cancelledAfterBooking ? (
                      <span className="badge badge--warn" data-cancelled-after-booking={row.cancelledAfterBooking}>
                        {timing.cancelledAfter}
                      </span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <nav className="pagination" aria-label={t.admin.pagination}>
        {data.page > 1 ? (
          <Link href={pageHref(query, data.page - 1)} className="button button--secondary" rel="prev">
            {t.admin.previous}
          </Link>
        ) : (
          <span />
        )}
        <span className="muted">{t.admin.pageOf(data.page, data.pages, data.total)}</span>
        {data.page < data.pages ? (
          <Link href={pageHref(query, data.page + 1)} className="button button--secondary" rel="next">
            {t.admin.next}
          </Link>
        ) : (
          <span />
        )}
      </nav>
    </div>
  );
}
