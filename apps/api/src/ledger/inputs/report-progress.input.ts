import { Field, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsOptional, IsString, Length } from 'class-validator';
import { EntryCommandInput } from './entry-command.input';

@InputType({ description: '整改进展' })
export class ReportProgressInput extends EntryCommandInput {
  @Field() @IsString() @Length(1, 4000) note!: string;
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 500, { each: true }) evidenceRefs?: string[];
}
