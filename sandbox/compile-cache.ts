import module from 'node:module';

/**
 * Node's on-disk cache of the code it compiles from the modules (Node 22.1 and later; Node 20 has
 * none, and starts as before). With it, the built package's start-up skips compiling its 1.6 MB of
 * JavaScript: on Node 24, main-thread CPU to the first request 434 → 403 ms here (median of 15,
 * load average 7-9 on 2 CPUs) (issue #31).
 *
 * The cache is Node's own, in its default folder, `node-compile-cache` in the system's temporary
 * folder (os.tmpdir()), or where NODE_COMPILE_CACHE says; NODE_DISABLE_COMPILE_CACHE=1 turns it
 * off. Not the data folder: the cache belongs to the installed code, not to one sandbox's data, and
 * holds nothing of it. Node checks each entry against the module's source and its own version, so a
 * stale entry is recompiled, never used; where the folder cannot be written, Node starts without it.
 */
const nodeModule = module as typeof module & { enableCompileCache?: () => unknown; flushCompileCache?: () => void };

export function enableCompileCache(): void {
  nodeModule.enableCompileCache?.();
}

/**
 * Writes what was compiled so far. Node writes the cache only when the process exits normally: a
 * sandbox stopped with SIGKILL (a container killed, the bench) would never leave one. Node 22.10
 * and later.
 */
export function flushCompileCache(): void {
  nodeModule.flushCompileCache?.();
}
