import {
  type Actor,
  type Campaign,
  type CampaignEvent,
  type CampaignForwarded,
  type CampaignState,
  type ChecklistItem,
  type ChecklistOverlay,
  type ChecklistVersionState,
  type CommandMetadata,
  type InspectionOutcome,
  type LedgerDomainEvent,
  type TenantRef,
  type VillageInspectionState,
  EMPTY_OVERLAY,
  addDays,
  decideCampaign,
  decideChecklist,
  decideInspection,
  evolveCampaign,
  evolveChecklist,
  evolveInspection,
  fold,
  forwardingFollowUps,
  streamIds,
} from '@rectify/ledger-domain';
import { countyFigureAmount, countyItemFigures, xuchangCampaign, yuzhouForward } from '../campaign/xuchang-campaign';
import { xuchangChecklist } from '../checklist/xuchang-checklist';
import { yuzhouChecklist } from '../checklist/yuzhou-checklist';
import { type EntryParties, personName, simulateEntry } from './entry-lifecycle';
import { type HistoryTimeline, type Minutes, historyTimeline } from './history-timeline';
import { syntheticTenantSource } from './history-tenants';
import {
  type HistoryAppend,
  type HistoryCity,
  type HistoryCounty,
  type HistoryEvent,
  type HistoryOptions,
  type HistoryTenantSource,
  type HistoryTownship,
} from './history-types';
import { jsonOf } from './json-value';
import { type Rng, deterministicUuid, rngFor } from './seeded-random';

export const DEFAULT_PROBLEM_RATE = 0.1;

const COUNTY_UNITS = '各县（市、区）党委政府';
const TOWNSHIP_UNITS = '各乡镇（街道）';

export type NormalisedHistoryOptions = {
  seed: number;
  problemRate: number;
  key: string;
  title: string;
  docNumberTemplate: string;
  timeline: HistoryTimeline;
  tenants: HistoryTenantSource;
};

export function normaliseHistoryOptions(options: HistoryOptions): NormalisedHistoryOptions {
  if (!Number.isSafeInteger(options.seed)) throw new RangeError(`seed must be an integer, got ${options.seed}`);
  const problemRate = options.problemRate ?? DEFAULT_PROBLEM_RATE;
  if (!(problemRate >= 0 && problemRate <= 1)) throw new RangeError(`problemRate must be within 0..1, got ${problemRate}`);
  const key = options.campaign?.key ?? `2023-4-s${options.seed}`;
  if (!/^[0-9A-Za-z_-]+$/.test(key)) throw new RangeError(`campaign key must be letters, digits, - or _, got ${JSON.stringify(key)}`);
  return {
    seed: options.seed,
    problemRate,
    key,
    title: options.campaign?.title ?? xuchangCampaign.planTitle,
    docNumberTemplate: options.campaign?.docNumberTemplate ?? '{city}巩固脱贫组〔2023〕4号',
    timeline: historyTimeline(options.startDate),
    tenants:
      options.tenants ??
      syntheticTenantSource({
        counties: options.counties,
        townshipsPerCounty: options.townshipsPerCounty,
        villagesPerTownship: options.villagesPerTownship,
        ...(options.countiesPerCity === undefined ? {} : { countiesPerCity: options.countiesPerCity }),
      }),
  };
}

/** The city's 72 items (许巩固脱贫组〔2023〕4号 附件) as the domain's checklist items. */
export function cityChecklistItems(): ChecklistItem[] {
  return xuchangChecklist.map((item) => ({ ...item, responsibleUnits: [...item.responsibleUnits] }));
}

/** The checklist's items grouped by 分项 (sub-area), in item order: one inspection append per group. */
export function itemGroups(items: readonly ChecklistItem[]): ChecklistItem[][] {
  const groups = new Map<number, ChecklistItem[]>();
  for (const item of items) {
    const group = groups.get(item.subAreaNo);
    if (group) group.push(item);
    else groups.set(item.subAreaNo, [item]);
  }
  return [...groups.values()];
}

