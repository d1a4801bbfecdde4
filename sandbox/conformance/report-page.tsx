import { renderStatic } from '../ui/render-static';
import type { ConformanceReport, RuleResult } from './assess';
import { commandWithOptions } from '../cli/command-names';
import { reportWarnings, signatureStatement } from './report-cautions';

/**
 * The evidence pack as one self-contained HTML page (inline styles, no scripts, no external
 * resources), served live and written to reports/ by `npm run conformance`. Everything is
 * visible without interaction, so it prints: a witness table (case, expected, actual, result,
 * specification reference), every quoted offence with its request, the versions, configuration,
 * window, the evidence chain's head, who signed the pack, and the same warnings as the text report
 * (report-cautions.ts). hono's JSX escapes every quoted value.
 */
const STYLE = `
body{font-family:Arial,sans-serif;color:#212b32;margin:0;background:#f0f4f5;line-height:1.4}
header{background:#005eb8;color:#fff;padding:16px 32px}main{padding:16px 32px;max-width:1200px}
h1,h2{color:#212b32}
table{border-collapse:collapse;width:100%;background:#fff;margin-bottom:16px;table-layout:fixed}
th,td{border:1px solid #d8dde0;padding:6px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#e8edee}
.result{font-weight:bold;padding:2px 6px;border-radius:4px;white-space:nowrap}
.pass,.justified{background:#cce5d8;color:#00401e}.fail,.deviation,.missing{background:#f6d7d2;color:#8a1f11}
.not-exercised,.not-applicable,.incomplete{background:#e8edee;color:#425563}.pass-with-deviations{background:#fff4cc;color:#4d3900}
/* The verdict's sentence wraps like any paragraph (a .result badge does not): whole at any width and in print. */
.banner{font-size:1.25em;padding:12px;margin:12px 0;border-radius:4px;display:block;white-space:normal;overflow-wrap:anywhere}
p,dd,li{overflow-wrap:anywhere}dd{min-width:0}
@media (max-width:40em){header,main{padding:12px 16px}dl{grid-template-columns:minmax(0,1fr)}td .result{white-space:normal;overflow-wrap:anywhere}}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f8f8f8;padding:8px;font-size:12px;margin:4px 0}
code{overflow-wrap:anywhere}dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;background:#fff;padding:12px}dt{font-weight:bold}dd{margin:0}
@media print{body{background:#fff}header{background:#fff;color:#000;border-bottom:2px solid #000}main{padding:0;max-width:none}
table{page-break-inside:auto}tr{page-break-inside:avoid}pre{font-size:9px;background:#fff;border:1px solid #ccc}}`;

const resultClass = (r: RuleResult) => r.verdict;

/** The witness table's columns and their share of the page's width. */
const WITNESS_COLUMNS = [
  ['case', '24%'],
  ['expected', '24%'],
  ['actual', '22%'],
  ['result', '10%'],
  ['specification reference', '20%'],
] as const;

function Offences(props: { rule: RuleResult }) {
  const { rule } = props;
  if (rule.justification) return <p>Justified by the supplier: {rule.justification}</p>;
  if (rule.offenceCount === 0) return <span>—</span>;
  return (
    <div>
      <p>
        {rule.offenceCount} offending request(s)
        {rule.offenceCount > rule.offences.length ? `, the first ${rule.offences.length} quoted` : ''}. Fix: {rule.fix}
      </p>
      {rule.offences.map((o) => (
        <div data-offence={o.seq}>
          <p>
            <strong>#{o.seq}</strong> at {o.at} (sandbox {o.sandboxAt}): {o.why}
          </p>
          <pre>{JSON.stringify({ request: o.request, response: o.response }, null, 2)}</pre>
        </div>
      ))}
    </div>
  );
}

