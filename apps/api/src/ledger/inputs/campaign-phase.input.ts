import { Field, InputType } from '@nestjs/graphql';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { CALENDAR_DATE, DATE_MESSAGE } from './validation-patterns';

@InputType({ description: '工作阶段，如 全面排查 2023-07-26 至 2023-08-10' })
export class CampaignPhaseInput {
  @Field() @IsString() @Length(1, 50) name!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(CALENDAR_DATE, { message: DATE_MESSAGE }) startDate?: string | null;
  @Field() @Matches(CALENDAR_DATE, { message: DATE_MESSAGE }) endDate!: string;
}