export const tenantRefOf = (code: string, path: string): TenantRef => ({ id: `tenant-${code}`, path });

/**
 * The ledger history of the campaign, as a lazy stream of appends in causal order: per city the
 * checklist version and `IssueCampaign`; per county the forward (CampaignForwarded on the city's
 * stream, then the county's checklist version and CampaignReceived via forwardingFollowUps); per
 * township the same one level down; per village every checklist item checked, one append per
 * sub-area, each problem's ProblemRecorded appended just before the check that links it; after a
 * township's villages, the rest of each of its entries' lives (one append per entry).
 *
 * Every event comes from the domain's deciders, so the history is valid by construction. The
 * output depends only on the options: no clock, no Math.random. Memory stays flat: at most one
 * township's pending entry follow-ups are held at a time.
 */
export function* generateHistory(options: HistoryOptions): Generator<HistoryAppend, void, undefined> {
  const o = normaliseHistoryOptions(options);
  const items = cityChecklistItems();
  for (const city of o.tenants.cities()) yield* cityHistory(o, city, items);
}

type StreamCursor = { streamId: string; owner: TenantRef; lastVersion: number };

function appendOf(
  o: NormalisedHistoryOptions,
  stream: StreamCursor,
  events: readonly LedgerDomainEvent[],
  correlationId: string,
  causation: string | undefined | readonly (string | undefined)[],
): HistoryAppend {
  const expectedVersion = stream.lastVersion < 0 ? 'no_stream' : stream.lastVersion;
  const out: HistoryEvent[] = events.map((event, index) => {
    const version = stream.lastVersion + 1 + index;
    const causationId = typeof causation === 'string' || causation === undefined ? causation : causation[index];
    return {
      eventId: deterministicUuid(o.seed, `${stream.streamId}@${version}`),
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: jsonOf(event.data, event.type),
      metadata: {
        tenantId: stream.owner.id,
        tenantPath: stream.owner.path,
        actor: event.data.by.userId,
        correlationId,
        ...(causationId === undefined ? {} : { causationId }),
      },
    };
  });
  stream.lastVersion += events.length;
  return { streamId: stream.streamId, expectedVersion, events: out };
}

function openCampaign(state: CampaignState): Campaign {
  if (state === null) throw new Error('generator: campaign stream has no state');
  return state;
}

function itemsOf(state: ChecklistVersionState): ChecklistItem[] {
  if (state === null) throw new Error('generator: checklist stream has no state');
  return state.items;
}

