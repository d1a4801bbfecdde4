import type { Clock } from '../../clock/clock';
import { composedMessage, parseMessage, type CapturedMessage, type ComposedMessage, type Envelope } from './captured-message';
import type { Mailbox } from './mailbox';

/**
 * How a message enters the capture, counted for Mailpit's `/api/v1/info`:
 * - over SMTP: anyone's mail, parsed, at most `AT_ONCE` at a time (issue #28: memory stays bounded
 *   however many arrive at once; more than one so that their store writes share one commit);
 * - handed over in process by the sandbox's own outbox, composed: its parts are known, nothing is
 *   parsed, and the outbox bounds how many are handed over at once (issue #31: enough to share
 *   each commit, since every message waits for its body's and its metadata's fsync).
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
  const store = async (message: () => CapturedMessage | Promise<CapturedMessage>, rawBytes: number) => {
    try {
      await mailbox.add(await message());
      stats.accepted++;
      stats.acceptedSize += rawBytes;
    } catch (error) {
      stats.rejected++;
      throw error;
    }
  };
  return {
    accept: async (raw, envelope) => {
      await acquire();
      try {
        await store(() => parseMessage(raw, clock.nowMs(), envelope), raw.length);
      } finally {
        release();
      }
    },
    acceptComposed: (composed) => store(() => composedMessage(composed, clock.nowMs()), composed.raw.length),
  };
}
