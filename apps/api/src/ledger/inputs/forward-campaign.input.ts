import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { CampaignDeadlinesInput } from './campaign-deadlines.input';
import { ChecklistOverlayInput } from './checklist-overlay.input';
import { CommandOptionsInput } from './command-options.input';
import { CALENDAR_DATE, DATE_MESSAGE, ID, ID_MESSAGE, TENANT_CODE } from './validation-patterns';

@InputType({ description: '转发专项行动到下级单位' })
export class ForwardCampaignInput extends CommandOptionsInput {
  @Field() @Matches(ID, { message: ID_MESSAGE }) campaignId!: string;
  @Field({ description: '接收单位的行政区划代码，如 411081' }) @Matches(TENANT_CODE, { message: '单位代码应为6位或9位数字' }) childTenantCode!: string;
  @Field(() => ChecklistOverlayInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => ChecklistOverlayInput) overlay?: ChecklistOverlayInput;
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 500) title?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 100) docNumber?: string | null;
  @Field() @Matches(CALENDAR_DATE, { message: DATE_MESSAGE }) issuedOn!: string;
  @Field() @Matches(CALENDAR_DATE, { message: DATE_MESSAGE }) reportDueDate!: string;
  @Field(() => CampaignDeadlinesInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => CampaignDeadlinesInput) deadlines?: CampaignDeadlinesInput;
}
