import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the proxy does with one request. `-after` faults forward the request first, so the service
 * has done the work and only its answer is lost: the case idempotency keys exist for.
 */
export type Fault =
  | { kind: 'pass' }
  /** An error from the proxy itself (a gateway); the service never sees the request. */
  | { kind: 'status'; status: number; retryAfter?: string }
  /** The service's work is done, then the proxy answers with this status instead (a 502 gateway). */
  | { kind: 'status-after'; status: number }
  /** The connection is reset before anything is forwarded. */
  | { kind: 'reset' }
  /** Forwarded and answered by the service; the connection is reset instead of the answer. */
  | { kind: 'reset-after' }
  /** Nothing forwarded, nothing answered: the client's timeout is all that ends it. */
  | { kind: 'hang' }
  /** Forwarded; the answer is withheld. */
  | { kind: 'hang-after' }
  /** Forwarded; the answer's headers at once, then its body one byte per `byteMs`. */
  | { kind: 'slow-body'; byteMs: number };

export interface ProxiedRequest {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  fault: Fault['kind'];
}

export type FaultPlan = (request: { method: string; path: string }, index: number) => Fault;

export const PASS: FaultPlan = () => ({ kind: 'pass' });

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function forward(upstream: URL, req: IncomingMessage, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const out = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 502,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    out.on('error', reject);
    out.end(body);
  });
}

function trickle(res: ServerResponse, answer: Answer, byteMs: number): void {
  const { 'transfer-encoding': _chunked, ...headers } = answer.headers;
  res.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length) });
  let sent = 0;
  const timer = setInterval(() => {
    if (res.destroyed || sent >= answer.body.length) {
      clearInterval(timer);
      if (!res.destroyed) res.end();
      return;
    }
    res.write(answer.body.subarray(sent, sent + 1));
    sent += 1;
  }, byteMs);
  res.on('close', () => clearInterval(timer));
}

/**
 * A real HTTP proxy on 127.0.0.1 in front of `upstream` (a sandbox), misbehaving as `plan` says
 * for each request in turn. Every request is logged with its Idempotency-Key and its fault.
 */
export async function startFaultyProxy(upstream: string, plan: FaultPlan = PASS) {
  const target = new URL(upstream);
  let current = plan;
  let index = 0;
  const requests: ProxiedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const info = { method: req.method ?? 'GET', path: req.url ?? '/' };
      const fault = current(info, index++);
      const key = req.headers['idempotency-key'];
      requests.push({
        ...info,
        idempotencyKey: typeof key === 'string' ? key : undefined,
        fault: fault.kind,
      });
      const reply = (answer: Answer) => {
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      };
      const failed = () => {
        if (!res.headersSent) res.writeHead(502).end();
      };
      switch (fault.kind) {
        case 'pass':
          forward(target, req, body).then(reply, failed);
          return;
        case 'status':
          res.writeHead(fault.status, {
            'content-type': 'application/problem+json',
            ...(fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter }),
          });
          res.end(JSON.stringify({ title: `proxy ${fault.status}` }));
          return;
        case 'status-after':
          forward(target, req, body).then(() => {
            res.writeHead(fault.status, { 'content-type': 'text/html' });
            res.end('<html><body>Bad gateway</body></html>');
          }, failed);
          return;
        case 'reset':
          req.socket.resetAndDestroy();
          return;
        case 'reset-after':
          forward(target, req, body).then(() => req.socket.resetAndDestroy(), failed);
          return;
        case 'hang':
          return;
        case 'hang-after':
          forward(target, req, body).catch(() => undefined);
          return;
        case 'slow-body':
          forward(target, req, body).then((answer) => trickle(res, answer, fault.byteMs), failed);
          return;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** From the next request on. */
    setPlan(next: FaultPlan): void {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type FaultyProxy = Awaited<ReturnType<typeof startFaultyProxy>>;
