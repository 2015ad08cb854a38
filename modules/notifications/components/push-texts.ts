/**
 * Texts of the push notifications card (on /goals), in English and Spanish: the fixed wording,
 * which the page hands to the card in its language (the page's JavaScript carries neither; issue
 * 19). The wording built from values is in push-phrases.ts.
 */
import { withPushPhrases, type PushLocale, type PushTexts } from './push-phrases';

export { describeDevice, type PushLocale, type PushTexts } from './push-phrases';

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
  enabled: 'Push notifications are on for this device.',
  unsupported: 'This browser cannot receive push notifications. On an iPhone, add Prebooker to your home screen (Share → Add to Home Screen) and open it from there.',
  denied: 'Notifications are blocked for Prebooker in this browser’s settings; allow them there, then try again.',
  failed: 'Push could not be turned on. Please try again.',
} as const;

/** The fixed wording of one language, as the page passes it to the card. */
export type PushStrings = { [K in keyof typeof en]: string };

const es: PushStrings = {
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
  enabled: 'Las notificaciones push están activadas en este dispositivo.',
  unsupported: 'Este navegador no puede recibir notificaciones push. En un iPhone, añade Prebooker a tu pantalla de inicio (Compartir → Añadir a pantalla de inicio) y ábrelo desde allí.',
  denied: 'Las notificaciones de Prebooker están bloqueadas en los ajustes de este navegador; permítelas allí y vuelve a intentarlo.',
  failed: 'No se han podido activar las notificaciones push. Vuelve a intentarlo.',
};

export function pushStrings(locale: PushLocale): PushStrings {
  return locale === 'es' ? es : en;
}

export function pushTexts(locale: PushLocale): PushTexts {
  return withPushPhrases(pushStrings(locale), locale);
}
