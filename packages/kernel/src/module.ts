import { createActionCatalog, type Action, type ActionCatalog, type ActionSource } from './action.ts';
import type { Clock } from './clock.ts';
import type { ConfigFragment, KernelConfig } from './config.ts';
import type { Database } from './db/database.ts';
import { createEgressGuard, type EgressGuard } from './egress/egress.ts';
import type { ErrorDefinitions } from './errors.ts';
import { configureEventValidation, type EventDefinition } from './events.ts';
import { createOutboxRelay, type OutboxRelay, type Subscription } from './outbox.ts';

/**
 * The services of the platform by name. The kernel's are here; each module adds its own by declaration merging in its
 * `<module>.setup.ts` (`declare module '@smarteros/kernel' { interface PlatformServices { … } }`), as its tables merge
 * into `DB`. Routes, the CLI's server commands and tests read the composed object through this one type.
 */
export interface PlatformServices {
  /** The outbox relay: every module's subscribers are registered on it. */
  relay: OutboxRelay;
  /** The egress guard every outbound call goes through. */
  egress: EgressGuard;
  /** The one action catalog: every module's actions and the dynamic sources (MCP, the REST API, the CLI, the assistant…). */
  actions: ActionCatalog;
}

/** The merged configuration: the kernel's part here; each module's fragment adds its part by declaration merging. */
export interface PlatformConfig extends KernelConfig {}

/**
 * What the composition root hands in besides configuration: shared connections (Redis) and test doubles (a DNS
 * resolver, an egress guard, a key set). Each module declares the ones it reads by declaration merging.
 */
export interface PlatformDeps {
  /** The egress guard (tests inject one with their own DNS); by default from SMARTEROS_EGRESS_ALLOW. */
  egress?: EgressGuard | undefined;
}

/** A background task a module runs while the server serves: started once the server listens, stopped before it closes. */
export interface Job {
  name: string;
  start(): void;
  stop(): Promise<void> | void;
}

/** What a module's setup gives the platform. */
export interface ModuleParts<S extends Partial<PlatformServices> = Partial<PlatformServices>> {
  services: S;
  /** Platform actions (defineAction), the same for every tenant. */
  actions?: readonly Action[];
  /** Actions that depend on the tenant (e.g. its registry capabilities). */
  sources?: readonly ActionSource[];
  /** Outbox subscribers (any module's events). */
  subscribers?: readonly Subscription[];
  jobs?: readonly Job[];
  /** Releases what the setup created (pools, timers); called in reverse module order. The Redis it was given stays open. */
  close?(): Promise<void>;
}

/** What a module's setup may use: the configuration, the database, the clock, the root's deps and earlier modules' services. */
export interface ModuleContext {
  readonly config: PlatformConfig;
  readonly db: Database;
  readonly clock: Clock;
  readonly deps: PlatformDeps;
  log(line: string): void;
  /**
   * A service of the kernel or of a module set up before this one (the dependency order); throws otherwise. The action
   * catalog is complete once every module is set up: read it when running, not while setting up.
   */
  use<K extends keyof PlatformServices>(name: K): PlatformServices[K];
}

/**
 * What a module brings to the platform: the tables it owns (only it writes them; a test reads the code), its error
 * codes and constraint names, its configuration variables, the events it publishes, and its setup (services, actions,
 * jobs, outbox subscribers). Each module's door exports one; the composition root lists them once
 * (apps/server/src/modules.ts), merges their parts and sets them up in the dependency order.
 */
export interface ModuleManifest {
  name: string;
  /** Tables (and views) this module owns. Another module reaches them through this module's services, never by SQL writes. */
  tables: readonly string[];
  errors?: ErrorDefinitions<string>;
  config?: ConfigFragment;
  /** The events it publishes (defineEvent): names and payload schemas. */
  events?: readonly EventDefinition[];
  /** Builds the module's services from the context. Annotate its return as `ModuleParts<Pick<PlatformServices, …>>`. */
  setup?(ctx: ModuleContext): ModuleParts<Partial<PlatformServices>>;
}

export function defineModule<const M extends ModuleManifest>(manifest: M): M {
  return manifest;
}

