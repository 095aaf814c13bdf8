import { DEFAULT_ESCALATION_POLICY, type EscalationPolicy } from '@rectify/ledger-domain';
import type { DataSource, EntityManager } from 'typeorm';
import { schemaOfDb } from '../read-model-schema';
import { assertScope, isWithinScope } from '../tenancy/tenant-scope';

/** Where a campaign's effective escalation policy comes from. */
export type EscalationPolicyOrigin = 'own' | 'inherited' | 'default';

export interface EffectiveEscalationPolicy {
  readonly campaignId: string;
  readonly policy: EscalationPolicy;
  readonly origin: EscalationPolicyOrigin;
  /** The campaign that set the policy (itself for `own`, an ancestor for `inherited`); null for `default`. */
  readonly sourceCampaignId: string | null;
  readonly sourceTenantPath: string | null;
  readonly reason: string | null;
  readonly setAt: Date | null;
  readonly setBy: string | null;
}

/** Every campaign whose effective policy is not the defaults, with that policy (for the sweep). */
export interface EscalationPolicyTable {
  readonly byCampaign: ReadonlyMap<string, EscalationPolicy>;
}

/** Forwarding chains are city → county → township (→ village team at most): far below this. */
const MAX_CHAIN_DEPTH = 16;

interface ChainRow {
  campaign_id: string;
  tenant_path: string;
  depth: number;
  escalation_policy: EscalationPolicy | null;
  escalation_policy_reason: string | null;
  escalation_policy_set_at: Date | null;
  escalation_policy_set_by: string | null;
}

/**
 * 督办规则 as the read model knows them. A campaign's effective policy is its own when it set one,
 * else that of the nearest campaign up its forwarding chain (county → city) that set one, else the
 * defaults (`DEFAULT_ESCALATION_POLICY`). Resolved on read, so a city that changes its policy
 * changes it at once for every forwarded campaign that has none of its own.
 */
export class EscalationPolicyQueryService {
  constructor(private readonly db: DataSource | EntityManager) {}

  /**
   * The effective policy of one campaign, or null when it does not exist or lies outside the
   * caller's scope (the campaign is visible within the scope or above it, like `campaign`).
   */
  async effectivePolicy(campaignId: string, scope: string | null = null): Promise<EffectiveEscalationPolicy | null> {
    if (scope !== null) assertScope(scope);
    const s = schemaOfDb(this.db);
    const chain: ChainRow[] = await this.db.query(
      `WITH RECURSIVE chain AS (
         SELECT campaign_id, parent_campaign_id, tenant_path, 0 AS depth, escalation_policy, escalation_policy_reason,
                escalation_policy_set_at, escalation_policy_set_by
           FROM ${s}.campaign WHERE campaign_id = $1
         UNION ALL
         SELECT c.campaign_id, c.parent_campaign_id, c.tenant_path, chain.depth + 1, c.escalation_policy, c.escalation_policy_reason,
                c.escalation_policy_set_at, c.escalation_policy_set_by
           FROM ${s}.campaign c JOIN chain ON c.campaign_id = chain.parent_campaign_id
          WHERE chain.escalation_policy IS NULL AND chain.depth < ${MAX_CHAIN_DEPTH}
       )
       SELECT campaign_id, tenant_path, depth, escalation_policy, escalation_policy_reason, escalation_policy_set_at, escalation_policy_set_by
         FROM chain ORDER BY depth`,
      [campaignId],
    );
    const self = chain[0];
    if (!self) return null;
    if (scope !== null && !isWithinScope(self.tenant_path, scope) && !isWithinScope(scope, self.tenant_path)) return null;
    const source = chain.find((row) => row.escalation_policy !== null);
    if (!source || source.escalation_policy === null) {
      return { campaignId, policy: { ...DEFAULT_ESCALATION_POLICY }, origin: 'default', sourceCampaignId: null, sourceTenantPath: null, reason: null, setAt: null, setBy: null };
    }
    return {
      campaignId,
      policy: source.escalation_policy,
      origin: source.depth === 0 ? 'own' : 'inherited',
      sourceCampaignId: source.campaign_id,
      sourceTenantPath: source.tenant_path,
      reason: source.escalation_policy_reason,
      setAt: source.escalation_policy_set_at,
      setBy: source.escalation_policy_set_by,
    };
  }

  /**
   * Every campaign whose effective policy is not the defaults: the campaigns that set one, and
   * their forwarded descendants that set none (one recursive query, down from the setters). A
   * campaign missing from the table uses the defaults.
   */
  async policyTable(): Promise<EscalationPolicyTable> {
    const s = schemaOfDb(this.db);
    const rows: { campaign_id: string; policy: EscalationPolicy }[] = await this.db.query(
      `WITH RECURSIVE eff AS (
         SELECT campaign_id, escalation_policy AS policy, 0 AS depth FROM ${s}.campaign WHERE escalation_policy IS NOT NULL
         UNION ALL
         SELECT c.campaign_id, eff.policy, eff.depth + 1
           FROM ${s}.campaign c JOIN eff ON c.parent_campaign_id = eff.campaign_id
          WHERE c.escalation_policy IS NULL AND eff.depth < ${MAX_CHAIN_DEPTH}
       )
       SELECT campaign_id, policy FROM eff`,
    );
    return { byCampaign: new Map(rows.map((row) => [row.campaign_id, row.policy])) };
  }
}
