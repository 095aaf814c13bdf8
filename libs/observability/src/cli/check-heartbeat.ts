import { checkHeartbeat } from '../health/heartbeat';

/**
 * Exec probe for the projector and the worker (Kubernetes `exec`, compose `healthcheck`):
 *   node -r ./tools/register.js libs/observability/src/cli/check-heartbeat.ts <file> <maxAgeSeconds>
 * Exit 0: the heartbeat file is fresh and its status is ok or degraded. Exit 1: missing, stale,
 * unreadable or `down` (the reason on stderr). Exit 2: bad usage.
 */
async function main(argv: readonly string[]): Promise<number> {
  const [file, maxAge] = argv;
  const maxAgeSeconds = Number(maxAge);
  if (!file || !Number.isFinite(maxAgeSeconds) || maxAgeSeconds <= 0) {
    process.stderr.write('usage: check-heartbeat <file> <maxAgeSeconds>\n');
    return 2;
  }
  const verdict = await checkHeartbeat(file, maxAgeSeconds);
  (verdict.healthy ? process.stdout : process.stderr).write(`${verdict.healthy ? 'healthy' : 'unhealthy'}: ${verdict.reason}\n`);
  return verdict.healthy ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`unhealthy: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
