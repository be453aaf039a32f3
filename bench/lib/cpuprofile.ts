import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Reads a V8 CPU profile (.cpuprofile, as node --cpu-prof or the inspector writes it) and says where the time went:
 * the functions with the most self time, self time by area (a package, a file of this repository, a part of Node),
 * and the inclusive time of this repository's functions (time with the function anywhere on the stack).
 */
export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

export interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileEntry {
  name: string;
  ms: number;
  pct: number;
  /** Microseconds per request served during the profile (when the caller says how many). */
  us_per_request?: number;
}

export interface ProfileSummary {
  file: string;
  duration_ms: number;
  samples: number;
  requests: number | null;
  /** Busy (not idle) CPU time per request, in microseconds (when the caller says how many requests). */
  busy_us_per_request: number | null;
  /** Share of the time the thread ran JavaScript or native code (not idle). */
  busy_pct: number;
  top_self: ProfileEntry[];
  self_by_area: ProfileEntry[];
  /**
   * Self time charged to the nearest JavaScript file on the stack (a package, or a file of this repository), so that
   * native work (a socket write, a cipher, a webcrypto job) counts for the code that asked for it. Samples with no file
   * on the stack keep their area (idle, GC, Node's HTTP parser...).
   */
  self_by_owner: ProfileEntry[];
  /**
   * This repository's functions by inclusive time (a function called from itself counts once a sample). Only the
   * synchronous part: after an await the stack starts again from the microtask queue, so an async function's time
   * after its first await is not under it.
   */
  top_inclusive_repo: ProfileEntry[];
}

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SPECIAL = new Set(['(root)', '(program)', '(idle)', '(garbage collector)']);

function shortUrl(url: string): string {
  let u = url.startsWith('file://') ? fileURLToPath(url) : url;
  const nm = u.lastIndexOf('/node_modules/');
  if (nm >= 0) u = u.slice(nm + '/node_modules/'.length);
  else if (u.startsWith(REPO_ROOT)) u = u.slice(REPO_ROOT.length);
  return u;
}

/** The area of a frame: a package, a file of this repository, a part of Node, or a special node. */
export function area(node: ProfileNode): string {
  const { functionName, url } = node.callFrame;
  if (SPECIAL.has(functionName)) return functionName;
  if (!url) return '(native / V8 builtins)';
  if (url.startsWith('node:')) {
    const parts = url.replace(/^node:(internal\/)?/, '').split('/');
    return `node:${parts[0]}${parts.length > 2 ? `/${parts[1]}` : ''}`.replace(/\.js$/, '');
  }
  const s = shortUrl(url);
  if (s !== url && !s.startsWith('/') && url.includes('/node_modules/')) {
    const p = s.split('/');
    return p[0]!.startsWith('@') ? `${p[0]}/${p[1]}` : p[0]!;
  }
  return s;
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  if (SPECIAL.has(functionName)) return functionName;
  return `${functionName || '(anonymous)'} ${url ? `${shortUrl(url)}:${lineNumber + 1}` : '(native)'}`;
}

export function summarizeProfile(file: string, options: { requests?: number; top?: number } = {}): ProfileSummary {
  const top = options.top ?? 25;
  const requests = options.requests ?? null;
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const self = new Map<string, number>();
  const areas = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const owners = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(profile.samples[i]!)!;
    total += dt;
    if (node.callFrame.functionName === '(idle)') idle += dt;
    self.set(label(node), (self.get(label(node)) ?? 0) + dt);
    areas.set(area(node), (areas.get(area(node)) ?? 0) + dt);
    let owner: string | undefined;
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const n = byId.get(id)!;
      const url = n.callFrame.url;
      if (owner === undefined && url.startsWith('file://')) owner = area(n);
      if (!url.startsWith('file://') || url.includes('/node_modules/')) continue;
      const key = label(n);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
    }
    owner ??= area(node);
    owners.set(owner, (owners.get(owner) ?? 0) + dt);
  }
  const entries = (m: Map<string, number>, n: number): ProfileEntry[] =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, ms]) => ({
        name,
        ms: Math.round(ms),
        pct: total > 0 ? Math.round((ms / total) * 1000) / 10 : 0,
        ...(requests ? { us_per_request: Math.round((ms * 1000 * 10) / requests) / 10 } : {}),
      }));
  return {
    file,
    duration_ms: Math.round(total),
    samples: profile.samples.length,
    requests,
    busy_us_per_request: requests ? Math.round(((total - idle) * 1000) / requests) : null,
    busy_pct: total > 0 ? Math.round(((total - idle) / total) * 1000) / 10 : 0,
    top_self: entries(self, top),
    self_by_area: entries(areas, 20),
    self_by_owner: entries(owners, 25),
    top_inclusive_repo: entries(inclusive, 20),
  };
}
