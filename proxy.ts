import { NextResponse, type NextRequest } from 'next/server';

// Same name as modules/auth's SESSION_COOKIE_NAME; importing that module here would pull server-only code into the proxy.
const SESSION_COOKIE_NAME = 'prebooker_session';

/**
 * Sends anonymous visitors of the signed-in pages to the sign-in form (keeping where they were
 * going). Only a fast, optimistic check of the cookie's presence: every page, action and route
 * verifies the session itself, so a forged or stale cookie gets no further than this.
 */
export function proxy(request: NextRequest) {
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
  matcher: ['/', '/schedule/:path*', '/prebookings/:path*', '/admin/:path*'],
};
