import Link from 'next/link';
import { formatDateTime, formatDuration, intlTag, type Locale } from '@/modules/i18n';
import { PREBOOKING_STATUSES } from '@/modules/prebooking';
import { getAdminDictionary } from '../admin-dictionary';
import { adminResultText } from '../admin-result-text';
import type { ExecutionHealth, HealthQuery } from '../admin.schema';
import { AdminActionButton } from './admin-action-button';
import { DayField } from './day-field';
import { HistogramChart } from './histogram-chart';
import { outcomeTimingTexts } from './outcome-timing-texts';
import { StatusBadge } from './status-badge';

export function HealthDashboard({ health, query, locale }: { health: ExecutionHealth; query: HealthQuery; locale: Locale }) {
  const t = getAdminDictionary(locale);
  const timing = outcomeTimingTexts(locale);
  const { stats } = health;
  const duration = (ms: number) => formatDuration(ms, locale);
  const percent = stats.successRate === null ? '—' : new Intl.NumberFormat(intlTag(locale), { style: 'percent', maximumFractionDigits: 1 }).format(stats.successRate);

  return (
    <div className="admin-health">
      <form method="get" className="filters" aria-label={t.admin.period}>
        <div className="field">
          <label htmlFor="period">{t.admin.period}</label>
          <select id="period" name="period" defaultValue={query.period}>
            <option value="24h">{t.admin.last24h}</option>
            <option value="7d">{t.admin.last7d}</option>
            <option value="30d">{t.admin.last30d}</option>
            <option value="custom">
              {t.admin.from} / {t.admin.to}
            </option>
          </select>
        </div>
        <DayField id="from" label={t.admin.from} value={query.from} locale={locale} />
        <DayField id="to" label={t.admin.to} value={query.to} locale={locale} />
        <button type="submit" className="button">
          {t.admin.apply}
        </button>
      </form>
      <p className="muted">
        {formatDateTime(health.from, health.timeZone, locale)} – {formatDateTime(health.to, health.timeZone, locale)}
      </p>
      {health.truncated ? <p className="feedback feedback--warn">{t.admin.truncated(health.readLimit)}</p> : null}

      <section aria-labelledby="tiles-heading">
        <h2 id="tiles-heading" className="sr-only">
          {t.admin.successRate}
        </h2>
        <dl className="tiles">
          <div className="tile">
            <dt>{t.admin.total}</dt>
            <dd>{stats.total}</dd>
          </div>
          <div className="tile">
            <dt>{t.admin.successRate}</dt>
            <dd>{percent}</dd>
            <dd className="tile__detail">{stats.ended > 0 ? t.admin.successDetail(stats.succeeded, stats.ended) : t.admin.noEnded}</dd>
          </div>
          <div className="tile">
            <dt>{t.admin.p50}</dt>
            <dd>{stats.offsets ? duration(stats.offsets.p50) : '—'}</dd>
          </div>
          <div className="tile">
            <dt>{t.admin.p95}</dt>
            <dd>{stats.offsets ? duration(stats.offsets.p95) : '—'}</dd>
          </div>
          <div className="tile">
            <dt>{t.admin.max}</dt>
            <dd>{stats.offsets ? duration(stats.offsets.max) : '—'}</dd>
          </div>
          <div className="tile" data-tile="booked-max">
            <dt>{timing.bookedMax}</dt>
            <dd>{stats.bookedOffsets ? duration(stats.bookedOffsets.max) : '—'}</dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="status-heading" className="panel">
        <h2 id="status-heading">{t.admin.byStatus}</h2>
        <ul className="status-counts">
          {PREBOOKING_STATUSES.map((status) => (
            <li key={status}>
              <Link href={`/admin/prebookings?status=${status}`}>
                <StatusBadge status={status} t={t} /> <strong>{stats.byStatus[status]}</strong>
              </Link>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="offsets-heading" className="panel">
        <h2 id="offsets-heading">{timing.firstFireHeading}</h2>
        {stats.offsets ? (
          <>
            <p className="muted">{t.admin.samples(stats.offsets.count)}</p>
            <HistogramChart
              buckets={stats.histogram}
              t={t}
              summary={t.admin.histogramSummary(duration(stats.offsets.p50), duration(stats.offsets.p95), duration(stats.offsets.max), stats.offsets.count)}
            />
          </>
        ) : (
          <p className="empty">{t.admin.noOffsets}</p>
        )}
      </section>

      <section aria-labelledby="booked-heading" className="panel" data-panel="booked-offsets">
        <h2 id="booked-heading">{timing.bookedHeading}</h2>
        <p className="muted">{timing.bookedIntro}</p>
        {stats.bookedOffsets ? (
          <>
            <p className="muted">{timing.bookedSamples(stats.bookedOffsets.count, stats.bookedOnRetry)}</p>
            <HistogramChart
              id="booked-histogram"
              title={timing.bookedHeading}
              buckets={stats.bookedHistogram}
              t={t}
              summary={timing.bookedSummary(duration(stats.bookedOffsets.p50), duration(stats.bookedOffsets.p95), duration(stats.bookedOffsets.max), stats.bookedOffsets.count)}
            />
          </>
        ) : (
          <p className="empty">{timing.noBooked}</p>
        )}
      </section>

      <section aria-labelledby="attention-heading" className="panel">
        <h2 id="attention-heading">{t.admin.attention}</h2>
        {health.attention.length === 0 ? (
          <p className="empty">{t.admin.attentionEmpty}</p>
        ) : (
          <ul className="attention-list">
            {health.attention.map((item) => (
              <li key={item.id} className="attention-item" data-prebooking-id={item.id}>
                <div className="attention-item__main">
                  <p>
                    <Link href={`/admin/prebookings/${item.id}`}>
                      <strong>{item.className}</strong> · {formatDateTime(item.classStartsAt, item.timeZone, locale)}
                    </Link>
                  </p>
                  <p className="muted">
                    {item.memberName} · {item.boxName} · <StatusBadge status={item.status} resultCode={item.resultCode} t={t} />{' '}
                    {/* The badge already says "Failed": the reason adds only what it does not. */}
                    {item.reason === 'failed' ? t.healthPage.retryable : t.admin.attentionReasons[item.reason]}
                  </p>
                  {item.reason === 'preflight' ? (
                    <ul className="muted" data-preflight-findings>
                      {item.preflightFindings.map((finding) => (
                        <li key={finding}>{finding}</li>
                      ))}
                    </ul>
                  ) : item.resultCode ? (
                    <p className="muted">{adminResultText(item.resultCode, locale, item.resultMessage)}</p>
                  ) : null}
                </div>
                {item.retryable ? <AdminActionButton action="retry" prebookingId={item.id} context={`${item.className} ${item.memberName}`} refresh={false} /> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
