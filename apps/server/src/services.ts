import { composePlatform, type Clock, type Database, type KernelServiceName, type Platform, type PlatformConfig, type PlatformDeps, type PlatformServices, type ProvidedBy } from '@smarteros/kernel';
import type { Config } from './config.ts';
import { MODULES } from './modules.ts';

/** Every service of the platform: the kernel's and each module's (PlatformServices, merged by each module's setup). */
export type AppServices = PlatformServices;

// Every service name some module declares is provided by a module in MODULES (or by the kernel): a module left out of
// the list, or a setup that forgets a service it declares, fails here at compile time.
type Unprovided = Exclude<keyof PlatformServices, KernelServiceName | ProvidedBy<(typeof MODULES)[number]>>;
const everyServiceProvided: [Unprovided] extends [never] ? true : { missing: Unprovided } = true;
void everyServiceProvided;
// The server's configuration carries every module's part.
const configIsComplete = (config: Config): PlatformConfig => config;
void configIsComplete;

/**
 * Sets up the kernel's services and then each module of MODULES in the dependency order, from its manifest's setup:
 * services, actions (one catalog), outbox subscribers, jobs. The server is the only composition root.
 */
export function createPlatform(deps: { config: Config; db: Database; clock: Clock; log?: (line: string) => void } & PlatformDeps): Platform {
  const { config, db, clock, log, ...rest } = deps;
  return composePlatform(MODULES, { config, db, clock, deps: rest, ...(log ? { log } : {}) });
}

