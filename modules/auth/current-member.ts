import 'server-only';
import { cookies } from 'next/headers';
import { getEnv } from '@/core/config/env';
import { AppError } from '@/core/http/app-error';
import type { Database } from '@/core/database/admin-client';
import { findMemberById, type Member } from '@/modules/members';
import { SESSION_COOKIE_NAME, verifySessionToken } from './session-token';

async function memberFromToken(db: Database, token: string | undefined): Promise<Member | null> {
  if (!token) return null;
  const claims = await verifySessionToken(token);
  if (!claims) return null;
  const member = await findMemberById(db, claims.memberId);
  if (!member || member.sessionVersion !== claims.sessionVersion) return null;
  return withRoleFromAdminList(member, getEnv().ADMIN_EMAILS);
}

/**
 * ADMIN_EMAILS is the one source of admin rights, read on every request: taking someone off the
 * list demotes their existing sessions at once, not at their next sign-in (cookies last 30 days).
 */
export function withRoleFromAdminList(member: Member, adminEmails: readonly string[]): Member {
  const role = adminEmails.includes(member.email.toLowerCase()) ? 'admin' : 'member';
  return role === member.role ? member : { ...member, role };
}

function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** The signed-in member of a route-handler request, or null. */
export function getRequestMember(db: Database, request: Request): Promise<Member | null> {
  return memberFromToken(db, readCookie(request.headers.get('cookie'), SESSION_COOKIE_NAME));
}

/** The signed-in member of a page or server action, or null. */
export async function getCurrentMember(db: Database): Promise<Member | null> {
  return memberFromToken(db, (await cookies()).get(SESSION_COOKIE_NAME)?.value);
}

export function requireMember(member: Member | null): Member {
  if (!member) throw new AppError({ code: 'unauthenticated', message: 'Please sign in.' });
  return member;
}

export function requireAdmin(member: Member | null): Member {
  const signedIn = requireMember(member);
  if (signedIn.role !== 'admin') throw new AppError({ code: 'forbidden', message: 'Only admins can do this.' });
  return signedIn;
}
