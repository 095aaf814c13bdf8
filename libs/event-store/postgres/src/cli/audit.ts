/**
 * Auditors' command line for the event store:
 *
 *   npm run audit -- verify [--stream <id> | --tenant <path>]
 *   npm run audit -- export [--tenant <path>] [--from <ISO>] [--to <ISO>] [--out <file>]
 *   npm run audit -- verify-export <file>
 *   npm run audit -- anchor --tenant <path> --day <YYYY-MM-DD>     (ANCHOR_PRIVATE_KEY_FILE: Ed25519 PEM)
 *   npm run audit -- verify-anchors --tenant <path>               (ANCHOR_PUBLIC_KEY_FILE: Ed25519 PEM)
 *
 * Reads DATABASE_URL and EVENT_STORE_SCHEMA (default event_store). Exit code 0: intact; 1: a break
 * was found (printed as JSON, naming the first broken event); 2: bad usage.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { verifyExport } from '@rectify/event-store-core';
import { Pool } from 'pg';
import { AnchorService } from '../anchors';
import { ChainVerifier } from '../chain-verifier';
import { EventExporter } from '../event-exporter';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

function usage(message: string): never {
  console.error(`${message}\nusage: audit verify [--stream ID | --tenant PATH] | export [--tenant PATH] [--from ISO] [--to ISO] [--out FILE] | verify-export FILE | anchor --tenant PATH --day YYYY-MM-DD | verify-anchors --tenant PATH`);
  process.exit(2);
}

function date(value: string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) usage(`--${name} is not a date: ${value}`);
  return d;
}

function key(variable: string, load: (pem: string) => KeyObject): KeyObject | null {
  const file = process.env[variable];
  if (!file) return null;
  try {
    return load(readFileSync(file, 'utf8'));
  } catch (error) {
    return usage(`${variable} (${file}) is not a readable Ed25519 PEM key: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function pool(): Pool {
  const connectionString = process.env['DATABASE_URL'];
  if (!connectionString) usage('DATABASE_URL is not set: it names the PostgreSQL database to audit.');
  return new Pool({ connectionString, max: 2 });
}

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  const schema = process.env['EVENT_STORE_SCHEMA'] ?? 'event_store';
  switch (command) {
    case 'verify': {
      const db = pool();
      try {
        const streamId = option(args, 'stream');
        const tenantPath = option(args, 'tenant');
        const result = await new ChainVerifier(db, schema).verify({
          ...(streamId !== undefined && { streamId }),
          ...(tenantPath !== undefined && { tenantPath }),
          onProgress: (p) => process.stderr.write(`\rverified ${p.eventsChecked} events in ${p.streamsChecked} streams`),
        });
        process.stderr.write('\n');
        console.log(JSON.stringify(result, null, 2));
        return result.ok ? 0 : 1;
      } finally {
        await db.end();
      }
    }
    case 'export': {
      const db = pool();
      const out = option(args, 'out');
      const sink: NodeJS.WritableStream = out ? createWriteStream(out) : process.stdout;
      try {
        const tenantPath = option(args, 'tenant');
        const from = date(option(args, 'from'), 'from');
        const to = date(option(args, 'to'), 'to');
        const lines = new EventExporter(db, schema).lines({
          ...(tenantPath !== undefined && { tenantPath }),
          ...(from && { from }),
          ...(to && { to }),
        });
        for await (const line of lines) {
          if (!sink.write(`${line}\n`)) await new Promise<void>((resolve) => sink.once('drain', () => resolve()));
        }
        return 0;
      } finally {
        if (out) await new Promise<void>((resolve) => sink.end(() => resolve()));
        await db.end();
      }
    }
    case 'verify-export': {
      const file = args[0];
      if (!file) usage('verify-export needs the file to check');
      const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
      const result = await verifyExport(lines);
      console.log(JSON.stringify(result, null, 2));
      return result.ok ? 0 : 1;
    }
    case 'anchor':
    case 'verify-anchors': {
      const tenantPath = option(args, 'tenant') ?? usage(`${command} needs --tenant`);
      const db = pool();
      try {
        const anchors = new AnchorService(db, schema);
        if (command === 'anchor') {
          const day = option(args, 'day') ?? usage('anchor needs --day YYYY-MM-DD');
          const privateKey = key('ANCHOR_PRIVATE_KEY_FILE', (pem) => createPrivateKey(pem));
          if (!privateKey) console.error('warning: ANCHOR_PRIVATE_KEY_FILE is not set; the anchor is recorded unsigned');
          console.log(JSON.stringify(await anchors.anchor(tenantPath, day, privateKey), null, 2));
          return 0;
        }
        const publicKey = key('ANCHOR_PUBLIC_KEY_FILE', (pem) => createPublicKey(pem));
        if (!publicKey) console.error('warning: ANCHOR_PUBLIC_KEY_FILE is not set; signatures are not checked');
        const result = await anchors.verify(tenantPath, publicKey);
        console.log(JSON.stringify(result, null, 2));
        return result.ok ? 0 : 1;
      } finally {
        await db.end();
      }
    }
    default:
      return usage(`unknown command ${command ?? '(none)'}`);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const e = error as { code?: string; message?: string };
    console.error(`audit failed: ${e.code ? `${e.code}: ` : ''}${e.message ?? String(error)}`);
    process.exit(e.code === 'EVENT_STORE_INVALID_ARGUMENT' ? 2 : 1);
  },
);
