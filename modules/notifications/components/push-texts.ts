/** Texts of the push notifications card (on /goals), in English and Spanish. */
export type PushLocale = 'en' | 'es';

const en = {
  title: 'Push notifications',
  intro: 'Get outcomes on this phone the moment they happen, even with Prebooker closed.',
  all: 'Every outcome (booked, waiting list, failed)',
  failures: 'Only when it fails',
  none: 'No push notifications',
  choose: 'Which outcomes to push',
  save: 'Save',
  saved: 'Saved.',
  enable: 'Turn on for this device',
  enabling: 'Turning on…',
  disableHere: 'Turn off on this device',
  thisDevice: 'this device',
  devices: 'Your devices',
  noDevices: 'No device gets push notifications yet.',
  remove: 'Remove',
  added: (date: string) => `added ${date}`,
  lastSent: (date: string) => `last push ${date}`,
  enabled: 'Push notifications are on for this device.',
  unsupported: 'This browser cannot receive push notifications. On an iPhone, add Prebooker to your home screen (Share → Add to Home Screen) and open it from there.',
  denied: 'Notifications are blocked for Prebooker in this browser’s settings; allow them there, then try again.',
  failed: 'Push could not be turned on. Please try again.',
} as const;

type PushTexts = { [K in keyof typeof en]: (typeof en)[K] extends (...args: infer A) => string ? (...args: A) => string : string };

const es: PushTexts = {
  title: 'Notificaciones push',
  intro: 'Recibe los resultados en este móvil en el momento en que ocurren, aunque Prebooker esté cerrado.',
  all: 'Todos los resultados (reservada, lista de espera, fallida)',
  failures: 'Solo cuando falla',
  none: 'Sin notificaciones push',
  choose: 'Qué resultados notificar',
  save: 'Guardar',
  saved: 'Guardado.',
  enable: 'Activar en este dispositivo',
  enabling: 'Activando…',
  disableHere: 'Desactivar en este dispositivo',
  thisDevice: 'este dispositivo',
  devices: 'Tus dispositivos',
  noDevices: 'Ningún dispositivo recibe notificaciones push todavía.',
  remove: 'Quitar',
  added: (date: string) => `añadido el ${date}`,
  lastSent: (date: string) => `última notificación el ${date}`,
  enabled: 'Las notificaciones push están activadas en este dispositivo.',
  unsupported: 'Este navegador no puede recibir notificaciones push. En un iPhone, añade Prebooker a tu pantalla de inicio (Compartir → Añadir a pantalla de inicio) y ábrelo desde allí.',
  denied: 'Las notificaciones de Prebooker están bloqueadas en los ajustes de este navegador; permítelas allí y vuelve a intentarlo.',
  failed: 'No se han podido activar las notificaciones push. Vuelve a intentarlo.',
};

export function pushTexts(locale: PushLocale): PushTexts {
  return locale === 'es' ? es : en;
}

/** "Chrome on Android": what the member sees in their device list, from the user agent. */
export function describeDevice(userAgent: string): string {
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /SamsungBrowser/.test(userAgent)
      ? 'Samsung Internet'
      : /Firefox\//.test(userAgent)
        ? 'Firefox'
        : /Chrome\/|Chromium\//.test(userAgent)
          ? 'Chrome'
          : /Safari\//.test(userAgent)
            ? 'Safari'
            : 'Browser';
  const system = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad|iPod/.test(userAgent)
      ? 'iOS'
      : /Mac OS X/.test(userAgent)
        ? 'macOS'
        : /Windows/.test(userAgent)
          ? 'Windows'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : null;
  return system ? `${browser} on ${system}` : browser;
}
