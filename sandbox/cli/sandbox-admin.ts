import { ADMIN_TOKEN_HEADER } from '../admin/guard';
import { PLAN_RUN_HEADER } from '../journal/test-interface-action';
import { noSandboxAnswers } from './base-url';

/**
 * A small HTTP client for a running sandbox's admin API, for the command-line tools. Every
 * failure becomes a `CannotRun` with one line a person can act on.
 */
export class CannotRun extends Error {}

export class SandboxAdmin {
  constructor(
    readonly baseUrl: string,
    private readonly adminToken = process.env.ADMIN_TOKEN,
    /** A plan run's id, sent as X-Sandbox-Plan-Run so the sandbox can tell the plan's own clock moves from anyone else's. */
    readonly runId?: string,
  ) {}

  /** The same sandbox, with every call marked as the plan run's. */
  forRun(runId: string): SandboxAdmin {
    return new SandboxAdmin(this.baseUrl, this.adminToken, runId);
  }

  async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.baseUrl}/_sandbox${path}`, {
      method,
      headers: {
        ...(this.adminToken ? { [ADMIN_TOKEN_HEADER]: this.adminToken } : {}),
        ...(this.runId ? { [PLAN_RUN_HEADER]: this.runId } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }).catch((error: Error) => {
      throw new CannotRun(noSandboxAnswers(this.baseUrl, error));
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
    if (response.status === 401) throw new CannotRun(`the sandbox at ${this.baseUrl} needs its admin token: set ADMIN_TOKEN`);
    return { status: response.status, body: parsed as T };
  }

  /** The answer's body, or CannotRun naming what the sandbox said. */
  async expect<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const answer = await this.request<T>(method, path, body);
    if (answer.status >= 300)
      throw new CannotRun(`the sandbox answered ${answer.status} to ${method} /_sandbox${path}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  }
}
