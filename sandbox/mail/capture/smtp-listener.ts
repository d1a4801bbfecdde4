import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { AcceptMessage, IntakeStats } from './intake';

/**
 * The capture's SMTP side: accepts any sender and recipient without authentication, as Mailpit
 * does, refuses messages over the size limit (552) and never lets a bad client take it down.
 */
export async function startSmtpListener(opts: {
  host: string;
  port: number;
  maxMessageBytes: number;
  accept: AcceptMessage;
  stats: IntakeStats;
}) {
  // Memory stays bounded (issue #28): a few clients at once, a few messages parsed at a time (the
  // intake's bound), and nothing buffered past the size limit.
  const server = new SMTPServer({
    maxClients: 8,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    size: opts.maxMessageBytes,
    banner: 'NHS login sandbox mail capture',
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let received = 0;
      stream.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received <= opts.maxMessageBytes) chunks.push(chunk);
      });
      stream.on('error', () => undefined);
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          opts.stats.rejected++;
          const error = Object.assign(new Error(`message exceeds the ${opts.maxMessageBytes}-byte limit`), { responseCode: 552 });
          return callback(error);
        }
        const raw = Buffer.concat(chunks);
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        opts.accept(raw, envelope).then(
          () => callback(),
          (error: Error) => callback(Object.assign(new Error(`could not store the message: ${error.message}`), { responseCode: 451 })),
        );
      });
    },
  });
  // A client sending garbage or dropping the connection is its problem, not the capture's.
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
