import { Fifo } from '../store/fifo';
import type { LoggedCall, RequestLogLine } from './request-log';

/**
 * The last calls the sandbox answered, newest first, for the console's "Every call" table: the
 * request log's own lines (so nothing secret: no header, body, query or token), kept in memory and
 * bounded. The console's pages, static assets and health checks are left out, or the console's own
 * refreshing (and a container's health probe) would push everything else out. What the console
 * does through the admin API (`/console/admin/*`) is shown.
 */
const NOT_SHOWN = /^\/(console(?!\/admin\/)(\/|$)|assets\/|docs\/assets\/|favicon\.ico$|_health$)|^\/$/;

export class RecentRequests {
  // A Fifo, not an array spliced at the front: once full, every request moved all the calls kept.
  #calls = new Fifo<LoggedCall>();

  constructor(readonly capacity = 1000) {}

  add(call: LoggedCall): void {
    // Judged on the line as shown. Redaction and escaping never turn a path that is shown into one
    // that is not, so the line is formatted here only for a path that, as requested, looks left out.
    if (NOT_SHOWN.test(call.path) && NOT_SHOWN.test(call.line.path)) return;
    this.#calls.push(call);
    if (this.#calls.length > this.capacity) this.#calls.shift();
  }

  /** Newest first. */
  list(): RequestLogLine[] {
    return this.#calls
      .toArray()
      .reverse()
      .map((call) => call.line);
  }
}
