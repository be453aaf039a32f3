import type { ConfigFragment } from './config.ts';
import type { ErrorDefinitions } from './errors.ts';
import type { EventDefinition } from './events.ts';

/**
 * What a module brings to the platform besides its services: the tables it owns (only it writes them; a test reads
 * the code), its error codes and constraint names, its configuration variables and the events it publishes. Each
 * module's door exports one; the composition root lists them once (apps/server/src/modules.ts) and merges their parts.
 */
export interface ModuleManifest {
  name: string;
  /** Tables (and views) this module owns. Another module reaches them through this module's services, never by SQL writes. */
  tables: readonly string[];
  errors?: ErrorDefinitions<string>;
  config?: ConfigFragment;
  /** The events it publishes (defineEvent): names and payload schemas. */
  events?: readonly EventDefinition[];
}

export function defineModule<const M extends ModuleManifest>(manifest: M): M {
  return manifest;
}
