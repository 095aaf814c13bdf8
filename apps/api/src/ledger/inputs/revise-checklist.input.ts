import { Field, InputType } from '@nestjs/graphql';
import { IsString, Length, Matches } from 'class-validator';
import { CommandOptionsInput } from './command-options.input';
import { ID, ID_MESSAGE } from './validation-patterns';

@InputType({ description: '修订专项行动使用的清单版本' })
export class ReviseChecklistInput extends CommandOptionsInput {
  @Field() @Matches(ID, { message: ID_MESSAGE }) campaignId!: string;
  @Field() @Matches(ID, { message: ID_MESSAGE }) checklistVersionId!: string;
  @Field() @IsString() @Length(1, 2000) reason!: string;
}
