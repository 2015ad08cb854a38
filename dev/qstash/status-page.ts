import type { QStashEngine } from './qstash-engine';
import { dlqView, eventView, messageView, scheduleView } from './qstash-views';

/** How many rows of each list the page shows; it is for humans glancing at state, not an API. */
const ROWS = 100;

/** `GET /` as JSON: what is pending, failed and scheduled. */
export function statusJson(engine: QStashEngine): Record<string, unknown> {
  const pending = engine.listPending(ROWS).map((message) => ({
    ...messageView(message),
    retried: message.retried,
    nextDeliveryTime: message.nextAttemptAt,
  }));
  return {
    server: 'dev/qstash',
    now: engine.now(),
    counts: engine.stats(),
    faults: engine.faults,
    pending,
    dlq: [...engine.dlq.values()].slice(-ROWS).reverse().map(dlqView),
    schedules: engine.listSchedules().map(scheduleView),
    recentEvents: engine.recentEvents(50).map(eventView),
  };
}

function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function time(ms: number | undefined): string {
  return ms === undefined ? '' : new Date(ms).toISOString().replace('T', ' ').replace('Z', ' UTC');
}

function table(title: string, headings: string[], rows: unknown[][], total: number): string {
  const head = headings.map((heading) => `<th>${escapeHtml(heading)}</th>`).join('');
  const body =
    rows.length === 0
      ? `<tr><td colspan="${headings.length}"><em>none</em></td></tr>`
      : rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('');
  const shown = total > rows.length ? ` (showing ${rows.length} of ${total})` : ` (${total})`;
  return `<h2>${escapeHtml(title)}${shown}</h2><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** `GET /` in a browser: a read-only page that refreshes itself every 5 s. */
export function renderStatusPage(engine: QStashEngine): string {
  const stats = engine.stats();
  const pending = engine.listPending(ROWS).map((message) => [
    time(message.nextAttemptAt),
    message.messageId,
    `${message.method} ${message.url}`,
    `${message.retried}/${message.maxRetries}`,
    message.scheduleId ?? '',
    (message.labels ?? []).join(', '),
  ]);
  const dlq = [...engine.dlq.values()]
    .slice(-ROWS)
    .reverse()
    .map((entry) => [
      time(entry.failedAt),
      entry.dlqId,
      entry.message.messageId,
      `${entry.message.method} ${entry.message.url}`,
      entry.responseStatus ?? entry.error ?? '',
    ]);
  const schedules = engine
    .listSchedules()
    .map((schedule) => [
      schedule.scheduleId,
      schedule.cron,
      `${schedule.method} ${schedule.destination}`,
      schedule.isPaused ? 'paused' : time(schedule.nextScheduleTime),
      time(schedule.lastScheduleTime),
    ]);
  const events = engine
    .recentEvents(50)
    .map((event) => [
      time(event.time),
      event.state,
      event.message.messageId,
      event.message.url,
      event.responseStatus ?? '',
      event.error ?? '',
    ]);
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<title>dev/qstash</title><style>
body{font:14px system-ui,sans-serif;margin:1.5rem;color:#222}table{border-collapse:collapse;width:100%;margin-bottom:1rem}
th,td{border:1px solid #ddd;padding:4px 6px;text-align:left;font-family:ui-monospace,monospace;font-size:12px}th{background:#f4f4f4}
</style></head><body><h1>dev/qstash</h1>
<p>${escapeHtml(time(engine.now()))} · faults ${escapeHtml(JSON.stringify(engine.faults))} · the same data as JSON: request this URL without <code>Accept: text/html</code></p>
${table('Pending messages', ['due', 'message', 'destination', 'retried', 'schedule', 'labels'], pending, stats.pending ?? 0)}
${table('Dead-letter queue', ['failed at', 'dlqId', 'message', 'destination', 'last status'], dlq, stats.dlq ?? 0)}
${table('Schedules', ['id', 'cron', 'destination', 'next', 'last'], schedules, stats.schedules ?? 0)}
${table('Recent events', ['time', 'state', 'message', 'url', 'status', 'error'], events, events.length)}
</body></html>`;
}
