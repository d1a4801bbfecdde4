import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';

/** The admin API's one error shape: `{error, description}` with a stable error word. */
export const adminError = (c: Context, status: ContentfulStatusCode, error: string, description: string) =>
  c.json({ error, description }, status);

/** A zod failure as one ASCII line naming each field. */
export const describeIssues = (error: z.ZodError): string =>
  error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
