import type { RunningSimulator } from './index';

/**
 * A browser-like client for the simulator's tests: speaks AimHarder's HTTP with node fetch and
 * keeps the cookies the server sets (host-only, so one jar serves every simulated host).
 */
export class SimTestClient {
  readonly cookies = new Map<string, string>();

  constructor(readonly sim: RunningSimulator) {}

  boxUrl(box: string, path: string): string {
    return `${this.sim.hosts.boxBaseUrlTemplate.replace('{box}', box)}${path}`;
  }

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = cookie.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      if (attributes.some((attribute) => attribute.trim().toLowerCase() === 'max-age=0')) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(separator + 1).trim());
    }
    return response;
  }

  async json<T = Record<string, unknown>>(url: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
    const response = await this.request(url, init);
    return { status: response.status, body: (await response.json()) as T };
  }

  login(email: string, password: string, host: 'login' | 'main' = 'login') {
    const base = host === 'login' ? this.sim.hosts.loginBaseUrl : this.sim.hosts.mainBaseUrl;
    return this.json(`${base}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: email, password, fingerprint: 'f'.repeat(50), iniframe: 0 }),
    });
  }

  whoami() {
    return this.json<{ data: { id: number; name: string; roles: { boid: number; centre_url: string }[] }[] }>(`${this.sim.hosts.mainBaseUrl}/api/whoami`);
  }

  bookings(box: string, boxId: number, day: string) {
    return this.json<BookingsBody>(this.boxUrl(box, `/api/bookings?day=${day}&familyId=&box=${boxId}&_=${Date.now()}`));
  }

  book(box: string, id: string | number, day: string, options: { insist?: boolean } = {}) {
    return this.form(this.boxUrl(box, '/api/book'), { id: String(id), day, insist: options.insist ? '1' : '0', familyId: '' });
  }

  cancel(box: string, reservationId: string | number, options: { late?: boolean } = {}) {
    return this.form(this.boxUrl(box, '/api/cancelBook'), { id: String(reservationId), late: options.late ? '1' : '0', familyId: '' });
  }

  nextBookings(box: string, boxId: number) {
    return this.json<{ nextClasses: Record<string, unknown>[]; history: Record<string, unknown>[] }>(this.boxUrl(box, `/api/nextBookings?box=${boxId}&familyId=`));
  }

  form(url: string, fields: Record<string, string>) {
    return this.json<Record<string, unknown>>(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      body: new URLSearchParams(fields).toString(),
    });
  }
}

export interface BookingsRow {
  id: number;
  time: string;
  timeid: string;
  className: string;
  ocupation: number;
  limit: number;
  waitlist: number;
  bookState: number | null;
  idres: number | null;
  included: number;
  [key: string]: unknown;
}

export interface BookingsBody {
  clasesDisp: string;
  timetable: { id: string; time: string }[];
  day: string;
  bookings: BookingsRow[];
  seminars: string[];
  resmsgs: unknown[];
}

/** JSON helper for the control API. */
export async function control<T = Record<string, unknown>>(sim: RunningSimulator, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}