/** The service names a manifest's setup provides (from its annotated return type). */
export type ProvidedBy<M> = M extends { setup(ctx: ModuleContext): ModuleParts<infer S> } ? keyof S : never;

/** The kernel's own services, provided before any module. */
export type KernelServiceName = 'relay' | 'egress' | 'actions';

export interface Platform {
  services: PlatformServices;
  /** Starts every module's jobs and the outbox relay (once the server listens). */
  start(options?: { onRelayError?: (err: unknown) => void }): void;
  /** Stops jobs and the relay, then closes each module in reverse order. Idempotent. */
  close(): Promise<void>;
}

/**
 * Sets up the kernel's services, then each module in the given (dependency) order, and merges what they give: services
 * (a name provided twice throws), actions into one catalog, subscribers onto the relay, jobs.
 */
export function composePlatform(
  modules: readonly ModuleManifest[],
  base: { config: PlatformConfig; db: Database; clock: Clock; deps?: PlatformDeps; log?: (line: string) => void },
): Platform {
  const { config, db, clock } = base;
  const deps = base.deps ?? {};
  const log = base.log ?? (() => {});
  // Outbox: payloads that fail their schema are refused outside production, and logged in production (events.ts).
  configureEventValidation({ strict: config.env !== 'production', onInvalid: (topic, problem) => log(`outbox: ${topic} payload does not match its schema: ${problem}`) });
  const relay = createOutboxRelay({ db, clock });
  const egress = deps.egress ?? createEgressGuard({ allow: config.egressAllow });
  const built: { catalog?: ActionCatalog } = {};
  const complete = (): ActionCatalog => {
    if (!built.catalog) throw new Error('the action catalog is read before every module is set up');
    return built.catalog;
  };
  // Handed out before the modules are set up (the runner holds it); complete once they all are. Change listeners
  // given before then are attached when it is.
  const early: Array<(tenantId: string) => void> = [];
  const actions: ActionCatalog = {
    get platform() {
      return complete().platform;
    },
    list: (tenantId) => complete().list(tenantId),
    onChange: (listener) => (built.catalog ? built.catalog.onChange(listener) : early.push(listener)),
  };
  const services: Record<string, unknown> = { relay, egress, actions };
  const providedBy = new Map<string, string>(Object.keys(services).map((k) => [k, 'kernel']));
  const actionParts: Array<readonly Action[]> = [];
  const sources: ActionSource[] = [];
  const jobs: Job[] = [];
  const closers: Array<() => Promise<void>> = [];
  for (const module of modules) {
    if (!module.setup) continue;
    const ctx: ModuleContext = {
      config,
      db,
      clock,
      deps,
      log,
      use(name) {
        if (!(name in services)) throw new Error(`${module.name} uses ${String(name)}, which no earlier module provides (see the dependency order)`);
        return services[name] as PlatformServices[typeof name];
      },
    };
    const parts = module.setup(ctx);
    for (const [name, service] of Object.entries(parts.services)) {
      const owner = providedBy.get(name);
      if (owner) throw new Error(`${module.name} provides ${name}, which ${owner} already provides`);
      providedBy.set(name, module.name);
      services[name] = service;
    }
    if (parts.actions) actionParts.push(parts.actions);
    if (parts.sources) sources.push(...parts.sources);
    for (const s of parts.subscribers ?? []) relay.subscribe(s);
    jobs.push(...(parts.jobs ?? []));
    if (parts.close) closers.unshift(parts.close.bind(parts));
  }
  const catalog = createActionCatalog({ actions: actionParts, sources });
  built.catalog = catalog;
  for (const listener of early) catalog.onChange(listener);
  let started = false;
  let closed = false;
  return {
    services: services as unknown as PlatformServices,
    start(options = {}) {
      if (started) return;
      started = true;
      for (const job of jobs) job.start();
      relay.start(config.outboxPollMs, options.onRelayError ?? ((err) => log(`outbox relay failed: ${(err as Error).message}`)));
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all(jobs.map((j) => j.stop()));
      await relay.stop();
      for (const close of closers) await close();
    },
  };
}
