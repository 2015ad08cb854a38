import { randomBytes } from 'node:crypto';
import type { BookAnswer, Reservation, SimBox, SimClass, SimMember, SimSession, SimState } from './sim-state';
import type { SimEndpoint, SimRequestRecord } from './sim-types';
import { formatHourMinute, isValidDayKey, spanishDayLabel } from './zoned-time';

/**
 * The AimHarder-compatible endpoints. Shapes follow /work/shared/reference/aimharder-api.md:
 * business answers are HTTP 200 (`bookState`, `cancelState`, `{"logout":1}`), only malformed
 * requests get a 4xx.
 */

export interface Reply {
  status: number;
  json?: unknown;
  html?: string;
  headers?: Record<string, string | string[]>;
}

export interface SimHosts {
  loginBaseUrl: string;
  mainBaseUrl: string;
  boxBaseUrlTemplate: string;
}

export interface RouteContext {
  state: SimState;
  record: SimRequestRecord;
  query: URLSearchParams;
  body: string;
  contentType: string;
  cookieHeader: string | undefined;
  /** The box's clock at which the request is judged (arrival, plus any inbound latency). */
  nowMs: number;
  box: SimBox | undefined;
  hosts: SimHosts;
}

export interface RouteMatch {
  endpoint: SimEndpoint;
  subdomain?: string;
  needsBody: boolean;
  handle(context: RouteContext): Reply;
}

const SESSION_COOKIE = 'amhrdrauth';
const LOGOUT: Reply = { status: 200, json: { logout: 1 } };

export function matchAimHarderRoute(method: string, path: string): RouteMatch | undefined {
  if (path === '/login-host/api/login' || path === '/main/api/login') return post(method, 'login', handleLogin);
  if (path === '/main/api/whoami') return get(method, 'whoami', handleWhoami);
  if (path === '/main/setrefresh') return get(method, 'setrefresh', handleSetRefresh);
  if (path === '/main/api/tokenUpdate') return post(method, 'tokenUpdate', handleTokenUpdate);
  if (path === '/main/logout') return get(method, 'logout', handleLogout);
  if (path === '/main' || path === '/main/' || path === '/login-host' || path === '/login-host/') return get(method, 'page', handleMainPage);
  if (!path.startsWith('/box/')) return undefined;
  const slash = path.indexOf('/', 5);
  const subdomain = slash === -1 ? path.slice(5) : path.slice(5, slash);
  const rest = slash === -1 ? '' : path.slice(slash);
  const withBox = (match: RouteMatch | undefined): RouteMatch | undefined => (match ? { ...match, subdomain } : undefined);
  switch (rest) {
    case '/api/bookings':
      return withBox(get(method, 'bookings', handleBookings));
    case '/api/book':
      return withBox(post(method, 'book', handleBook));
    case '/api/cancelBook':
      return withBox(post(method, 'cancelBook', handleCancel));
    case '/api/nextBookings':
      return withBox(get(method, 'nextBookings', handleNextBookings));
    case '/logout':
      return withBox(get(method, 'logout', handleLogout));
    case '':
    case '/':
    case '/schedule':
      return withBox(get(method, 'page', handleBoxPage));
    default:
      return undefined;
  }
}

function get(method: string, endpoint: SimEndpoint, handle: RouteMatch['handle']): RouteMatch {
  return { endpoint, needsBody: false, handle: method === 'GET' || method === 'HEAD' ? handle : methodNotAllowed('GET') };
}

function post(method: string, endpoint: SimEndpoint, handle: RouteMatch['handle']): RouteMatch {
  return { endpoint, needsBody: true, handle: method === 'POST' ? handle : methodNotAllowed('POST') };
}

function methodNotAllowed(allowed: string): RouteMatch['handle'] {
  return () => ({ status: 405, headers: { allow: allowed }, json: { error: { code: 405, message: 'Method Not Allowed' } } });
}

function badRequest(message: string): Reply {
  return { status: 400, json: { error: { code: 400, message } } };
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator !== -1 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return undefined;
}

