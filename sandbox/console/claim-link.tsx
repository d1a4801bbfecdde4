/**
 * "Open the claim link" (issue #28): a same-origin POST form, never a GET a cross-site image could
 * send, and a redirect only to a claim link of this sandbox's own origin, whatever a captured mail
 * says. Its own file, so the console's pages and routes need only a line each.
 */
export const CONSOLE_ADMIN_PREFIX = '/console/admin';

/** The path of a claim link of `ownOrigin` (`/claim/<token>`), or undefined for any other link. */
export function ownClaimPath(link: string, ownOrigin: string): string | undefined {
  if (!URL.canParse(link)) return undefined;
  const url = new URL(link);
  return url.origin === ownOrigin && /^\/claim\/[A-Za-z0-9_-]{20,100}$/.test(url.pathname) && !url.search ? url.pathname : undefined;
}

export function ClaimLinkForm(props: { email: string }) {
  return (
    <form class="inline-form" method="post" action="/console/claim-link">
      <input type="hidden" name="to" value={props.email} />
      <button class="nhsuk-button nhsuk-button--secondary" type="submit">
        Open the claim link
      </button>
    </form>
  );
}