function* cityHistory(o: NormalisedHistoryOptions, city: HistoryCity, items: ChecklistItem[]): Generator<HistoryAppend, void, undefined> {
  const t = o.timeline;
  const cityRef = tenantRefOf(city.code, city.code);
  const office: Actor = { userId: `u-${city.code}-office`, name: `${city.name}巩固拓展脱贫攻坚成果领导小组办公室`, role: 'city_office' };
  const metadata = (at: Minutes): CommandMetadata => ({ now: t.instantOf(at), actor: office, tenant: cityRef });
  const versionId = `v-${city.code}-${o.key}`;
  const campaignId = `c-${city.code}-${o.key}`;
  const correlationId = deterministicUuid(o.seed, `corr/${campaignId}`);

  const defined = decideChecklist(
    { type: 'DefineChecklistVersion', metadata: metadata(t.at(0, 9)), versionId, label: xuchangCampaign.checklistTitle, items },
    null,
  );
  const cityItems = itemsOf(fold(evolveChecklist, null, defined));
  yield appendOf(o, { streamId: streamIds.checklist(versionId), owner: cityRef, lastVersion: -1 }, defined, correlationId, undefined);

  const issued = decideCampaign(
    {
      type: 'IssueCampaign',
      metadata: metadata(t.at(0, 10)),
      campaignId,
      title: o.title,
      docNumber: o.docNumberTemplate.replace(/\{city\}/g, city.name),
      issuedOn: t.startDate,
      issuingTenant: cityRef,
      phases: t.phases,
      deadlines: { immediate: t.immediate, fixedTerm: t.fixedTerm },
      reportDueDate: t.cityReportDue,
      checklistVersionId: versionId,
    },
    null,
  );
  const cityStream: StreamCursor = { streamId: streamIds.campaign(campaignId), owner: cityRef, lastVersion: -1 };
  yield appendOf(o, cityStream, issued, correlationId, undefined);
  let cityCampaign = openCampaign(fold(evolveCampaign, null, issued));

  for (const [k, county] of city.counties.entries()) {
    const rng = rngFor(o.seed, `county/${county.code}`);
    const countyRef = tenantRefOf(county.code, `${city.code}/${county.code}`);
    const forwarded = yield* forward(o, {
      parent: cityCampaign,
      parentStream: cityStream,
      parentItems: cityItems,
      actor: office,
      at: t.at(1, 9, k * 3),
      childRef: countyRef,
      childCode: county.code,
      title: `${county.name}巩固拓展脱贫攻坚成果领导小组关于转发《${o.title}》的通知`,
      overlay: countyOverlay(county, cityItems, rng),
      reportDueDate: addDays(t.countyReportDue, -rng.between(0, 3)),
    });
    cityCampaign = forwarded.parent;
    yield* countyHistory(o, county, cityRef, forwarded.child, forwarded.childItems, rng);
  }
}

type ForwardStep = {
  parent: Campaign;
  parentStream: StreamCursor;
  parentItems: ChecklistItem[];
  actor: Actor;
  at: Minutes;
  childRef: TenantRef;
  childCode: string;
  title: string;
  overlay: ChecklistOverlay;
  reportDueDate: string;
};

/** ForwardCampaign on the parent's stream, then its two follow-ups on the child's new streams. */
function* forward(
  o: NormalisedHistoryOptions,
  step: ForwardStep,
): Generator<HistoryAppend, { parent: Campaign; child: Campaign; childItems: ChecklistItem[] }, undefined> {
  const metadata: CommandMetadata = { now: o.timeline.instantOf(step.at), actor: step.actor, tenant: step.parent.tenant };
  const childCampaignId = `c-${step.childCode}-${o.key}`;
  const childVersionId = `v-${step.childCode}-${o.key}`;
  const events = decideCampaign(
    {
      type: 'ForwardCampaign',
      metadata,
      campaignId: step.parent.campaignId,
      childCampaignId,
      childTenant: step.childRef,
      childChecklistVersionId: childVersionId,
      parentChecklist: { versionId: step.parent.checklistVersionId, items: step.parentItems },
      overlay: step.overlay,
      title: step.title,
      docNumber: null,
      issuedOn: o.timeline.dateOf(step.at),
      reportDueDate: step.reportDueDate,
    },
    step.parent,
  );
  const parent = openCampaign(events.reduce<CampaignState>(evolveCampaign, step.parent));
  const forwarded = events.find((e: CampaignEvent): e is CampaignForwarded => e.type === 'CampaignForwarded');
  if (!forwarded) throw new Error('generator: ForwardCampaign produced no CampaignForwarded');
  const correlationId = deterministicUuid(o.seed, `corr/${childCampaignId}`);
  const forwardAppend = appendOf(o, step.parentStream, events, correlationId, undefined);
  yield forwardAppend;
  const causationId = forwardAppend.events[0]?.eventId;

  const { deriveChecklist, receiveCampaign } = forwardingFollowUps(parent, forwarded, step.parentItems, metadata);
  const derived = decideChecklist(deriveChecklist, null);
  yield appendOf(o, { streamId: streamIds.checklist(childVersionId), owner: step.childRef, lastVersion: -1 }, derived, correlationId, causationId);
  const received = decideCampaign(receiveCampaign, null);
  yield appendOf(o, { streamId: streamIds.campaign(childCampaignId), owner: step.childRef, lastVersion: -1 }, received, correlationId, causationId);
  return {
    parent,
    child: openCampaign(fold(evolveCampaign, null, received)),
    childItems: itemsOf(fold(evolveChecklist, null, derived)),
  };
}

