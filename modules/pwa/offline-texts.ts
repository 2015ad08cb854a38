/** The offline page, in both languages (the service worker picks one by the device's language). */
export const OFFLINE_TEXTS = {
  en: {
    title: "You're offline",
    body: 'Your prebookings still fire: Prebooker runs them on the server, at the opening instant, whether or not this phone is online.',
    hint: 'Outcomes reach you by email and push as soon as you are back.',
    retry: 'Try again',
  },
  es: {
    title: 'Estás sin conexión',
    body: 'Tus prerreservas se lanzan igualmente: Prebooker las ejecuta en el servidor, en el instante de apertura, tenga o no conexión este móvil.',
    hint: 'Los resultados te llegan por correo y notificación en cuanto vuelvas.',
    retry: 'Reintentar',
  },
} as const;

export type OfflineLocale = keyof typeof OFFLINE_TEXTS;
