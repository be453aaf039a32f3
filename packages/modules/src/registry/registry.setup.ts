import type { ModuleContext, ModuleParts, PlatformServices } from '@smarteros/kernel';
import { createRegistryService, type RegistryService } from './registry.service.ts';
import { createVault, type Vault } from './vault.service.ts';

declare module '@smarteros/kernel' {
  interface PlatformServices {
    vault: Vault;
    registry: RegistryService;
  }
}

/** A company's APIs, their credentials (the vault, under the master keys) and capabilities. */
export function setupRegistry(ctx: ModuleContext): ModuleParts<Pick<PlatformServices, 'vault' | 'registry'>> {
  const { db, clock, config } = ctx;
  const vault = createVault({ db, ring: config.masterKeys, clock });
  return { services: { vault, registry: createRegistryService({ db, clock, vault, egress: ctx.use('egress') }) } };
}
