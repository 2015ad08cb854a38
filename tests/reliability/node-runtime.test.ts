/**
 * Every Node process of the test run is the Node that the project pins (the `node` devDependency,
 * Node 24, which production runs too): this test worker, and each process the stack spawned —
 * next, the tsx-run stand-ins (database + Supabase API, dev/qstash, the simulator, dev/push) and MailDev.
 * The machine's own Node (20 here) may only run npm itself; a script that reached it through a bare
 * `node` on a PATH without node_modules/.bin, or a hard-coded /usr/bin/node, fails here.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

const packageJson = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'package.json'), 'utf8')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};
const pinnedVersion = packageJson.devDependencies.node ?? '';
const pinnedMajor = Number(pinnedVersion.split('.')[0]);

interface ProcessInfo {
  pid: number;
  parentPid: number;
  executable: string | undefined;
  commandLine: string;
}

function readProcesses(): ProcessInfo[] {
  const processes: ProcessInfo[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name in /proc/<pid>/stat is in parentheses and may hold spaces: split after it.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parentPid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      let executable: string | undefined;
      try {
        executable = fs.realpathSync(`/proc/${entry}/exe`);
      } catch {
        executable = undefined; // a kernel thread, or a process that just ended
      }
      const commandLine = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
      processes.push({ pid: Number(entry), parentPid, executable, commandLine });
    } catch {
      // ended while we read it
    }
  }
  return processes;
}

function descendantsOf(rootPid: number, processes: ProcessInfo[]): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  const frontier = [rootPid];
  while (frontier.length > 0) {
    const parent = frontier.pop()!;
    for (const child of processes) {
      if (child.parentPid !== parent) continue;
      found.push(child);
      frontier.push(child.pid);
    }
  }
  return found;
}

const isNodeExecutable = (executable: string | undefined) => executable !== undefined && path.basename(executable) === 'node';

describe('the Node runtime', () => {
  test('the pin is one exact Node 24 release, and engines names the same major for production', () => {
    expect(pinnedVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pinnedMajor).toBe(24);
    expect(packageJson.engines.node).toBe(`${pinnedMajor}.x`);
  });

  test('this test worker runs on the pinned Node', () => {
    expect(process.versions.node).toBe(pinnedVersion);
    expect(fs.realpathSync(process.execPath)).toBe(fs.realpathSync(path.join(process.cwd(), 'node_modules', 'node', 'bin', 'node')));
  });

  test('every Node process the stack spawned runs the pinned Node', () => {
    const processes = readProcesses();
    // This worker's parent is vitest's main process, which started the stack in its global setup.
    const spawned = descendantsOf(process.ppid, processes).filter((info) => isNodeExecutable(info.executable));
    const commandLines = spawned.map((info) => info.commandLine).join('\n');
    // Each service of the stack is among them, so the check cannot pass on an empty list.
    for (const service of ['dev/stack/database-cli.ts', 'dev/qstash/cli.ts', 'dev/aimharder/cli.ts', 'dev/push/cli.ts', 'maildev', 'next']) {
      expect(commandLines, `a Node process running ${service}`).toContain(service);
    }
    const executables = new Set(spawned.map((info) => info.executable));
    expect([...executables]).toEqual([fs.realpathSync(process.execPath)]);
    const reported = execFileSync(fs.realpathSync(process.execPath), ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
    expect(reported).toBe(pinnedVersion);
  });
});
