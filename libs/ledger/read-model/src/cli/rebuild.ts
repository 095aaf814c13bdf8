/**
 * Zero-downtime rebuild of the ledger read model into a new schema:
 *
 *   npm run rebuild:read-model -- build --target read_model_v2 [--source read_model] [--batch 10000] [--no-defer-indexes] [--switch] [--follow]
 *   npm run rebuild:read-model -- switch --target read_model_v2 [--source read_model] [--no-defer-indexes]
 *   npm run rebuild:read-model -- status [--target read_model_v2]
 *   npm run rebuild:read-model -- compare --a read_model --b read_model_v2
 *   npm run rebuild:read-model -- drop --schema read_model
 *
 * build: migrates the target (runReadModelMigrations), copies the reference data (villages) from the
 *   source (default: the active schema), projects from position zero (or from the target's own
 *   checkpoint after a kill) and prints progress (events applied, events/s, lag) to stderr until it
 *   has caught up. Bulk mode (unless --no-defer-indexes): a fresh target's secondary indexes on the
 *   high-volume tables are recorded and dropped before loading and built again once caught up
 *   (progress says "building indexes"), before the command reports success or switches; a killed
 *   build, run again, builds whatever is still missing. --switch then moves the pointer atomically;
 *   --follow keeps projecting the target until SIGTERM/SIGINT (hand over to the projector, which
 *   waits for the same advisory lock). The first SIGTERM/SIGINT lets the batch or index in hand finish.
 * switch: catches up (building any deferred index), then moves the pointer (compare-and-set from the source).
 * status: the serving schema's checkpoints; with --target, that schema's checkpoints and the indexes
 *   a bulk load deferred that are not built yet.
 * drop: drops an old schema; refuses the active one.
 *
 * Reads DATABASE_URL, EVENT_STORE_SCHEMA (default event_store), READ_MODEL_SCHEMA (the configured
 * default, used while no pointer exists; default read_model). Exit 0 ok, 1 failure, 2 bad usage. The
 * last stdout line is JSON.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
// A command-line entry point wires the store's adapter, as the apps do; the library code does not.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { PostgresEventStore, comparePositions } from '@rectify/event-store-postgres';
import { createReadModelDataSource } from '../read-model-data-source';
import { DEFAULT_READ_MODEL_SCHEMA, assertReadModelSchema } from '../read-model-schema';
import { compareReadModels } from '../rebuild/compare-read-models';
import { DeferredIndexes } from '../rebuild/deferred-indexes';
import { ReadModelPointer } from '../rebuild/read-model-pointer';
import { ReadModelRebuild, dropReadModelSchema, type RebuildProgress } from '../rebuild/read-model-rebuild';

function usage(message: string): never {
  console.error(
    `${message}\nusage: rebuild:read-model -- build --target SCHEMA [--source SCHEMA] [--batch N] [--no-defer-indexes] [--switch] [--follow] | switch --target SCHEMA [--source SCHEMA] [--no-defer-indexes] | status [--target SCHEMA] | compare --a SCHEMA --b SCHEMA | drop --schema SCHEMA`,
  );
  process.exit(2);
}

function report(p: RebuildProgress): void {
  const lag = `lag ${p.lag.eventsBehind}${p.lag.capped ? '+' : ''} events / ${p.lag.secondsBehind.toFixed(1)} s`;
  const elapsed = `${p.elapsedSeconds.toFixed(0)} s elapsed`;
  if (p.indexBuild !== null) {
    const b = p.indexBuild;
    process.stderr.write(`${p.schema}: building indexes, ${b.done} of ${b.total} built, now ${b.index} on ${b.table}; ${p.eventsApplied} events applied, ${lag}, ${elapsed}\n`);
    return;
  }
  const deferred = p.indexesPending > 0 ? `, ${p.indexesPending} indexes deferred until caught up` : '';
  process.stderr.write(`${p.schema}: ${p.eventsApplied} events applied, ${Math.round(p.eventsPerSecond)} events/s, ${lag}${deferred}, ${elapsed}\n`);
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      target: { type: 'string' },
      source: { type: 'string' },
      batch: { type: 'string' },
      switch: { type: 'boolean', default: false },
      follow: { type: 'boolean', default: false },
      // An option of its own (not parseArgs' allowNegative, which Node 20.11 lacks).
      'no-defer-indexes': { type: 'boolean', default: false },
      a: { type: 'string' },
      b: { type: 'string' },
      schema: { type: 'string' },
    },
  });
  const url = process.env['DATABASE_URL'] ?? usage('DATABASE_URL is not set: it names the PostgreSQL database.');
  const fallback = process.env['READ_MODEL_SCHEMA'] || DEFAULT_READ_MODEL_SCHEMA;
  const control = createReadModelDataSource({ url, schema: fallback, poolSize: 2, applicationName: 'rectify-read-model-rebuild' });
  await control.initialize();
  const pointer = new ReadModelPointer(control);
  try {
    await pointer.ensure();
    const active = await pointer.active();
    const serving = active?.schema ?? fallback;
    switch (positionals[0]) {
      case 'status': {
        const schema = assertReadModelSchema(values.target ?? serving);
        const rows: { projection_name: string; events_applied: string; last_recorded_at: Date | null }[] = await control.query(
          `SELECT projection_name, events_applied::text AS events_applied, last_recorded_at FROM ${schema}.projection_checkpoint`,
        );
        // Dropped for a bulk load and not built again yet.
        const deferred = (await new DeferredIndexes(control, schema).missing()).map((i) => i.name);
        console.log(JSON.stringify({ active: active ?? { schema: fallback, pointer: false }, schema, checkpoints: rows, deferredIndexes: deferred }));
        return 0;
      }
      case 'compare': {
        const tables = await compareReadModels(control, values.a ?? serving, values.b ?? usage('compare needs --b'));
        for (const t of tables) process.stderr.write(`${t.equal ? 'equal    ' : 'DIFFERENT'} ${t.table} (${t.rowsA} / ${t.rowsB} rows)\n`);
        const equal = tables.every((t) => t.equal);
        console.log(JSON.stringify({ equal, tables }));
        return equal ? 0 : 1;
      }
      case 'drop': {
        const schema = values.schema ?? usage('drop needs --schema');
        await dropReadModelSchema(control, schema, pointer);
        console.log(JSON.stringify({ dropped: schema }));
        return 0;
      }
      case 'build':
      case 'switch': {
        const target = values.target ?? usage(`${positionals[0]} needs --target`);
        const source = values.source ?? serving;
        const batchSize = values.batch ? Number(values.batch) : 10_000;
        if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > 10_000) usage('--batch must be an integer from 1 to 10000 (events per transaction)');
        const store = PostgresEventStore.connect({ connectionString: url, schema: process.env['EVENT_STORE_SCHEMA'] ?? 'event_store', max: 4 });
        const deferIndexes = !values['no-defer-indexes'];
        const rebuild = await ReadModelRebuild.open({ url, store, targetSchema: target, sourceSchema: source, batchSize, comparePositions, deferIndexes, onError: (e) => console.error(e) });
        const stop = (): void => void rebuild.stop();
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
        try {
          const deferred = await rebuild.indexes.missing();
          if (deferred.length > 0) {
            const tables = [...new Set(deferred.map((i) => i.table))].join(', ');
            process.stderr.write(`${target}: bulk load, ${deferred.length} secondary indexes of ${tables} deferred: built again once caught up, before any switch\n`);
          } else if (!deferIndexes) process.stderr.write(`${target}: --no-defer-indexes, every index kept during the load\n`);
          const done = await rebuild.untilCaughtUp(report, 2_000);
          if (positionals[0] === 'switch' || values.switch) {
            await rebuild.switchWhenCaughtUp(pointer, active?.schema ?? null);
            process.stderr.write(`switched: ${target} serves now (previous: ${source}; drop it with: npm run rebuild:read-model -- drop --schema ${source})\n`);
          }
          if (values.follow) {
            process.stderr.write(`following ${target} until SIGTERM/SIGINT\n`);
            while (rebuild.runner.status !== 'stopped') await new Promise((resolve) => setTimeout(resolve, 500));
          }
          console.log(
            JSON.stringify({ schema: target, eventsApplied: done.eventsApplied, seconds: done.elapsedSeconds, indexesDeferred: deferred.length, active: (await pointer.active())?.schema ?? fallback }),
          );
          return 0;
        } finally {
          await rebuild.close();
          await store.close();
        }
      }
      default:
        return usage(`unknown command ${positionals[0] ?? '(none)'}`);
    }
  } finally {
    await control.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`rebuild failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
