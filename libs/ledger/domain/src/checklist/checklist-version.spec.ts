import { CHUHE, CITY_ITEMS, XUCHANG, YANLING, YUZHOU, meta } from '../testing/fixtures';
import { deciderSpec } from '../testing/decider-spec';
import { type ChecklistItem } from './checklist-item';
import { type ChecklistEvent, decideChecklist, evolveChecklist, initialChecklistVersionState } from './checklist-version';

const [ITEM_1] = CITY_ITEMS as [ChecklistItem, ...ChecklistItem[]];
const spec = deciderSpec({ decide: decideChecklist, evolve: evolveChecklist, initial: initialChecklistVersionState });
const cityMeta = meta({ now: '2023-07-25T01:00:00Z', actor: { userId: 'user-city' }, tenant: XUCHANG });
const countyMeta = meta({ now: '2023-07-27T01:00:00Z', actor: { userId: 'user-county' }, tenant: YUZHOU });

const cityVersionDefined: ChecklistEvent = {
  type: 'ChecklistVersionDefined',
  schemaVersion: 1,
  data: {
    versionId: 'v-city',
    label: '许昌市72项排查清单',
    tenant: XUCHANG,
    parentVersionId: null,
    overlay: null,
    items: CITY_ITEMS,
    at: '2023-07-25T01:00:00Z',
    by: { userId: 'user-city' },
  },
};

describe('checklist versions', () => {
  it('DefineChecklistVersion → ChecklistVersionDefined with the items sorted and trimmed', () => {
    spec
      .given([])
      .when({
        type: 'DefineChecklistVersion',
        metadata: cityMeta,
        versionId: 'v-city',
        label: ' 许昌市72项排查清单 ',
        items: [...CITY_ITEMS].reverse().map((i) => ({ ...i, text: ` ${i.text} ` })),
      })
      .then([cityVersionDefined]);
  });

  it('DeriveChecklistVersion → ChecklistVersionDefined linking its parent and keeping the overlay', () => {
    const [event] = spec
      .given([])
      .when({
        type: 'DeriveChecklistVersion',
        metadata: countyMeta,
        versionId: 'v-yuzhou',
        owner: YUZHOU,
        parent: { versionId: 'v-city', items: CITY_ITEMS },
        overlay: { changedItems: [{ itemNo: 4, responsibleUnits: ['市教体局', '各乡镇（褚河街道）'] }], addedItems: [] },
      })
      .events();
    expect(event?.data.parentVersionId).toBe('v-city');
    expect(event?.data.tenant).toEqual(YUZHOU);
    expect(event?.data.overlay).toEqual({ changedItems: [{ itemNo: 4, responsibleUnits: ['市教体局', '各乡镇（褚河街道）'] }], addedItems: [] });
    expect(event?.data.items.find((i) => i.itemNo === 4)?.responsibleUnits).toEqual(['市教体局', '各乡镇（褚河街道）']);
  });

  it('a forwarded version belongs to the tenant it is forwarded to, never to a tenant outside the forwarder', () => {
    const derive = (metadata: typeof cityMeta, owner: { id: string; path: string }) =>
      spec.given([]).when({
        type: 'DeriveChecklistVersion',
        metadata,
        versionId: 'v-derived',
        owner,
        parent: { versionId: 'v-city', items: CITY_ITEMS },
        overlay: { changedItems: [], addedItems: [] },
      });
    // the city forwards to 禹州市: the version is 禹州市's (its siblings do not see it), made by the city's user
    const [byCity] = derive(cityMeta, YUZHOU).events();
    expect(byCity?.data.tenant).toEqual(YUZHOU);
    expect(byCity?.data.by).toEqual({ userId: 'user-city' });
    // 禹州市 forwards to 褚河街道, below it
    expect(derive(countyMeta, CHUHE).events()[0]?.data.tenant).toEqual(CHUHE);
    // 禹州市 cannot make a version for a sibling county or for the city above it
    derive(countyMeta, YANLING).thenError('LEDGER_TENANT_OUT_OF_SCOPE', { tenantPath: YANLING.path, scope: YUZHOU.path });
    derive(countyMeta, XUCHANG).thenError('LEDGER_TENANT_OUT_OF_SCOPE');
    derive(cityMeta, { id: 'tenant-x', path: '411000/../411024' }).thenError('LEDGER_INVALID_INPUT', { field: 'owner.path' });
    derive(cityMeta, { id: '', path: YUZHOU.path }).thenError('LEDGER_INVALID_INPUT', { field: 'owner.id' });
  });

  it('rejects a second definition of a version', () => {
    spec
      .given([cityVersionDefined])
      .when({ type: 'DefineChecklistVersion', metadata: cityMeta, versionId: 'v-city', items: CITY_ITEMS })
      .thenError('LEDGER_CHECKLIST_VERSION_EXISTS');
  });

  it('rejects invalid items', () => {
    const when = (items: typeof CITY_ITEMS) =>
      spec.given([]).when({ type: 'DefineChecklistVersion', metadata: cityMeta, versionId: 'v-x', items });
    when([]).thenError('LEDGER_CHECKLIST_ITEMS_INVALID');
    when([ITEM_1, ITEM_1]).thenError('LEDGER_CHECKLIST_ITEMS_INVALID', { itemNo: 1 });
    when([{ ...ITEM_1, text: ' ' }]).thenError('LEDGER_CHECKLIST_ITEMS_INVALID', { field: 'items[0].text' });
    when([{ ...ITEM_1, itemNo: 0 }]).thenError('LEDGER_CHECKLIST_ITEMS_INVALID');
    when([{ ...ITEM_1, responsibleUnits: [] }]).thenError('LEDGER_CHECKLIST_ITEMS_INVALID');
  });

  it('rejects a bad version id, bad metadata, a self-parent and a bad overlay', () => {
    spec.given([]).when({ type: 'DefineChecklistVersion', metadata: cityMeta, versionId: 'v x', items: CITY_ITEMS }).thenError('LEDGER_INVALID_ID');
    spec
      .given([])
      .when({ type: 'DefineChecklistVersion', metadata: { ...cityMeta, now: '2023-07-25' }, versionId: 'v', items: CITY_ITEMS })
      .thenError('LEDGER_INVALID_METADATA');
    const derive = (versionId: string, itemNo: number) =>
      spec.given([]).when({
        type: 'DeriveChecklistVersion',
        metadata: countyMeta,
        versionId,
        owner: YUZHOU,
        parent: { versionId: 'v-city', items: CITY_ITEMS },
        overlay: { changedItems: [{ itemNo, text: '新内容' }], addedItems: [] },
      });
    derive('v-city', 5).thenError('LEDGER_INVALID_INPUT');
    derive('v-yuzhou', 42).thenError('LEDGER_OVERLAY_INVALID');
  });

  it('refuses to fold a second definition', () => {
    expect(() => evolveChecklist(evolveChecklist(null, cityVersionDefined), cityVersionDefined)).toThrow(
      expect.objectContaining({ code: 'LEDGER_STREAM_CORRUPT' }),
    );
  });
});
