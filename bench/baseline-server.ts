import { serve } from '@hono/node-server';
import { Hono } from 'hono';

/** The baseline: a bare Hono "ok" route on @hono/node-server, the ceiling for this stack here. */
const port = Number(process.argv[2] ?? 0);
const app = new Hono().get('/', (c) => c.text('ok')).get('/_health', (c) => c.text('ok'));
serve({ fetch: app.fetch, hostname: '127.0.0.1', port });