/**
 * A county's adaptation of the city's list: its townships take the place of 各县（市、区）党委政府,
 * and item 5's figure follows countyItemFigures (鄢陵县: 400元). 禹州市 (411081) uses its real ledger.
 * Synthetic counties get the 400元 variant one time in eight.
 */
function countyOverlay(county: HistoryCounty, items: readonly ChecklistItem[], rng: Rng): ChecklistOverlay {
  const changedItems: ChecklistOverlay['changedItems'] = [];
  const figure = countyItemFigures[0];
  const lowerFigure = figure !== undefined && (countyFigureAmount(figure, county.code) !== figure.defaultAmount || rng.chance(0.125));
  for (const item of items) {
    if (county.code === yuzhouForward.forwarderTenantCode) {
      const local = yuzhouChecklist.find((i) => i.itemNo === item.itemNo);
      if (!local) continue;
      const textChanged = local.text !== item.text;
      const unitsChanged = local.responsibleUnits.join('|') !== item.responsibleUnits.join('|');
      if (textChanged || unitsChanged) {
        changedItems.push({
          itemNo: item.itemNo,
          ...(textChanged ? { text: local.text } : {}),
          ...(unitsChanged ? { responsibleUnits: [...local.responsibleUnits] } : {}),
        });
      }
      continue;
    }
    const units = item.responsibleUnits.map((unit) => (unit === COUNTY_UNITS ? TOWNSHIP_UNITS : unit));
    const unitsChanged = units.join('|') !== item.responsibleUnits.join('|');
    const text =
      lowerFigure && figure !== undefined && item.itemNo === figure.itemNo
        ? item.text.replace(/生活补助600元\/年（鄢陵400元）/, '生活补助400元/年')
        : item.text;
    const textChanged = text !== item.text;
    if (textChanged || unitsChanged) {
      changedItems.push({ itemNo: item.itemNo, ...(textChanged ? { text } : {}), ...(unitsChanged ? { responsibleUnits: units } : {}) });
    }
  }
  return { changedItems, addedItems: [] };
}

function* countyHistory(
  o: NormalisedHistoryOptions,
  county: HistoryCounty,
  cityRef: TenantRef,
  countyCampaign: Campaign,
  countyItems: ChecklistItem[],
  rng: Rng,
): Generator<HistoryAppend, void, undefined> {
  const t = o.timeline;
  const countyRef = countyCampaign.tenant;
  const office: Actor = { userId: `u-${county.code}-office`, name: `${county.name}巩固拓展脱贫攻坚成果领导小组办公室`, role: 'county_office' };
  const reviewer: Actor = { userId: `u-${county.code}-reviewer`, name: personName(rng), role: 'county_reviewer' };
  const countyStream: StreamCursor = { streamId: streamIds.campaign(countyCampaign.campaignId), owner: countyRef, lastVersion: 0 };
  let campaign = countyCampaign;
  let index = 0;
  for (const township of county.townships()) {
    const townshipRef = tenantRefOf(township.code, `${countyRef.path}/${township.code}`);
    const forwarded = yield* forward(o, {
      parent: campaign,
      parentStream: countyStream,
      parentItems: countyItems,
      actor: office,
      at: t.at(2, 9, index * 3),
      childRef: townshipRef,
      childCode: township.code,
      title: `关于转发《${o.title}》的通知`,
      overlay: EMPTY_OVERLAY,
      reportDueDate: addDays(campaign.reportDueDate, -rng.between(2, 5)),
    });
    campaign = forwarded.parent;
    index += 1;
    yield* townshipHistory(o, township, {
      campaign: forwarded.child,
      items: forwarded.childItems,
      cityRef,
      countyRef,
      reviewer,
    });
  }
}

