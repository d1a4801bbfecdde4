import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The front door and the guide link to each other by relative paths and heading anchors; a page
 * renamed or a heading reworded would leave a reader at a dead link. Every relative link in
 * README.md and docs/*.md must name a file that exists and, with a `#fragment`, a heading in it
 * (anchors as GitHub makes them: lower case, punctuation dropped, spaces as hyphens).
 */
const root = path.resolve(import.meta.dirname, '../..');
const pages = [
  'README.md',
  ...readdirSync(path.join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** Markdown without its code blocks (a `#` line there is a shell comment, not a heading). */
const withoutCodeBlocks = (markdown: string) => markdown.replace(/^```[\s\S]*?^```/gm, '');
/** Markdown without any code, where a bracket and a parenthesis are not a link. */
const prose = (markdown: string) => withoutCodeBlocks(markdown).replace(/`[^`\n]*`/g, '');

const anchorsOf = (markdown: string) => {
  const seen = new Map<string, number>();
  return withoutCodeBlocks(markdown)
    .split('\n')
    .filter((line) => /^#{1,6} /.test(line))
    .map((line) => {
      const slug = line
        .replace(/^#+ /, '')
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replaceAll(' ', '-');
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      return count === 0 ? slug : `${slug}-${count}`;
    });
};

const headingsOfFile = (file: string) => anchorsOf(readFileSync(path.join(root, file), 'utf8'));

const relativeLinks = (page: string) =>
  [...prose(readFileSync(path.join(root, page), 'utf8')).matchAll(/\]\(([^)\s]+)\)/g)]
    .map(([, target]) => target!)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));

describe('relative links in the README and the guide', () => {
  it('finds the pages and their links', () => {
    expect(pages).toContain('docs/integrating.md');
    expect(relativeLinks('README.md').length).toBeGreaterThan(10);
  });

  it.each(pages)('%s: every relative link names an existing file and heading', (page) => {
    const broken = relativeLinks(page).filter((target) => {
      const [file, fragment] = target.split('#') as [string, string | undefined];
      const resolved = file === '' ? page : path.posix.join(path.posix.dirname(page), file);
      if (!existsSync(path.join(root, resolved))) return true;
      return fragment !== undefined && resolved.endsWith('.md') && !headingsOfFile(resolved).includes(fragment);
    });
    expect(broken).toEqual([]);
  });
});
