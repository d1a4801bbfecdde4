import type { Clock } from '../../clock/clock';
import { parseMessage } from './captured-message';
import type { Mailbox } from './mailbox';

/**
 * How a message enters the capture, whether it came over SMTP or was handed over in process by
 * the sandbox's own outbox: parsed and stored at most `AT_ONCE` at a time (issue #28: memory stays
 * bounded however many arrive at once), and counted for Mailpit's `/api/v1/info`. More than one at
 * a time so that their store writes share one commit (issue #31: one at a time, each message
 * waited for its own fsync, and delivery fell behind provisioning).
 */
export interface IntakeStats {
  accepted: number;
  acceptedSize: number;
  rejected: number;
}

/** The message as SMTP would have carried it: its raw source and envelope. */
export type AcceptMessage = (raw: Buffer, envelope: { from?: string; to: string[] }) => Promise<void>;

const AT_ONCE = 8;

export function messageIntake(mailbox: Mailbox, clock: Clock, stats: IntakeStats): AcceptMessage {
  let storing = 0;
  const waiting: (() => void)[] = [];
  const acquire = () => {
    if (storing < AT_ONCE) {
      storing++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => waiting.push(resolve));
  };
  /** A finished message hands its place straight to the next one waiting. */
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else storing--;
  };
  return async (raw, envelope) => {
    await acquire();
    try {
      await mailbox.add(await parseMessage(raw, clock.nowMs(), envelope));
      stats.accepted++;
      stats.acceptedSize += raw.length;
    } catch (error) {
      stats.rejected++;
      throw error;
    } finally {
      release();
    }
  };
}