type TownshipSetting = {
  campaign: Campaign;
  items: ChecklistItem[];
  cityRef: TenantRef;
  countyRef: TenantRef;
  reviewer: Actor;
};

const ESCALATION_WORKER: Actor = { userId: 'escalation-worker', name: '督办升级任务', role: 'system' };

function* townshipHistory(o: NormalisedHistoryOptions, township: HistoryTownship, setting: TownshipSetting): Generator<HistoryAppend, void, undefined> {
  const t = o.timeline;
  const { campaign } = setting;
  const townshipRef = campaign.tenant;
  const rng = rngFor(o.seed, `township/${campaign.campaignId}`);
  const inspectors: Actor[] = Array.from({ length: rng.between(2, 4) }, (_, i) => ({
    userId: `u-${township.code}-inspector-${i + 1}`,
    name: personName(rng),
    role: 'township_inspector',
  }));
  const officer: Actor = { userId: `u-${township.code}-officer`, name: personName(rng), role: 'township_officer' };
  const groups = itemGroups(setting.items);
  const followUps: HistoryAppend[] = [];

  for (const village of township.villages) {
    const vr = rngFor(o.seed, `village/${campaign.campaignId}/${village.code}`);
    const day = vr.between(t.inspectionFirstDay, t.inspectionLastDay);
    const inspector = vr.pick(inspectors);
    const parties: EntryParties = {
      township: townshipRef,
      townshipName: township.name,
      county: setting.countyRef,
      city: setting.cityRef,
      inspector,
      officer,
      reviewer: setting.reviewer,
      escalationWorker: ESCALATION_WORKER,
    };
    const stream: StreamCursor = { streamId: streamIds.inspection(campaign.campaignId, village.code), owner: townshipRef, lastVersion: -1 };
    const correlationId = deterministicUuid(o.seed, `corr/${stream.streamId}`);
    let inspection: VillageInspectionState = null;
    for (const [g, group] of groups.entries()) {
      const groupAt = t.at(day, 9, g * 25);
      const checks: LedgerDomainEvent[] = [];
      const causes: (string | undefined)[] = [];
      for (const [i, item] of group.entries()) {
        let outcome: InspectionOutcome = { kind: 'no_problem' };
        let cause: string | undefined;
        if (vr.chance(o.problemRate)) {
          const entryId = `e-${o.key}-${village.code}-${item.itemNo}`;
          const history = simulateEntry(
            {
              entryId,
              campaignId: campaign.campaignId,
              villageCode: village.code,
              item,
              parties,
              campaignDeadlines: campaign.deadlines,
              timeline: t,
              recordedAt: groupAt + i,
              priorSignedOff: [],
            },
            rngFor(o.seed, `entry/${entryId}`),
          );
          const entryStream: StreamCursor = { streamId: streamIds.entry(entryId), owner: townshipRef, lastVersion: -1 };
          const recording = appendOf(o, entryStream, history.events.slice(0, 1), correlationId, undefined);
          yield recording;
          cause = recording.events[0]?.eventId;
          if (history.events.length > 1) followUps.push(appendOf(o, entryStream, history.events.slice(1), correlationId, cause));
          outcome = { kind: 'problems_found', entryIds: [entryId] };
        }
        const events = decideInspection(
          {
            type: 'RecordVillageCheck',
            metadata: { now: t.instantOf(groupAt + i + 1), actor: inspector, tenant: townshipRef },
            campaignId: campaign.campaignId,
            villageCode: village.code,
            itemNo: item.itemNo,
            outcome,
          },
          inspection,
        );
        for (const event of events) {
          inspection = evolveInspection(inspection, event);
          checks.push(event);
          causes.push(cause);
        }
      }
      yield appendOf(o, stream, checks, correlationId, causes);
    }
  }
  yield* followUps;
}
