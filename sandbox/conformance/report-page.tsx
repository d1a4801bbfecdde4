import { renderStatic } from '../ui/render-static';
import { verdictHeadline, type ConformanceReport } from './assess';

/**
 * The report as one self-contained HTML page (inline styles, no scripts, no external resources),
 * served live on the dashboard and written to reports/ by `npm run conformance`.
 */
const STYLE = `
body{font-family:Arial,sans-serif;color:#212b32;margin:0;background:#f0f4f5}
header{background:#005eb8;color:#fff;padding:16px 32px}main{padding:16px 32px}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border-bottom:1px solid #d8dde0;padding:8px;text-align:left;vertical-align:top}
.verdict{font-weight:bold;padding:2px 8px;border-radius:4px}.pass{background:#cce5d8;color:#00401e}.fail{background:#f6d7d2;color:#8a1f11}.not-exercised,.incomplete{background:#e8edee;color:#4c6272}
.banner{font-size:1.3em;padding:12px;margin:12px 0;border-radius:4px}pre{white-space:pre-wrap;background:#f8f8f8;padding:8px;font-size:12px;max-width:80ch}
details summary{cursor:pointer;color:#005eb8}`;

export function ConformanceReportPage(props: { report: ConformanceReport }) {
  const { report } = props;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>{`Conformance: ${report.clientId}`}</title>
        <style>{STYLE}</style>
      </head>
      <body>
        <header>
          <strong>NHS login provisioning sandbox</strong> · conformance report
        </header>
        <main>
          <h1>
            Client <code>{report.clientId}</code>
          </h1>
          <p>
            {report.requests.token} token and {report.requests.provision} provision requests{report.since ? ` since ${report.since}` : ''};
            generated {report.generatedAt} (sandbox time).
          </p>
          <p class={`banner verdict ${report.verdict}`} data-verdict={report.verdict}>
            {verdictHeadline(report)}
          </p>
          <table>
            <thead>
              <tr>
                <th>rule</th>
                <th>level</th>
                <th>verdict</th>
                <th>evidence</th>
                <th>first offending request</th>
              </tr>
            </thead>
            <tbody>
              {report.rules.map((r) => (
                <tr data-rule={r.id}>
                  <td>
                    <strong>{r.title}</strong>
                    <br />
                    <code>{r.id}</code> · {r.section}
                  </td>
                  <td>{r.level}</td>
                  <td>
                    <span class={`verdict ${r.verdict}`}>{r.verdict}</span>
                  </td>
                  <td>{r.evidence}</td>
                  <td>
                    {r.firstOffence ? (
                      <details>
                        <summary>
                          #{r.firstOffence.seq}: {r.firstOffence.why}
                        </summary>
                        <p>Fix: {r.fix}</p>
                        <pre>{JSON.stringify({ request: r.firstOffence.request, response: r.firstOffence.response }, null, 2)}</pre>
                      </details>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Coverage of the scenario catalogue</h2>
          <p>Received: {report.coverage.received.map((c) => `${c.code} ×${c.count}`).join(', ') || 'none yet'}</p>
          <p>Not yet exercised: {report.coverage.notYetExercised.join(', ') || 'none: every catalogued outcome was received'}</p>
        </main>
      </body>
    </html>
  );
}

export const renderHtml = (report: ConformanceReport): string =>
  `<!doctype html>${renderStatic(<ConformanceReportPage report={report} />)}`;
