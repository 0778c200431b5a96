/**
 * Reads a V8 CPU profile (`node --cpu-prof`) and says where the time went: the functions with
 * the most self time, and each package's self and inclusive time (inclusive: samples with any
 * of the package's frames on the stack), as shares of the time the process was not idle.
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProfileSummary {
  /** Milliseconds sampled, idle excluded. */
  readonly busyMs: number;
  readonly idleMs: number;
  readonly topFrames: readonly { readonly frame: string; readonly selfPercent: number }[];
  readonly packages: readonly {
    readonly name: string;
    readonly selfPercent: number;
    readonly inclusivePercent: number;
  }[];
}

/** `…/node_modules/.pnpm/pino-http@11.0.0/node_modules/pino-http/logger.js` → `pino-http/logger.js`. */
export function shortUrl(url: string, root: string): string {
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  if (modules !== -1) return path.slice(modules + '/node_modules/'.length);
  return path.startsWith(root) ? path.slice(root.length) : path;
}

/** The package a frame belongs to: an npm package, a workspace package, Node itself, or V8's pseudo-frames. */
export function packageOf(frame: CallFrame, root: string): string {
  if (frame.url === '') {
    return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  }
  if (frame.url.startsWith('node:')) return 'node (built-in modules)';
  const path = shortUrl(frame.url, root);
  if (frame.url.includes('/node_modules/')) {
    const parts = path.split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const workspace = /^(packages|apps)\/([^/]+)\//.exec(path);
  return workspace ? `${workspace[1]}/${workspace[2]}` : path;
}

export function summariseProfile(file: string, root: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const self = new Map<string, number>();
  const packageSelf = new Map<string, number>();
  const packageInclusive = new Map<string, number>();
  let busy = 0;
  let idle = 0;
  const add = (map: Map<string, number>, key: string, value: number) => map.set(key, (map.get(key) ?? 0) + value);

  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    const node = nodes.get(id);
    if (!node) return;
    if (node.callFrame.functionName === '(idle)') {
      idle += delta;
      return;
    }
    busy += delta;
    const frame = node.callFrame;
    add(
      self,
      `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url, root)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`,
      delta,
    );
    add(packageSelf, packageOf(frame, root), delta);
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const name = packageOf(nodes.get(current)!.callFrame, root);
      if (name === '(root)' || seen.has(name)) continue;
      seen.add(name);
      add(packageInclusive, name, delta);
    }
  });

  const percent = (value: number) => Math.round((value / busy) * 1000) / 10;
  return {
    busyMs: Math.round(busy / 1000),
    idleMs: Math.round(idle / 1000),
    topFrames: [...self.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([frame, value]) => ({ frame, selfPercent: percent(value) })),
    packages: [...packageInclusive.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, value]) => ({
        name,
        selfPercent: percent(packageSelf.get(name) ?? 0),
        inclusivePercent: percent(value),
      })),
  };
}
