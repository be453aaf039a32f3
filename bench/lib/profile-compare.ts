import { readFileSync } from 'node:fs';
import { area, type Profile, type ProfileNode } from './cpuprofile.ts';

/**
 * Two CPU profiles of the same process under two kinds of call (e.g. REST and MCP), compared per call: busy CPU time
 * charged to the nearest JavaScript file on the stack (as cpuprofile.ts's self_by_owner), in microseconds per call, and
 * the difference. A package called from inside another named package (`under`, e.g. zod or JSON work under the MCP
 * SDK) is shown as "<package> (under <that package>)", so that the SDK's own use of a library is told apart from the
 * rest of the server's.
 */
export interface OwnerCost {
  name: string;
  a_us: number;
  b_us: number;
  delta_us: number;
}

export interface ProfileComparison {
  a: { label: string; calls: number; busy_us_per_call: number };
  b: { label: string; calls: number; busy_us_per_call: number };
  busy_delta_us_per_call: number;
  /** By owner, largest difference (b - a) first; owners under 1 us in both are left out. */
  owners: OwnerCost[];
  /** b's functions with the most self time per call (to name what an owner does). */
  b_top_self: Array<{ name: string; us: number }>;
}

function ownerCosts(file: string, calls: number, under: string[]): { busyUs: number; owners: Map<string, number>; self: Map<string, number> } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const owners = new Map<string, number>();
  const self = new Map<string, number>();
  let busy = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(profile.samples[i]!)!;
    if (node.callFrame.functionName === '(idle)') continue;
    busy += dt;
    let owner: string | undefined;
    let outer: string | undefined;
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const n = byId.get(id)!;
      if (!n.callFrame.url.startsWith('file://')) continue;
      const a = area(n);
      if (owner === undefined) owner = a;
      else if (a !== owner && under.includes(a)) {
        outer = a;
        break;
      }
    }
    owner ??= area(node);
    const key = outer && owner !== outer ? `${owner} (under ${outer})` : owner;
    owners.set(key, (owners.get(key) ?? 0) + dt);
    const fn = `${node.callFrame.functionName || '(anonymous)'} ${area(node)}`;
    self.set(fn, (self.get(fn) ?? 0) + dt);
  }
  const perCall = (m: Map<string, number>) => new Map([...m].map(([k, ms]) => [k, calls ? (ms * 1000) / calls : 0]));
  return { busyUs: calls ? (busy * 1000) / calls : 0, owners: perCall(owners), self: perCall(self) };
}

const r1 = (v: number) => Math.round(v * 10) / 10;

export function compareProfiles(
  a: { label: string; file: string; calls: number },
  b: { label: string; file: string; calls: number },
  options: { under?: string[]; top?: number } = {},
): ProfileComparison {
  const under = options.under ?? ['@modelcontextprotocol/sdk'];
  const pa = ownerCosts(a.file, a.calls, under);
  const pb = ownerCosts(b.file, b.calls, under);
  const names = new Set([...pa.owners.keys(), ...pb.owners.keys()]);
  const owners = [...names]
    .map((name) => {
      const au = pa.owners.get(name) ?? 0;
      const bu = pb.owners.get(name) ?? 0;
      return { name, a_us: r1(au), b_us: r1(bu), delta_us: r1(bu - au) };
    })
    .filter((o) => o.a_us >= 1 || o.b_us >= 1)
    .sort((x, y) => y.delta_us - x.delta_us);
  return {
    a: { label: a.label, calls: a.calls, busy_us_per_call: r1(pa.busyUs) },
    b: { label: b.label, calls: b.calls, busy_us_per_call: r1(pb.busyUs) },
    busy_delta_us_per_call: r1(pb.busyUs - pa.busyUs),
    owners,
    b_top_self: [...pb.self]
      .sort((x, y) => y[1] - x[1])
      .slice(0, options.top ?? 25)
      .map(([name, us]) => ({ name, us: r1(us) })),
  };
}
