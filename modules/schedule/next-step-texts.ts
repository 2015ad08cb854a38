/**
 * The next steps offered after a failed prebooking, on My classes and on the schedule's card. On
 * their own so the schedule's JavaScript does not carry all of My classes' texts (issue 19).
 */
export const NEXT_STEP_TEXTS = {
  en: {
    join_waitlist: 'Join the waiting list',
    book_now: 'Book now',
    prebook_next: 'Prebook the next one',
    dismiss: 'Dismiss',
    prompt: 'What next?',
  },
  es: {
    join_waitlist: 'Apuntarme a la lista de espera',
    book_now: 'Reservar ahora',
    prebook_next: 'Prerreservar la siguiente',
    dismiss: 'Descartar',
    prompt: '¿Y ahora?',
  },
} as const;
