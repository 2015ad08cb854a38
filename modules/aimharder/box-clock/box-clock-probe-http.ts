import { AimHarderCookieJar } from '../aimharder-cookie-jar';
import { USER_AGENT } from '../aimharder-client';
import { boxBaseUrl, type AimHarderHosts } from '../aimharder-hosts';
import { sendHttp, sharedDispatcher } from '../aimharder-transport';
import type { BoxRef } from '../aimharder.types';
import type { DateProbeRequest } from './measure-box-clock';

/**
 * The host a box's clock is estimated for: its booking host (`<box>.aimharder.com`; locally the
 * simulator's box path), without the scheme.
 */
export function boxClockHost(hosts: AimHarderHosts, box: Pick<BoxRef, 'subdomain'>): string {
  return boxBaseUrl(hosts, box.subdomain).replace(/^https?:\/\//, '');
}

/**
 * A cheap `Date` probe to a box host: the same small XHR the warm-up sends, without a session (any
 * answer carries `Date`), on the process-wide keep-alive pool, so probes ride the connection the
 * booking request then uses. Short timeout: a slow probe is useless for timing anyway.
 */
export function createBoxDateProbe(options: { hosts: AimHarderHosts; box: BoxRef; proxyUrl?: string; timeoutMs?: number }): DateProbeRequest {
  const base = boxBaseUrl(options.hosts, options.box.subdomain);
  const query = new URLSearchParams({ box: String(options.box.boxId), familyId: '' });
  const dispatcher = sharedDispatcher(options.proxyUrl);
  return async () => {
    const answer = await sendHttp(
      {
        endpoint: 'clockProbe',
        method: 'GET',
        url: `${base}/api/nextBookings?${query}`,
        headers: { 'user-agent': USER_AGENT, accept: 'application/json, text/javascript, */*; q=0.01', 'x-requested-with': 'XMLHttpRequest', referer: `${base}/schedule?cl` },
        maxRedirects: 0,
      },
      { cookies: AimHarderCookieJar.empty(), timeoutMs: options.timeoutMs ?? 1_500, dispatcher },
    );
    return answer.date;
  };
}
