import { Field, InputType } from '@nestjs/graphql';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { CommandOptionsInput } from './command-options.input';
import { ID, ID_MESSAGE } from './validation-patterns';

@InputType({ description: '结束专项行动' })
export class CloseCampaignInput extends CommandOptionsInput {
  @Field() @Matches(ID, { message: ID_MESSAGE }) campaignId!: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 2000) summary?: string;
}
