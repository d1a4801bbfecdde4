'use strict';
/**
 * libuv's thread pool sized to the machine's cores, unless UV_THREADPOOL_SIZE is already set.
 *
 * The pool does the sandbox's CPU work off the event loop, the RS512 signature of every access
 * token, and its file writes. libuv's default is four threads whatever the machine: on two cores
 * four threads signing at once take turns with the event loop that hands them the work. In eight
 * bench runs of `/token` alternated with each setting, minutes apart, two threads came out ahead in
 * seven, by 8 % on average (85-108 % of one core's signing rate against 86-99 %; issue #31). On
 * eight cores four threads would leave half of them idle.
 *
 * CommonJS on purpose: libuv reads the variable once, when the pool first runs, and Node's module
 * loader runs it while loading any ES module, before the module's first line. A CommonJS file loaded
 * with `--require` (npm start, the suite's and the bench's sandboxes) or as the entry point (the
 * built package's launchers, dist/cli.cjs and dist/main.cjs) runs before that. An application that
 * embeds the sandbox (its `index.js`) sizes its own process's pool.
 */
process.env.UV_THREADPOOL_SIZE ??= String(require('node:os').availableParallelism());
