import { Writable } from 'node:stream';
import { Logger } from '@nestjs/common';
import { CORRELATION_ID_HEADER, resolveCorrelationId, runWithLogContext } from './log-context';
import { PinoLoggerService } from './pino-logger.service';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[]; raw: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return {
    stream,
    raw: () => text,
    lines: () =>
      text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('PinoLoggerService', () => {
  it('writes one valid JSON line per call with level, time, app, context, msg and the correlation id of the log context', async () => {
    const out = capture();
    const logger = new PinoLoggerService({ app: 'worker', destination: out.stream });
    logger.log('outside any request', 'Boot');
    await runWithLogContext({ correlationId: 'corr-42', tenantPath: '411000/411081' }, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      logger.warn('inside, after an await', 'Job');
    });

    const [outside, inside] = out.lines();
    expect(out.raw().trim().split('\n')).toHaveLength(2);
    expect(outside).toMatchObject({ level: 'info', app: 'worker', context: 'Boot', msg: 'outside any request' });
    expect(outside).not.toHaveProperty('correlationId');
    expect(inside).toMatchObject({ level: 'warn', app: 'worker', context: 'Job', msg: 'inside, after an await', correlationId: 'corr-42', tenantPath: '411000/411081' });
    expect(new Date(String(inside['time'])).toISOString()).toBe(inside['time']);
  });

  it("serves Nest's Logger: errors keep their stack, objects become fields, levels below LOG_LEVEL are dropped", () => {
    const out = capture();
    const service = new PinoLoggerService({ app: 'api', level: 'info', destination: out.stream });
    const nest = new Logger('Ops');
    Logger.overrideLogger(service);
    try {
      const error = new Error('boom');
      nest.error('it failed', error.stack);
      nest.log({ msg: 'request done', statusCode: 200 });
      nest.debug('not written at info');
      service.error(error);
    } finally {
      Logger.overrideLogger(false);
    }
    const lines = out.lines();
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ level: 'error', context: 'Ops', msg: 'it failed' });
    expect(String(lines[0]['stack'])).toContain('boom');
    expect(lines[1]).toMatchObject({ level: 'info', context: 'Ops', msg: 'request done', statusCode: 200 });
    expect(lines[2]).toMatchObject({ level: 'error', msg: 'boom', err: { type: 'Error', message: 'boom' } });
  });

  it('escapes a hostile message into the JSON string instead of starting a new line', () => {
    const out = capture();
    new PinoLoggerService({ app: 'api', destination: out.stream }).log('line one\n{"level":"fatal"}');
    expect(out.lines()).toHaveLength(1);
  });
});

describe('resolveCorrelationId', () => {
  it(`keeps a sane ${CORRELATION_ID_HEADER} and replaces anything else with a UUID`, () => {
    expect(resolveCorrelationId('req-2023.08/ab:c_d')).toBe('req-2023.08/ab:c_d');
    expect(resolveCorrelationId(['first', 'second'])).toBe('first');
    for (const bad of [undefined, '', 'has space', 'x'.repeat(129), 'new\nline']) {
      expect(resolveCorrelationId(bad)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
