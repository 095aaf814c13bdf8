import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsDefined, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { CampaignDeadlinesInput } from './campaign-deadlines.input';
import { CampaignPhaseInput } from './campaign-phase.input';
import { CommandOptionsInput } from './command-options.input';
import { CALENDAR_DATE, DATE_MESSAGE, ID, ID_MESSAGE } from './validation-patterns';

@InputType({ description: '印发专项行动（发文单位为当前用户所在单位）' })
export class IssueCampaignInput extends CommandOptionsInput {
  @Field() @IsString() @Length(1, 500) title!: string;
  @Field({ description: '文号' }) @IsString() @Length(1, 100) docNumber!: string;
  @Field() @Matches(CALENDAR_DATE, { message: DATE_MESSAGE }) issuedOn!: string;
  @Field(() => [CampaignPhaseInput]) @ArrayMinSize(1) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => CampaignPhaseInput) phases!: CampaignPhaseInput[];
  @Field(() => CampaignDeadlinesInput, { description: '两个日期都必须给出' })
  @IsDefined()
  @ValidateNested()
  @Type(() => CampaignDeadlinesInput)
  deadlines!: CampaignDeadlinesInput;
  @Field() @Matches(CALENDAR_DATE, { message: DATE_MESSAGE }) reportDueDate!: string;
  @Field() @Matches(ID, { message: ID_MESSAGE }) checklistVersionId!: string;
}
