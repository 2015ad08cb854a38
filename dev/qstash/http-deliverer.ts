import http from 'node:http';
import https from 'node:https';
import { canonicalHeaderName } from './header-names';
import type { HeaderMap, HttpMethod } from './qstash-records';

export interface DeliveryRequest {
  url: string;
  method: HttpMethod;
  headers: Record<string, string | string[]>;
  body: Buffer;
  timeoutMs: number;
}

export interface DeliveryResponse {
  /** Undefined when no HTTP response came back (connection refused, reset, timeout). */
  status?: number;
  headers?: HeaderMap;
  /** First bytes of the response body (QStash may truncate them too). */
  body?: Buffer;
  error?: string;
}

/** Response bodies are kept for callbacks and the DLQ only up to this size, to bound memory. */
const RESPONSE_BODY_CAP_BYTES = 64 * 1024;

export class DeliveryAbortedError extends Error {
  constructor() {
    super('delivery aborted: the server is stopping');
  }
}

/**
 * Calls destinations over keep-alive connections, so 2,000 deliveries due in the same second
 * reuse sockets instead of paying a TCP handshake each. node:http rather than fetch because QStash
 * may send a body with GET, which fetch refuses.
 */
export class HttpDeliverer {
  // No cap on sockets per destination: QStash delivers every due message in parallel, and a
  // delivery may stay open for as long as its destination takes (a prebooking waits for its instant).
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 256, timeout: 4_000 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 256, timeout: 4_000 });
  /** Requests in flight, so stopping the server can abort them (those attempts do not count). */
  private readonly active = new Set<() => void>();
  private closed = false;

  async deliver(request: DeliveryRequest): Promise<DeliveryResponse> {
    try {
      return await this.send(request);
    } catch (error) {
      // A keep-alive socket the destination closed just as we reused it: not the destination's
      // fault, so try once more on a fresh connection (the pattern Node's docs recommend).
      if ((error as { reusedSocket?: boolean }).reusedSocket && !this.closed) return this.send(request);
      throw error;
    }
  }

  /** Aborts every request in flight with DeliveryAbortedError and refuses new ones. */
  abortAll(): void {
    this.closed = true;
    for (const abort of [...this.active]) abort();
  }

  close(): void {
    this.abortAll();
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private send(request: DeliveryRequest): Promise<DeliveryResponse> {
    return new Promise((resolve, reject) => {
      if (this.closed) {
        reject(new DeliveryAbortedError());
        return;
      }
      const url = new URL(request.url);
      const isHttps = url.protocol === 'https:';
      const client = isHttps ? https : http;
      let settled = false;
      const finish = (result: DeliveryResponse | Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.active.delete(onAbort);
        if (result instanceof Error) reject(result);
        else resolve(result);
      };
      const req = client.request(
        url,
        {
          method: request.method,
          headers: { ...request.headers, 'content-length': String(request.body.length) },
          agent: isHttps ? this.httpsAgent : this.httpAgent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let kept = 0;
          res.on('data', (chunk: Buffer) => {
            if (kept >= RESPONSE_BODY_CAP_BYTES) return;
            const slice = chunk.subarray(0, RESPONSE_BODY_CAP_BYTES - kept);
            chunks.push(slice);
            kept += slice.length;
          });
          res.on('end', () => {
            const headers: HeaderMap = {};
            for (const [name, values] of Object.entries(res.headersDistinct)) {
              if (values) headers[canonicalHeaderName(name)] = values;
            }
            finish({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
          });
          res.on('error', (error) => finish({ error: `response aborted: ${error.message}` }));
        },
      );
      const onAbort = () => {
        req.destroy();
        finish(new DeliveryAbortedError());
      };
      this.active.add(onAbort);
      const timer = setTimeout(() => {
        req.destroy();
        finish({ error: `timed out after ${request.timeoutMs / 1000}s without a response` });
      }, request.timeoutMs);
      timer.unref();
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (settled) return;
        if (req.reusedSocket && error.code === 'ECONNRESET') {
          finish(Object.assign(new Error(error.message), { reusedSocket: true }));
          return;
        }
        finish({ error: `${error.code ?? 'request failed'}: ${error.message}` });
      });
      req.end(request.body);
    });
  }
}
