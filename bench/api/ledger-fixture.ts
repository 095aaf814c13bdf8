import type { ChecklistItemSeed } from '@rectify/seeds';
import type { Pool } from 'pg';

export interface LedgerFixtureOptions {
  /** The read-model schema (already migrated) the bench's API reads. */
  readonly schema: string;
  readonly entries: number;
  readonly campaignId: string;
  readonly checklistVersionId: string;
  /** County codes (6 digits) under the city; townships and villages below them are generated. */
  readonly cityCode: string;
  readonly countyCodes: readonly string[];
  readonly townshipsPerCounty: number;
  readonly villagesPerTownship: number;
  /** A real township (9 digits) that takes the place of its county's first generated one, so that an account there sees generated entries. */
  readonly realTownship?: string;
  readonly items: readonly ChecklistItemSeed[];
}

export interface LedgerFixture {
  readonly entries: number;
  readonly villages: number;
  readonly rollupCounters: number;
  readonly seconds: { readonly rows: number; readonly indexes: number; readonly rollups: number };
}

const PROBLEMS = [
  '脱贫户住房安全等级鉴定不及时，危房改造资金拨付滞后',
  '监测对象识别程序不规范，入户核查记录缺失',
  '义务教育阶段控辍保学台账更新不及时，个别学生信息与学籍系统不一致',
  '家庭医生签约服务履约不到位，慢病患者随访记录不全',
  '饮水安全设施管护责任不明确，部分农户反映水压不足',
  '产业帮扶项目资产台账不完整，收益分配方案未公示',
  '小额信贷逾期未及时跟进，还款提醒记录缺失',
  '公益性岗位人员履职考勤不规范，存在人岗不符现象',
];
const MEASURES = ['组织村“两委”逐户核查，补齐鉴定报告', '重新履行识别程序，完善入户核查记录', '建立动态台账，每月更新', '明确管护责任，建立故障报修和回访制度'];

/**
 * Writes `entries` ledger-entry rows and their roll-up counters straight into a dedicated read-model
 * schema with set-based SQL (generate_series), because projecting 1M entries from events would take
 * hours on this machine (docs/benchmarks.md, replay). The rows follow the projection's shape: every
 * NOT NULL column, the status mix of a campaign in progress, due dates, deadline classes, recurrences
 * and escalations; the counters are what `contributionsOf` (libs/ledger/read-model) adds up for
 * each entry at the city, county and township. The table's secondary indexes are dropped during
 * the insert and rebuilt from their own definitions afterwards, then the table is vacuumed and
 * analysed (as autovacuum would have done).
 */
