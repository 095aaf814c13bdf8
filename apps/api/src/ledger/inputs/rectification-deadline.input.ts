import { Field, InputType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsEnum, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { CALENDAR_DATE, DATE_MESSAGE } from './validation-patterns';

export enum DeadlineKind {
  IMMEDIATE = 'immediate',
  FIXED_TERM = 'fixed_term',
  LONG_TERM = 'long_term',
}
registerEnumType(DeadlineKind, { name: 'DeadlineKind', description: '立行立改 / 限期解决 / 长效机制，分阶段解决' });

@InputType()
export class MilestoneInput {
  @Field() @Matches(CALENDAR_DATE, { message: DATE_MESSAGE }) date!: string;
  @Field() @IsString() @Length(1, 1000) description!: string;
}

@InputType({ description: '整改时限：immediate/fixed_term 给 date；long_term 给 milestones' })
export class RectificationDeadlineInput {
  @Field(() => DeadlineKind) @IsEnum(DeadlineKind) kind!: DeadlineKind;
  @Field({ nullable: true }) @IsOptional() @Matches(CALENDAR_DATE, { message: DATE_MESSAGE }) date?: string;
  @Field(() => [MilestoneInput], { nullable: true }) @IsOptional() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => MilestoneInput) milestones?: MilestoneInput[];
}
