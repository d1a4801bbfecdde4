import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Sandbox } from './sandbox';

/**
 * Puts a sandbox on the network: plain HTTP on loopback by default, HTTPS (TLS 1.2 minimum, as
 * the real service) when a certificate and key are configured.
 */
export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

export function listen(sandbox: Sandbox): Promise<RunningServer> {
  const { config } = sandbox;
  return new Promise((resolve, reject) => {
    let server: ServerType;
    const onListening = (info: AddressInfo) =>
      resolve({
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Idle keep-alive sockets would hold close() open; in-flight requests still finish.
            (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
          }),
      });
    server = serve(
      {
        fetch: sandbox.app.fetch,
        hostname: config.host,
        port: config.port,
        ...(config.secure
          ? {
              createServer: createHttpsServer,
              serverOptions: {
                cert: readFileSync(config.tlsCert!),
                key: readFileSync(config.tlsKey!),
                minVersion: 'TLSv1.2' as const,
              },
            }
          : {}),
      },
      onListening,
    );
    server.once('error', reject);
  });
}
