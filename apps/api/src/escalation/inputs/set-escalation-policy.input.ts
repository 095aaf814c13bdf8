import { Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { CommandOptionsInput } from '../../ledger/inputs/command-options.input';
import { ID, ID_MESSAGE } from '../../ledger/inputs/validation-patterns';

/**
 * The five values of a policy, all required. Ranges and their order are checked by the domain, which
 * answers with the policy's stable codes (ESCALATION_POLICY_OUT_OF_RANGE, ESCALATION_POLICY_ORDER);
 * GraphQL's Int already refuses anything that is not a whole number.
 */
@InputType('EscalationPolicyInput', { description: '督办升级规则（整数天，Asia/Shanghai 日历日）' })
export class EscalationPolicyInput {
  @Field(() => Int, { description: '临期黄灯：距有效整改时限不超过几天（0–366）' }) @IsInt() yellowDaysBeforeDeadline!: number;
  @Field(() => Int, { description: '无进展黄灯：连续几天无进展（1–366）' }) @IsInt() noProgressYellowDays!: number;
  @Field(() => Int, { description: '逾期几天升级到县级（1–366）' }) @IsInt() escalateToCountyAfterRedDays!: number;
  @Field(() => Int, { description: '无进展几天升级到县级（不少于无进展黄灯天数，最多366）' }) @IsInt() escalateToCountyAfterNoProgressDays!: number;
  @Field(() => Int, { description: '县级督办后再过几天升级到市级（1–366）' }) @IsInt() escalateToCityAfterMoreDays!: number;
}

@InputType({ description: '设置专项行动自己的督办升级规则（转发到下级的专项行动未自行设置时沿用它）' })
export class SetEscalationPolicyInput extends CommandOptionsInput {
  @Field() @Matches(ID, { message: ID_MESSAGE }) campaignId!: string;
  @Field(() => EscalationPolicyInput) @IsDefined() @ValidateNested() @Type(() => EscalationPolicyInput) policy!: EscalationPolicyInput;
  @Field({ description: '调整原因' }) @IsString() @Length(1, 2000) reason!: string;
}

@InputType({ description: '取消专项行动自己的督办升级规则，恢复沿用上级（或默认）规则' })
export class ClearEscalationPolicyInput extends CommandOptionsInput {
  @Field() @Matches(ID, { message: ID_MESSAGE }) campaignId!: string;
  @Field({ description: '原因' }) @IsString() @Length(1, 2000) reason!: string;
}
