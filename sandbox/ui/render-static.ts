import type { HtmlEscapedString } from 'hono/utils/html';

/**
 * HTML built with hono's JSX or `html` template, as a plain string, for output that is not an
 * HTTP answer (an email body, a report file). hono renders synchronously unless a component is
 * async; the sandbox has none, and one added by mistake fails loudly here rather than writing
 * "[object Promise]" into a report.
 */
export function renderStatic(rendered: HtmlEscapedString | Promise<HtmlEscapedString>): string {
  if (rendered instanceof Promise) throw new Error('an async component cannot be rendered to a static string');
  return rendered.toString();
}
