import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Config } from './config/config';

/**
 * Puts a fetch handler on the network: plain HTTP on loopback by default, HTTPS (TLS 1.2 minimum,
 * as the real service) when a certificate and key are given. Used for the sandbox and the
 * embedded mail capture's Mailpit API alike.
 */
export interface RunningServer {
  /** The address actually bound (loopback unless configured otherwise). */
  address: string;
  port: number;
  close(): Promise<void>;
}

export function listenHttp(
  fetch: (request: Request, env?: unknown) => Response | Promise<Response>,
  options: { host: string; port: number; headersTimeoutMs: number; tls?: { certFile: string; keyFile: string } },
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const onListening = (info: AddressInfo) =>
      resolve({
        address: info.address,
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Idle keep-alive sockets would hold close() open; in-flight requests still finish.
            (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
          }),
      });
    // A client that trickles its headers is cut off after headersTimeoutMs (checked every second,
    // not Node's default 30 s), and a whole request may take at most four times that.
    const timeouts = {
      headersTimeout: options.headersTimeoutMs,
      requestTimeout: options.headersTimeoutMs * 4,
      connectionsCheckingInterval: 1000,
    };
    const tls = options.tls
      ? {
          createServer: createHttpsServer,
          serverOptions: {
            ...timeouts,
            cert: readFileSync(options.tls.certFile),
            key: readFileSync(options.tls.keyFile),
            minVersion: 'TLSv1.2' as const,
          },
        }
      : { serverOptions: timeouts };
    // onListening closes over `server`: it runs only after serve() has returned.
    const server: ServerType = serve({ fetch, hostname: options.host, port: options.port, ...tls }, onListening);
    server.once('error', reject);
  });
}

/** The sandbox's own listener: where the configuration says, over TLS when it names a certificate. */
export function listen(sandbox: { app: Hono; config: Config }): Promise<RunningServer> {
  const { config } = sandbox;
  return listenHttp(sandbox.app.fetch, {
    host: config.host,
    port: config.port,
    headersTimeoutMs: config.headersTimeoutSeconds * 1000,
    ...(config.secure ? { tls: { certFile: config.tlsCert!, keyFile: config.tlsKey! } } : {}),
  });
}
