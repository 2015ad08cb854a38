export { buildWebAppManifest, PWA_BACKGROUND_COLOR, PWA_THEME_COLOR } from './pwa-manifest';
export { OFFLINE_TEXTS, type OfflineLocale } from './offline-texts';
