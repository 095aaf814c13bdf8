import { CHUHE, CITY_ITEMS, XUCHANG, YANLING, YUZHOU, meta } from '../testing/fixtures';
import { deciderSpec } from '../testing/decider-spec';
import { decideChecklist, evolveChecklist } from '../checklist/checklist-version';
import { type CommandMetadata } from '../shared/command-metadata';
import { type LedgerErrorCode } from '../shared/domain-error';
import { forwardingFollowUps } from './campaign-forwarding';
import { decideCampaign, evolveCampaign } from './campaign.decider';
import {
  type CampaignEvent,
  type CampaignForwarded,
  type CampaignIssued,
  type ForwardCampaign,
  type IssueCampaign,
  initialCampaignState,
} from './campaign.types';

const spec = deciderSpec({ decide: decideCampaign, evolve: evolveCampaign, initial: initialCampaignState });

const cityMeta: CommandMetadata = meta({ now: '2023-07-25T02:00:00Z', actor: { userId: 'user-city', name: '李办公室', role: 'city_office' }, tenant: XUCHANG });
const countyMeta: CommandMetadata = meta({ now: '2023-07-27T02:00:00Z', actor: { userId: 'user-county' }, tenant: YUZHOU });

const PHASES = [
  { name: '动员部署', startDate: null, endDate: '2023-07-25' },
  { name: '全面排查', startDate: '2023-07-26', endDate: '2023-08-10' },
  { name: '集中整改', startDate: '2023-08-11', endDate: '2023-08-31' },
];

const issueCommand: IssueCampaign = {
  type: 'IssueCampaign',
  metadata: cityMeta,
  campaignId: 'c-city',
  title: '巩固拓展脱贫攻坚成果“三落实”领域“大排查、大整改、大提升”专项行动',
  docNumber: '许巩固脱贫组〔2023〕4号',
  issuedOn: '2023-07-25',
  issuingTenant: XUCHANG,
  phases: PHASES,
  deadlines: { immediate: '2023-08-31', fixedTerm: '2023-10-31' },
  reportDueDate: '2023-09-05',
  checklistVersionId: 'v-city',
};

const issued: CampaignIssued = {
  type: 'CampaignIssued',
  schemaVersion: 1,
  data: {
    campaignId: 'c-city',
    title: issueCommand.title,
    docNumber: '许巩固脱贫组〔2023〕4号',
    issuedOn: '2023-07-25',
    tenant: XUCHANG,
    phases: PHASES,
    deadlines: { immediate: '2023-08-31', fixedTerm: '2023-10-31' },
    reportDueDate: '2023-09-05',
    checklistVersionId: 'v-city',
    at: '2023-07-25T02:00:00Z',
    by: { userId: 'user-city', name: '李办公室', role: 'city_office' },
  },
};

const YANLING_ITEM_5 = '脱贫人口和监测对象家中的(在籍在园)幼儿是否享受到低保生活补助400元/年，保教费600元/年。';

const forwardCommand: ForwardCampaign = {
  type: 'ForwardCampaign',
  metadata: { ...cityMeta, now: '2023-07-26T02:00:00Z' },
  campaignId: 'c-city',
  childCampaignId: 'c-yanling',
  childTenant: YANLING,
  childChecklistVersionId: 'v-yanling',
  parentChecklist: { versionId: 'v-city', items: CITY_ITEMS },
  overlay: { changedItems: [{ itemNo: 5, text: YANLING_ITEM_5 }], addedItems: [] },
  issuedOn: '2023-07-26',
  reportDueDate: '2023-09-01',
};

const forwarded: CampaignForwarded = {
  type: 'CampaignForwarded',
  schemaVersion: 1,
  data: {
    campaignId: 'c-city',
    childCampaignId: 'c-yanling',
    childTenant: YANLING,
    parentChecklistVersionId: 'v-city',
    childChecklistVersionId: 'v-yanling',
    overlay: { changedItems: [{ itemNo: 5, text: YANLING_ITEM_5 }], addedItems: [] },
    title: issueCommand.title,
    docNumber: null,
    issuedOn: '2023-07-26',
    reportDueDate: '2023-09-01',
    deadlines: { immediate: '2023-08-31', fixedTerm: '2023-10-31' },
    at: '2023-07-26T02:00:00Z',
    by: { userId: 'user-city', name: '李办公室', role: 'city_office' },
  },
};

