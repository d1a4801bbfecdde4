import type { Clock } from '../../clock/clock';
import { composedMessage, parseMessage, type CapturedMessage, type ComposedMessage, type Envelope } from './captured-message';
import type { Mailbox } from './mailbox';

/**
 * How a message enters the capture, whether it came over SMTP (parsed) or was handed over in
 * process by the sandbox's own outbox (composed: its parts are known, issue #31): stored at most `AT_ONCE` at a time (issue #28: memory stays
 * bounded however many arrive at once), and counted for Mailpit's `/api/v1/info`. More than one at
 * a time so that their store writes share one commit (issue #31: one at a time, each message
 * waited for its own fsync, and delivery fell behind provisioning).
 */
export interface IntakeStats {
  accepted: number;
  acceptedSize: number;
  rejected: number;
}

/** The message as SMTP carried it: its raw source and envelope. */
export type AcceptMessage = (raw: Buffer, envelope: Envelope) => Promise<void>;
/** A message the sandbox composed itself. */
export type AcceptComposed = (composed: ComposedMessage) => Promise<void>;

export interface Intake {
  accept: AcceptMessage;
  acceptComposed: AcceptComposed;
}

const AT_ONCE = 8;

export function messageIntake(mailbox: Mailbox, clock: Clock, stats: IntakeStats): Intake {
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
  const take = async (read: (receivedAtMs: number) => CapturedMessage | Promise<CapturedMessage>, rawBytes: number) => {
    await acquire();
    try {
      await mailbox.add(await read(clock.nowMs()));
      stats.accepted++;
      stats.acceptedSize += rawBytes;
    } catch (error) {
      stats.rejected++;
      throw error;
    } finally {
      release();
    }
  };
  return {
    accept: (raw, envelope) => take((at) => parseMessage(raw, at, envelope), raw.length),
    acceptComposed: (composed) => take((at) => composedMessage(composed, at), composed.raw.length),
  };
}
