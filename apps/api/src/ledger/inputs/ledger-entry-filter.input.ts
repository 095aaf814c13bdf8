import { Field, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Min } from 'class-validator';
import { CALENDAR_DATE, DATE_MESSAGE, ID, ID_MESSAGE, VILLAGE_CODE } from './validation-patterns';

const STATUSES = ['recorded', 'planned', 'in_progress', 'submitted', 'signed_off', 'voided'] as const;
const CLASSES = ['immediate', 'fixed_term', 'long_term'] as const;
const LEVELS = ['county', 'city'] as const;

@InputType({ description: '台账筛选条件（都在当前用户的可见范围内）' })
export class LedgerEntryFilterInput {
  @Field({ nullable: true }) @IsOptional() @Matches(ID, { message: ID_MESSAGE }) campaignId?: string;
  @Field({ nullable: true }) @IsOptional() @Matches(/^\d{9}$/, { message: '乡镇代码应为9位数字' }) townshipCode?: string;
  @Field({ nullable: true }) @IsOptional() @Matches(VILLAGE_CODE, { message: '村代码应为12位数字' }) villageCode?: string;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) itemNo?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) subAreaNo?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) categoryNo?: number;
  @Field(() => [String], { nullable: true, description: STATUSES.join(' / ') })
  @IsOptional()
  @ArrayMaxSize(6)
  @IsIn(STATUSES, { each: true })
  statuses?: (typeof STATUSES)[number][];
  @Field(() => [String], { nullable: true, description: CLASSES.join(' / ') })
  @IsOptional()
  @ArrayMaxSize(3)
  @IsIn(CLASSES, { each: true })
  deadlineClasses?: (typeof CLASSES)[number][];
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(2) @IsIn(LEVELS, { each: true }) escalationLevels?: (typeof LEVELS)[number][];
  @Field({ nullable: true, description: '该日（上海时间）已逾期未销号' }) @IsOptional() @Matches(CALENDAR_DATE, { message: DATE_MESSAGE }) overdueAsOf?: string;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() isRecurrence?: boolean;
  @Field({ nullable: true, description: '问题或措施中包含的文字' }) @IsOptional() @IsString() @Length(1, 100) text?: string;
}