const closed: CampaignEvent = {
  type: 'CampaignClosed',
  schemaVersion: 1,
  data: { campaignId: 'c-city', summary: null, at: '2023-11-01T02:00:00Z', by: { userId: 'user-city' } },
};

describe('IssueCampaign', () => {
  it('→ CampaignIssued', () => {
    spec.given([]).when(issueCommand).then([issued]);
  });

  it('rejects an existing campaign', () => {
    spec.given([issued]).when(issueCommand).thenError('LEDGER_CAMPAIGN_ALREADY_EXISTS');
  });

  it('rejects an issuer outside the caller’s scope', () => {
    spec.given([]).when({ ...issueCommand, metadata: countyMeta }).thenError('LEDGER_TENANT_OUT_OF_SCOPE');
  });

  it.each<[string, Partial<IssueCampaign>, LedgerErrorCode]>([
    ['a blank title', { title: ' ' }, 'LEDGER_INVALID_INPUT'],
    ['a blank 文号', { docNumber: '' }, 'LEDGER_INVALID_INPUT'],
    ['a bad issue date', { issuedOn: '2023-07-32' }, 'LEDGER_INVALID_DATE'],
    ['a bad report date', { reportDueDate: '9月5日' }, 'LEDGER_INVALID_DATE'],
    ['a bad campaign id', { campaignId: 'c city' }, 'LEDGER_INVALID_ID'],
    ['a bad checklist version id', { checklistVersionId: '' }, 'LEDGER_INVALID_ID'],
    ['a bad issuing tenant path', { issuingTenant: { id: 't', path: '411000//1' } }, 'LEDGER_INVALID_INPUT'],
    ['no phases', { phases: [] }, 'LEDGER_PHASES_INVALID'],
    ['overlapping phases', { phases: [PHASES[0], { name: '全面排查', startDate: '2023-07-25', endDate: '2023-08-10' }] }, 'LEDGER_PHASES_INVALID'],
    ['a phase ending before it starts', { phases: [{ name: '全面排查', startDate: '2023-08-10', endDate: '2023-07-26' }] }, 'LEDGER_PHASES_INVALID'],
    ['a later phase without a start', { phases: [PHASES[0], { name: '集中整改', startDate: null, endDate: '2023-08-31' }] }, 'LEDGER_PHASES_INVALID'],
    ['立行立改 after 限期解决', { deadlines: { immediate: '2023-11-30', fixedTerm: '2023-10-31' } }, 'LEDGER_CAMPAIGN_DATES_INVALID'],
  ])('rejects %s', (_name, change, code) => {
    spec.given([]).when({ ...issueCommand, ...change }).thenError(code);
  });

  it('rejects bad metadata', () => {
    spec.given([]).when({ ...issueCommand, metadata: { ...cityMeta, now: '2023-07-25 10:00' } }).thenError('LEDGER_INVALID_METADATA');
    spec.given([]).when({ ...issueCommand, metadata: { ...cityMeta, actor: { userId: ' ' } } }).thenError('LEDGER_INVALID_METADATA');
    spec.given([]).when({ ...issueCommand, metadata: { ...cityMeta, tenant: { id: 'x', path: '' } } }).thenError('LEDGER_INVALID_METADATA');
  });
});

