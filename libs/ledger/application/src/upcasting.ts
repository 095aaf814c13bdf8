import type { DomainEvent } from '@rectify/ledger-domain';

/** A stored event as the deciders see it: type, schema version and data. */
export interface StoredDomainEvent {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
}

/** Turns version n of an event type into version n + 1. */
export type Upcaster = (data: unknown) => unknown;

/**
 * Old event versions are upcast on read, step by step, to the version the deciders know; stored
 * events are never rewritten. Register `upcasters[type][n]` to lift version n to n + 1.
 */
export class UpcasterRegistry {
  private readonly steps = new Map<string, Map<number, Upcaster>>();

  register(type: string, fromVersion: number, upcaster: Upcaster): this {
    const byVersion = this.steps.get(type) ?? new Map<number, Upcaster>();
    byVersion.set(fromVersion, upcaster);
    this.steps.set(type, byVersion);
    return this;
  }

  upcast(event: StoredDomainEvent, currentVersion: number): DomainEvent {
    let { data, schemaVersion } = event;
    while (schemaVersion < currentVersion) {
      const step = this.steps.get(event.type)?.get(schemaVersion);
      if (!step) throw new Error(`No upcaster for ${event.type} v${schemaVersion} → v${schemaVersion + 1}`);
      data = step(data);
      schemaVersion++;
    }
    if (schemaVersion > currentVersion) {
      throw new Error(`${event.type} v${schemaVersion} is newer than this code understands (v${currentVersion})`);
    }
    return { type: event.type, schemaVersion, data: data as object };
  }
}
