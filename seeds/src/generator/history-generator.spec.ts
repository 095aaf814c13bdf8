import { createHash } from 'node:crypto';
import {
  type CampaignEvent,
  type CampaignState,
  type ChecklistEvent,
  type ChecklistVersionState,
  type InspectionEvent,
  type LedgerEntryEvent,
  type LedgerEntryState,
  type VillageInspectionState,
  checkResultText,
  compareInstants,
  evolveCampaign,
  evolveChecklist,
  evolveInspection,
  evolveLedgerEntry,
  isWithinTenantPath,
} from '@rectify/ledger-domain';
import { canonicalJson } from '@rectify/shared-util';
import { xuchangTenants, xuchangVillages } from '../tenants/xuchang-divisions.generated';
import { generateHistory } from './history-generator';
import { estimateHistory } from './history-estimate';
import { divisionTenantSource } from './history-tenants';
import { type HistoryAppend, type HistoryEvent, type HistoryOptions } from './history-types';

const SMALL: HistoryOptions = { seed: 1, counties: 2, townshipsPerCounty: 3, villagesPerTownship: 4 };
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function digest(options: HistoryOptions): string {
  const hash = createHash('sha256');
  for (const append of generateHistory(options)) hash.update(canonicalJson(append)).update('\n');
  return hash.digest('hex');
}

type Folded = {
  campaigns: Map<string, { state: CampaignState; events: HistoryEvent[] }>;
  checklists: Map<string, { state: ChecklistVersionState; events: HistoryEvent[] }>;
  inspections: Map<string, { state: VillageInspectionState; events: HistoryEvent[] }>;
  entries: Map<string, { state: LedgerEntryState; events: HistoryEvent[] }>;
  appends: HistoryAppend[];
};

// The generated data is JSON; the domain's evolve functions take their own event types. The type
// names are checked here and the shapes by evolve itself (it throws on anything that does not fit).
function readAs<E extends { type: string }>(types: readonly E['type'][]): (event: HistoryEvent) => E {
  const known = new Set<string>(types);
  const isE = (value: unknown): value is E =>
    typeof value === 'object' && value !== null && 'type' in value && typeof value.type === 'string' && known.has(value.type);
  return (event) => {
    if (!isE(event)) throw new Error(`unexpected event type ${event.type}`);
    return event;
  };
}
const asCampaign = readAs<CampaignEvent>(['CampaignIssued', 'CampaignChecklistRevised', 'CampaignForwarded', 'CampaignReceived', 'CampaignClosed']);
const asChecklist = readAs<ChecklistEvent>(['ChecklistVersionDefined']);
const asInspection = readAs<InspectionEvent>(['VillageItemChecked']);
const asEntry = readAs<LedgerEntryEvent>([
  'ProblemRecorded',
  'RectificationPlanned',
  'ProgressReported',
  'ResultSubmitted',
  'SignOffApproved',
  'SignOffRejected',
  'DeadlineExtensionRequested',
  'DeadlineExtensionApproved',
  'DeadlineExtensionRejected',
  'EntryEscalated',
  'EntryVoided',
]);

/** Folds every stream with the domain's evolve functions, checking stream versions on the way. */
function foldHistory(options: HistoryOptions): Folded {
  const folded: Folded = { campaigns: new Map(), checklists: new Map(), inspections: new Map(), entries: new Map(), appends: [] };
  const versions = new Map<string, number>();
  const eventIds = new Set<string>();
  for (const append of generateHistory(options)) {
    folded.appends.push(append);
    const last = versions.get(append.streamId);
    expect(append.expectedVersion).toBe(last === undefined ? 'no_stream' : last);
    expect(append.events.length).toBeGreaterThan(0);
    versions.set(append.streamId, (last ?? -1) + append.events.length);
    for (const event of append.events) {
      expect(event.eventId).toMatch(UUID_V4);
      expect(eventIds.has(event.eventId)).toBe(false);
      eventIds.add(event.eventId);
    }
    const id = append.streamId;
    if (id.startsWith('campaign-')) {
      const s = folded.campaigns.get(id) ?? { state: null, events: [] };
      for (const e of append.events) s.state = evolveCampaign(s.state, asCampaign(e));
      s.events.push(...append.events);
      folded.campaigns.set(id, s);
    } else if (id.startsWith('checklist-')) {
      const s = folded.checklists.get(id) ?? { state: null, events: [] };
      for (const e of append.events) s.state = evolveChecklist(s.state, asChecklist(e));
      s.events.push(...append.events);
      folded.checklists.set(id, s);
    } else if (id.startsWith('inspection-')) {
      const s = folded.inspections.get(id) ?? { state: null, events: [] };
      for (const e of append.events) s.state = evolveInspection(s.state, asInspection(e));
      s.events.push(...append.events);
      folded.inspections.set(id, s);
    } else if (id.startsWith('entry-')) {
      const s = folded.entries.get(id) ?? { state: null, events: [] };
      for (const e of append.events) s.state = evolveLedgerEntry(s.state, asEntry(e));
      s.events.push(...append.events);
      folded.entries.set(id, s);
    } else {
      throw new Error(`unexpected stream ${id}`);
    }
  }
  return folded;
}

