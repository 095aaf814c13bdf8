import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { Role } from '@rectify/tenancy';
import { SOAK, scaled, specSeed } from '../support/figures';
import {
  CHUHE_VILLAGES,
  PAYLOAD,
  Tally,
  YANLING_PATH,
  YUZHOU_PATH,
  auditAnswer,
  data,
  key,
  postGraphql,
  rawRequest,
  seedCounties,
  startHostileApi,
  type Fixture,
  type HostileApi,
} from './hostile-support';

/**
 * Part 5 of #8, bad input: generated invalid inputs for every query and mutation of the schema
 * (read by introspection, so a new field is fuzzed without a change here), malformed HTTP, limit
 * abuse. Every answer goes through auditAnswer: no 5xx, no stack trace, SQL or path, every error
 * with a stable code that is not INTERNAL_SERVER_ERROR.
 */

type Sent = { label: string; body: unknown; token: string | null };

/** Data of a query that may need the projector to catch up first (retried for up to 20 s). */
async function eventually<T>(run: () => Promise<{ data?: T | null; errors?: unknown[] }>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const r = await run();
    if (!r.errors && r.data) return r.data;
    if (Date.now() > deadline) throw new Error(JSON.stringify(r.errors));
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\t\n',
  '整改',
  '已整改',
  '👩‍👩‍👧‍👦🚧整改完成✅',
  '\uD800',
  'x\uDC00y',
  '\uDBFF\uDFFF',
  '\u202E已销号\u202C',
  '\u200B\uFEFF\u200D',
  '\u0001\u001F\u007F',
  'a\u0000b',
  "' OR 1=1 --",
  '"; DROP TABLE events; --',
  '%',
  '_',
  '%_%\\',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  '411000/%',
  '411000/411081/../411024',
  '2023-02-30',
  '2023-13-01',
  '0000-00-00',
  '2023-08-01T25:00:00Z',
  '+275760-09-13T00:00:00.000Z',
  '-000001-01-01',
  'yesterday',
  '1e309',
  'NaN',
  'null',
  'undefined',
  '乙'.repeat(5000),
  'a'.repeat(70_000),
];

/** Values of the wrong type for any field. */
const wrongType = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant({}),
    fc.constant([]),
    fc.constant({ nested: { deeper: [1, 'x', null] } }),
    fc.constant(2 ** 53),
    fc.constant(-(2 ** 31) - 1),
    fc.string({ maxLength: 8 }),
  );

interface Pools {
  readonly byName: Map<string, readonly unknown[]>;
}

function pools(f: Fixture, cursors: readonly string[]): Pools {
  const ids = [...f.entries.map((e) => e.id), f.yingchuanEntryId, f.cityCampaignId, f.yuzhouCampaignId, f.yanlingCampaignId, f.checklistVersionId, 'nope'];
  const dates = ['2023-07-26', '2023-08-31', '2023-09-05', '2023-07-25T01:00:00Z', '2023-08-01T00:00:00.000Z'];
  const entries = [...f.entries.map((e) => e.id), f.yingchuanEntryId];
  const campaigns = [f.cityCampaignId, f.yuzhouCampaignId, f.yanlingCampaignId];
  const byName = new Map<string, readonly unknown[]>([
    ['entryId', entries],
    ['entryIds', [entries.slice(0, 2)]],
    ['id', ids],
    ['campaignId', campaigns],
    ['checklistVersionId', [f.checklistVersionId]],
    ['reportId', ['report-x', ...ids]],
    ['villageCode', [...CHUHE_VILLAGES, '411024001001', '999999999999']],
    ['tenantPath', ['411000', YUZHOU_PATH, YANLING_PATH, `${YUZHOU_PATH}/411081005`]],
    ['childTenantCode', ['411081', '411024', '411081005', '411082']],
    ['tenantCode', ['411081', '411024', '411081005']],
    ['itemNo', [1, 5, 72, 73, 0]],
    ['categoryNo', [1, 2, 3]],
    ['subAreaNo', [1, 16]],
    ['first', [1, 10, 200, 201, 0, -1]],
    ['uncheckedLimit', [0, 5, 1000]],
    ['after', [...cursors, 'Zm9v', 'eyJ4IjoxfQ', '!!!', '']],
    ['expectedVersion', [-1, 0, 1, 2, 99]],
    ['waitForProjection', [false]],
    ['idempotencyKey', ['k-fuzz-1', 'k-fuzz-2']],
    ['roles', [['inspector'], ['platform_admin'], ['nobody']]],
    ['username', ['fuzz.user', 'yz.reviewer', 'XC.REVIEWER']],
    ['password', ['Xuchang#Campaign-2023', 'short', 'Password123!']],
    ['kind', ['IMMEDIATE', 'FIXED_TERM', 'LONG_TERM']],
    ['outcome', ['NO_PROBLEM', 'PROBLEMS_FOUND']],
    ['evidenceRefs', [['photo-1'], []]],
  ]);
  for (const name of ['asOf', 'from', 'to', 'date', 'issuedOn', 'reportDueDate', 'requestedDate', 'startDate', 'endDate', 'foundAt', 'immediate', 'fixedTerm', 'overdueAsOf']) byName.set(name, dates);
  return { byName };
}

