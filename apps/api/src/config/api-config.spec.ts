import { ConfigError, loadApiConfig } from './api-config';

const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' };
const secret = 'x'.repeat(32);
/** What production needs besides the secret: the worker's Redis and report directory. */
const prod = { NODE_ENV: 'production', REDIS_URL: 'redis://redis:6379', REPORT_STORAGE_DIR: '/var/lib/rectify/reports' };

describe('loadApiConfig', () => {
  it('refuses to start in production without JWT_SECRET, naming the variable', () => {
    expect(() => loadApiConfig({ ...base, NODE_ENV: 'production' })).toThrow(new ConfigError('JWT_SECRET', 'is required in production'));
  });

  it('refuses a short JWT_SECRET anywhere', () => {
    expect(() => loadApiConfig({ ...base, NODE_ENV: 'production', JWT_SECRET: 'short-secret' })).toThrow(/JWT_SECRET must be at least 32 bytes/);
    expect(() => loadApiConfig({ ...base, JWT_SECRET: 'short-secret' })).toThrow(/JWT_SECRET/);
  });

  it('generates a secret in development, with a warning', () => {
    const { config, warnings } = loadApiConfig(base);
    expect(config.jwt.generated).toBe(true);
    expect(Buffer.byteLength(config.jwt.secret)).toBeGreaterThanOrEqual(32);
    expect(warnings.join()).toMatch(/JWT_SECRET is not set/);
  });

  it('turns introspection and the IDE off in production by default', () => {
    const { config } = loadApiConfig({ ...base, ...prod, JWT_SECRET: secret });
    expect(config.graphql).toMatchObject({ introspection: false, ide: false });
    expect(loadApiConfig({ ...base, ...prod, JWT_SECRET: secret, GRAPHQL_INTROSPECTION: 'true' }).config.graphql.introspection).toBe(true);
  });

  it('reads LOG_LEVEL and HEALTH_CHECK_TIMEOUT_MS, with defaults', () => {
    expect(loadApiConfig(base).config.observability).toEqual({ logLevel: 'info', healthCheckTimeoutMs: 2000 });
    expect(loadApiConfig({ ...base, LOG_LEVEL: 'warn', HEALTH_CHECK_TIMEOUT_MS: '500' }).config.observability).toEqual({ logLevel: 'warn', healthCheckTimeoutMs: 500 });
    expect(() => loadApiConfig({ ...base, LOG_LEVEL: 'loud' })).toThrow(/^Invalid configuration: LOG_LEVEL must be one of/);
  });

  it('refuses a test clock in production', () => {
    expect(() => loadApiConfig({ ...base, ...prod, JWT_SECRET: secret, API_TEST_CLOCK_FILE: '/tmp/clock' })).toThrow(/API_TEST_CLOCK_FILE/);
  });

  it('requires the worker’s Redis and report directory in production, at boot', () => {
    expect(() => loadApiConfig({ ...base, ...prod, REDIS_URL: undefined, JWT_SECRET: secret })).toThrow(expect.objectContaining({ variable: 'REDIS_URL' }));
    expect(() => loadApiConfig({ ...base, ...prod, REPORT_STORAGE_DIR: undefined, JWT_SECRET: secret })).toThrow(expect.objectContaining({ variable: 'REPORT_STORAGE_DIR' }));
    expect(loadApiConfig({ ...base, ...prod, JWT_SECRET: secret }).config.jobs).toMatchObject({ redisUrl: 'redis://redis:6379', queuePrefix: 'rectify' });
  });

  it('runs on PostgreSQL unless EVENT_STORE_ADAPTER selects EventStoreDB, which warns that audit queries are off', () => {
    expect(loadApiConfig(base).config.eventStore).toEqual({ adapter: 'postgres' });
    const { config, warnings } = loadApiConfig({ ...base, EVENT_STORE_ADAPTER: 'eventstoredb', EVENTSTOREDB_URL: 'esdb://eventstoredb:2113?tls=false' });
    expect(config.eventStore).toEqual({ adapter: 'eventstoredb', url: 'esdb://eventstoredb:2113?tls=false' });
    expect(warnings.join('\n')).toMatch(/EVENT_STORE_ADAPTER=eventstoredb: the audit queries .* are not served/);
  });

  it.each([
    [{ EVENT_STORE_ADAPTER: 'kafka' }, 'EVENT_STORE_ADAPTER'],
    [{ EVENT_STORE_ADAPTER: 'eventstoredb' }, 'EVENTSTOREDB_URL'],
    [{ EVENT_STORE_ADAPTER: 'eventstoredb', EVENTSTOREDB_URL: 'tcp://eventstoredb:1113' }, 'EVENTSTOREDB_URL'],
    [{ DATABASE_URL: undefined }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ GRAPHQL_MAX_DEPTH: '0' }, 'GRAPHQL_MAX_DEPTH'],
    [{ GRAPHQL_INTROSPECTION: 'yes' }, 'GRAPHQL_INTROSPECTION'],
    [{ READ_MODEL_SCHEMA: 'Robert"); DROP' }, 'READ_MODEL_SCHEMA'],
    [{ LOG_LEVEL: 'everything' }, 'LOG_LEVEL'],
    [{ HEALTH_CHECK_TIMEOUT_MS: '10' }, 'HEALTH_CHECK_TIMEOUT_MS'],
    [{ QUEUE_PREFIX: '{rectify}' }, 'QUEUE_PREFIX'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL'],
    [{ REPORT_STORAGE_DIR: 'relative/dir' }, 'REPORT_STORAGE_DIR'],
    [{ IMPORT_MAX_BYTES: '1' }, 'IMPORT_MAX_BYTES'],
    [{ TRUST_PROXY: 'yes' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '11' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '1' }, 'TRUST_PROXY'], // hop counts: Fastify 5.12 no longer honours them
    [{ TRUST_PROXY: '10.0.0.1, evil.example' }, 'TRUST_PROXY'],
  ])('names the bad variable %#', (override, variable) => {
    expect(() => loadApiConfig({ ...base, ...override })).toThrow(expect.objectContaining({ variable }));
  });

  it('believes X-Forwarded-For only from configured proxies: none by default', () => {
    expect(loadApiConfig(base).config.trustProxy).toBe(false);
    expect(loadApiConfig({ ...base, TRUST_PROXY: 'false' }).config.trustProxy).toBe(false);
    expect(loadApiConfig({ ...base, TRUST_PROXY: 'true' }).config.trustProxy).toBe(true);
    expect(() => loadApiConfig({ ...base, TRUST_PROXY: '2' })).toThrow(/addresses\/CIDRs/);
    expect(loadApiConfig({ ...base, TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).config.trustProxy).toBe('10.0.0.0/8,127.0.0.1');
  });
});