function ConformanceReportPage(props: { report: ConformanceReport }) {
  const { report } = props;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`Conformance evidence: ${report.clientId}`}</title>
        <style>{STYLE}</style>
      </head>
      <body>
        <header>
          <strong>NHS login provisioning sandbox</strong> · conformance evidence pack
        </header>
        <main>
          <h1>
            GP system <code>{report.clientId}</code>
          </h1>
          <p class={`banner result ${report.verdict}`} data-verdict={report.verdict}>
            {report.headline}
          </p>
          {reportWarnings(report).map((warning) => (
            <p class="banner result fail" data-warning>
              Warning: {warning}
            </p>
          ))}
          <h2>About this assessment</h2>
          <dl>
            <dt>Generated</dt>
            <dd>
              {report.generated.realTime} (real time); sandbox time {report.generated.sandboxTime}
            </dd>
            <dt>Window assessed</dt>
            <dd>
              {report.window.since ? `since ${report.window.since}; ` : ''}
              {report.window.first && report.window.last
                ? `${report.window.first.realTime} to ${report.window.last.realTime} real time (sandbox ${report.window.first.sandboxTime} to ${report.window.last.sandboxTime})`
                : 'no requests'}
            </dd>
            <dt>Requests</dt>
            <dd>
              {report.requests.token} token, {report.requests.provision} provision (verified as this client's), {report.requests.signin}{' '}
              sign-in (authorization requests naming this client and accepted with its redirect URI among them);{' '}
              {report.requests.unattributedInWindow} unattributed in the window, not judged but for those
            </dd>
            <dt>Versions</dt>
            <dd>
              sandbox {report.versions.tool}, rules {report.versions.rules}, plan {report.versions.plan};{' '}
              {report.versions.specifications.join('; ')}
            </dd>
            <dt>Configuration</dt>
            <dd>
              {Object.entries(report.configuration)
                .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(',') : String(value)}`)
                .join('; ')}
            </dd>
            <dt>Evidence chain head</dt>
            <dd>
              <code data-chain-head>{report.evidence.chainHead}</code> over {report.evidence.entries.length} request(s):{' '}
              {report.evidence.algorithm}. Check the JSON pack with{' '}
              <code>{commandWithOptions('conformance')} --verify &lt;pack.json&gt;</code>.
            </dd>
            <dt>Signature</dt>
            <dd data-signature>{signatureStatement(report)}</dd>
          </dl>
          <h2>Witness table</h2>
          <table>
            <thead>
              <tr>
                {WITNESS_COLUMNS.map(([name, width]) => (
                  <th style={`width:${width}`}>{name}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {report.plan.map((s) => (
                <tr data-step={s.id}>
                  <td>
                    Plan step <code>{s.id}</code>: {s.title}
                  </td>
                  <td>{s.expected}</td>
                  <td>{s.seen ? `seen in ${s.evidence.map((seq) => `#${seq}`).join(', ')}` : 'not seen yet'}</td>
                  <td>
                    <span class={`result ${s.seen ? 'pass' : 'missing'}`}>{s.seen ? 'seen' : 'missing'}</span>
                  </td>
                  <td>{s.specSection}</td>
                </tr>
              ))}
              {report.rules.map((r) => (
                <tr data-rule={r.id}>
                  <td>
                    {r.level} <code>{r.id}</code>: {r.title}
                  </td>
                  <td>{r.fix}</td>
                  <td>
                    {r.evidence} request(s) looked at, {r.offenceCount} offence(s)
                  </td>
                  <td>
                    <span class={`result ${resultClass(r)}`}>{r.verdict}</span>
                  </td>
                  <td>
                    {r.section} ({r.basis})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Offences</h2>
          {report.rules.filter((r) => r.offenceCount > 0).length === 0 && <p>None.</p>}
          {report.rules
            .filter((r) => r.offenceCount > 0)
            .map((r) => (
              <section data-offences={r.id}>
                <h3>
                  {r.level} <code>{r.id}</code>: {r.title}
                </h3>
                <Offences rule={r} />
              </section>
            ))}
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
