import { enableCompileCache } from './compile-cache';

/**
 * `npm start` and the built package's entry point: Node's compile cache first, then the sandbox
 * (serve.ts), imported only now so that every module it loads can come from the cache.
 */
enableCompileCache();
await import('./serve');