function atOf(event: HistoryEvent): string {
  const data = event.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data) || typeof data['at'] !== 'string') throw new Error('event without at');
  return data['at'];
}

const small = foldHistory(SMALL);

describe('generateHistory: determinism', () => {
  it('gives the same history for the same seed and another for another seed', () => {
    const first = digest(SMALL);
    expect(digest(SMALL)).toBe(first);
    expect(digest({ ...SMALL, seed: 2 })).not.toBe(first);
  });

  it('is lazy: the first append of a whole province comes at once', () => {
    const province = generateHistory({ seed: 1, counties: 100, townshipsPerCounty: 24, villagesPerTownship: 19 });
    const first = province.next();
    expect(first.done).toBe(false);
    expect(first.value?.streamId).toBe('checklist-v-410100-2023-4-s1');
  });
});

describe('generateHistory: validity (every stream folds with the domain’s evolve)', () => {
  it('checks every village × item cell of the generated villages exactly once', () => {
    expect(small.inspections.size).toBe(2 * 3 * 4);
    for (const { state } of small.inspections.values()) {
      expect(state?.cells.map((c) => c.itemNo)).toEqual(Array.from({ length: 72 }, (_, i) => i + 1));
      expect(state?.cells.every((c) => c.checks === 1)).toBe(true);
    }
  });

  it('links every entry from exactly one cell of its own village and item', () => {
    const linked = new Map<string, string>();
    for (const { state } of small.inspections.values()) {
      for (const cell of state?.cells ?? []) {
        for (const entryId of cell.problemEntryIds) {
          expect(linked.has(entryId)).toBe(false);
          linked.set(entryId, `${state?.villageCode}/${cell.itemNo}`);
        }
      }
    }
    expect(linked.size).toBe(small.entries.size);
    for (const { state } of small.entries.values()) {
      expect(linked.get(state?.entryId ?? '')).toBe(`${state?.villageCode}/${state?.itemNo}`);
    }
  });

  it('keeps the ledger rules: results specific, approver ≠ submitter, plans complete', () => {
    for (const { state, events } of small.entries.values()) {
      if (state === null) throw new Error('empty entry stream');
      if (state.status === 'signed_off') {
        expect(state.result).not.toBeNull();
        expect(state.signOff?.by.userId).not.toBe(state.result?.submittedBy.userId);
      }
      if (state.status !== 'recorded' && state.voided === null) {
        expect(state.plan?.responsibleUnit).toBeTruthy();
        expect(state.plan?.responsiblePerson).toBeTruthy();
        expect(state.dueDate).toBeTruthy();
      }
      for (const event of events) {
        if (event.type !== 'ResultSubmitted') continue;
        const data = event.data;
        const result = data !== null && typeof data === 'object' && !Array.isArray(data) ? data['result'] : null;
        expect(typeof result).toBe('string');
        expect(checkResultText(String(result)).ok).toBe(true);
        expect(String(result)).not.toMatch(/^(已整改|已完成|整改到位)[。.]?$/);
      }
    }
  });

  it('moves business time forward within every stream and ends by the 限期解决 date', () => {
    const all = [...small.campaigns.values(), ...small.checklists.values(), ...small.inspections.values(), ...small.entries.values()];
    for (const { events } of all) {
      for (let i = 1; i < events.length; i++) {
        const [previous, current] = [events[i - 1], events[i]];
        if (previous && current) expect(compareInstants(atOf(previous), atOf(current))).toBeLessThanOrEqual(0);
      }
      for (const event of events) expect(compareInstants(atOf(event), '2023-10-31T18:00:00+08:00')).toBeLessThanOrEqual(0);
    }
  });

  it('generates realistic lifecycles: closed, open, overdue, rejected, extended, escalated, voided', () => {
    const types = new Map<string, number>();
    for (const { events } of small.entries.values()) for (const e of events) types.set(e.type, (types.get(e.type) ?? 0) + 1);
    for (const type of ['SignOffApproved', 'SignOffRejected', 'ProgressReported', 'DeadlineExtensionApproved', 'DeadlineExtensionRejected', 'EntryEscalated', 'EntryVoided']) {
      expect(types.get(type) ?? 0).toBeGreaterThan(0);
    }
    const states = [...small.entries.values()].map((s) => s.state);
    const kinds = new Set(states.map((s) => s?.plan?.deadline.kind).filter((k) => k !== undefined));
    expect([...kinds].sort()).toEqual(['fixed_term', 'immediate', 'long_term']);
    expect(states.some((s) => s?.status === 'in_progress' || s?.status === 'planned')).toBe(true);
    expect(states.some((s) => s?.escalations.some((e) => e.level === 'city'))).toBe(true);
    const signedOff = states.filter((s) => s?.status === 'signed_off').length;
    expect(signedOff / states.length).toBeGreaterThan(0.5);
  });
});

