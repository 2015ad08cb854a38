/**
 * The texts only the server renders, in English: the header, the sign-in page, sign-out, result
 * and error messages, and swap notes. Kept out of `dictionary.en.ts` so no page's JavaScript
 * carries them; `getDictionary` joins both.
 */
export const enServer = {
  nav: {
    main: 'Main',
    schedule: 'Schedule',
    myPrebookings: 'My prebookings',
    myClasses: 'My classes',
    goals: 'Goals',
    health: 'Health',
    allPrebookings: 'All prebookings',
    admin: 'Admin',
    account: 'Account',
    signedInAs: (name: string) => `Signed in as ${name}`,
  },
  signIn: {
    title: 'Sign in with AimHarder',
    intro: 'Use the email and password of your AimHarder account.',
    email: 'AimHarder email',
    password: 'AimHarder password',
    submit: 'Sign in',
    submitting: 'Signing in…',
    privacyTitle: 'Why Prebooker keeps your password',
    privacyText:
      'To book a class at the exact instant booking opens — often while you sleep — Prebooker has to log into AimHarder as you. ' +
      'So it stores your AimHarder email, password and session encrypted (AES-256-GCM), never shows them to anyone, ' +
      'and deletes them whenever you sign out with “forget me”.',
    errors: {
      wrong_credentials: 'AimHarder did not accept that email and password. Check them and try again.',
      too_many_attempts: 'AimHarder has blocked sign-in for this account after too many attempts. Wait a few minutes and try again.',
      throttled: 'Too many failed sign-in attempts. Wait 15 minutes before trying again.',
      unreachable: 'AimHarder is not answering right now. Try again in a moment.',
      blocked: 'AimHarder refused the connection from our server. Try again later.',
      unexpected_response: 'AimHarder answered in a way we did not understand. Try again later.',
      email: 'Enter the email you use for AimHarder.',
      password: 'Enter your AimHarder password.',
    },
  },
  signOut: {
    submit: 'Sign out',
    forget: 'Forget me: also delete my saved AimHarder password',
    forgetHint: 'Your pending prebookings will then fail: Prebooker cannot book without it.',
  },
  /** Why a prebooking or a booking ended, by result code (Prebooker's and AimHarder's). */
  results: {
    booked: 'Booked.',
    waitlisted: 'The class was full: you are on the waiting list.',
    already_held: 'You already hold this class.',
    cancelled_by_member: 'You cancelled this prebooking.',
    cancelled_by_admin: 'An admin cancelled this prebooking.',
    class_started: 'The class started before it could be booked.',
    login_failed: 'AimHarder no longer accepts your saved password. Sign in again so Prebooker can book for you.',
    credentials_missing: 'Prebooker no longer has your AimHarder credentials. Sign in again to prebook.',
    delivery_failed: 'We could not book it: AimHarder or our booking service kept failing after every retry.',
    not_delivered: 'The booking job never ran before the class started.',
    too_early_window_elapsed: 'AimHarder still said it was too early to book after the opening instant.',
    schedule_failed: 'The booking job could not be scheduled.',
    too_early: 'Booking for this class is not open yet.',
    full: 'The class is full.',
    no_credit: 'Your plan has no credit left for this class.',
    max_per_day: 'You already have the maximum number of these classes that day.',
    too_late: 'It is too late to book this class.',
    payment_pending: 'You have a payment pending with your box.',
    already_booked_same_hour: 'You already have a class at that time.',
    not_allowed: 'AimHarder does not allow you to book this class.',
    session_expired: 'Your AimHarder session expired. Try again.',
    transport_error: 'AimHarder did not answer. Try again.',
    replace_kept: 'This class was not booked.',
  } as Record<string, string>,
  /** Member-readable errors by AppError reason, then by code. */
  errors: {
    unauthenticated: 'Your session has ended. Sign in again.',
    forbidden: 'You are not allowed to do this.',
    not_found: 'That class or prebooking no longer exists.',
    validation: 'Something in the request was not valid.',
    conflict: 'That changed in the meantime. Reload and try again.',
    unprocessable: 'That cannot be done for this class.',
    rate_limited: 'Too many requests. Wait a moment.',
    upstream_unavailable: 'AimHarder is not answering right now. Try again in a moment.',
    upstream_rejected: 'AimHarder refused the request.',
    unavailable: 'Prebooker is having trouble. Try again in a moment.',
    internal: 'Something went wrong on our side. Please try again.',
    already_booked: 'You already hold this class.',
    class_started: 'This class has already started.',
    unknown_opening: 'AimHarder says it is too early to book, but not when booking opens. Ask an admin to set this box’s booking window.',
    already_firing: 'Too late to cancel: the booking request is being sent right now. If it books, you can cancel the class from the schedule.',
    already_completed: 'This prebooking already booked the class. Cancel the booking from the schedule instead.',
    not_open: 'Booking for this class is not open yet: prebook it instead.',
    not_failed: 'Only a failed prebooking can be retried.',
    active_exists: 'The member already has an active prebooking for this class.',
  } as Record<string, string>,
  /** A prebooking that replaces a booking held at the same hour: what will happen to it, then what did. */
  swap: {
    planned: (other: string) => `At the opening Prebooker cancels your ${other} and books this class at once; if this class cannot be booked, it books your ${other} again.`,
    cancelled: (other: string) => `Your ${other} was cancelled to make room for it.`,
    rebooked: (other: string) => `Your ${other} was cancelled at the opening to make room, and as this class could not be booked we booked your ${other} again.`,
    rebookedWaitlist: (other: string) => `Your ${other} was cancelled at the opening to make room; as this class could not be booked we asked for your ${other} again, and you are back on its waiting list (at the end).`,
    lost: (other: string) => `Your ${other} was cancelled at the opening to make room, and as this class could not be booked we tried to book your ${other} again, but could not get it back.`,
    kept: (other: string) => `Your ${other} was kept: AimHarder did not let us cancel it at the opening, so this class was not booked.`,
    gone: (other: string) => `Your ${other} had already been cancelled before the opening, so Prebooker did not book it again.`,
  },
};

export type ServerDictionary = typeof enServer;
