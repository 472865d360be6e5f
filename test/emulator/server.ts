/**
 * One HTTPS server for every emulated service. Requests are routed by host and
 * path, answered as JSON, and each is written to the request log with the
 * service, status, caller and error code.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  parseQuery,
  type EmulatorRequest,
  type EmulatorResponse,
  type Service,
  type ServiceContext,
} from './http.js';

export interface RunningServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function toEmulatorRequest(req: IncomingMessage, body: string): EmulatorRequest {
  const raw = req.url ?? '/';
  const q = raw.indexOf('?');
  const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    host: host === '127.0.0.1' ? 'localhost' : host,
    path: q < 0 ? raw : raw.slice(0, q),
    query: parseQuery(q < 0 ? '' : raw.slice(q + 1)),
    headers: req.headers,
    body,
  };
}

function send(res: ServerResponse, answer: EmulatorResponse): void {
  const headers: Record<string, string> = {
    'x-ms-request-id': crypto.randomUUID(),
    ...answer.headers,
  };
  let payload = '';
  if (answer.json !== undefined) {
    payload = JSON.stringify(answer.json);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  } else if (answer.text !== undefined) {
    payload = answer.text;
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  }
  res.writeHead(answer.status, headers);
  res.end(payload);
}

async function dispatch(
  services: Service[],
  ctx: ServiceContext,
  req: EmulatorRequest,
): Promise<{ answer: EmulatorResponse; service: Service['name'] }> {
  const service = services.find((s) => s.matches(req, ctx.endpoints));
  if (!service) {
    return {
      service: 'unknown',
      answer: {
        status: 404,
        json: {
          error: {
            code: 'NotFound',
            message: `The emulator has no route for ${req.method} ${req.host}${req.path}`,
          },
        },
        code: 'NotFound',
      },
    };
  }
  try {
    return { service: service.name, answer: await service.handle(req, ctx) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      service: service.name,
      answer: {
        status: 500,
        json: { error: { code: 'EmulatorError', message } },
        code: 'EmulatorError',
      },
    };
  }
}

export async function startServer(
  options: { port: number; certPem: string; keyPem: string },
  services: Service[],
  context: () => ServiceContext,
): Promise<RunningServer> {
  const server = createServer(
    { cert: options.certPem, key: options.keyPem, keepAlive: true },
    (req, res) => {
      void (async () => {
        const request = toEmulatorRequest(req, await readBody(req));
        const ctx = context();
        const { answer, service } = await dispatch(services, ctx, request);
        ctx.state.record({
          service,
          method: request.method,
          host: request.host,
          path: request.path,
          status: answer.reset ? 0 : answer.status,
          caller: answer.caller,
          code: answer.reset ? 'ECONNRESET' : answer.code,
        });
        if (answer.reset) {
          req.socket.destroy();
          return;
        }
        send(res, answer);
      })();
    },
  );
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