function stringArb(name: string, p: Pools): fc.Arbitrary<unknown> {
  const known = p.byName.get(name);
  return fc.oneof(
    { weight: known ? 4 : 0, arbitrary: fc.constantFrom(...(known ?? [''])) },
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.constant(key()) },
  );
}

function valueArb(type: GraphQLInputType, name: string, p: Pools, depth: number): fc.Arbitrary<unknown> {
  const wrong = wrongType();
  if (isNonNullType(type)) {
    return fc.oneof({ weight: 12, arbitrary: valueArb(type.ofType, name, p, depth) }, { weight: 1, arbitrary: fc.constant(null) });
  }
  const inner: fc.Arbitrary<unknown> = (() => {
    if (isListType(type)) {
      const known = p.byName.get(name);
      return fc.oneof(
        { weight: known ? 3 : 0, arbitrary: fc.constantFrom(...(known ?? [[]])) },
        { weight: 4, arbitrary: fc.array(valueArb(type.ofType, name, p, depth + 1), { maxLength: 3 }) },
        { weight: 1, arbitrary: fc.constant(Array.from({ length: 2000 }, (_, i) => (isLeafType(getNamedType(type)) ? `x${i}` : {}))) },
      );
    }
    if (isEnumType(type)) {
      return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...type.getValues().map((v) => v.name)) }, { weight: 1, arbitrary: fc.constantFrom('NOT_A_VALUE', 'asc', '', '🚧') });
    }
    if (isInputObjectType(type)) {
      if (depth > 4) return fc.constant({});
      const fields = Object.values(type.getFields());
      const shape: Record<string, fc.Arbitrary<unknown>> = {};
      for (const field of fields) shape[field.name] = valueArb(field.type, field.name, p, depth + 1);
      return fc.tuple(fc.record(shape, { requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name) }), fc.boolean(), fc.boolean()).map(([record, extra, drop]) => {
        const out: Record<string, unknown> = { ...record };
        if (extra) out['notAField'] = 'x';
        if (drop) delete out[fields[0].name];
        return out;
      });
    }
    switch (getNamedType(type).name) {
      case 'Int':
        return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...(p.byName.get(name) ?? [0, 1, 7])) }, { weight: 2, arbitrary: fc.integer() }, { weight: 1, arbitrary: fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 1.5, Number.MAX_SAFE_INTEGER) });
      case 'Float':
        return fc.double();
      case 'Boolean':
        return fc.constantFrom(...(p.byName.get(name) ?? [true, false]));
      default:
        return stringArb(name, p);
    }
  })();
  return fc.oneof({ weight: 10, arbitrary: inner }, { weight: 1, arbitrary: wrong }, { weight: 1, arbitrary: fc.constant(null) });
}

// ---------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------

/** A small selection for a return type: its scalars, and one level of objects below. */
function selectionOf(type: GraphQLOutputType, depth = 0): string {
  const named = getNamedType(type);
  if (!isObjectType(named)) return '';
  const parts = ['__typename'];
  for (const field of Object.values(named.getFields())) {
    if (field.args.some((a) => isNonNullType(a.type))) continue;
    const sub = getNamedType(field.type);
    if (isLeafType(sub)) parts.push(field.name);
    else if (depth < 2 && isObjectType(sub)) parts.push(`${field.name} ${selectionOf(field.type, depth + 1)}`);
  }
  return `{ ${parts.join(' ')} }`;
}

function operationText(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const defs = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  return `${kind} Fuzz${defs ? `(${defs})` : ''} { ${field.name}${args ? `(${args})` : ''} ${selectionOf(field.type)} }`;
}

function fieldArb(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, p: Pools, tokens: readonly (string | null)[]): fc.Arbitrary<Sent> {
  const variables: Record<string, fc.Arbitrary<unknown>> = {};
  for (const arg of field.args) variables[arg.name] = valueArb(arg.type, arg.name, p, 0);
  const query = operationText(kind, field);
  return fc.tuple(fc.record(variables), fc.constantFrom(...tokens)).map(([vars, token]) => ({ label: `${kind} ${field.name}`, body: { query, variables: vars }, token }));
}

