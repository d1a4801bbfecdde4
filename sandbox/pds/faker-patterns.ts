import type { Faker } from '@faker-js/faker';

/**
 * Faker's own pattern expansion (`helpers.fake` over a list of `{{module.name}}` patterns, what
 * `location.street()` and `location.city()` do), with each pattern parsed once instead of at every
 * call. Written by hand because faker re-parses the pattern and resolves each name by walking its
 * instance and its definitions on every call: in a provisioning request's profile `fake` and its
 * evaluator were 7 % of the main thread, more than half of generating the patient (issue #31).
 *
 * Random numbers are drawn exactly as faker draws them, so the same seed gives the same text
 * (faker-patterns.test.ts compares with faker for thousands of seeds): one draw picks the pattern,
 * then each placeholder from left to right is either a method of faker's (called) or a list in
 * its definitions (one draw picks an element). A pattern with anything else in a placeholder
 * (arguments, a name both or neither resolve) is handed to faker's own `helpers.fake`.
 */
type Part = string | (() => string);

export function compiledPatterns(faker: Faker, patterns: readonly string[]): () => string {
  const compiled = new Map(patterns.map((pattern) => [pattern, compile(faker, pattern)]));
  return () => {
    const pattern = faker.helpers.arrayElement(patterns);
    const parts = compiled.get(pattern);
    if (parts === null || parts === undefined) return faker.helpers.fake(pattern);
    let text = '';
    for (const part of parts) text += typeof part === 'string' ? part : part();
    return text;
  };
}

const PLACEHOLDER = /{{([a-z][A-Za-z_]*)\.([A-Za-z_]+)}}/g;

function compile(faker: Faker, pattern: string): Part[] | null {
  const parts: Part[] = [];
  let end = 0;
  for (const match of pattern.matchAll(PLACEHOLDER)) {
    const [, moduleName, name] = match as unknown as [string, string, string];
    const literal = pattern.slice(end, match.index);
    if (literal.includes('{{')) return null;
    parts.push(literal);
    const resolved = resolve(faker, moduleName, name);
    if (resolved === null) return null;
    parts.push(resolved);
    end = match.index + match[0].length;
  }
  const rest = pattern.slice(end);
  if (rest.includes('{{')) return null;
  parts.push(rest);
  return parts;
}

/** What faker's evaluator finds for `module.name`: exactly one of a method or a definitions list, else null. */
function resolve(faker: Faker, moduleName: string, name: string): (() => string) | null {
  const method = (faker as unknown as Record<string, Record<string, unknown> | undefined>)[moduleName]?.[name];
  const list = (faker.rawDefinitions as Record<string, Record<string, unknown> | undefined>)[moduleName]?.[name];
  const isMethod = typeof method === 'function';
  const isList = Array.isArray(list) && list.every((item) => typeof item === 'string');
  if (isMethod === isList) return null;
  // An expanded value is scanned again by faker for further placeholders; these never hold one.
  if (isMethod) return method as () => string;
  const items = list as string[];
  if (items.some((item) => item.includes('{{'))) return null;
  return () => faker.helpers.arrayElement(items);
}
