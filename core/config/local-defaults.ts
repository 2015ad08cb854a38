/**
 * Values that make `npm run dev` and `npm test` work with no `.env`: they point at the local
 * stand-ins started by dev/start.ts. None of them is a real credential — the QStash ones are the
 * public dev-server credentials, the others are placeholders that only unlock local services.
 * Production never falls back to these (see env.ts).
 */
export const LOCAL_PORTS = {
  app: 3000,
  supabase: 54321,
  qstash: 8080,
  aimharder: 8090,
  postgres: 54329,
  mailSmtp: 1025,
  mailWeb: 1080,
  push: 8070,
} as const;

export const LOCAL_DEFAULTS = {
  APP_BASE_URL: `http://127.0.0.1:${LOCAL_PORTS.app}`,
  SUPABASE_URL: `http://127.0.0.1:${LOCAL_PORTS.supabase}`,
  SUPABASE_PUBLISHABLE_KEY: 'sb_publishable_prebooker_local_dev_only',
  SUPABASE_SECRET_KEY: 'sb_secret_prebooker_local_dev_only',
  SUPABASE_JWT_SECRET: 'prebooker-local-dev-jwt-secret-not-for-production',
  // The local cluster's database for the app; dev/stack gives prebooker_executor this password.
  DATABASE_URL: `postgres://prebooker_executor:prebooker-local-executor@127.0.0.1:${LOCAL_PORTS.postgres}/prebooker`,
  QSTASH_URL: `http://127.0.0.1:${LOCAL_PORTS.qstash}`,
  QSTASH_TOKEN: 'eyJVc2VySUQiOiJkZWZhdWx0VXNlciIsIlBhc3N3b3JkIjoiZGVmYXVsdFBhc3N3b3JkIn0=',
  QSTASH_CURRENT_SIGNING_KEY: 'sig_7kYjw48mhY7kAjqNGcy6cr29RJ6r',
  QSTASH_NEXT_SIGNING_KEY: 'sig_5ZB6DVzB1wjE8S6rZ7eenA8Pdnhs',
  // 32 zero-ish bytes would be too obviously fake to be caught by review; this is a documented
  // local-only key (base64 of "prebooker-local-dev-only-key-32b").
  CREDENTIALS_ENCRYPTION_KEY: 'cHJlYm9va2VyLWxvY2FsLWRldi1vbmx5LWtleS0zMmI=',
  SESSION_SECRET: 'prebooker-local-dev-session-secret-not-for-production',
  AIMHARDER_LOGIN_BASE_URL: `http://127.0.0.1:${LOCAL_PORTS.aimharder}/login-host`,
  AIMHARDER_MAIN_BASE_URL: `http://127.0.0.1:${LOCAL_PORTS.aimharder}/main`,
  AIMHARDER_BOX_BASE_URL_TEMPLATE: `http://127.0.0.1:${LOCAL_PORTS.aimharder}/box/{box}`,
  ADMIN_EMAILS: 'admin@prebooker.local',
  // MailDev, started by dev/start.ts: catches every outcome email (inbox on LOCAL_PORTS.mailWeb).
  SMTP_URL: `smtp://127.0.0.1:${LOCAL_PORTS.mailSmtp}`,
  // Web push: a VAPID key pair generated for local use only (`npx web-push generate-vapid-keys`
  // makes a production one). PUSH_DEV_SERVICE_ORIGIN is set by dev/stack only when it starts dev/push.
  VAPID_PUBLIC_KEY: 'BMEwyOzJERwG4M08f-cUa4AU2qHnOK5li2WGCARhKJ94v8dsqrzvuU3Ldj_LyM9TH2EGaICsftep518ZSd4iDe4',
  VAPID_PRIVATE_KEY: 'TdgW0_6clNz57zgbsXSAbE5svOK2Rno0MfK4RGRhXLQ',
  VAPID_SUBJECT: 'mailto:admin@prebooker.local',
} as const;
