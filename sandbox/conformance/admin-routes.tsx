import { Hono, type Context } from 'hono';
import * as z from 'zod';
import { adminError, readAdminInput } from '../http/admin-errors';
import { RunRecord, type ConformanceReport } from './assess';
import { unknownClientMessage, type ConformanceService, type ReportRequest } from './conformance-service';
import { Justifications } from './justifications';
import { describeSetup, type ConformancePlan } from './plan';
import { renderHtml } from './report-page';
import { renderJunit } from './render-junit';
import { renderText } from './render-text';
import { operation, pathParam, query, str, type PathItems } from '../http/openapi';

/**
 * GET /_sandbox/conformance lists the clients with verified traffic and those registered.
 * GET /_sandbox/conformance/{clientId}[?since=ISO&format=html|json|junit|text]: the live report.
 * POST the same path with `{since?, format?, justifications?}`: the report with declared
 * justifications (what `npm run conformance -- --justify` sends). An unregistered client is 404,
 * naming the registered ones. GET /_sandbox/conformance-plan: the test plan.
 */
const FORMATS = {
  html: (r: ConformanceReport) => new Response(renderHtml(r), { headers: { 'content-type': 'text/html; charset=utf-8' } }),
  json: (r: ConformanceReport) => Response.json(r),
  junit: (r: ConformanceReport) => new Response(renderJunit(r), { headers: { 'content-type': 'application/xml; charset=utf-8' } }),
  text: (r: ConformanceReport) => new Response(renderText(r), { headers: { 'content-type': 'text/plain; charset=utf-8' } }),
} as const;
const Format = z.enum(Object.keys(FORMATS) as [keyof typeof FORMATS, ...(keyof typeof FORMATS)[]]);
const Since = z.iso.datetime({ offset: true, error: 'since must be an ISO 8601 time, e.g. 2026-01-31T09:00:00Z' });
const ReportOptions = z
  .object({ since: Since.optional(), format: Format.default('json'), run: RunRecord.optional() })
  .extend(Justifications.partial().shape)
  .strict();

export function conformanceAdminRoutes(
  service: ConformanceService,
  accessTokenTtlSeconds: () => number,
  arrangeRun: (plan: ConformancePlan) => Promise<ConformancePlan & { run: string }>,
) {
  const published = (plan: ConformancePlan) => ({
    ...plan,
    accessTokenTtlSeconds: accessTokenTtlSeconds(),
    steps: plan.steps.map((step) => ({ ...step, setupDescription: describeSetup(step.setup, accessTokenTtlSeconds()) })),
  });
  const answer = (c: Context, clientId: string, format: keyof typeof FORMATS, request: ReportRequest) => {
    const report = service.report(clientId, request);
    if (!report) return adminError(c, 404, 'unknown_client', unknownClientMessage(clientId, service.knownClients()));
    return FORMATS[format](report);
  };
  const window = (since: string | undefined): ReportRequest => (since === undefined ? {} : { since, sinceMs: Date.parse(since) });

  return (
    new Hono()
      .get('/conformance', (c) =>
        c.json({
          clients: service.reports().map((r) => ({ client_id: r.clientId, verdict: r.verdict })),
          registered: service.knownClients(),
        }),
      )
      .get('/conformance-plan', (c) => c.json(published(service.plan)))
      // A run's own patients (plan-run.ts): the plan with each step's patient copied afresh.
      .post('/conformance-plan/runs', async (c) => c.json(published(await arrangeRun(service.plan)), 201))
      .get('/conformance/:clientId', (c) => {
        const format = Format.safeParse(c.req.query('format') ?? 'html');
        if (!format.success) return adminError(c, 400, 'invalid_request', `format must be one of ${Format.options.join(', ')}`);
        const since = c.req.query('since');
        if (since !== undefined && !Since.safeParse(since).success)
          return adminError(c, 400, 'invalid_request', `since must be an ISO 8601 time (got ${JSON.stringify(since)})`);
        return answer(c, c.req.param('clientId'), format.data, window(since));
      })
      .post('/conformance/:clientId', async (c) => {
        const read = await readAdminInput(c, ReportOptions);
        if (!read.ok) return read.response;
        return answer(c, c.req.param('clientId'), read.input.format, {
          ...window(read.input.since),
          justifications: read.input.justifications ?? [],
          ...(read.input.run ? { run: read.input.run } : {}),
        });
      })
  );
}

export const conformanceAdminPaths = (): PathItems => ({
  '/conformance': {
    get: operation('conformance', 'Clients with verified traffic (and their verdicts) and the registered ones', {
      answers: { '200': 'clients, registered' },
    }),
  },
  '/conformance-plan': {
    get: operation('conformance', 'The conformance test plan, with how the sandbox sets up each step', {
      answers: { '200': 'version, steps' },
    }),
  },
  '/conformance-plan/runs': {
    post: operation('conformance', "A plan run's own patients: the plan with each step's patient copied afresh, in the same situation", {
      answers: { '201': 'run, version, steps' },
    }),
  },
  '/conformance/{clientId}': {
    get: operation('conformance', "A client's conformance report", {
      parameters: [
        pathParam('clientId'),
        query('since', 'ISO 8601 time'),
        { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['html', 'json', 'junit', 'text'] } },
      ],
      answers: {
        '200': {
          description: 'the report',
          content: {
            'text/html': { schema: str },
            'application/json': { schema: { type: 'object' } },
            'application/xml': { schema: str },
            'text/plain': { schema: str },
          },
        },
      },
      errors: [400, 404],
    }),
    post: operation('conformance', "A client's conformance report, with declared justifications for SHOULD deviations", {
      parameters: [pathParam('clientId')],
      body: ReportOptions,
      answers: { '200': 'the report in the requested format' },
      errors: [400, 404],
    }),
  },
});
