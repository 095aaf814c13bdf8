import { Field, InputType } from '@nestjs/graphql';
import { IsString, Length } from 'class-validator';
import { EntryCommandInput } from './entry-command.input';

@InputType({ description: '退回整改、不予延期或作废，须说明理由' })
export class EntryReasonInput extends EntryCommandInput {
  @Field() @IsString() @Length(1, 2000) reason!: string;
}
