/**
 * The package's public surface: the library API for Node test suites. Everything else in the
 * package is internal and may change between versions.
 */
export { startSandbox, ConfigError, type RunningSandbox, type SandboxOptions, type EmailMessage } from './library';
export { USERS_SCOPES, type UsersScope } from './auth/scopes';
export { DEVIATIONS, ReferenceGpClient, type ReferenceClientOptions } from './gp-client/reference-client';
