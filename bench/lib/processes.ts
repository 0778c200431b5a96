/**
 * Every server under test runs in a child process of its own, listening on port 0, so that the
 * load generator (in this process) and each server compete for the machine the same way. A
 * child is ready when it says where it listens: a line on its stdout, or (for the API, whose
 * stdout is its log file, as in production) a line in that file. Nothing here waits a fixed
 * time for a condition: every wait ends on the line, the child's exit, or a generous deadline.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, watch } from 'node:fs';
import { createInterface } from 'node:readline';

export interface StartedChild {
  readonly name: string;
  readonly pid: number;
  readonly process: ChildProcess;
  /** Resolves with the exit code (or the signal's name) when the child has exited. */
  readonly exited: Promise<number | string>;
  /** The last lines the child wrote on stderr, for error messages. */
  stderrTail(): string;
  /** Resident set size now, from /proc (Linux); undefined elsewhere or once exited. */
  rssBytes(): number | undefined;
  /** Sends SIGTERM (a graceful stop: the API flushes its log) and waits for the exit. */
  stop(): Promise<number | string>;
}

export interface ChildOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Where stdout goes: piped (the readiness line comes from it) or a file descriptor (a log file). */
  readonly stdout: 'pipe' | number;
}

const STARTUP_DEADLINE_MS = 60_000;

export function startChild(options: ChildOptions): StartedChild {
  const child = spawn(options.command, [...options.args], {
    env: { ...options.env },
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    stdio: ['ignore', options.stdout, 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`${options.name}: could not start ${options.command}`);
  const pid = child.pid;
  const tail: string[] = [];
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    tail.push(text);
    if (tail.length > 40) tail.shift();
  });
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  let running = true;
  void exited.then(() => {
    running = false;
  });
  return {
    name: options.name,
    pid,
    process: child,
    exited,
    stderrTail: () => tail.join('').split('\n').slice(-15).join('\n'),
    rssBytes: () => (running ? residentBytes(pid) : undefined),
    stop: async () => {
      if (running) child.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * CPU time a process has used so far (user + system, every thread), in seconds, from
 * /proc/<pid>/stat (Linux; clock ticks of 1/100 s). On a shared machine the CPU a server
 * spends per request is steadier than its throughput, which other processes' load moves.
 */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (in parentheses, which may hold spaces): utime is the 12th, stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** VmRSS of a process, from /proc/<pid>/status. */
export function residentBytes(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

function failedToStart(child: StartedChild, why: string): Error {
  const stderr = child.stderrTail();
  return new Error(`${child.name} ${why}${stderr ? `; its stderr ends with:\n${stderr}` : ''}`);
}

/** Resolves with the first stdout line `parse` accepts. */
export function readyFromStdout<T>(child: StartedChild, parse: (line: string) => T | undefined): Promise<T> {
  const stdout = child.process.stdout;
  if (!stdout) return Promise.reject(new Error(`${child.name}: stdout is not piped`));
  return new Promise<T>((resolve, reject) => {
    const lines = createInterface({ input: stdout });
    const deadline = setTimeout(
      () => finish(failedToStart(child, 'did not report ready within 60 s')),
      STARTUP_DEADLINE_MS,
    );
    const finish = (outcome: T | Error) => {
      clearTimeout(deadline);
      lines.removeAllListeners('line');
      // Keep draining stdout, so that a chatty child never blocks on a full pipe.
      stdout.resume();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    lines.on('line', (line) => {
      const value = parse(line);
      if (value !== undefined) finish(value);
    });
    void child.exited.then((code) => finish(failedToStart(child, `exited (${code}) before it was ready`)));
  });
}

/** Resolves with the first line of `file` (which the child appends to) that `parse` accepts. */
export function readyFromFile<T>(
  child: StartedChild,
  file: string,
  parse: (line: string) => T | undefined,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const watcher = watch(file);
    const check = () => {
      if (settled) return;
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        const value = line ? parse(line) : undefined;
        if (value !== undefined) return finish(value);
      }
    };
    const deadline = setTimeout(
      () => finish(failedToStart(child, 'did not report ready within 60 s')),
      STARTUP_DEADLINE_MS,
    );
    const finish = (outcome: T | Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      watcher.close();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    watcher.on('change', check);
    watcher.on('error', (error) => finish(error));
    void child.exited.then((code) => {
      check();
      finish(failedToStart(child, `exited (${code}) before it was ready`));
    });
    // The line may already be there: the watcher only reports changes after it started.
    check();
  });
}

/** Waits for `ready`; a child that never got ready is stopped, so that no server outlives the run. */
export async function whenReady<T>(child: StartedChild, ready: Promise<T>): Promise<T> {
  try {
    return await ready;
  } catch (error) {
    await child.stop();
    throw error;
  }
}

/** `{"port":N}` on a line: what the bench's own servers print. */
export function portLine(line: string): number | undefined {
  try {
    const parsed = JSON.parse(line) as { port?: unknown };
    return typeof parsed.port === 'number' ? parsed.port : undefined;
  } catch {
    return undefined;
  }
}
