import { NotJsonError, type JsonValue } from '@rectify/shared-util';
import { eventBody } from './hash-chain';
import { InvalidArgumentError } from './errors';
import type { EventFilter, ExpectedVersion, NewEvent, ReadAllOptions, ReadStreamOptions } from './types';

/** Limits that every adapter enforces alike, so the contract suite can test them once. */
export const EventStoreLimits = {
  maxStreamIdLength: 512,
  maxTypeLength: 256,
  maxEventsPerAppend: 10_000,
  /** Canonical JSON of all events of one append. EventStoreDB's default is 1 MiB: raise its
   *  EVENTSTORE_MAX_APPEND_SIZE to 16 MiB to match (see the adapter's README). */
  maxAppendBytes: 16 * 1024 * 1024,
  maxReadCount: 10_000,
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** An event checked and ready to write, with its canonical body (the hashed part of its envelope). */
export interface PreparedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: NewEvent['data'];
  readonly metadata: NewEvent['metadata'];
  readonly body: string;
}

export interface PreparedAppend {
  readonly streamId: string;
  readonly expected: ExpectedVersion;
  readonly events: readonly PreparedEvent[];
}

export function validateStreamId(streamId: unknown, field = 'streamId'): string {
  if (typeof streamId !== 'string' || streamId.trim() === '') {
    throw new InvalidArgumentError(field, '流编号不能为空');
  }
  if (streamId.length > EventStoreLimits.maxStreamIdLength) {
    throw new InvalidArgumentError(field, `流编号不能超过 ${EventStoreLimits.maxStreamIdLength} 个字符`);
  }
  if (streamId !== streamId.trim() || CONTROL.test(streamId) || !streamId.isWellFormed()) {
    throw new InvalidArgumentError(field, '流编号不能含有首尾空白、控制字符或不成对的代理项');
  }
  if (streamId.startsWith('$')) {
    throw new InvalidArgumentError(field, '以 $ 开头的流编号保留给系统使用');
  }
  return streamId;
}

export function validateExpected(expected: unknown): ExpectedVersion {
  if (expected === undefined) return 'any';
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return expected;
  if (typeof expected === 'number') {
    if (Number.isSafeInteger(expected) && expected >= 0) return expected;
    throw new InvalidArgumentError('expected', `期望版本必须是非负整数，收到 ${expected}`);
  }
  throw new InvalidArgumentError(
    'expected',
    `未知的期望版本模式 ${JSON.stringify(expected) ?? String(expected)}（应为 any、no_stream、stream_exists 或非负整数）`,
  );
}

/** Checks an append completely before anything is written: a bad one writes nothing. */
export function prepareAppend(streamId: unknown, events: unknown, expected: unknown): PreparedAppend {
  const id = validateStreamId(streamId);
  const mode = validateExpected(expected);
  if (!Array.isArray(events) || events.length === 0) {
    throw new InvalidArgumentError('events', '至少需要一个事件');
  }
  if (events.length > EventStoreLimits.maxEventsPerAppend) {
    throw new InvalidArgumentError('events', `一次最多追加 ${EventStoreLimits.maxEventsPerAppend} 个事件`);
  }
  const seen = new Set<string>();
  let bytes = 0;
  const prepared = events.map((event: unknown, index) => {
    const p = prepareEvent(id, event, `events[${index}]`);
    if (seen.has(p.eventId)) throw new InvalidArgumentError(`events[${index}].eventId`, '同一批次中事件编号重复');
    seen.add(p.eventId);
    bytes += Buffer.byteLength(p.body, 'utf8');
    return p;
  });
  if (bytes > EventStoreLimits.maxAppendBytes) {
    throw new InvalidArgumentError('events', `一次追加的事件总大小不能超过 ${EventStoreLimits.maxAppendBytes} 字节`);
  }
  return { streamId: id, expected: mode, events: prepared };
}

function prepareEvent(streamId: string, event: unknown, field: string): PreparedEvent {
  if (typeof event !== 'object' || event === null) throw new InvalidArgumentError(field, '事件必须是对象');
  const e = event as Record<string, unknown>;
  if (typeof e['eventId'] !== 'string' || !UUID.test(e['eventId'].toLowerCase())) {
    throw new InvalidArgumentError(`${field}.eventId`, '事件编号必须是 UUID');
  }
  const eventId = e['eventId'].toLowerCase();
  const type = e['type'];
  if (typeof type !== 'string' || type.trim() === '' || type !== type.trim() || CONTROL.test(type)) {
    throw new InvalidArgumentError(`${field}.type`, '事件类型不能为空，也不能含有首尾空白或控制字符');
  }
  if (type.length > EventStoreLimits.maxTypeLength || type.startsWith('$')) {
    throw new InvalidArgumentError(`${field}.type`, '事件类型过长或以 $ 开头');
  }
  const schemaVersion = e['schemaVersion'];
  if (typeof schemaVersion !== 'number' || !Number.isSafeInteger(schemaVersion) || schemaVersion < 1 || schemaVersion > 2 ** 31 - 1) {
    throw new InvalidArgumentError(`${field}.schemaVersion`, '结构版本必须是正整数');
  }
  const metadata = validateMetadata(e['metadata'], `${field}.metadata`);
  const data = e['data'] as NewEvent['data'];
  // Writing the canonical body is also the JSON check of data and metadata (one pass, not two):
  // its error names the path below the body, `$.data…` or `$.metadata…`.
  let body: string;
  try {
    body = eventBody({ data, eventId, metadata, schemaVersion, streamId, type });
  } catch (error) {
    if (error instanceof NotJsonError && error.path.startsWith('$.')) {
      throw new InvalidArgumentError(`${field}${error.path.slice(1)}`, `不是可序列化的 JSON：${error.reason}`);
    }
    throw asInvalid(error, field);
  }
  return { eventId, type, schemaVersion, data, metadata, body };
}

