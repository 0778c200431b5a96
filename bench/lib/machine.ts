/** What the figures came from: they mean little without the machine, the runtime and the date. */
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';

export interface Machine {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly date: string;
  /** The 1-minute load average when the run started: a busy machine gives lower figures. */
  readonly loadAverageAtStart: number;
  readonly containerCpuLimit?: number;
}

/** The CPU quota of a cgroup v2 container, in cores, when one is set. */
function cgroupCpuLimit(): number | undefined {
  try {
    const [quota, period] = readFileSync('/sys/fs/cgroup/cpu.max', 'utf8').trim().split(/\s+/);
    if (quota === undefined || quota === 'max' || period === undefined) return undefined;
    return Number(quota) / Number(period);
  } catch {
    return undefined;
  }
}

export function describeMachine(): Machine {
  const limit = cgroupCpuLimit();
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${platform()} ${release()}`,
    node: process.version,
    date: new Date().toISOString(),
    loadAverageAtStart: Math.round(loadavg()[0]! * 100) / 100,
    ...(limit === undefined ? {} : { containerCpuLimit: limit }),
  };
}
