import { describe, expect, it } from 'vitest';
import { LoggedCall } from './request-log';
import { RecentRequests } from './recent-requests';

const call = (path: string, n = 0) => new LoggedCall(n, 'GET', path, 200, null, undefined, 1, []);

describe('recent requests (the console\'s "Every call")', () => {
  it('keeps the newest first, up to its capacity', () => {
    const recent = new RecentRequests(3);
    for (let n = 1; n <= 5; n++) recent.add(call(`/_sandbox/clock`, n));
    expect(recent.list().map((line) => Date.parse(line.time))).toEqual([5, 4, 3]);
  });

  it("leaves out the console's own pages, static assets and health checks, so refreshing and probes push nothing out", () => {
    const recent = new RecentRequests();
    for (const path of [
      '/',
      '/console/requests',
      '/console/assets/console.js',
      '/assets/nhsuk-frontend.min.css',
      '/docs/assets/init.js',
      '/favicon.ico',
    ])
      recent.add(call(path));
    for (const path of ['/token', '/docs', '/_sandbox/reset', '/claim/start', '/consoles']) recent.add(call(path));
    expect(recent.list().map((line) => line.path)).toEqual(['/consoles', '/claim/start', '/_sandbox/reset', '/docs', '/token']);
  });
});
