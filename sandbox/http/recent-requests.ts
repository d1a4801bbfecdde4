import { Fifo } from '../store/fifo';
import type { RequestLogLine } from './request-log';

/**
 * The last calls the sandbox answered, newest first, for the console's "Every call" table: the
 * request log's own lines (so nothing secret: no header, body, query or token), kept in memory and
 * bounded. The console's pages, static assets and health checks are left out, or the console's own
 * refreshing (and a container's health probe) would push everything else out. What the console
 * does through the admin API (`/console/admin/*`) is shown.
 */
const NOT_SHOWN = /^\/(console(?!\/admin\/)(\/|$)|assets\/|docs\/assets\/|favicon\.ico$|_health$)|^\/$/;

export class RecentRequests {
  // A Fifo, not an array spliced at the front: once full, every request moved all the lines kept.
  #lines = new Fifo<RequestLogLine>();

  constructor(readonly capacity = 1000) {}

  add(line: RequestLogLine): void {
    if (NOT_SHOWN.test(line.path)) return;
    this.#lines.push(line);
    if (this.#lines.length > this.capacity) this.#lines.shift();
  }

  /** Newest first. */
  list(): RequestLogLine[] {
    return this.#lines.toArray().reverse();
  }
}
