import { Field, InputType } from '@nestjs/graphql';
import { IsString, Length, Matches } from 'class-validator';
import { EntryCommandInput } from './entry-command.input';
import { CALENDAR_DATE, DATE_MESSAGE } from './validation-patterns';

@InputType({ description: '申请延期' })
export class RequestDeadlineExtensionInput extends EntryCommandInput {
  @Field() @Matches(CALENDAR_DATE, { message: DATE_MESSAGE }) requestedDate!: string;
  @Field() @IsString() @Length(1, 2000) reason!: string;
}