function validateMetadata(value: unknown, field: string): NewEvent['metadata'] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError(field, '元数据必须是对象');
  }
  const m = value as Record<string, unknown>;
  for (const key of ['tenantId', 'tenantPath'] as const) {
    if (typeof m[key] !== 'string' || (m[key] as string).trim() === '') {
      throw new InvalidArgumentError(`${field}.${key}`, '每个事件都必须带有租户');
    }
  }
  validateTenantPath(m['tenantPath'] as string, `${field}.tenantPath`);
  for (const key of ['actor', 'correlationId', 'causationId'] as const) {
    if (m[key] !== undefined && typeof m[key] !== 'string') {
      throw new InvalidArgumentError(`${field}.${key}`, '必须是字符串');
    }
  }
  // Keys whose value is undefined are dropped, as JSON would; everything else must be JSON (the
  // event body's canonical writing checks it).
  const clean: Record<string, JsonValue> = {};
  for (const [key, v] of Object.entries(m)) {
    if (v === undefined) continue;
    clean[key] = v as JsonValue;
  }
  return { ...clean, tenantId: m['tenantId'] as string, tenantPath: m['tenantPath'] as string };
}

const TENANT_PATH = /^[0-9A-Za-z_-]+(\/[0-9A-Za-z_-]+)*$/;

export function validateTenantPath(path: string, field = 'tenantPath'): string {
  if (!TENANT_PATH.test(path)) {
    throw new InvalidArgumentError(field, `租户路径 ${JSON.stringify(path)} 格式无效（应为以 / 分隔的代码）`);
  }
  return path;
}

export function validateReadStream(options: ReadStreamOptions | undefined): Required<ReadStreamOptions> {
  const direction = options?.direction ?? 'forwards';
  if (direction !== 'forwards' && direction !== 'backwards') {
    throw new InvalidArgumentError('direction', `未知的读取方向 ${String(direction)}`);
  }
  const from = options?.from ?? (direction === 'forwards' ? 'start' : 'end');
  if (from !== 'start' && from !== 'end' && !(typeof from === 'number' && Number.isSafeInteger(from) && from >= 0)) {
    throw new InvalidArgumentError('from', '起始版本必须是非负整数、start 或 end');
  }
  return { direction, from, maxCount: validateMaxCount(options?.maxCount, Number.MAX_SAFE_INTEGER) };
}

export function validateReadAll(options: ReadAllOptions | undefined): { maxCount: number; filter: EventFilter } {
  return {
    maxCount: validateMaxCount(options?.maxCount, 1_000, EventStoreLimits.maxReadCount),
    filter: validateFilter(options?.filter),
  };
}

function validateMaxCount(value: unknown, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new InvalidArgumentError('maxCount', `读取数量必须是 1 到 ${max} 之间的整数`);
  }
  return value;
}

export function validateFilter(filter: EventFilter | undefined): EventFilter {
  if (filter === undefined) return {};
  const strings = (value: unknown, field: string): readonly string[] | undefined => {
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.length === 0 || value.some((s) => typeof s !== 'string' || s === '')) {
      throw new InvalidArgumentError(field, '必须是非空字符串组成的非空数组');
    }
    return value as string[];
  };
  const streamPrefixes = strings(filter.streamPrefixes, 'filter.streamPrefixes');
  const eventTypes = strings(filter.eventTypes, 'filter.eventTypes');
  const tenantPath = filter.tenantPath === undefined ? undefined : validateTenantPath(filter.tenantPath, 'filter.tenantPath');
  return {
    ...(streamPrefixes && { streamPrefixes }),
    ...(eventTypes && { eventTypes }),
    ...(tenantPath && { tenantPath }),
  };
}

/** Whether an event falls inside a filter (for adapters that filter on the client side). */
export function matchesFilter(
  event: { streamId: string; type: string; metadata: { tenantPath?: unknown } },
  filter: EventFilter,
): boolean {
  if (filter.streamPrefixes && !filter.streamPrefixes.some((p) => event.streamId.startsWith(p))) return false;
  if (filter.eventTypes && !filter.eventTypes.includes(event.type)) return false;
  if (filter.tenantPath !== undefined) {
    const path = event.metadata.tenantPath;
    if (typeof path !== 'string' || !isWithinTenant(path, filter.tenantPath)) return false;
  }
  return true;
}

/** `path` is `scope` itself or below it, on `/` boundaries. */
export function isWithinTenant(path: string, scope: string): boolean {
  return path === scope || path.startsWith(`${scope}/`);
}

function asInvalid(error: unknown, field: string): Error {
  if (error instanceof NotJsonError) return new InvalidArgumentError(error.path, `不是可序列化的 JSON：${error.reason}`);
  return error instanceof Error ? error : new InvalidArgumentError(field, String(error));
}
