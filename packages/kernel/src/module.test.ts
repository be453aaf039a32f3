import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAction } from './action.ts';
import type { Database } from './db/database.ts';
import { composePlatform, defineModule, type ModuleContext, type ModuleManifest, type PlatformConfig } from './module.ts';

// The relay and the egress guard are built but never started here: no query reaches this database.
const db = {} as Database;
const clock = { now: () => new Date('2026-12-02T12:00:00Z') };
const config = { env: 'test', egressAllow: [], outboxPollMs: 0 } as unknown as PlatformConfig;

const action = (name: string) =>
  defineAction({ name, title: { es: 'Prueba', en: 'Test' }, description: 'A test action.', input: z.object({}), kind: 'read', minRole: 'viewer', run: async () => ({}) });

// Services of test modules: these names are not in PlatformServices, so the test reads them untyped.
const untyped = (services: object) => services as Record<string, unknown>;

describe('composePlatform', () => {
  it('sets modules up in order: a module uses the kernel and earlier modules, and its parts join the platform', async () => {
    const events: string[] = [];
    const first = defineModule({
      name: 'first',
      tables: [],
      setup: () => ({
        services: { firstThing: 'one' } as never,
        actions: [action('first.read')],
        subscribers: [{ name: 'first.listener', topics: ['second.happened'], handler: () => {} }],
        jobs: [{ name: 'first.job', start: () => void events.push('start first.job'), stop: () => void events.push('stop first.job') }],
        close: async () => void events.push('close first'),
      }),
    });
    const second = defineModule({
      name: 'second',
      tables: [],
      setup: (ctx: ModuleContext) => {
        const firstThing = (ctx as unknown as { use(n: string): unknown }).use('firstThing');
        const catalog = ctx.use('actions');
        catalog.onChange((tenantId) => events.push(`changed ${tenantId}`));
        return {
          services: { secondThing: `${String(firstThing)}+two`, relayToo: ctx.use('relay') === ctx.use('relay') } as never,
          actions: [action('second.read')],
          sources: [{ name: 'dynamic', actions: async (tenantId: string) => [action(`dynamic.${tenantId}`)], onChange: (fn) => fn('t1') }],
          close: async () => void events.push('close second'),
        };
      },
    });
    const platform = composePlatform([first, second], { config, db, clock });
    const services = untyped(platform.services);
    expect(services.secondThing).toBe('one+two');
    expect(services.relayToo).toBe(true);
    // The catalog holds every module's actions, and the early change listener was attached once it was complete.
    expect(platform.services.actions.platform.map((a) => a.name)).toEqual(['first.read', 'second.read']);
    expect((await platform.services.actions.list('acme')).map((a) => a.name)).toEqual(['first.read', 'second.read', 'dynamic.acme']);
    expect(events).toEqual(['changed t1']);
    expect(platform.services.relay.subscribers().map((s) => s.name)).toEqual(['first.listener']);
    platform.start();
    platform.start();
    await platform.close();
    await platform.close();
    // Jobs stop first, then modules close in reverse order, once.
    expect(events).toEqual(['changed t1', 'start first.job', 'stop first.job', 'close second', 'close first']);
  });

  it('refuses a module that uses a later (or unknown) module, and a service provided twice', () => {
    const early = defineModule({ name: 'early', tables: [], setup: (ctx: ModuleContext) => ({ services: { x: (ctx as unknown as { use(n: string): unknown }).use('late') } as never }) });
    const late = defineModule({ name: 'late', tables: [], setup: () => ({ services: { late: 1 } as never }) });
    expect(() => composePlatform([early, late], { config, db, clock })).toThrow('early uses late, which no earlier module provides (see the dependency order)');
    const again = defineModule({ name: 'again', tables: [], setup: () => ({ services: { late: 2 } as never }) });
    expect(() => composePlatform([late, again], { config, db, clock })).toThrow('again provides late, which late already provides');
    const kernelName = defineModule({ name: 'greedy', tables: [], setup: () => ({ services: { relay: 3 } as never }) });
    expect(() => composePlatform([kernelName], { config, db, clock })).toThrow('greedy provides relay, which kernel already provides');
  });

  it('refuses to list the catalog while modules are still being set up, and two actions of one name', () => {
    const reader: ModuleManifest = { name: 'reader', tables: [], setup: (ctx) => ({ services: { n: ctx.use('actions').platform.length } as never }) };
    expect(() => composePlatform([reader], { config, db, clock })).toThrow('the action catalog is read before every module is set up');
    const a = defineModule({ name: 'a', tables: [], setup: () => ({ services: {}, actions: [action('same.name')] }) });
    const b = defineModule({ name: 'b', tables: [], setup: () => ({ services: {}, actions: [action('same.name')] }) });
    expect(() => composePlatform([a, b], { config, db, clock })).toThrow('Two actions are named same.name');
  });
});
