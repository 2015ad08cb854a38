export { PASSWORD_MAX_LENGTH, signInInputSchema, signOutInputSchema, type SignInInput } from './auth.schema';
export { signIn, signOut, type SignInResult } from './sign-in.service';
export { getCurrentMember, getRequestMember, requireAdmin, requireMember } from './current-member';
export {
  SESSION_COOKIE_NAME,
  serializeClearedSessionCookie,
  serializeSessionCookie,
  sessionCookieOptions,
  verifySessionToken,
} from './session-token';
export { SIGN_IN_LIMITS } from './sign-in-throttle';
