import { Field, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsString, Length } from 'class-validator';
import { EntryCommandInput } from './entry-command.input';

@InputType({ description: '整改结果（具体内容与佐证材料），提交销号' })
export class SubmitResultInput extends EntryCommandInput {
  @Field() @IsString() @Length(1, 4000) result!: string;
  @Field(() => [String]) @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 500, { each: true }) evidenceRefs!: string[];
}