describe('generateHistory: tenants', () => {
  it('stamps every event with the tenant that owns its stream', () => {
    const usesVersion = new Map<string, string>();
    for (const { state } of small.campaigns.values()) if (state) usesVersion.set(state.checklistVersionId, state.tenant.path);
    const owners: [Map<string, { events: HistoryEvent[] }>, (id: string) => string | undefined][] = [
      [small.campaigns, (id) => small.campaigns.get(id)?.state?.tenant.path],
      [small.inspections, (id) => small.inspections.get(id)?.state?.tenant.path],
      [small.entries, (id) => small.entries.get(id)?.state?.tenant.path],
      [small.checklists, (id) => usesVersion.get(small.checklists.get(id)?.state?.versionId ?? '')],
    ];
    for (const [streams, ownerOf] of owners) {
      for (const [id, { events }] of streams) {
        const owner = ownerOf(id);
        expect(owner).toBeDefined();
        for (const event of events) {
          expect(event.metadata.tenantPath).toBe(owner);
          expect(event.metadata.tenantId).toBe(`tenant-${owner?.split('/').pop()}`);
        }
      }
    }
    for (const { state } of small.entries.values()) {
      expect(state?.tenant.path).toMatch(/^410100\/41010[12]\/41010[12]00[1-3]$/);
      expect(isWithinTenantPath(state?.tenant.path ?? '', '410100')).toBe(true);
      expect(state?.villageCode.startsWith(state.tenant.path.split('/')[2] ?? '-')).toBe(true);
    }
  });

  it('uses real codes when given them: 许昌市 → 禹州市 → 褚河街道, with 禹州市’s own ledger', () => {
    const rows = {
      cities: [{ code: '4110', name: '许昌市' }],
      areas: xuchangTenants.filter((t) => t.level === 'county').map((t) => ({ code: t.code, name: t.name, cityCode: '4110' })),
      streets: xuchangTenants.filter((t) => t.level === 'township').map((t) => ({ code: t.code, name: t.name, areaCode: t.code.slice(0, 6) })),
      villages: xuchangVillages.map((v) => ({ code: v.code, name: v.name, streetCode: v.townshipCode })),
    };
    const tenants = divisionTenantSource(rows, { counties: 1, townshipsPerCounty: 5, villagesPerTownship: 2 });
    const real = foldHistory({ seed: 7, counties: 1, townshipsPerCounty: 5, villagesPerTownship: 2, tenants });
    const chuhe = [...real.inspections.values()].filter((s) => s.state?.tenant.path === '411000/411081/411081005');
    expect(chuhe.map((s) => s.state?.villageCode)).toEqual(xuchangVillages.filter((v) => v.townshipCode === '411081005').slice(0, 2).map((v) => v.code));
    const yuzhouVersion = real.checklists.get('checklist-v-411081-2023-4-s7')?.state;
    expect(yuzhouVersion?.parentVersionId).toBe('v-411000-2023-4-s7');
    expect(yuzhouVersion?.items.find((i) => i.itemNo === 1)?.responsibleUnits).toEqual(['各乡镇（褚河街道）']);
  });
});

describe('estimateHistory', () => {
  it('matches a small run', () => {
    const estimate = estimateHistory(SMALL);
    const count = (type: string): number => small.appends.reduce((n, a) => n + a.events.filter((e) => e.type === type).length, 0);
    const events = small.appends.reduce((n, a) => n + a.events.length, 0);
    expect(estimate).toMatchObject({ cities: 1, counties: 2, townships: 6, villages: 24, items: 72, cells: 1728, inspectionEvents: 1728 });
    expect(count('VillageItemChecked')).toBe(estimate.cells);
    expect(count('CampaignIssued') + count('CampaignForwarded') + count('CampaignReceived') + count('ChecklistVersionDefined')).toBe(estimate.campaignEvents);
    expect(small.entries.size / estimate.entries).toBeGreaterThan(0.75);
    expect(small.entries.size / estimate.entries).toBeLessThan(1.25);
    expect(events / estimate.events).toBeGreaterThan(0.85);
    expect(events / estimate.events).toBeLessThan(1.15);
    expect(small.appends.length).toBe(estimate.campaignEvents + 24 * 16 + 2 * small.entries.size);
  });

  it('sizes a province of 100 counties × 24 townships × 19 villages at about 5M events', () => {
    const province = estimateHistory({ seed: 1, counties: 100, townshipsPerCounty: 24, villagesPerTownship: 19 });
    expect(province).toMatchObject({ cities: 10, counties: 100, townships: 2400, villages: 45_600, cells: 3_283_200, entries: 328_320 });
    expect(province.events).toBeGreaterThan(4_500_000);
    expect(province.events).toBeLessThan(5_500_000);
  });
});
