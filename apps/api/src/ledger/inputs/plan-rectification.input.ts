import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsDefined, IsString, Length, ValidateNested } from 'class-validator';
import { EntryCommandInput } from './entry-command.input';
import { RectificationDeadlineInput } from './rectification-deadline.input';

@InputType({ description: '整改措施、责任单位、责任人、整改时限' })
export class PlanRectificationInput extends EntryCommandInput {
  @Field() @IsString() @Length(1, 4000) measures!: string;
  @Field() @IsString() @Length(1, 200) responsibleUnit!: string;
  @Field() @IsString() @Length(1, 100) responsiblePerson!: string;
  @Field(() => RectificationDeadlineInput) @IsDefined() @ValidateNested() @Type(() => RectificationDeadlineInput) deadline!: RectificationDeadlineInput;
}