function currentSession(context: RouteContext): SimSession | undefined {
  const session = context.state.sessionFor(readCookie(context.cookieHeader, SESSION_COOKIE), context.nowMs);
  if (session) context.record.userId = session.member.userId;
  return session;
}

/** PHP only fills `$_POST` from form bodies: anything else reads as no fields at all. */
function formFields(context: RouteContext): URLSearchParams {
  if (context.contentType.includes('application/json')) return new URLSearchParams();
  return new URLSearchParams(context.body);
}

/**
 * The real login sets `amhrdrauth` on the parent domain (`Domain=.aimharder.com`, seen live by
 * rudeayelo; reference §2.3), so the box subdomains receive it. Locally the hosts are one IP or
 * `localhost`, which is its own parent.
 */
export function parentCookieDomain(loginBaseUrl: string): string {
  const hostname = new URL(loginBaseUrl).hostname;
  const labels = hostname.split('.');
  if (/^[\d.]+$/.test(hostname) || hostname.includes(':') || labels.length < 2) return hostname;
  return `.${(labels.length > 2 ? labels.slice(1) : labels).join('.')}`;
}

function loadBalancerCookie(): string {
  return `AWSALB=${randomBytes(16).toString('hex')}; Path=/`;
}

function rolesOf(member: SimMember, state: SimState) {
  return state
    .boxes()
    .filter((box) => member.boxes.has(box.boxId))
    .map((box) => ({ role: 'client', boid: box.boxId, gym: box.name, centre_url: box.centreUrl }));
}

// ── login host / main host ─────────────────────────────────────────────────────────────────

function handleLogin(context: RouteContext): Reply {
  let parsed: unknown;
  try {
    parsed = JSON.parse(context.body);
  } catch {
    parsed = undefined;
  }
  const fields = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  const { username, password, fingerprint } = fields ?? {};
  if (typeof username !== 'string' || username === '' || typeof password !== 'string' || password === '' || typeof fingerprint !== 'string' || fingerprint === '') {
    return badRequest('LOGIN_ERROR_MALFORMED_BODY');
  }
  const outcome = context.state.login(username, password, fingerprint, context.nowMs);
  if (outcome.kind === 'invalid') {
    return outcome.style === 'http401'
      ? { status: 401, json: { error: { code: 401, message: 'LOGIN_ERROR_LOGIN' } } }
      : { status: 200, json: { info: 'El email o la contraseña no son correctos' } };
  }
  if (outcome.kind === 'locked') {
    return outcome.style === 'http401'
      ? { status: 429, json: { error: { code: 429, message: 'LOGIN_ERROR_TOO_MANY_ATTEMPTS' } } }
      : { status: 200, json: { info: 'Has fallado la contraseña demasiadas veces. Espera unos minutos antes de volver a intentarlo' } };
  }
  const { session } = outcome;
  context.record.userId = session.member.userId;
  return {
    status: 200,
    headers: { 'set-cookie': [`${SESSION_COOKIE}=${session.token}; Domain=${parentCookieDomain(context.hosts.loginBaseUrl)}; Path=/; HttpOnly`, loadBalancerCookie()] },
    json: {
      data: {
        userData: { id: session.member.id, name: session.member.name, roles: rolesOf(session.member, context.state) },
        auth: { authOK: true, refreshToken: session.refreshToken },
      },
    },
  };
}

function handleWhoami(context: RouteContext): Reply {
  const session = currentSession(context);
  if (!session) return { status: 200, json: { data: [] } };
  const { member } = session;
  return { status: 200, json: { data: [{ id: member.id, name: member.name, email: member.email, roles: rolesOf(member, context.state) }] } };
}

/** The page the front-end loads in an iframe to keep the refresh token in localStorage. */
function handleSetRefresh(context: RouteContext): Reply {
  const token = context.query.get('token') ?? '';
  const fingerprint = context.query.get('fingerprint') ?? '';
  const redirect = context.query.get('redirect');
  const script = [
    `localStorage.setItem("refreshToken", ${scriptString(token)});`,
    `localStorage.setItem("fingerprint", ${scriptString(fingerprint)});`,
    redirect ? `window.location.href = ${scriptString(redirect)};` : '',
  ].join('\n');
  return { status: 200, html: `<!DOCTYPE html><html><head><meta charset="utf-8"><script>\n${script}\n</script></head><body></body></html>` };
}

