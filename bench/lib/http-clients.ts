/**
 * The HTTP clients `bench:http-client` compares, each making one JSON POST and parsing the answer
 * as supabase-js does.
 */
import http from 'node:http';
import { request as undiciRequest } from 'undici';
import { nodeHttpFetch } from '../../core/http/node-http-fetch';

type Client = (url: string, body: string) => Promise<unknown>;

const keepAliveAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export const CLIENTS: Record<string, Client> = {
  fetch: async (url, body) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return response.json();
  },
  'undici.request': async (url, body) => {
    const response = await undiciRequest(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return response.body.json();
  },
  'node:http': (url, body) =>
    new Promise((resolve, reject) => {
      const request = http.request(url, { method: 'POST', agent: keepAliveAgent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end(body);
    }),
  nodeHttpFetch: async (url, body) => {
    const response = await nodeHttpFetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return response.json();
  },
};

