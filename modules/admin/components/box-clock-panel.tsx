import { formatDateTimePrecise, type Locale } from '@/modules/i18n';
import { getAdminDictionary } from '../admin-dictionary';
import type { BoxClockHostHealth, BoxClockReading } from '../box-clock-health.service';

const offsetText = (reading: BoxClockReading) => `${reading.offsetMs >= 0 ? '+' : '−'}${Math.abs(reading.offsetMs).toFixed(1)} ± ${reading.uncertaintyMs.toFixed(1)} ms`;

/** Per box host: the current clock estimate, whether releases use it, and its history (issue 16). */
export function BoxClockPanel({ hosts, timeZone, locale }: { hosts: BoxClockHostHealth[]; timeZone: string; locale: Locale }) {
  const t = getAdminDictionary(locale).boxClock;
  return (
    <section aria-labelledby="box-clock-heading" className="panel">
      <h2 id="box-clock-heading">{t.title}</h2>
      <p className="muted">{t.intro}</p>
      {hosts.length === 0 ? (
        <p className="empty">{t.none}</p>
      ) : (
        hosts.map((host) => (
          <div key={host.host} className="box-clock">
            <h3>{host.host}</h3>
            <dl className="tiles">
              <div className="tile">
                <dt>{t.offset}</dt>
                <dd>{offsetText(host.current)}</dd>
              </div>
              <div className="tile">
                <dt>{t.latency}</dt>
                <dd>{host.current.latencyMs.toFixed(1)} ms</dd>
              </div>
              <div className="tile">
                <dt>{t.state}</dt>
                <dd>{host.state === 'usable' ? t.usable : t.notUsable(host.state)}</dd>
                <dd className="tile__detail">
                  {t.measured}: {formatDateTimePrecise(host.current.measuredAt, timeZone, locale)}
                </dd>
              </div>
            </dl>
            <table>
              <caption>{t.history}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.measured}</th>
                  <th scope="col">{t.offset}</th>
                  <th scope="col">{t.latency}</th>
                  <th scope="col">{t.source}</th>
                </tr>
              </thead>
              <tbody>
                {host.history.map((reading) => (
                  <tr key={`${reading.measuredAt}-${reading.source}-${reading.offsetMs}`}>
                    <td>{formatDateTimePrecise(reading.measuredAt, timeZone, locale)}</td>
                    <td>{offsetText(reading)}</td>
                    <td>{reading.latencyMs.toFixed(1)} ms</td>
                    <td>{reading.source}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))
      )}
    </section>
  );
}