describe('ReviseChecklist', () => {
  const revise = { type: 'ReviseChecklist', metadata: cityMeta, campaignId: 'c-city', checklistVersionId: 'v-city-2', reason: '修正第44项OCR错行' } as const;

  it('→ CampaignChecklistRevised, keeping the history of versions', () => {
    spec
      .given([issued])
      .when(revise)
      .then([
        {
          type: 'CampaignChecklistRevised',
          schemaVersion: 1,
          data: {
            campaignId: 'c-city',
            previousVersionId: 'v-city',
            checklistVersionId: 'v-city-2',
            reason: '修正第44项OCR错行',
            at: cityMeta.now,
            by: issued.data.by,
          },
        },
      ]);
    expect(spec.given([issued]).when(revise).state()?.checklistHistory).toEqual(['v-city', 'v-city-2']);
  });

  it('rejects the current version, a blank reason, an unknown or closed campaign, another tenant', () => {
    spec.given([issued]).when({ ...revise, checklistVersionId: 'v-city' }).thenError('LEDGER_CHECKLIST_UNCHANGED');
    spec.given([issued]).when({ ...revise, reason: ' ' }).thenError('LEDGER_INVALID_INPUT');
    spec.given([]).when(revise).thenError('LEDGER_CAMPAIGN_NOT_FOUND');
    spec.given([issued, closed]).when(revise).thenError('LEDGER_CAMPAIGN_CLOSED');
    spec.given([issued]).when({ ...revise, metadata: countyMeta }).thenError('LEDGER_TENANT_OUT_OF_SCOPE');
    spec.given([issued]).when({ ...revise, campaignId: 'c-other' }).thenError('LEDGER_ID_MISMATCH');
  });
});

describe('ForwardCampaign', () => {
  it('→ CampaignForwarded on the parent stream, carrying the overlay', () => {
    spec.given([issued]).when(forwardCommand).then([forwarded]);
  });

  it('accepts stricter child deadlines and its own 文号', () => {
    const [event] = spec
      .given([issued])
      .when({ ...forwardCommand, docNumber: '鄢巩固脱贫组〔2023〕2号', deadlines: { immediate: '2023-08-25' } })
      .events();
    expect(event?.type === 'CampaignForwarded' && event.data.deadlines).toEqual({ immediate: '2023-08-25', fixedTerm: '2023-10-31' });
    expect(event?.type === 'CampaignForwarded' && event.data.docNumber).toBe('鄢巩固脱贫组〔2023〕2号');
  });

  it('rejects a report date later than the parent’s', () => {
    spec
      .given([issued])
      .when({ ...forwardCommand, reportDueDate: '2023-09-06' })
      .thenError('LEDGER_FORWARD_DATE_AFTER_PARENT', { field: 'reportDueDate', parent: '2023-09-05' });
  });

  it('rejects rectification deadlines later than the parent’s', () => {
    spec.given([issued]).when({ ...forwardCommand, deadlines: { immediate: '2023-09-01' } }).thenError('LEDGER_FORWARD_DATE_AFTER_PARENT', { field: 'deadlines.immediate' });
    spec.given([issued]).when({ ...forwardCommand, deadlines: { fixedTerm: '2023-11-01' } }).thenError('LEDGER_FORWARD_DATE_AFTER_PARENT', { field: 'deadlines.fixedTerm' });
  });

  it('rejects a child tenant that is not strictly below the forwarding tenant', () => {
    spec.given([issued]).when({ ...forwardCommand, childTenant: XUCHANG }).thenError('LEDGER_CHILD_TENANT_NOT_BELOW');
    spec.given([issued]).when({ ...forwardCommand, childTenant: { id: 't-kaifeng', path: '410200' } }).thenError('LEDGER_CHILD_TENANT_NOT_BELOW');
    spec.given([issued]).when({ ...forwardCommand, childTenant: { id: 't-prefix', path: '4110001' } }).thenError('LEDGER_CHILD_TENANT_NOT_BELOW');
  });

  it('rejects a second forward to the same tenant or with the same child id', () => {
    spec.given([issued, forwarded]).when(forwardCommand).thenError('LEDGER_ALREADY_FORWARDED');
    spec.given([issued, forwarded]).when({ ...forwardCommand, childTenant: YUZHOU }).thenError('LEDGER_ALREADY_FORWARDED');
  });

  it('rejects a stale parent checklist, an invalid overlay and reused ids', () => {
    spec
      .given([issued])
      .when({ ...forwardCommand, parentChecklist: { versionId: 'v-old', items: CITY_ITEMS } })
      .thenError('LEDGER_CHECKLIST_VERSION_MISMATCH');
    spec
      .given([issued])
      .when({ ...forwardCommand, overlay: { changedItems: [{ itemNo: 99, text: 'x' }], addedItems: [] } })
      .thenError('LEDGER_OVERLAY_INVALID');
    spec.given([issued]).when({ ...forwardCommand, childCampaignId: 'c-city' }).thenError('LEDGER_INVALID_INPUT');
    spec.given([issued]).when({ ...forwardCommand, childChecklistVersionId: 'v-city' }).thenError('LEDGER_INVALID_INPUT');
    spec.given([issued]).when({ ...forwardCommand, issuedOn: '' }).thenError('LEDGER_INVALID_DATE');
  });

  it('rejects forwarding a closed campaign, an unknown one, or by another tenant', () => {
    spec.given([issued, closed]).when(forwardCommand).thenError('LEDGER_CAMPAIGN_CLOSED');
    spec.given([]).when(forwardCommand).thenError('LEDGER_CAMPAIGN_NOT_FOUND');
    spec.given([issued]).when({ ...forwardCommand, metadata: countyMeta }).thenError('LEDGER_TENANT_OUT_OF_SCOPE');
  });
});