function scriptString(value: string): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function handleTokenUpdate(context: RouteContext): Reply {
  const session = currentSession(context);
  if (!session) return LOGOUT;
  const newToken = context.state.refreshSession(session, formFields(context).get('token') ?? '', context.nowMs);
  if (!newToken) return LOGOUT;
  return { status: 200, headers: { 'set-cookie': [loadBalancerCookie()] }, json: { newToken } };
}

function handleLogout(context: RouteContext): Reply {
  const session = currentSession(context);
  if (session) context.state.logoutMember(session.member);
  const location = context.box ? `/box/${context.box.subdomain}/` : '/main/';
  return { status: 302, headers: { location, 'set-cookie': [`${SESSION_COOKIE}=deleted; Path=/; Max-Age=0; HttpOnly`] }, html: '' };
}

function handleMainPage(context: RouteContext): Reply {
  const session = currentSession(context);
  const links = context.state
    .boxes()
    .filter((box) => !session || session.member.boxes.has(box.boxId))
    .map((box) => `<li><a href="https://${box.centreUrl}">${escapeHtml(box.name)}</a></li>`)
    .join('');
  return { status: 200, html: `<!DOCTYPE html><html><head><meta charset="utf-8"><title>AimHarder (simulator)</title></head><body><ul>${links}</ul></body></html>` };
}

