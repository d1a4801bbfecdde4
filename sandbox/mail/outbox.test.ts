import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../store/store';
import type { Delivery, OutgoingEmail } from './delivery';
import { DEFAULT_OUTBOX_OPTIONS, MailOutbox, type OutboxEvent } from './outbox';
import { confirmationEmail } from './templates';

/**
 * The outgoing mail queue on its own: durable across a restart of the store, retried with
 * back-off, refused for good only on a 5xx, bounded.
 */
const email = (n: number): OutgoingEmail => ({ to: `p${n}@example.com`, subject: `Invitation ${n}`, text: 'x', html: 'x' });
const options = { ...DEFAULT_OUTBOX_OPTIONS, firstDelayMs: 5, maxDelayMs: 20 };
const realClock = { nowMs: () => Date.now() };

/** A receiver that records what it is handed, failing while `failing` says so. */
function receiver(failing: (email: OutgoingEmail) => Error | null = () => null) {
  const received: string[] = [];
  const delivery: Delivery = {
    deliver: (e) => {
      const error = failing(e);
      if (error) return Promise.reject(error);
      received.push(e.subject);
      return Promise.resolve();
    },
    close: () => undefined,
  };
  return { received, delivery };
}

const stores: Store[] = [];
const openStore = async (dir: string) => {
  const store = await Store.open({ kind: 'file', dir });
  stores.push(store);
  return store;
};
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

describe('mail outbox', () => {
  it('keeps undelivered mail across a restart and delivers it then', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'outbox-'));
    const down = receiver(() => new Error('Connection refused'));
    const first = new MailOutbox(await openStore(dir), down.delivery, realClock, options);
    for (const n of [1, 2, 3]) first.send(email(n));
    await first.close();
    await stores.pop()!.close();
    expect(down.received).toEqual([]);

    const up = receiver();
    const second = new MailOutbox(await openStore(dir), up.delivery, realClock, options);
    await second.drain();
    expect(up.received).toEqual(['Invitation 1', 'Invitation 2', 'Invitation 3']);
    expect(second.status()).toMatchObject({ queued: 0, delivered: 3 });
    await second.close();
  });

  it('queues an email as its template and arguments and hands it over rendered, after a restart too', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'outbox-'));
    const args = { to: 'pat@example.com', provisioningId: 'prov-1' };
    const first = new MailOutbox(await openStore(dir), receiver(() => new Error('Connection refused')).delivery, realClock, options);
    first.send({ template: 'confirmation', args });
    await first.close();
    await stores.pop()!.close();

    const handedOver: OutgoingEmail[] = [];
    const delivery: Delivery = { deliver: (e) => Promise.resolve(void handedOver.push(e)), close: () => undefined };
    const second = new MailOutbox(await openStore(dir), delivery, realClock, options);
    await second.drain();
    expect(handedOver).toEqual([confirmationEmail(args)]);
    await second.close();
  });

  it('retries a transient failure with back-off until it is delivered', async () => {
    let failures = 2;
    const flaky = receiver(() => (failures-- > 0 ? new Error('Greeting never received') : null));
    const outbox = new MailOutbox(await openStore(mkdtempSync(path.join(tmpdir(), 'outbox-'))), flaky.delivery, realClock, options);
    const events: OutboxEvent['type'][] = [];
    outbox.onEvent((e) => events.push(e.type));
    outbox.send(email(1));
    await expect.poll(() => flaky.received, { timeout: 5000 }).toEqual(['Invitation 1']);
    expect(events).toEqual(['retrying', 'retrying', 'sent']);
    expect(outbox.status()).toMatchObject({ queued: 0, delivered: 1, retried: 2 });
    await outbox.close();
  });

  it('gives up on a message the server refuses for good (5xx) and keeps delivering the rest', async () => {
    const picky = receiver((e) =>
      e.to === 'p1@example.com' ? Object.assign(new Error('550 no such mailbox'), { responseCode: 550 }) : null,
    );
    const outbox = new MailOutbox(await openStore(mkdtempSync(path.join(tmpdir(), 'outbox-'))), picky.delivery, realClock, options);
    const events: OutboxEvent['type'][] = [];
    outbox.onEvent((e) => events.push(e.type));
    outbox.send(email(1));
    outbox.send(email(2));
    await outbox.drain();
    expect(picky.received).toEqual(['Invitation 2']);
    expect(events.sort()).toEqual(['failed', 'sent']);
    expect(outbox.status()).toMatchObject({ queued: 0, failed: 1 });
    await outbox.close();
  });

  it('has no room at its capacity, and room again once mail is delivered', async () => {
    let open = false;
    const gated = receiver(() => (open ? null : new Error('Connection timeout')));
    const outbox = new MailOutbox(await openStore(mkdtempSync(path.join(tmpdir(), 'outbox-'))), gated.delivery, realClock, {
      ...options,
      capacity: 2,
    });
    outbox.send(email(1));
    expect(outbox.hasRoom()).toBe(true);
    outbox.send(email(2));
    expect(outbox.hasRoom()).toBe(false);
    open = true;
    await expect.poll(() => outbox.hasRoom(), { timeout: 5000 }).toBe(true);
    await outbox.close();
  });
});
