/**
 * The console's own stylesheet and script, served from the sandbox (no CDN). The script is small
 * and optional: admin forms send JSON to the admin API, the requests table refreshes itself, and
 * copy buttons copy. Every page reads fine without it.
 */
export const CONSOLE_CSS = `
body{margin:0}.console-nav{background:#005eb8;padding:0 16px;display:flex;gap:4px;flex-wrap:wrap;align-items:center}
.console-nav a{color:#fff;padding:14px 12px;text-decoration:none;font-weight:600}.console-nav a[aria-current]{background:#003087}
.console-nav .brand{margin-right:16px}.console-main{padding:16px 24px}
table.console{border-collapse:collapse;width:100%;font-size:15px;background:#fff}table.console th,table.console td{border-bottom:1px solid #d8dde0;padding:6px;text-align:left;vertical-align:top}
pre{white-space:pre-wrap;word-break:break-all;background:#f8f8f8;padding:8px;font-size:13px;margin:4px 0}
iframe.email{width:100%;height:420px;border:1px solid #d8dde0;background:#fff}.inline-form{display:inline-flex;flex-wrap:wrap;align-items:flex-end;gap:8px 12px;margin:0 12px 16px 0;vertical-align:bottom}
.error{color:#d5281b;font-weight:600}.muted{color:#4c6272}
.console-nav .brand{color:#fff;font-weight:700}.console-nav .sign-out{margin-left:auto}.console-nav .sign-out button{background:none;border:1px solid #fff;color:#fff;font:inherit;font-weight:600;padding:6px 12px;cursor:pointer}.console-main h2{margin-top:32px}.row-actions{display:flex;gap:12px;align-items:center;flex-wrap:wrap;margin-top:8px}
.answer{flex-basis:100%;font-family:monospace;font-size:13px;overflow-wrap:anywhere}.inline-form .error{flex-basis:100%}.error:empty,.answer:empty{display:none}
.field .nhsuk-label{margin-bottom:4px}.field .nhsuk-input,.field .nhsuk-select{margin:0}.field-row{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:flex-end;margin-bottom:16px}.field-row .nhsuk-button{margin-bottom:0}.inline-form .nhsuk-button{margin-bottom:0}.spaced{margin:12px 0}
section[data-email]{margin-bottom:24px}.inline-label{display:inline}
table.console td{overflow-wrap:break-word}.nowrap{white-space:nowrap}
.row-actions .nhsuk-button{font-size:14px;padding:6px 10px;margin:0}.row-actions .inline-form{margin:0}
details.row-actions-toggle>summary{cursor:pointer;color:#005eb8;text-decoration:underline}.status{display:block}
@media not print and (min-width:48.0625em){details.row-actions-toggle[open]>summary{display:none}}
@media (max-width:48em),print{.console-main{padding:12px 16px}
table.console--stacked thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
table.console--stacked,table.console--stacked tbody,table.console--stacked tr,table.console--stacked td{display:block}
table.console--stacked tr{border-bottom:2px solid #d8dde0;padding:4px 0}table.console--stacked td{border:0;padding:0}
table.console--stacked td.nowrap{display:inline-block;margin-right:16px}
table.console--stacked td[data-label]::before{content:attr(data-label) ": ";font-weight:600;color:#4c6272}
table.console--stacked td{line-height:1.45;font-size:14px}table.console--stacked td.card-flow{display:inline}table.console--stacked td.card-flow{margin-right:12px}
table.console--stacked td.card-flow::before,table.console--stacked td[data-label=outcome]::before{content:none}table.console--stacked td.card-flow>details{display:inline-block;margin:0 12px}table.console--stacked td.card-flow>details[open]{display:block}table.console--stacked td[data-card-label]::before{content:attr(data-card-label) ": "}
table.console--stacked td.card-inline{display:inline-block;max-width:100%;margin-right:16px;overflow-wrap:anywhere}
table.console--stacked .status{display:inline}table.console--stacked details.row-actions-toggle{display:inline-block;margin-left:12px}
table.console--stacked details.row-actions-toggle[open]{display:block;margin-left:0}}`;

export const CONSOLE_JS = `
if (matchMedia('(min-width: 48.0625em)').matches) for (const d of document.querySelectorAll('details[data-open-wide]')) d.open = true;
for (const form of document.querySelectorAll('form[data-admin]')) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = form.dataset.json ? JSON.parse(form.dataset.json) : {};
    for (const input of form.querySelectorAll('input[name], select[name]')) {
      if (input.type === 'checkbox') { body[input.name] = input.checked; continue; }
      if (input.value === '') { if ('nullable' in input.dataset) body[input.name] = null; continue; }
      body[input.name] = input.type === 'number' ? Number(input.value) * Number(input.dataset.scale || 1) : input.value;
    }
    if (form.dataset.confirm && !confirm(form.dataset.confirm)) return;
    const method = form.dataset.admin;
    const response = await fetch(form.action, { method, headers: { 'content-type': 'application/json' }, body: method === 'DELETE' ? undefined : JSON.stringify(body) });
    const answer = await response.json().catch(() => ({}));
    form.querySelector('[data-error]').textContent = response.ok ? '' : answer.description || ('failed: HTTP ' + response.status);
    if (!response.ok) return;
    const shown = form.querySelector('[data-answer]');
    if (!shown) { location.reload(); return; }
    shown.textContent = 'HTTP ' + answer.status + ': ' + JSON.stringify(answer.response);
  });
}
for (const button of document.querySelectorAll('button[data-copy]')) {
  button.addEventListener('click', async () => {
    const label = button.textContent;
    try {
      await navigator.clipboard.writeText(document.getElementById(button.dataset.copy).textContent);
      button.textContent = 'Copied';
    } catch {
      button.textContent = 'Copy failed: select the text instead';
    }
    document.getElementById('copy-status').textContent = button.textContent;
    setTimeout(() => { button.textContent = label; }, 2000);
  });
}
const version = document.querySelector('[data-live-version]');
if (version) {
  setInterval(async () => {
    const url = new URL(location.href); url.searchParams.set('fragment', 'version');
    const response = await fetch(url).catch(() => null);
    if (response && response.ok && (await response.text()) !== version.dataset.liveVersion) location.reload();
  }, 2000);
}
const live = document.querySelector('tbody[data-refresh]');
if (live) {
  setInterval(async () => {
    const open = new Set([...live.querySelectorAll('details[open]')].map((d) => d.dataset.seq));
    const url = new URL(location.href); url.searchParams.set('fragment', 'rows');
    const response = await fetch(url);
    if (!response.ok) return;
    live.innerHTML = await response.text();
    for (const d of live.querySelectorAll('details')) if (open.has(d.dataset.seq)) d.open = true;
  }, Number(live.dataset.refresh));
}`;