describe('forwarding across streams: city → 鄢陵县, then 禹州市 → 褚河街道', () => {
  it('builds the child checklist (linked to its parent) and the child campaign from CampaignForwarded', () => {
    const parent = evolveCampaign(evolveCampaign(null, issued), forwarded);
    if (parent === null) throw new Error('no parent');
    const { deriveChecklist, receiveCampaign } = forwardingFollowUps(parent, forwarded, CITY_ITEMS, forwardCommand.metadata);

    const [versionDefined] = decideChecklist(deriveChecklist, null);
    const childVersion = versionDefined ? evolveChecklist(null, versionDefined) : null;
    expect(childVersion?.parentVersionId).toBe('v-city');
    // the city forwarded it to 鄢陵县: the version is 鄢陵县's, so 禹州市 and the other counties do not see it
    expect(childVersion?.tenant).toEqual(YANLING);
    expect(childVersion?.items.find((i) => i.itemNo === 5)?.text).toBe(YANLING_ITEM_5);

    spec
      .given([])
      .when(receiveCampaign)
      .then([
        {
          type: 'CampaignReceived',
          schemaVersion: 1,
          data: {
            campaignId: 'c-yanling',
            parentCampaignId: 'c-city',
            parentTenant: XUCHANG,
            parentChecklistVersionId: 'v-city',
            parentReportDueDate: '2023-09-05',
            tenant: YANLING,
            title: issueCommand.title,
            docNumber: null,
            issuedOn: '2023-07-26',
            phases: PHASES,
            deadlines: { immediate: '2023-08-31', fixedTerm: '2023-10-31' },
            reportDueDate: '2023-09-01',
            checklistVersionId: 'v-yanling',
            at: '2023-07-26T02:00:00Z',
            by: issued.data.by,
          },
        },
      ]);
  });

  it('lets a received campaign forward further down, never later than its own report date', () => {
    const yuzhouReceived: CampaignEvent = {
      type: 'CampaignReceived',
      schemaVersion: 1,
      data: {
        campaignId: 'c-yuzhou',
        parentCampaignId: 'c-city',
        parentTenant: XUCHANG,
        parentChecklistVersionId: 'v-city',
        parentReportDueDate: '2023-09-05',
        tenant: YUZHOU,
        title: issueCommand.title,
        docNumber: null,
        issuedOn: '2023-07-27',
        phases: PHASES,
        deadlines: { immediate: '2023-08-31', fixedTerm: '2023-10-31' },
        reportDueDate: '2023-08-25',
        checklistVersionId: 'v-yuzhou',
        at: '2023-07-27T02:00:00Z',
        by: { userId: 'user-city' },
      },
    };
    const toChuhe: ForwardCampaign = {
      ...forwardCommand,
      metadata: countyMeta,
      campaignId: 'c-yuzhou',
      childCampaignId: 'c-chuhe',
      childTenant: CHUHE,
      childChecklistVersionId: 'v-chuhe',
      parentChecklist: { versionId: 'v-yuzhou', items: CITY_ITEMS },
      overlay: { changedItems: [], addedItems: [] },
      reportDueDate: '2023-08-20',
    };
    expect(spec.given([yuzhouReceived]).when(toChuhe).events()).toHaveLength(1);
    spec.given([yuzhouReceived]).when({ ...toChuhe, reportDueDate: '2023-08-26' }).thenError('LEDGER_FORWARD_DATE_AFTER_PARENT');
    spec.given([yuzhouReceived]).when({ ...toChuhe, childTenant: YANLING }).thenError('LEDGER_CHILD_TENANT_NOT_BELOW');
  });

  it('rejects follow-ups for another campaign’s event', () => {
    const other = evolveCampaign(null, { ...issued, data: { ...issued.data, campaignId: 'c-other' } });
    if (other === null) throw new Error('no campaign');
    expect(() => forwardingFollowUps(other, forwarded, CITY_ITEMS, cityMeta)).toThrow(expect.objectContaining({ code: 'LEDGER_ID_MISMATCH' }));
  });
});

