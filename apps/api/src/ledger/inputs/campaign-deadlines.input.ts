import { Field, InputType } from '@nestjs/graphql';
import { IsOptional, Matches } from 'class-validator';
import { CALENDAR_DATE, DATE_MESSAGE } from './validation-patterns';

@InputType({ description: '整改时限：立行立改 / 限期解决 的截止日期（转发时可选，只能提前）' })
export class CampaignDeadlinesInput {
  @Field({ nullable: true }) @IsOptional() @Matches(CALENDAR_DATE, { message: DATE_MESSAGE }) immediate?: string;
  @Field({ nullable: true }) @IsOptional() @Matches(CALENDAR_DATE, { message: DATE_MESSAGE }) fixedTerm?: string;
}
