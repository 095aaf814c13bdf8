import type { PriorSignOff } from '@rectify/ledger-domain';
import type { DataSource, EntityManager } from 'typeorm';
import { RecurrenceIndexEntity } from '../entities';

/**
 * The recurrence (屡改屡犯) lookup the application makes before `RecordProblem`. It is not scoped:
 * an earlier entry for the same village may belong to another tenant (the county recorded it), and
 * only ids and times leave this service, never an entry's content.
 */
export class RecurrenceIndexService {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** Signed-off entries of this village × item, any campaign, oldest first. */
  async priorSignedOff(villageCode: string, itemNo: number): Promise<PriorSignOff[]> {
    const rows = await this.db.getRepository(RecurrenceIndexEntity).find({
      where: { villageCode, itemNo },
      order: { signedOffAt: 'ASC', entryId: 'ASC' },
    });
    return rows.map((r) => ({ entryId: r.entryId, campaignId: r.campaignId, signedOffAt: r.signedOffAt.toISOString() }));
  }
}
