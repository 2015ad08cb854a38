import { NextResponse, type NextRequest } from 'next/server';
import { errorResponse } from '@/core/http/error-response';
import { crossOriginRefusal } from '@/core/http/same-origin';

// Same name as modules/auth's SESSION_COOKIE_NAME; importing that module here would pull server-only code into the proxy.
const SESSION_COOKIE_NAME = 'prebooker_session';

/**
 * Two cheap gates in front of the routes. JSON API routes: a state-changing request from another
 * origin is refused (QStash's routes are signature-verified instead and not matched here). Pages:
 * anonymous visitors go to the sign-in form (keeping where they were going) — only an optimistic
 * check of the cookie's presence: every page, action and route verifies the session itself.
 */
export function proxy(request: NextRequest) {
  if (request.nextUrl.pathname.startsWith('/api/')) {
    const refusal = crossOriginRefusal(request, process.env.APP_BASE_URL);
    return refusal ? errorResponse(refusal) : NextResponse.next();
  }
  if (request.cookies.get(SESSION_COOKIE_NAME)?.value) return NextResponse.next();
  // A server action called from an open page answers "your session ended" itself (with a link to
  // sign in again); redirected here, its fetch got the sign-in HTML and showed a generic error.
  if (request.method === 'POST' && request.headers.has('next-action')) return NextResponse.next();
  const signIn = new URL('/sign-in', request.url);
  const { pathname, search } = request.nextUrl;
  if (pathname !== '/') signIn.searchParams.set('next', `${pathname}${search}`);
  // 303 after a form post (no JavaScript): the browser then GETs the sign-in page instead of re-posting there.
  return NextResponse.redirect(signIn, request.method === 'GET' || request.method === 'HEAD' ? 307 : 303);
}

export const config = {
  matcher: ['/', '/schedule/:path*', '/prebookings/:path*', '/my-classes/:path*', '/admin/:path*', '/api/((?!qstash/).*)'],
};
