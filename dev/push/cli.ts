/**
 * `npm run dev:push -- [--port 8070] [--host 127.0.0.1] [--tls-dir .data/push] [--quiet]`
 * (port also from PUSH_DEV_PORT). The control API (/__push/) is on unless NODE_ENV=production.
 */
import path from 'node:path';
import { LOCAL_PORTS } from '@/core/config/local-defaults';
import { startPushService } from './push-service';
import { ensurePushTls } from './push-tls';

function fail(message: string): never {
  console.error(`[push] ${message}`);
  process.exit(2);
}

function parseArgs(argv: string[]): { port: number; host: string; tlsDir: string; quiet: boolean } {
  const envPort = process.env.PUSH_DEV_PORT;
  const options = { port: envPort ? Number(envPort) : LOCAL_PORTS.push, host: '127.0.0.1', tlsDir: path.join('.data', 'push'), quiet: false };
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index]!;
    switch (flag) {
      case '--port':
        options.port = Number(argv[++index]);
        break;
      case '--host':
        options.host = argv[++index] ?? fail('--host needs a value');
        break;
      case '--tls-dir':
        options.tlsDir = argv[++index] ?? fail('--tls-dir needs a value');
        break;
      case '--quiet':
        options.quiet = true;
        break;
      case '--help':
      case '-h':
        console.log('usage: npm run dev:push -- [--port 8070] [--host 127.0.0.1] [--tls-dir .data/push] [--quiet]');
        process.exit(0);
        break;
      default:
        fail(`unknown option ${flag} (try --help)`);
    }
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) fail(`port ${options.port} is not a valid port`);
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const tls = await ensurePushTls(options.tlsDir);
  const enableControlApi = process.env.NODE_ENV !== 'production';
  const service = await startPushService({
    port: options.port,
    host: options.host,
    cert: tls.cert,
    key: tls.key,
    enableControlApi,
    logger: options.quiet ? undefined : (line) => console.log(`[push] ${line}`),
  });
  console.log(`Web Push stand-in on ${service.url} (push resource /push/<id>; control API ${enableControlApi ? `${service.url}/__push/messages` : 'off'}; certificate ${tls.certPath})`);
  const shutdown = async () => {
    await service.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
