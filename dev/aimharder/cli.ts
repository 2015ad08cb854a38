/**
 * `npm run dev:aimharder -- --port 8090 [--host 127.0.0.1] [--rivals] [--skew-ms N]
 *  [--session-lifetime-ms N] [--quiet]` (port also from AIMHARDER_SIM_PORT).
 * The control API (/__sim/) is on unless NODE_ENV=production.
 */
import { LOCAL_PORTS } from '@/core/config/local-defaults';
import { DEMO, DEMO_BOX, NORTE_BOX, SUR_BOX, startAimHarderSimulator, type SimSettingsPatch } from './index';
import { describeRule } from './booking-window';

interface CliOptions {
  port: number;
  host: string;
  rivals: boolean;
  quiet: boolean;
  settings: SimSettingsPatch;
  sessionLifetimeMs?: number;
}

function fail(message: string): never {
  console.error(`[aimharder-sim] ${message}`);
  process.exit(2);
}

function numberArg(flag: string, raw: string | undefined, integer = true): number {
  const value = Number(raw);
  if (raw === undefined || raw === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) fail(`${flag} needs a number, got ${raw ?? 'nothing'}`);
  return value;
}

function parseArgs(argv: string[]): CliOptions {
  const envPort = process.env.AIMHARDER_SIM_PORT;
  const options: CliOptions = {
    port: envPort ? numberArg('AIMHARDER_SIM_PORT', envPort) : LOCAL_PORTS.aimharder,
    host: '127.0.0.1',
    rivals: false,
    quiet: false,
    settings: {},
  };
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index]!;
    const [name, inline] = flag.includes('=') ? [flag.slice(0, flag.indexOf('=')), flag.slice(flag.indexOf('=') + 1)] : [flag, undefined];
    const value = () => inline ?? argv[++index];
    switch (name) {
      case '--port':
        options.port = numberArg('--port', value());
        break;
      case '--host':
        options.host = value() ?? fail('--host needs a value');
        break;
      case '--rivals':
        options.rivals = true;
        break;
      case '--skew-ms':
        options.settings.clockSkewMs = numberArg('--skew-ms', value(), false);
        break;
      case '--session-lifetime-ms':
        options.sessionLifetimeMs = numberArg('--session-lifetime-ms', value());
        break;
      case '--quiet':
        options.quiet = true;
        break;
      case '--help':
      case '-h':
        console.log('usage: npm run dev:aimharder -- [--port 8090] [--host 127.0.0.1] [--rivals] [--skew-ms N] [--session-lifetime-ms N] [--quiet]');
        process.exit(0);
        break;
      default:
        fail(`unknown option ${flag} (try --help)`);
    }
  }
  if (options.port < 0 || options.port > 65535) fail(`--port ${options.port} is not a valid port`);
  if (options.rivals) options.settings.rivals = { enabled: true };
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const enableControlApi = process.env.NODE_ENV !== 'production';
  const sim = await startAimHarderSimulator({
    port: options.port,
    host: options.host,
    enableControlApi,
    settings: options.settings,
    ...(options.sessionLifetimeMs !== undefined ? { sessionLifetimeMs: options.sessionLifetimeMs } : {}),
    logger: options.quiet ? undefined : (line) => console.log(`[aimharder-sim] ${line}`),
  });

  const boxLines = [DEMO_BOX, NORTE_BOX, SUR_BOX].map(
    (box) => `   ${box.subdomain.padEnd(9)} id ${box.boxId}  ${box.name} (${box.timeZone}) — ${describeRule(box.rule)}`,
  );
  console.log(`
AimHarder simulator on ${sim.url}
   login host  ${sim.hosts.loginBaseUrl}
   main host   ${sim.hosts.mainBaseUrl}
   box hosts   ${sim.hosts.boxBaseUrlTemplate}
   control API ${enableControlApi ? `${sim.url}/__sim/boxes` : 'disabled (NODE_ENV=production)'}
   rivals      ${options.rivals ? 'on for popular classes' : 'off (--rivals to enable)'}
Boxes
${boxLines.join('\n')}
Members
   ${DEMO.member.email} / ${DEMO.member.password}   (demobox, nortebox)
   ${DEMO.admin.email} / ${DEMO.admin.password}  (demobox)
   ${DEMO.secondMember.email} / ${DEMO.secondMember.password} (demobox, surbox)
`);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await sim.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  fail(error instanceof Error ? error.message : String(error));
});