/** The schedule page; bots scrape `box: <id>` from its script (kappys1). */
function handleBoxPage(context: RouteContext): Reply {
  const box = context.box;
  if (!box) return { status: 404, html: '<!DOCTYPE html><html><body>Not found</body></html>' };
  return {
    status: 200,
    html: `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(box.name)}</title><script>var schedule = { box: ${box.boxId} };</script></head><body><h1>${escapeHtml(box.name)}</h1></body></html>`,
  };
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

// ── box host ───────────────────────────────────────────────────────────────────────────────

function handleBookings(context: RouteContext): Reply {
  const box = context.box!;
  const day = context.query.get('day');
  if (!day || !isValidDayKey(day)) return badRequest('Missing or invalid parameter: day');
  const member = currentSession(context)?.member;
  const boxParam = context.query.get('box');
  // AimHarder filters by the `box` parameter: a wrong id shows a closed day rather than an error.
  const classes = boxParam && boxParam !== String(box.boxId) ? [] : context.state.ensureDay(box, day, context.nowMs);
  const timetable = new Map<string, string>();
  for (const cls of classes) timetable.set(cls.timeid, timeRange(cls));
  return {
    status: 200,
    json: {
      clasesDisp: member ? context.state.contractedTypes(member, box) : '',
      timetable: [...timetable].map(([id, time]) => ({ id, time })),
      day: spanishDayLabel(day),
      bookings: classes.map((cls) => classRow(context, cls, member)),
      seminars: [],
      resmsgs: [],
    },
  };
}

function timeRange(cls: SimClass): string {
  return `${cls.time} - ${formatHourMinute(cls.minuteOfDay + cls.lengthMin)}`;
}

function classRow(context: RouteContext, cls: SimClass, member: SimMember | undefined) {
  const reservation = member?.active.get(cls.id);
  const box = cls.box;
  return {
    id: cls.id,
    time: timeRange(cls),
    timeid: cls.timeid,
    classId: cls.type.id,
    className: cls.type.name,
    classDesc: cls.type.description,
    classLength: cls.lengthMin,
    color: cls.type.color,
    boxName: box.name,
    boxDir: box.address,
    boxPic: null,
    coachName: cls.coachName,
    coachPic: null,
    enabled: context.nowMs < cls.startsAtMs ? 1 : 0,
    resadmin: 0,
    included: member ? (member.boxes.has(box.boxId) && context.state.planCovers(member, cls) ? 1 : 0) : 1,
    ocupation: cls.bookings.length,
    limit: cls.capacity,
    limitc: cls.capacity,
    waitlist: cls.waitlist.length,
    bookState: reservation ? (reservation.state === 'booked' ? 1 : 0) : null,
    idres: reservation ? reservation.id : null,
    cancelledId: null,
    spotres: null,
    checkAthletesNum: 0,
    onlineclass: 0,
    zoomid: null,
    zoomJoinUrl: null,
    zoomJoinPw: null,
  };
}

function handleBook(context: RouteContext): Reply {
  // The class id is recorded even for a request refused for its session, so that tests can
  // count every booking request a class received.
  const fields = formFields(context);
  const id = fields.get('id');
  if (id) context.record.classId = id;
  const session = currentSession(context);
  if (!session) {
    context.record.result = { status: 200, logout: true };
    return LOGOUT;
  }
  const box = context.box!;
  const day = fields.get('day');
  if (!id || !/^\d{1,16}$/.test(id)) return badRequest('Missing or invalid parameter: id');
  if (!day || !isValidDayKey(day)) return badRequest('Missing or invalid parameter: day');
  const member = session.member;
  const contracted = context.state.contractedTypes(member, box);
  const cls = context.state.classById(Number(id));
  if (!cls || cls.box !== box || cls.day !== day) {
    return bookReply(context, { clasesContratadas: contracted, bookState: -12, errorMssg: 'La clase no existe', errorMssgLang: 'ERROR_CLASE_NO_EXISTE' });
  }
  context.record.offsetMs = context.record.serverTimeMs - cls.opensAtMs;
  const answer: BookAnswer = context.state.book(member, cls, fields.get('insist') === '1', context.nowMs);
  if ('reservation' in answer) {
    return bookReply(context, { clasesContratadas: contracted, hasPublicMemberships: 1, bookState: answer.bookState, id: String(answer.reservation.id) });
  }
  return bookReply(context, { clasesContratadas: contracted, ...answer });
}

function bookReply(context: RouteContext, json: { bookState: number; errorMssgLang?: string } & Record<string, unknown>): Reply {
  context.record.result = {
    status: 200,
    bookState: json.bookState,
    ...(json.errorMssgLang ? { errorMssgLang: json.errorMssgLang } : {}),
  };
  return { status: 200, json };
}

function handleCancel(context: RouteContext): Reply {
  const session = currentSession(context);
  if (!session) {
    context.record.result = { status: 200, logout: true };
    return LOGOUT;
  }
  const fields = formFields(context);
  const id = fields.get('id');
  if (id) context.record.reservationId = id;
  if (!id || !/^\d{1,16}$/.test(id)) return badRequest('Missing or invalid parameter: id');
  const outcome = context.state.cancel(session.member, Number(id), fields.get('late') === '1', context.nowMs);
  if (outcome.reservation && outcome.reservation.member === session.member) {
    context.record.classId = String(outcome.reservation.cls.id);
    context.record.offsetMs = context.record.serverTimeMs - outcome.reservation.cls.opensAtMs;
  }
  context.record.result = { status: 200, cancelState: outcome.cancelState };
  return { status: 200, json: { cancelState: outcome.cancelState } };
}

function handleNextBookings(context: RouteContext): Reply {
  const session = currentSession(context);
  if (!session) return LOGOUT;
  const box = context.box!;
  const { next, history } = context.state.nextBookings(session.member, box, context.nowMs);
  const row = (reservation: Reservation) => ({
    id: reservation.id,
    day: spanishDayLabel(reservation.cls.day),
    time: timeRange(reservation.cls),
    className: reservation.cls.type.name,
    bookState: reservation.state === 'booked' ? 1 : 0,
    coachName: reservation.cls.coachName,
    boxDir: box.address,
  });
  return {
    status: 200,
    json: {
      nextClasses: next.map(row),
      history: history.map((reservation) => ({ ...row(reservation), bookState: 1, assist: reservation.attended ? 1 : 0, lateCancel: reservation.lateCancel ? 1 : 0 })),
    },
  };
}
