import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { generate } from 'selfsigned';

export interface PushTlsFiles {
  certPath: string;
  keyPath: string;
  cert: string;
  key: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The stand-in's TLS certificate: `web-push` only speaks https (as real push services do), so
 * dev/push serves https on loopback with a self-signed certificate made here, on this machine, for
 * 127.0.0.1 and localhost. The app trusts it through NODE_EXTRA_CA_CERTS (dev/stack sets it);
 * nothing else does. Kept in `dir` and reused until a week before it expires.
 */
export async function ensurePushTls(dir: string): Promise<PushTlsFiles> {
  const certPath = path.join(dir, 'push-service-cert.pem');
  const keyPath = path.join(dir, 'push-service-key.pem');
  if (fs.existsSync(certPath) && fs.existsSync(keyPath)) {
    const cert = fs.readFileSync(certPath, 'utf8');
    if (Date.parse(new X509Certificate(cert).validTo) - Date.now() > 7 * DAY_MS) return { certPath, keyPath, cert, key: fs.readFileSync(keyPath, 'utf8') };
  }
  const now = new Date();
  const pems = await generate([{ name: 'commonName', value: 'Prebooker dev push service' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - DAY_MS),
    notAfterDate: new Date(now.getTime() + 365 * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    ],
  });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(keyPath, pems.private, { mode: 0o600 });
  fs.writeFileSync(certPath, pems.cert);
  return { certPath, keyPath, cert: pems.cert, key: pems.private };
}
