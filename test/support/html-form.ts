import { parseHTML } from 'linkedom';

/**
 * Sending a page's form the way a person does, without JavaScript: find the button by its
 * accessible name, fill the fields named by their labels (true ticks a box or picks a radio),
 * and send the button's own form with its hidden fields. Shared by the claim and sign-in drivers;
 * nothing here knows this sandbox's markup beyond what a person sees.
 */
export const normalise = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

const accessibleName = (element: Element) =>
  normalise(element.getAttribute('aria-label') ?? (element.tagName === 'INPUT' ? element.getAttribute('value') : element.textContent));

/** The form a press would send: its action as written (null: the page's own URL) and its urlencoded body. `where` names the page in errors. */
export function pressedForm(
  html: string,
  buttonName: string,
  fields: Record<string, string | true>,
  where: string,
): { action: string | null; body: string } {
  const { document } = parseHTML(html);
  const button = [...document.querySelectorAll('button, input[type="submit"]')].find((b) => accessibleName(b) === buttonName);
  const form = button?.closest('form');
  if (!button || !form) throw new Error(`no button "${buttonName}" in a form on ${where}`);
  const data = new URLSearchParams();
  for (const hidden of form.querySelectorAll('input[type="hidden"]'))
    data.append(hidden.getAttribute('name')!, hidden.getAttribute('value') ?? '');
  for (const [label, value] of Object.entries(fields)) {
    const labelled = [...document.querySelectorAll('label')].find((l) => normalise(l.textContent) === label);
    const control = labelled?.getAttribute('for') ? document.getElementById(labelled.getAttribute('for')!) : null;
    if (!control?.getAttribute('name')) throw new Error(`no field labelled "${label}" on ${where}`);
    data.append(control.getAttribute('name')!, value === true ? (control.getAttribute('value') ?? 'on') : value);
  }
  return { action: form.getAttribute('action'), body: data.toString() };
}
