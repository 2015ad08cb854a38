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
  const signIn = new URL('/sign-in', request.url);
  const { pathname, search } = request.nextUrl;
  if (pathname !== '/') signIn.searchParams.set('next', `${pathname}${search}`);
  return NextResponse.redirect(signIn);
}

export const config = {
  matcher: ['/', '/schedule/:path*', '/prebookings/:path*', '/my-classes/:path*', '/admin/:path*'],
};