async function introspect(api: HostileApi, token: string): Promise<GraphQLSchema> {
  return buildClientSchema(data(await api.gql<IntrospectionQuery>(getIntrospectionQuery(), {}, token)));
}

describe('bad input against the GraphQL API (fuzzing)', () => {
  let api: HostileApi;
  let fixture: Fixture;
  let schema: GraphQLSchema;
  const tally = new Tally('bad-input');
  const seed = specSeed('api/bad-input');
  let schemaNames: string[] = [];

  async function send(sent: Sent, headers: Record<string, string> = {}): Promise<{ status: number; codes: string[]; text: string }> {
    const r = await postGraphql(api, sent.body, sent.token, headers);
    const verdict = tally.record(sent.label, auditAnswer(r.status, r.text, schemaNames));
    if (verdict.problems.length > 0) verdict.problems.push(`request: ${JSON.stringify(sent.body).slice(0, 400)}`);
    return { status: r.status, codes: verdict.codes, text: r.text };
  }

  async function sendAll(list: readonly Sent[], concurrency = 4): Promise<void> {
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < list.length) await send(list[next++]);
      }),
    );
  }

  function noProblems(): void {
    expect(tally.failures.slice(0, 5)).toEqual([]);
  }

  beforeAll(async () => {
    api = await startHostileApi();
    schemaNames = Object.values(api.schemas);
    fixture = await seedCounties(api);
    schema = await introspect(api, fixture.tokens.platform);
  }, 300_000);

  afterAll(async () => {
    tally.publish({ seed, soak: SOAK });
    await api?.shutdown();
  });

  it('every mutation and query, with generated invalid arguments, answers with a stable code and leaks nothing', async () => {
    const page = data(await api.gql<{ ledgerEntries: { pageInfo: { endCursor: string } } }>(`{ ledgerEntries(first: 1) { pageInfo { endCursor } } }`, {}, fixture.tokens.yuzhou));
    const p = pools(fixture, [page.ledgerEntries.pageInfo.endCursor]);
    const t = fixture.tokens;
    const tokens = [t.platform, t.city, t.yuzhou, t.chuhe, t.yanling, null];
    const mutations = Object.values(schema.getMutationType()?.getFields() ?? {});
    const queries = Object.values(schema.getQueryType()?.getFields() ?? {});
    expect(mutations.length).toBeGreaterThan(20);
    expect(queries.length).toBeGreaterThan(20);

    const perField = scaled(12);
    const sent: Sent[] = [];
    for (const [i, field] of [...mutations.map((f) => ['mutation', f] as const), ...queries.map((f) => ['query', f] as const)].entries()) {
      sent.push(...fc.sample(fieldArb(field[0], field[1], p, tokens), { numRuns: perField, seed: seed + i }));
    }
    // a few batches of generated operations
    const batches = fc.sample(fc.array(fc.constantFrom(...sent), { minLength: 2, maxLength: 3 }), { numRuns: scaled(20), seed });
    for (const batch of batches) sent.push({ label: 'batch', body: batch.map((s) => s.body), token: batch[0].token });

    await sendAll(sent);
    noProblems();
    // the fuzzer reaches both sides: some inputs pass, most are refused, with several codes
    expect(tally.accepted).toBeGreaterThan(0);
    expect(tally.byCode.get('BAD_USER_INPUT') ?? 0).toBeGreaterThan(50);
    expect(tally.byCode.size).toBeGreaterThanOrEqual(5);
  });

  it('unicode edge cases are stored and read back intact, or refused with BAD_USER_INPUT (NUL)', async () => {
    const texts = ['整改：👩‍👩‍👧‍👦已完成✅', '\u202E已销号\u202C（右到左）', '零宽\u200B字符\uFEFF', '𠀀𪚥𰻞（扩展区汉字）'];
    for (const description of texts) {
      const r = await send({
        label: 'recordProblem unicode',
        token: fixture.tokens.chuhe,
        body: {
          query: `mutation($i: RecordProblemInput!) { recordProblem(input: $i) { entryId ${PAYLOAD} } }`,
          variables: { i: { idempotencyKey: key(), waitForProjection: true, campaignId: fixture.yuzhouCampaignId, villageCode: CHUHE_VILLAGES[1], itemNo: 40, description, foundBy: '王五', foundAt: '2023-07-25T01:00:00Z' } },
        },
      });
      const entryId = (JSON.parse(r.text) as { data: { recordProblem: { entryId: string } } }).data.recordProblem.entryId;
      const read = await eventually(() => api.gql<{ ledgerEntry: { description: string } }>(`query($id: ID!) { ledgerEntry(id: $id) { description } }`, { id: entryId }, fixture.tokens.chuhe));
      expect(read.ledgerEntry.description).toBe(description.trim()); // the domain trims (U+FEFF is white space)
    }
    const nul = await send({
      label: 'recordProblem NUL',
      token: fixture.tokens.chuhe,
      body: {
        query: `mutation($i: RecordProblemInput!) { recordProblem(input: $i) { entryId } }`,
        variables: { i: { idempotencyKey: key(), campaignId: fixture.yuzhouCampaignId, villageCode: CHUHE_VILLAGES[1], itemNo: 41, description: '含\u0000空字符', foundBy: '王五', foundAt: '2023-07-25T01:00:00Z' } },
      },
    });
    expect(nul).toMatchObject({ status: 400, codes: ['BAD_USER_INPUT'] });
    for (const [label, query] of [
      ['NUL in an id', `{ ledgerEntry(id: "a\\u0000b") { id } }`],
      ['NUL in login', `mutation { login(input: { username: "a\\u0000", password: "x" }) { token } }`],
    ]) {
      expect(await send({ label, token: fixture.tokens.yuzhou, body: { query } })).toMatchObject({ status: 400, codes: ['BAD_USER_INPUT'] });
    }
    noProblems();
  });

  it('invalid dates, unknown enums and bad cursors are refused with BAD_USER_INPUT or a validation code', async () => {
    const t = fixture.tokens;
    // a fresh entry: the fuzzing before may have planned the fixture's
    const fresh = data(
      await api.gql<{ recordProblem: { entryId: string } }>(
        `mutation($i: RecordProblemInput!) { recordProblem(input: $i) { entryId } }`,
        { i: { idempotencyKey: key(), campaignId: fixture.yuzhouCampaignId, villageCode: CHUHE_VILLAGES[0], itemNo: 50, description: '村卫生室药品过期未清理', foundBy: '张三', foundAt: '2023-07-25T01:00:00Z' } },
        t.chuhe,
      ),
    ).recordProblem.entryId;
    const cases: [string, string, Record<string, unknown>, string[], string?][] = [];
    for (const d of ['2023-02-30', '2023-13-01', '0000-00-00', '2023-8-1', 'yesterday', '', '+275760-09-13']) {
      cases.push(['rollup asOf', `query($c: ID!, $a: String!) { rollup(campaignId: $c, asOf: $a) { total } }`, { c: fixture.yuzhouCampaignId, a: d }, ['BAD_USER_INPUT']]);
      cases.push(['openOverTime from', `query($c: ID!, $a: String!) { openOverTime(campaignId: $c, from: $a, to: "2023-09-01") { date } }`, { c: fixture.yuzhouCampaignId, a: d }, ['BAD_USER_INPUT']]);
      cases.push(['ledgerDiff from', `query($a: String!) { ledgerDiff(tenantPath: "${YUZHOU_PATH}", from: $a, to: "2023-09-01T00:00:00Z") { __typename } }`, { a: d }, ['BAD_USER_INPUT']]);
      cases.push([
        'planRectification deadline',
        `mutation($i: PlanRectificationInput!) { planRectification(input: $i) { version } }`,
        { i: { idempotencyKey: key(), entryId: fresh, measures: '组织施工队修复损坏的3处路灯并由街道验收', responsibleUnit: '褚河街道', responsiblePerson: '李四', deadline: { kind: 'FIXED_TERM', date: d } } },
        ['BAD_USER_INPUT', 'LEDGER_INVALID_DATE'],
        t.chuhe,
      ]);
    }
    cases.push(['openOverTime 3.6M days', `query($c: ID!) { openOverTime(campaignId: $c, from: "0001-01-01", to: "9999-12-31") { date } }`, { c: fixture.yuzhouCampaignId }, ['BAD_USER_INPUT']]);
    cases.push(['unknown sort enum', `query($s: LedgerEntrySortInput) { ledgerEntries(first: 1, sort: $s) { edges { cursor } } }`, { s: { field: 'NAME', direction: 'UP' } }, ['BAD_USER_INPUT']]);
    cases.push(['unknown enum literal', `{ ledgerEntries(first: 1, sort: { field: NAME, direction: ASC }) { edges { cursor } } }`, {}, ['GRAPHQL_VALIDATION_FAILED']]);
    cases.push(['unknown verify scope', `query($s: VerifyScope!) { verifyChain(scope: $s) { ok } }`, { s: 'EVERYTHING' }, ['BAD_USER_INPUT']]);
    cases.push(['unknown status filter', `{ ledgerEntries(first: 1, filter: { statuses: ["deleted", "'; --"] }) { edges { cursor } } }`, {}, ['BAD_USER_INPUT']]);
    const cursorOf = (value: unknown): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
    for (const after of ['garbage', '!!!', cursorOf('not json'), cursorOf({}), cursorOf([1, 2, 3]), cursorOf({ s: 'DUE_DATE', v: "' OR 1=1 --", id: 1 }), cursorOf({ s: 1e308, k: { $gt: '' } }), 'A'.repeat(100_000)]) {
      cases.push(['bad cursor', `query($a: String) { ledgerEntries(first: 2, after: $a) { edges { cursor } } }`, { a: after }, ['BAD_USER_INPUT']]);
      cases.push(['bad history cursor', `query($id: ID!, $a: String) { entryHistory(id: $id, first: 2, after: $a) { edges { cursor } } }`, { id: fixture.entries[0].id, a: after }, ['BAD_USER_INPUT']]);
      cases.push(['bad lights cursor', `query($a: String) { entryLights(first: 2, after: $a) { endCursor } }`, { a: after }, ['BAD_USER_INPUT']]);
      cases.push(['bad reports cursor', `query($a: String) { reports(first: 2, after: $a) { edges { cursor } } }`, { a: after }, ['BAD_USER_INPUT']]);
    }
    const unexpected: string[] = [];
    for (const [label, query, variables, expected, token] of cases) {
      const r = await send({ label, body: { query, variables }, token: token ?? t.yuzhou });
      if (!expected.includes(r.codes[0] ?? 'none')) unexpected.push(`${label} ${JSON.stringify(variables).slice(0, 80)}: ${r.codes.join(',') || 'accepted'}`);
    }
    expect(unexpected).toEqual([]);
    noProblems();
  });

  it('depth, complexity, alias, batch and directive abuse hit their limits', async () => {
    const t = fixture.tokens.yuzhou;
    const nest = (n: number): string => (n === 0 ? 'id' : `parent { ${nest(n - 1)} }`);
    const cases: [string, unknown, string][] = [
      ['deep selection', { query: `query($id: ID!) { campaign(id: $id) { ${nest(40)} } }`, variables: { id: fixture.yuzhouCampaignId } }, 'QUERY_TOO_DEEP'],
      ['cyclic introspection', { query: `{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }` }, 'GRAPHQL_VALIDATION_FAILED'],
      ['3000 aliases', { query: `{ ${Array.from({ length: 3000 }, (_, i) => `a${i}: me { userId }`).join(' ')} }` }, 'QUERY_TOO_COMPLEX'],
      ['30 aliased pages of 200', { query: `{ ${Array.from({ length: 30 }, (_, i) => `p${i}: ledgerEntries(first: 200) { edges { node { id description measures } } }`).join(' ')} }` }, 'QUERY_TOO_COMPLEX'],
      ['first over the maximum', { query: `{ ledgerEntries(first: 201) { edges { cursor } } }` }, 'BAD_USER_INPUT'],
      ['first of 100000', { query: `{ ledgerEntries(first: 100000) { edges { cursor } } }` }, 'QUERY_TOO_COMPLEX'],
      ['negative first', { query: `{ ledgerEntries(first: -5) { edges { cursor } } }` }, 'BAD_USER_INPUT'],
      ['variable first', { query: `query($n: Int) { a: ledgerEntries(first: $n) { edges { node { id } } } b: ledgerEntries(first: $n) { edges { node { id } } } }`, variables: { n: 200 } }, 'ok'],
      ['fragment cycle', { query: `{ me { ...A } } fragment A on Viewer { ...B } fragment B on Viewer { ...A }` }, 'GRAPHQL_VALIDATION_FAILED'],
      ['repeated directives', { query: `{ me ${'@include(if: true) '.repeat(500)}{ userId } }` }, 'GRAPHQL_VALIDATION_FAILED'],
      ['unknown field', { query: `{ me { password } }` }, 'GRAPHQL_VALIDATION_FAILED'],
      ['syntax error', { query: `{ me { userId }` }, 'GRAPHQL_PARSE_FAILED'],
      ['deeply nested braces', { query: `{ me ${'{ '.repeat(5000)}${'} '.repeat(5000)}}` }, 'GRAPHQL_PARSE_FAILED'],
      ['a list of 100k variables', { query: `query($v: [String!]) { ledgerEntries(first: 1, filter: { statuses: $v }) { edges { cursor } } }`, variables: { v: Array.from({ length: 100_000 }, () => 'open') } }, 'BAD_USER_INPUT'],
      ['4 operations (max 3)', [1, 2, 3, 4].map(() => ({ query: '{ me { userId } }' })), 'BATCH_TOO_LARGE'],
      ['mutation over GET-like empty query', { query: '' }, 'BAD_REQUEST'],
      ['subscription over HTTP', { query: 'subscription { ledgerEntryChanged { entryId } }' }, 'BAD_REQUEST'],
      ['report subscription over HTTP', { query: 'subscription($id: ID!) { reportJobProgress(reportId: $id) { state } }', variables: { id: 'x' } }, 'BAD_REQUEST'],
    ];
    for (const [label, body, expected] of cases) {
      const r = await send({ label, body, token: t });
      if (expected === 'ok') expect({ label, codes: r.codes }).toEqual({ label, codes: [] });
      else expect({ label, code: r.codes[0] }).toEqual({ label, code: expected });
    }
    // a batch whose every operation is too complex: each one is refused
    const heavy = { query: `{ ${Array.from({ length: 3000 }, (_, i) => `a${i}: me { userId }`).join(' ')} }` };
    const batch = await send({ label: 'batch of heavy operations', body: [heavy, heavy, heavy], token: t });
    expect(batch.codes).toEqual(['QUERY_TOO_COMPLEX', 'QUERY_TOO_COMPLEX', 'QUERY_TOO_COMPLEX']);
    noProblems();
  });

  it('malformed HTTP: bad JSON, wrong content types, oversized and odd bodies, other methods and routes', async () => {
    const url = `${api.url}/graphql`;
    const json = { 'content-type': 'application/json' };
    const typename = '{"query":"{ __typename }"}';
    const cases: [string, Parameters<typeof rawRequest>[1], string | null, string?][] = [
      ['invalid JSON', { headers: json, body: '{"query":' }, 'BAD_REQUEST'],
      ['not JSON', { headers: json, body: 'query { me }' }, 'BAD_REQUEST'],
      ['invalid UTF-8', { headers: json, body: Buffer.from([0x7b, 0x22, 0x71, 0xff, 0xfe, 0x22, 0x7d]) }, 'BAD_REQUEST'],
      ['JSON null', { headers: json, body: 'null' }, 'BAD_REQUEST'],
      ['JSON string', { headers: json, body: '"{ me { userId } }"' }, 'BAD_REQUEST'],
      ['empty batch', { headers: json, body: '[]' }, 'BAD_REQUEST'],
      ['query is a number', { headers: json, body: '{"query":5}' }, 'BAD_REQUEST'],
      ['variables is a string', { headers: json, body: '{"query":"{ __typename }","variables":"{}"}' }, 'BAD_REQUEST'],
      ['operationName is a number', { headers: json, body: '{"query":"{ __typename }","operationName":5}' }, 'BAD_REQUEST'],
      ['unknown operationName', { headers: json, body: '{"query":"query A { __typename }","operationName":"B"}' }, 'OPERATION_RESOLUTION_FAILURE'],
      ['persisted query hash', { headers: json, body: '{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"00"}}}' }, 'PERSISTED_QUERY_NOT_FOUND'],
      ['2 MB body', { headers: json, body: JSON.stringify({ query: '{ __typename }', variables: { x: '整'.repeat(700_000) } }) }, 'PAYLOAD_TOO_LARGE'],
      ['200k nested arrays in variables', { headers: json, body: `{"query":"{ __typename }","variables":{"x":${'['.repeat(200_000)}${']'.repeat(200_000)}}}` }, 'BAD_USER_INPUT'],
      ['text/plain (CSRF)', { headers: { 'content-type': 'text/plain' }, body: typename }, 'BAD_REQUEST'],
      ['form (CSRF)', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=%7B__typename%7D' }, 'BAD_REQUEST'],
      ['multipart (CSRF)', { headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x\r\n\r\n--x--' }, 'UNSUPPORTED_MEDIA_TYPE'],
      ['no content type', { body: typename }, 'BAD_REQUEST'],
      ['application/graphql', { headers: { 'content-type': 'application/graphql' }, body: '{ __typename }' }, 'UNSUPPORTED_MEDIA_TYPE'],
      ['xml', { headers: { 'content-type': 'application/xml' }, body: '<q/>' }, 'UNSUPPORTED_MEDIA_TYPE'],
      ['GET without preflight header', { method: 'GET' }, 'BAD_REQUEST'],
      ['PUT', { method: 'PUT', headers: json, body: typename }, 'NOT_FOUND'],
      ['DELETE', { method: 'DELETE' }, 'NOT_FOUND'],
    ];
    for (const [label, init, expected] of cases) {
      const r = await rawRequest(url, init);
      const verdict = tally.record(label, auditAnswer(r.status, r.text, schemaNames));
      if (verdict.problems.length > 0) verdict.problems.push(`request: ${label}`);
      expect({ label, code: verdict.codes[0] ?? null }).toEqual({ label, code: expected });
    }
    for (const path of ['/nope', '/graphql/../../etc/passwd', '/reports/%00/files/x', '/reports/..%2F..%2Fetc/files/passwd', '/imports/ledger?campaignId=%00&villageCode=411081005001', `/${'a'.repeat(10_000)}`]) {
      const r = await rawRequest(`${api.url}${path}`, { method: path.startsWith('/imports') ? 'POST' : 'GET', headers: { authorization: `Bearer ${fixture.tokens.yuzhou}`, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }, ...(path.startsWith('/imports') ? { body: Buffer.from('PK not a workbook') } : {}) });
      const verdict = tally.record(path.slice(0, 40), auditAnswer(r.status, r.text, schemaNames));
      if (verdict.problems.length > 0) verdict.problems.push(`request: ${path.slice(0, 80)}`);
      expect(verdict.codes.length).toBe(1);
    }
    noProblems();
  });
});

describe('rate limits', () => {
  // Redis keys (shared login limits) of these APIs alone: a second replica below uses the same
  const RATE_LIMITED_ENV = { QUEUE_PREFIX: `rl-${randomUUID().slice(0, 8)}`, RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_WINDOW_SECONDS: '3' };
  let api: HostileApi;
  let fixture: Fixture;
  const tally = new Tally('rate-limits');
  const LOGIN = 'mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }';

  beforeAll(async () => {
    api = await startHostileApi({
      ...RATE_LIMITED_ENV,
      RATE_LIMIT_PER_PRINCIPAL: '30',
      RATE_LIMIT_PER_IP: '40',
      RATE_LIMIT_LOGIN_PER_IP: '12',
      RATE_LIMIT_LOGIN_PER_USERNAME: '3',
      // The test client plays the proxy on loopback, so its X-Forwarded-For stands for the client.
      TRUST_PROXY: '127.0.0.1',
    });
    fixture = await seedCounties(api);
  }, 300_000);

  afterAll(async () => {
    tally.publish();
    await api?.shutdown();
  });

  async function login(username: string, password: string, ip: string): Promise<{ status: number; codes: string[]; retryAfter: string | null; token: unknown }> {
    const r = await postGraphql(api, { query: LOGIN, variables: { u: username, p: password } }, null, { 'x-forwarded-for': ip });
    const verdict = tally.record('login', auditAnswer(r.status, r.text));
    return { status: r.status, codes: verdict.codes, retryAfter: r.headers.get('retry-after'), token: (r.json as { data?: { login?: { token?: string } } } | null)?.data?.login?.token ?? null };
  }

  it('brute force on one username stops after the limit, from any IP, even with the right password; it recovers after Retry-After', async () => {
    await api.createUser('brute.target', '411081', [Role.Reviewer]);
    for (let i = 0; i < 3; i++) expect(await login('brute.target', `Wrong#Password-${i}`, `10.0.0.${i}`)).toMatchObject({ codes: ['UNAUTHENTICATED'] });
    for (let i = 3; i < 8; i++) {
      const refused = await login('brute.target', 'Xuchang#Campaign-2023', `10.0.1.${i}`);
      expect(refused).toMatchObject({ status: 429, codes: ['RATE_LIMITED'], token: null });
      expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    // another username is not affected
    expect(await login('yz.reviewer', 'Xuchang#Campaign-2023', '10.0.0.1')).toMatchObject({ status: 200, codes: [] });
    await new Promise((r) => setTimeout(r, 1100));
    const after = await login('brute.target', 'Xuchang#Campaign-2023', '10.0.0.1');
    expect(after.codes).toEqual([]);
    expect(typeof after.token).toBe('string');
    expect(tally.failures).toEqual([]);
  });

  it('aliases and batches count every login attempt', async () => {
    await api.createUser('alias.target', '411081', [Role.Reviewer]);
    const aliased = `mutation { ${[1, 2, 3, 4, 5].map((i) => `a${i}: login(input: { username: "alias.target", password: "Wrong#Password-${i}" }) { token }`).join(' ')} }`;
    const r = await postGraphql(api, { query: aliased }, null, { 'x-forwarded-for': '10.1.0.1' });
    const verdict = tally.record('aliased logins', auditAnswer(r.status, r.text));
    expect({ status: r.status, codes: verdict.codes, data: (r.json as { data?: unknown }).data ?? null }).toEqual({ status: 429, codes: ['RATE_LIMITED'], data: null });
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    await api.createUser('batch.target', '411081', [Role.Reviewer]);
    const op = (i: number) => ({ query: LOGIN, variables: { u: 'batch.target', p: `Wrong#Password-${i}` } });
    const first = await postGraphql(api, [op(1), op(2), op(3)], null, { 'x-forwarded-for': '10.1.0.2' });
    expect((first.json as { errors?: { extensions: { code: string } }[] }[]).map((x) => x.errors?.[0]?.extensions.code)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED']);
    const second = await postGraphql(api, [op(4)], null, { 'x-forwarded-for': '10.1.0.2' });
    const v = tally.record('batched logins', auditAnswer(second.status, second.text));
    expect(v.codes).toEqual(['RATE_LIMITED']);
    expect(tally.failures).toEqual([]);
  });

  it('one principal gets at most its limit per window (GraphQL and downloads), others are unaffected', async () => {
    const t = fixture.tokens;
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 45 }, () => postGraphql(api, { query: '{ me { userId } }' }, t.yuzhou)));
    const refill = Math.ceil(((Date.now() - started) / 3000) * 30); // tokens back while they ran (30 per 3 s)
    const limited = results.filter((r) => r.status === 429);
    for (const r of results) tally.record('me', auditAnswer(r.status, r.text));
    expect(results.length - limited.length).toBeGreaterThanOrEqual(30);
    expect(results.length - limited.length).toBeLessThanOrEqual(30 + refill);
    expect(limited.length).toBeGreaterThan(0);
    for (const r of limited) {
      expect((r.json as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('RATE_LIMITED');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    // the REST routes count too: a burst of downloads by another user
    const downloads = await Promise.all(Array.from({ length: 40 }, () => rawRequest(`${api.url}/reports/r/files/f`, { method: 'GET', headers: { authorization: `Bearer ${t.chuhe}` } })));
    for (const d of downloads) tally.record('download', auditAnswer(d.status, d.text));
    const downloadCodes = downloads.map((d) => (JSON.parse(d.text) as { code: string }).code);
    expect(downloadCodes.filter((c) => c === 'NOT_FOUND').length).toBeGreaterThanOrEqual(30);
    expect(downloadCodes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThan(0);
    expect(downloads.find((d) => d.status === 429)?.headers.get('retry-after')).toMatch(/^\d+$/);
    // a third user is unaffected
    expect((await api.gql(`{ me { userId } }`, {}, t.city)).errors).toBeUndefined();
    expect(tally.failures).toEqual([]);
  });

  it('one client IP without a token gets at most its limit, and at most its login attempts over many usernames', async () => {
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 55 }, () => postGraphql(api, { query: '{ __typename }' }, null, { 'x-forwarded-for': '10.2.0.1' })));
    const refill = Math.ceil(((Date.now() - started) / 3000) * 40);
    for (const r of results) tally.record('anonymous', auditAnswer(r.status, r.text));
    const passed = results.filter((r) => r.status === 200).length;
    expect(passed).toBeGreaterThanOrEqual(40);
    expect(passed).toBeLessThanOrEqual(40 + refill);
    expect(results.filter((r) => r.status === 429).length).toBe(55 - passed);
    // another IP is unaffected
    expect((await postGraphql(api, { query: '{ __typename }' }, null, { 'x-forwarded-for': '10.2.0.2' })).status).toBe(200);

    // 14 attempts at once, each for another username, from one IP: the login limit per IP (12) holds
    const codes = (await Promise.all(Array.from({ length: 14 }, (_, i) => login(`nobody.${i}`, 'Wrong#Password-1', '10.3.0.1')))).map((r) => r.codes[0]);
    expect(codes.filter((c) => c === 'UNAUTHENTICATED').length).toBe(12);
    expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBe(2);
    expect(tally.failures).toEqual([]);
  });

  it('login limits hold across API replicas: a second API on the same Redis counts the same attempts', async () => {
    const replica = await startHostileApi({ ...RATE_LIMITED_ENV, RATE_LIMIT_LOGIN_PER_IP: '12', RATE_LIMIT_LOGIN_PER_USERNAME: '3', TRUST_PROXY: '127.0.0.1' });
    try {
      const attempt = async (target: HostileApi, ip: string): Promise<string | undefined> => {
        const r = await postGraphql(target, { query: LOGIN, variables: { u: 'replica.target', p: 'Wrong#Password-1' } }, null, { 'x-forwarded-for': ip });
        return tally.record('login across replicas', auditAnswer(r.status, r.text)).codes[0];
      };
      // the username's 3 attempts, alternating between the replicas: each saw at most 2 of them
      const codes = [await attempt(api, '10.4.0.1'), await attempt(replica, '10.4.0.2'), await attempt(api, '10.4.0.3'), await attempt(replica, '10.4.0.4')];
      expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'RATE_LIMITED']);
      expect(tally.failures).toEqual([]);
    } finally {
      await replica.shutdown();
    }
  }, 120_000);
});
