import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum EscalationPolicyOriginValue {
  OWN = 'own',
  INHERITED = 'inherited',
  DEFAULT = 'default',
}
registerEnumType(EscalationPolicyOriginValue, {
  name: 'EscalationPolicyOrigin',
  description: '规则来源：本专项行动自己设置 / 沿用上级专项行动 / 系统默认',
});

@ObjectType('EscalationPolicy', { description: '督办升级规则（整数天）' })
export class EscalationPolicyObjectType {
  @Field(() => Int) yellowDaysBeforeDeadline!: number;
  @Field(() => Int) noProgressYellowDays!: number;
  @Field(() => Int) escalateToCountyAfterRedDays!: number;
  @Field(() => Int) escalateToCountyAfterNoProgressDays!: number;
  @Field(() => Int) escalateToCityAfterMoreDays!: number;
}

@ObjectType('EffectiveEscalationPolicy', { description: '专项行动实际适用的督办升级规则及其来源' })
export class EffectiveEscalationPolicyObjectType {
  @Field() campaignId!: string;
  @Field(() => EscalationPolicyObjectType) policy!: EscalationPolicyObjectType;
  @Field(() => EscalationPolicyOriginValue) origin!: EscalationPolicyOriginValue;
  @Field(() => String, { nullable: true, description: '设置该规则的专项行动（默认规则时为空）' }) sourceCampaignId!: string | null;
  @Field(() => String, { nullable: true, description: '设置该规则的单位路径' }) sourceTenantPath!: string | null;
  @Field(() => String, { nullable: true, description: '设置原因' }) reason!: string | null;
  @Field(() => Date, { nullable: true }) setAt!: Date | null;
  @Field(() => String, { nullable: true }) setBy!: string | null;
}
