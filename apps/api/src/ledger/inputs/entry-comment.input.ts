import { Field, InputType } from '@nestjs/graphql';
import { IsOptional, IsString, Length } from 'class-validator';
import { EntryCommandInput } from './entry-command.input';

@InputType({ description: '批准销号或批准延期，可附意见' })
export class EntryCommentInput extends EntryCommandInput {
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 2000) comment?: string;
}
