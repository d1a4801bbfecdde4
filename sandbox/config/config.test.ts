import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderConfigurationTable } from '../../scripts/render/configuration';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults to loopback, port 8080, .sandbox and a fixed seed', () => {
    const config = loadConfig({}, []);
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(8080);
    expect(config.dataDir).toMatch(/\.sandbox$/);
    expect(config.seed).toBe(20240131);
    expect(config.tokenUrl).toBe('http://127.0.0.1:8080/token');
    expect(config.secure).toBe(false);
  });

  it('lets a flag win over the environment', () => {
    expect(loadConfig({ PORT: '9000' }, ['--port', '9001']).port).toBe(9001);
  });

  it('rejects a bad value with one readable line naming the variable', () => {
    expect(() => loadConfig({ PORT: 'abc' }, [])).toThrowError(ConfigError);
    expect(() => loadConfig({ PORT: 'abc' }, [])).toThrowError(/^PORT \(--port\) .* \(got "abc"\)/);
    expect(() => loadConfig({ ODS_CODE_RULE: 'anything' }, [])).toThrowError(/ODS_CODE_RULE/);
  });

  it('rejects unknown flags', () => {
    expect(() => loadConfig({}, ['--prot', '1'])).toThrowError(/Unknown option '--prot'/);
  });

  it('refuses to bind beyond loopback without an admin token', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' }, [])).toThrowError(/ADMIN_TOKEN/);
    expect(loadConfig({ HOST: '0.0.0.0', ADMIN_TOKEN: 'a-long-enough-secret' }, []).host).toBe('0.0.0.0');
  });

  it('requires TLS certificate and key together and then serves https', () => {
    expect(() => loadConfig({ TLS_CERT: 'c.pem' }, [])).toThrowError(/together/);
    expect(loadConfig({ TLS_CERT: 'c.pem', TLS_KEY: 'k.pem' }, []).tokenUrl).toBe('https://127.0.0.1:8080/token');
  });

  it.each([
    [{}, 'sandbox', null],
    [{ TEST_DATA: 'sandpit' }, 'sandpit', '190696'],
    [{ TEST_DATA: 'integration', STATIC_OTP: 'off' }, 'integration', null],
    [{ STATIC_OTP: 'on' }, 'sandbox', '190696'],
    [{ STATIC_OTP: '424242' }, 'sandbox', '424242'],
  ])('TEST_DATA and STATIC_OTP %j: test data %s, security code %s', (env, testData, staticOtp) => {
    const config = loadConfig(env, []);
    expect(config.testData).toBe(testData);
    expect(config.staticOtp).toBe(staticOtp);
  });

  it('refuses test data it does not know and a static code that is not six digits', () => {
    expect(() => loadConfig({ TEST_DATA: 'live' }, [])).toThrowError(/^TEST_DATA \(--test-data\)/);
    expect(() => loadConfig({ STATIC_OTP: '12345' }, [])).toThrowError(/^STATIC_OTP \(--static-otp\)/);
  });
});

describe('docs/configuration.md', () => {
  it('is the option table as npm run docs generates it (run it after changing an option)', () => {
    const page = readFileSync(path.resolve(import.meta.dirname, '../../docs/configuration.md'), 'utf8');
    expect(page).toBe(renderConfigurationTable());
    expect(page).toContain('| `--port` | `PORT` | `8080` |');
  });
});
