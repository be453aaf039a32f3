import { AppError, type Clock, type EgressGuard } from '@smarteros/kernel';
import { createRemoteJWKSet, customFetch, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { RegistryService } from '../registry/index.ts';

/**
 * Cloudflare Access in front of the MCP server: when a tenant links Access applications (cloudflare_linked_apps), every
 * MCP request for that tenant must carry a Cf-Access-Jwt-Assertion signed by the team's keys
 * (https://<team>.cloudflareaccess.com/cdn-cgi/access/certs, fetched through the egress guard), issued by the team and
 * for one of the linked applications' AUD tags. Tenants without linked applications are not affected.
 */
export interface CloudflareAccessDeps {
  registry: RegistryService;
  egress: EgressGuard;
  clock: Clock;
  /** The JWKS of a team (tests give their own). */
  jwksFor?: (teamDomain: string) => JWTVerifyGetKey;
  /** How long a tenant's linked applications are reused (default 30 s). */
  cacheTtlMs?: number;
}

export function createCloudflareAccessVerifier(deps: CloudflareAccessDeps) {
  const ttl = deps.cacheTtlMs ?? 30_000;
  const apps = new Map<string, { at: number; byTeam: Map<string, string[]> }>();
  const jwks = new Map<string, JWTVerifyGetKey>();
  const jwksFor =
    deps.jwksFor ??
    ((team: string) =>
      createRemoteJWKSet(new URL(`https://${team}/cdn-cgi/access/certs`), {
        timeoutDuration: 5000,
        cooldownDuration: 30_000,
        [customFetch]: (url, init) => deps.egress.fetch(url, init as Parameters<EgressGuard['fetch']>[1]) as unknown as Promise<Response>,
      }));
  deps.registry.onChange((tenantId) => apps.delete(tenantId));

  async function linked(tenantId: string): Promise<Map<string, string[]>> {
    const hit = apps.get(tenantId);
    const now = deps.clock.now().getTime();
    if (hit && now - hit.at < ttl) return hit.byTeam;
    const byTeam = new Map<string, string[]>();
    for (const app of await deps.registry.listCloudflareApps(tenantId)) {
      if (!app.enabled) continue;
      byTeam.set(app.team_domain, [...(byTeam.get(app.team_domain) ?? []), app.audience]);
    }
    apps.set(tenantId, { at: now, byTeam });
    return byTeam;
  }

  return {
    /** Throws forbidden (the bearer was fine: no OAuth challenge) unless the tenant links no Access application or the assertion is valid for one. */
    async verify(tenantId: string, assertion: string | undefined): Promise<void> {
      const byTeam = await linked(tenantId);
      if (byTeam.size === 0) return;
      if (!assertion) throw new AppError('forbidden', 'This company requires Cloudflare Access: send the Cf-Access-Jwt-Assertion header');
      for (const [team, audiences] of byTeam) {
        let keys = jwks.get(team);
        if (!keys) {
          keys = jwksFor(team);
          jwks.set(team, keys);
        }
        try {
          await jwtVerify(assertion, keys, { issuer: `https://${team}`, audience: audiences, algorithms: ['RS256'], requiredClaims: ['exp'], currentDate: deps.clock.now(), clockTolerance: 5 });
          return;
        } catch {
          // Another linked team may have issued it.
        }
      }
      throw new AppError('forbidden', 'The Cloudflare Access assertion is not valid for this company');
    },
  };
}

export type CloudflareAccessVerifier = ReturnType<typeof createCloudflareAccessVerifier>;
