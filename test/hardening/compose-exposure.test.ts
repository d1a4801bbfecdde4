import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Issue #28: compose.yaml published the real Mailpit on every interface (`8025:8025`) with no
 * authentication. No container runtime here, so the files themselves are read: every published
 * port names the loopback address, or its service has authentication of its own.
 */
const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

/** `services:` → each service's published port entries and environment names, read line by line (no YAML library). */
function composeServices(text: string): Map<string, { ports: string[]; environment: string[] }> {
  const services = new Map<string, { ports: string[]; environment: string[] }>();
  let service: string | null = null;
  let section: string | null = null;
  let inServices = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+#.*$/, '');
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    if (indent === 0) {
      service = null;
      inServices = line.trim() === 'services:';
    }
    if (!inServices) continue;
    if (indent === 2 && /^\s{2}[\w-]+:\s*$/.test(line)) {
      service = line.trim().slice(0, -1);
      services.set(service, { ports: [], environment: [] });
      section = null;
    } else if (service && indent === 4) section = line.trim().replace(/:.*$/, '');
    else if (service && indent >= 6 && section === 'ports')
      services.get(service)!.ports.push(line.trim().replace(/^-\s*/, '').replace(/['"]/g, ''));
    else if (service && indent >= 6 && section === 'environment') services.get(service)!.environment.push(line.trim().replace(/:.*$/, ''));
  }
  return services;
}

describe('the composed set-up publishes nothing on every interface', () => {
  it('compose.yaml: every published port is on 127.0.0.1, or its service authenticates by itself', () => {
    const services = composeServices(read('compose.yaml'));
    expect([...services.keys()].sort()).toEqual(['mailpit', 'sandbox']);
    const published = [...services].flatMap(([name, { ports }]) => ports.map((port) => ({ name, port })));
    expect(published.length).toBeGreaterThan(0);
    for (const { name, port } of published) {
      const loopback = /^127\.0\.0\.1:\d+:\d+(\/tcp)?$/.test(port);
      const ownAuth = name === 'mailpit' && ['MP_UI_AUTH', 'MP_UI_AUTH_FILE'].some((v) => services.get(name)!.environment.includes(v));
      expect(loopback || ownAuth, `${name} publishes ${port} on every interface`).toBe(true);
    }
    expect(services.get('mailpit')!.ports).toContain('127.0.0.1:8025:8025');
  });

  it('the Dockerfile and the guide say to publish on loopback', () => {
    const runLines = [read('Dockerfile'), read('docs/operating.md')]
      .join('\n')
      .split('\n')
      .filter((line) => /docker run/.test(line));
    expect(runLines.length).toBeGreaterThan(0);
    for (const line of runLines) {
      for (const [, mapping] of line.matchAll(/-p\s+(\S+)/g)) expect(mapping, line).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
    }
  });
});
