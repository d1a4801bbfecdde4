import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * The threads of the process listening on `port` on this machine (Linux's /proc): the server itself,
 * however many launchers (npm, sh, tsx's command) stand between it and the test. The listening
 * socket is found in /proc/net/tcp by its port, then the process holding it among its file
 * descriptors.
 */
export function threadsOfListener(port: number): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set(
    readFileSync('/proc/net/tcp', 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      // local address ip:port, state 0A (LISTEN), inode
      .filter((fields) => fields[1]?.endsWith(`:${hexPort}`) && fields[3] === '0A')
      .map((fields) => fields[9]!),
  );
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) return readdirSync(`/proc/${pid}/task`).length;
    }
  }
  throw new Error(`no process of this machine listens on port ${port}`);
}
