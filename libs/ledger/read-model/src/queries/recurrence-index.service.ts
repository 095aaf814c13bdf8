import type { PriorSignOff } from '@rectify/ledger-domain';
import type { DataSource, EntityManager } from 'typeorm';
import { RecurrenceIndexEntity } from '../entities';

/**
 * The recurrence (屡改屡犯) lookup the application makes before `RecordProblem`. It is not scoped:
 * an earlier entry for the same village may belong to another tenant (the county recorded it), and
 * only ids and times leave this service, never an entry's content.
 */
export class RecurrenceIndexService {
  private sql: string | null = null;

  constructor(private readonly db: DataSource | EntityManager) {}

  /**
   * Signed-off entries of this village × item, any campaign, oldest first. Every `recordProblem`
   * makes this lookup, so it is one prepared-shape SQL statement rather than a repository `find`
   * (whose query building was most of its cost in the API's profile).
   */
  async priorSignedOff(villageCode: string, itemNo: number): Promise<PriorSignOff[]> {
    const rows: { entry_id: string; campaign_id: string; signed_off_at: Date }[] = await this.db.query(this.statement(), [villageCode, itemNo]);
    return rows.map((r) => ({ entryId: r.entry_id, campaignId: r.campaign_id, signedOffAt: r.signed_off_at.toISOString() }));
  }

  private statement(): string {
    if (this.sql === null) {
      const table = this.db.getRepository(RecurrenceIndexEntity).metadata.tablePath;
      this.sql = `SELECT entry_id, campaign_id, signed_off_at FROM ${table} WHERE village_code = $1 AND item_no = $2 ORDER BY signed_off_at, entry_id`;
    }
    return this.sql;
  }
}