describe('ReceiveForwardedCampaign', () => {
  const parent = evolveCampaign(evolveCampaign(null, issued), forwarded);
  if (parent === null) throw new Error('no parent');
  const { receiveCampaign } = forwardingFollowUps(parent, forwarded, CITY_ITEMS, forwardCommand.metadata);

  it('rejects an existing stream, a child not below the parent, a later report date and a self-parent', () => {
    spec.given([issued]).when(receiveCampaign).thenError('LEDGER_CAMPAIGN_ALREADY_EXISTS');
    spec.given([]).when({ ...receiveCampaign, tenant: { id: 'x', path: '410200' } }).thenError('LEDGER_CHILD_TENANT_NOT_BELOW');
    spec.given([]).when({ ...receiveCampaign, reportDueDate: '2023-09-06' }).thenError('LEDGER_FORWARD_DATE_AFTER_PARENT');
    spec.given([]).when({ ...receiveCampaign, parentCampaignId: 'c-yanling' }).thenError('LEDGER_INVALID_INPUT');
    spec.given([]).when({ ...receiveCampaign, metadata: countyMeta }).thenError('LEDGER_TENANT_OUT_OF_SCOPE');
  });
});

describe('CloseCampaign', () => {
  it('→ CampaignClosed', () => {
    spec
      .given([issued])
      .when({ type: 'CloseCampaign', metadata: { ...cityMeta, now: '2023-11-01T02:00:00Z', actor: { userId: 'user-city' } }, campaignId: 'c-city' })
      .then([closed]);
  });

  it('rejects closing twice or an unknown campaign', () => {
    spec.given([issued, closed]).when({ type: 'CloseCampaign', metadata: cityMeta, campaignId: 'c-city' }).thenError('LEDGER_CAMPAIGN_CLOSED');
    spec.given([]).when({ type: 'CloseCampaign', metadata: cityMeta, campaignId: 'c-city' }).thenError('LEDGER_CAMPAIGN_NOT_FOUND');
  });
});

describe('evolveCampaign', () => {
  it('refuses events that do not fit the state', () => {
    expect(() => evolveCampaign(null, closed)).toThrow(expect.objectContaining({ code: 'LEDGER_STREAM_CORRUPT' }));
    expect(() => evolveCampaign(evolveCampaign(null, issued), issued)).toThrow(expect.objectContaining({ code: 'LEDGER_STREAM_CORRUPT' }));
  });
});
