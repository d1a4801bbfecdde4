import type { Clock } from '../../clock/clock';
import { parseMessage } from './captured-message';
import type { Mailbox } from './mailbox';

/**
 * How a message enters the capture, whether it came over SMTP or was handed over in process by
 * the sandbox's own outbox: parsed and stored one at a time (issue #28: memory stays bounded
 * however many arrive at once), and counted for Mailpit's `/api/v1/info`.
 */
export interface IntakeStats {
  accepted: number;
  acceptedSize: number;
  rejected: number;
}

/** The message as SMTP would have carried it: its raw source and envelope. */
export type AcceptMessage = (raw: Buffer, envelope: { from?: string; to: string[] }) => Promise<void>;

export function messageIntake(mailbox: Mailbox, clock: Clock, stats: IntakeStats): AcceptMessage {
  let parsing: Promise<unknown> = Promise.resolve();
  return (raw, envelope) => {
    const stored = parsing
      .catch(() => undefined)
      .then(() => parseMessage(raw, clock.nowMs(), envelope))
      .then((message) => mailbox.add(message));
    parsing = stored;
    return stored.then(
      () => {
        stats.accepted++;
        stats.acceptedSize += raw.length;
      },
      (error: unknown) => {
        stats.rejected++;
        throw error;
      },
    );
  };
}
