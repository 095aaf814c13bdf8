import type { LogLevel as NestLogLevel, LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/observability-config';
import { currentLogContext } from './log-context';

export interface PinoLoggerOptions {
  /** `api`, `projector`, `worker`: the `app` field of every line. */
  readonly app: string;
  readonly level?: LogLevel;
  /** Where the JSON lines go; stdout (synchronously) by default. Tests pass a stream. */
  readonly destination?: DestinationStream;
}

type PinoLevel = Exclude<LogLevel, 'silent'>;

const NEST_TO_PINO: Record<NestLogLevel, PinoLevel> = { fatal: 'fatal', error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };
const ORDER: PinoLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/**
 * Nest's LoggerService on pino: one JSON line per call with `level` (a name), `time` (ISO),
 * `app`, `pid`, `context` (the Nest logger's name), `msg`, and — inside a request or a job — the
 * `correlationId` and tenant of the log context (see runWithLogContext). Use with
 * `app.useLogger(logger)` or as the `logger` option of NestFactory.
 */
export class PinoLoggerService implements LoggerService {
  readonly pino: Logger;

  constructor(options: PinoLoggerOptions) {
    this.pino = pino(
      {
        level: options.level ?? 'info',
        base: { app: options.app, pid: process.pid },
        messageKey: 'msg',
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        mixin: () => ({ ...currentLogContext() }),
      },
      options.destination ?? pino.destination({ dest: 1, sync: true }),
    );
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params, true);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params, true);
  }

  /** Nest's `logger: [...]` option: the lowest level listed becomes pino's level. */
  setLogLevels(levels: NestLogLevel[]): void {
    const lowest = ORDER.find((level) => levels.some((l) => NEST_TO_PINO[l] === level));
    this.pino.level = lowest ?? 'silent';
  }

  /**
   * Nest passes `(message, context)`, `(message, stack, context)` for errors, or extra values; the
   * last string parameter is the context. An Error or an object message becomes fields.
   */
  private write(level: PinoLevel, message: unknown, params: unknown[], mayHaveStack = false): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const rest = [...params];
    const fields: Record<string, unknown> = {};
    if (rest.length > 0 && typeof rest[rest.length - 1] === 'string') fields['context'] = rest.pop();
    else if (rest.length > 0 && rest[rest.length - 1] === undefined) rest.pop();
    if (mayHaveStack && typeof rest[0] === 'string' && /\n\s+at /.test(rest[0])) fields['stack'] = rest.shift();
    if (rest.length > 0) fields['extra'] = rest;
    let msg: string;
    if (message instanceof Error) {
      msg = message.message;
      fields['err'] = message;
    } else if (typeof message === 'object' && message !== null) {
      const { msg: inner, message: alt, ...data } = message as Record<string, unknown>;
      Object.assign(fields, data);
      msg = typeof inner === 'string' ? inner : typeof alt === 'string' ? alt : '';
    } else {
      msg = String(message);
    }
    this.pino[level](fields, msg);
  }
}