export async function loadLedgerFixture(pool: Pool, options: LedgerFixtureOptions): Promise<LedgerFixture> {
  const s = options.schema;
  const villages: string[] = [];
  for (const county of options.countyCodes) {
    for (let t = 0; t < options.townshipsPerCounty; t++) {
      const generated = `${county}${String(100 + t).padStart(3, '0')}`;
      const township = t === 0 && options.realTownship?.startsWith(county) ? options.realTownship : generated;
      for (let v = 0; v < options.villagesPerTownship; v++) villages.push(`${township}${String(200 + v).padStart(3, '0')}`);
    }
  }
  const items = [...options.items].sort((a, b) => a.itemNo - b.itemNo);
  const client = await pool.connect();
  try {
    await client.query(`SET maintenance_work_mem = '256MB'`);
    await client.query('SET statement_timeout = 0');
    const indexes: { indexname: string; indexdef: string }[] = (
      await client.query(
        `SELECT i.indexname, i.indexdef FROM pg_indexes i
          WHERE i.schemaname = $1 AND i.tablename = 'ledger_entry'
            AND i.indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = ($1 || '.ledger_entry')::regclass)`,
        [s],
      )
    ).rows;
    for (const index of indexes) await client.query(`DROP INDEX ${s}.${index.indexname}`);

    let started = Date.now();
    await client.query(
      `INSERT INTO ${s}.ledger_entry (
         entry_id, campaign_id, root_campaign_id, checklist_version_id, tenant_path, tenant_id, city_code, county_code, township_code, village_code,
         item_no, sub_area_no, sub_area_name, category_no, category_name, description, measures, responsible_unit, responsible_person,
         deadline_class, due_date, original_due_date, status, escalation_level, is_recurrence, recurrence_count, found_by, found_at,
         result, signed_off_at, recorded_at, opened_on, closed_on, planned_on, last_activity_on, county_escalated_on, county_escalated_to,
         last_event_version, updated_at)
       SELECT
         md5('bench-entry-' || g.i)::uuid::text, $1, $1, $2,
         $3 || '/' || left(v.code, 6) || '/' || left(v.code, 9), left(v.code, 9), $3, left(v.code, 6), left(v.code, 9), v.code,
         it.item_no, it.sub_area_no, it.sub_area_name, it.category_no, it.category_name,
         ($6::text[])[1 + g.i % cardinality($6::text[])] || '（第' || g.i || '号）',
         CASE WHEN st.status = 'recorded' THEN NULL ELSE ($7::text[])[1 + g.i % cardinality($7::text[])] END,
         CASE WHEN st.status = 'recorded' THEN NULL ELSE '乡镇整改办' END,
         CASE WHEN st.status = 'recorded' THEN NULL ELSE '责任人' || (g.i % 97) END,
         (ARRAY['immediate', 'fixed_term', 'long_term'])[1 + g.h % 3],
         d.due, d.due, st.status,
         CASE WHEN st.status IN ('recorded', 'planned', 'in_progress') AND g.h % 50 = 0 THEN 'county' END,
         g.h % 40 = 0, CASE WHEN g.h % 40 = 0 THEN 1 ELSE 0 END,
         '排查员' || (g.i % 13), d.found,
         CASE WHEN st.status IN ('submitted', 'signed_off') THEN '已按要求完成整改并公示' END,
         CASE WHEN st.status = 'signed_off' THEN d.found + interval '20 days' END,
         d.found, d.found::date,
         CASE WHEN st.status IN ('signed_off', 'voided') THEN d.found::date + 20 END,
         CASE WHEN st.status <> 'recorded' THEN d.found::date + 2 END,
         d.found::date + 3,
         CASE WHEN st.status IN ('recorded', 'planned', 'in_progress') AND g.h % 50 = 0 THEN d.found::date + 10 END,
         CASE WHEN st.status IN ('recorded', 'planned', 'in_progress') AND g.h % 50 = 0 THEN $3 || '/' || left(v.code, 6) END,
         CASE st.status WHEN 'recorded' THEN 0 WHEN 'planned' THEN 1 WHEN 'in_progress' THEN 2 WHEN 'submitted' THEN 3 ELSE 4 END,
         d.found + interval '3 days'
       FROM (SELECT i, (i * 2654435761::bigint) % 1000003 AS h FROM generate_series(0, $4::int - 1) AS i) g
       CROSS JOIN LATERAL (SELECT ($5::text[])[1 + g.i % cardinality($5::text[])] AS code) v
       CROSS JOIN LATERAL (
         SELECT ($8::int[])[1 + g.h % 72] AS item_no, ($9::int[])[1 + g.h % 72] AS sub_area_no, ($10::text[])[1 + g.h % 72] AS sub_area_name,
                ($11::int[])[1 + g.h % 72] AS category_no, ($12::text[])[1 + g.h % 72] AS category_name
       ) it
       CROSS JOIN LATERAL (
         SELECT CASE
           WHEN g.h % 100 < 20 THEN 'recorded' WHEN g.h % 100 < 40 THEN 'planned' WHEN g.h % 100 < 60 THEN 'in_progress'
           WHEN g.h % 100 < 70 THEN 'submitted' WHEN g.h % 100 < 97 THEN 'signed_off' ELSE 'voided' END AS status
       ) st
       CROSS JOIN LATERAL (
         SELECT timestamptz '2023-07-28 09:00:00+08' + ((g.h % 30) || ' days')::interval + ((g.i % 480) || ' minutes')::interval AS found,
                date '2023-08-10' + (g.h % 140)::int AS due
       ) d`,
      [
        options.campaignId,
        options.checklistVersionId,
        options.cityCode,
        options.entries,
        villages,
        PROBLEMS,
        MEASURES,
        items.map((i) => i.itemNo),
        items.map((i) => i.subAreaNo),
        items.map((i) => i.subAreaName),
        items.map((i) => i.categoryNo),
        items.map((i) => i.categoryName),
      ],
    );
    const rowsSeconds = (Date.now() - started) / 1000;

    started = Date.now();
    for (const index of indexes) await client.query(index.indexdef);
    // What autovacuum would have done to a table of this age: hint bits and the visibility map set,
    // so the measured reads do not pay for the bulk load's first touches.
    await client.query(`VACUUM (ANALYZE) ${s}.ledger_entry`);
    const indexSeconds = (Date.now() - started) / 1000;

    started = Date.now();
    const counters = await client.query(
      `WITH per_township AS (
         SELECT e.tenant_path, x.dimension, x.key, count(*) AS n
           FROM ${s}.ledger_entry e
           CROSS JOIN LATERAL (VALUES
             ('status', e.status, true),
             ('opened_on', e.opened_on::text, true),
             ('closed_on', e.closed_on::text, e.closed_on IS NOT NULL),
             ('entries', '', e.status <> 'voided'),
             ('item', e.item_no::text, e.status <> 'voided'),
             ('sub_area', e.sub_area_no::text, e.status <> 'voided' AND e.sub_area_no IS NOT NULL),
             ('category', e.category_no::text, e.status <> 'voided' AND e.category_no IS NOT NULL),
             ('deadline_class', e.deadline_class, e.status <> 'voided' AND e.deadline_class IS NOT NULL),
             ('recurrence', '', e.status <> 'voided' AND e.is_recurrence),
             ('escalation', e.escalation_level, e.status <> 'voided' AND e.escalation_level IS NOT NULL),
             ('closed', '', e.status = 'signed_off'),
             ('open', '', e.status IN ('recorded', 'planned', 'in_progress', 'submitted')),
             ('item_open', e.item_no::text, e.status IN ('recorded', 'planned', 'in_progress', 'submitted')),
             ('sub_area_open', e.sub_area_no::text, e.status IN ('recorded', 'planned', 'in_progress', 'submitted') AND e.sub_area_no IS NOT NULL),
             ('category_open', e.category_no::text, e.status IN ('recorded', 'planned', 'in_progress', 'submitted') AND e.category_no IS NOT NULL),
             ('open_due', e.due_date::text, e.status IN ('recorded', 'planned', 'in_progress', 'submitted') AND e.due_date IS NOT NULL)
           ) AS x(dimension, key, applies)
          WHERE x.applies AND e.root_campaign_id = $1
          GROUP BY 1, 2, 3
       )
       INSERT INTO ${s}.rollup_counter (tenant_path, root_campaign_id, dimension, key, value)
       SELECT a.path, $1, p.dimension, p.key, sum(p.n)
         FROM per_township p
         CROSS JOIN LATERAL (VALUES
           (split_part(p.tenant_path, '/', 1)),
           (split_part(p.tenant_path, '/', 1) || '/' || split_part(p.tenant_path, '/', 2)),
           (p.tenant_path)
         ) AS a(path)
        GROUP BY a.path, p.dimension, p.key`,
      [options.campaignId],
    );
    await client.query(`VACUUM (ANALYZE) ${s}.rollup_counter`);
    return {
      entries: options.entries,
      villages: villages.length,
      rollupCounters: counters.rowCount ?? 0,
      seconds: { rows: rowsSeconds, indexes: indexSeconds, rollups: (Date.now() - started) / 1000 },
    };
  } finally {
    client.release();
  }
}
