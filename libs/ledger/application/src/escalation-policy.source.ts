import { DEFAULT_ESCALATION_POLICY, loosestOf, type EscalationPolicy } from '@rectify/escalation';
import type { EscalationPolicyQueryService } from '@rectify/ledger-read-model';

/**
 * The escalation policies of all campaigns at one moment: the defaults, and every campaign whose
 * effective policy (its own, or inherited down its forwarding chain) is not the defaults.
 */
export interface EscalationPolicySnapshot {
  readonly defaults: EscalationPolicy;
  readonly byCampaign: ReadonlyMap<string, EscalationPolicy>;
  /** The policy an entry of this campaign is judged by. */
  policyFor(campaignId: string): EscalationPolicy;
  /** Component-wise earliest-firing policy over the defaults and every campaign's: bounds any scan. */
  readonly loosest: EscalationPolicy;
}

/** Where the campaigns' escalation policies come from. */
export interface EscalationPolicySource {
  policyFor(campaignId: string): Promise<EscalationPolicy>;
  /**
   * A policy whose thresholds are no larger than any campaign's effective policy (and the
   * defaults', which any campaign the read model does not know yet uses): a read-model filter built
   * from it never misses an entry that some campaign's policy would escalate.
   */
  loosest(): Promise<EscalationPolicy>;
  /** Everything at once, for a sweep that judges many campaigns' entries against one consistent view. */
  snapshot(): Promise<EscalationPolicySnapshot>;
}

export function policySnapshot(byCampaign: ReadonlyMap<string, EscalationPolicy>, defaults: EscalationPolicy = DEFAULT_ESCALATION_POLICY): EscalationPolicySnapshot {
  return {
    defaults,
    byCampaign,
    policyFor: (campaignId) => byCampaign.get(campaignId) ?? defaults,
    loosest: loosestOf([defaults, ...byCampaign.values()]),
  };
}

/** One policy for every campaign (tests, and a deployment that sets none). */
export const defaultPolicySource = (policy: EscalationPolicy = DEFAULT_ESCALATION_POLICY): EscalationPolicySource => {
  const snapshot = policySnapshot(new Map(), policy);
  return {
    policyFor: () => Promise.resolve(policy),
    loosest: () => Promise.resolve(policy),
    snapshot: () => Promise.resolve(snapshot),
  };
};

/**
 * The policies the campaigns set with `SetEscalationPolicy`, read from the read model (projected
 * from `CampaignEscalationPolicySet`): a campaign's own, else the nearest one up its forwarding chain,
 * else the defaults.
 */
export class ReadModelEscalationPolicySource implements EscalationPolicySource {
  constructor(private readonly queries: EscalationPolicyQueryService) {}

  async policyFor(campaignId: string): Promise<EscalationPolicy> {
    return (await this.queries.effectivePolicy(campaignId))?.policy ?? { ...DEFAULT_ESCALATION_POLICY };
  }

  async loosest(): Promise<EscalationPolicy> {
    return (await this.snapshot()).loosest;
  }

  async snapshot(): Promise<EscalationPolicySnapshot> {
    return policySnapshot((await this.queries.policyTable()).byCampaign);
  }
}
