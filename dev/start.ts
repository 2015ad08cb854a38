/**
 * `npm run dev`: the whole product on this machine with no cloud account and no internet.
 * Starts PostgreSQL (data in .data/, kept between runs) + migrations + Supabase API, the QStash
 * stand-in, the AimHarder simulator and `next dev`; prints where everything is; Ctrl-C stops all.
 */
import path from 'node:path';
import { LOCAL_PORTS } from '../core/config/local-defaults';
import { assertPortFree } from './stack/free-port';
import { startStack, type StackPorts } from './stack/start-stack';
import { DEMO } from './aimharder';

const portFromEnv = (variable: string, fallback: number): number => {
  const raw = process.env[variable];
  if (!raw) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`${variable}=${raw} is not a valid port.`);
  return port;
};

async function main(): Promise<void> {
  const started = Date.now();
  const ports = {
    app: portFromEnv('PORT', LOCAL_PORTS.app),
    supabase: portFromEnv('PREBOOKER_SUPABASE_PORT', LOCAL_PORTS.supabase),
    qstash: portFromEnv('QSTASH_DEV_PORT', LOCAL_PORTS.qstash),
    aimharder: portFromEnv('AIMHARDER_SIM_PORT', LOCAL_PORTS.aimharder),
    postgres: portFromEnv('PREBOOKER_DB_PORT', LOCAL_PORTS.postgres),
    mailSmtp: portFromEnv('MAILDEV_SMTP_PORT', LOCAL_PORTS.mailSmtp),
    mailWeb: portFromEnv('MAILDEV_WEB_PORT', LOCAL_PORTS.mailWeb),
    push: portFromEnv('PUSH_DEV_PORT', LOCAL_PORTS.push),
  } satisfies StackPorts;
  await assertPortFree(ports.app, 'Next.js app', 'PORT');
  await assertPortFree(ports.supabase, 'Supabase API', 'PREBOOKER_SUPABASE_PORT');
  await assertPortFree(ports.qstash, 'QStash dev server', 'QSTASH_DEV_PORT');
  await assertPortFree(ports.aimharder, 'AimHarder simulator', 'AIMHARDER_SIM_PORT');
  await assertPortFree(ports.postgres, 'PostgreSQL', 'PREBOOKER_DB_PORT');
  await assertPortFree(ports.mailSmtp, 'MailDev SMTP', 'MAILDEV_SMTP_PORT');
  await assertPortFree(ports.mailWeb, 'MailDev inbox', 'MAILDEV_WEB_PORT');
  await assertPortFree(ports.push, 'Web Push stand-in', 'PUSH_DEV_PORT');

  const projectRoot = process.cwd();
  const stack = await startStack({
    ports,
    projectRoot,
    dataDir: path.join(projectRoot, '.data'),
    persistent: true,
    next: 'dev',
    // Links in emails and the calendar feed use the host the banner prints, so the cookie applies.
    appEnv: { APP_LINK_BASE_URL: `http://localhost:${ports.app}` },
    echo: true,
    log: (line) => console.log(`[prebooker] ${line}`),
  });

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\n[prebooker] stopping every service…');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  await ensureSweepSchedule(stack.env).catch((error: unknown) =>
    console.warn(`[prebooker] could not create the QStash schedules: ${error instanceof Error ? error.message : String(error)}`),
  );

  console.log(`
────────────────────────────────────────────────────────────
 Prebooker is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)

   App                 http://localhost:${ports.app}
   Supabase API        ${stack.urls.supabase}
   QStash (dev)        ${stack.urls.qstash}   (pending messages, DLQ, schedules: open it)
   AimHarder simulator ${stack.urls.aimharder}  (/__sim/boxes)
   Mail inbox          http://localhost:${ports.mailWeb}   (MailDev: every outcome email lands here; SMTP on ${ports.mailSmtp})
   Web Push stand-in   ${stack.urls.push}   (records pushes sent to its endpoints: /__push/messages; see README "Web push")

 Demo box:    ${DEMO.box.name} (${DEMO.box.subdomain}, ${DEMO.box.timeZone}, opens ${DEMO.box.rule.days} days ahead)
 Demo member: ${DEMO.member.email} / ${DEMO.member.password}
 Demo admin:  ${DEMO.admin.email} / ${DEMO.admin.password}

 Data lives in .data/ (delete it to start over). Ctrl-C stops everything.
────────────────────────────────────────────────────────────`);
}

/** Creates the sweep and daily goals schedules (idempotent, fixed ids), as `npm run qstash:setup` does. */
async function ensureSweepSchedule(env: Record<string, string>): Promise<void> {
  const { setUpQStashSchedules } = await import('./qstash-setup');
  await setUpQStashSchedules(env);
}

main().catch((error: unknown) => {
  console.error(`[prebooker] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
