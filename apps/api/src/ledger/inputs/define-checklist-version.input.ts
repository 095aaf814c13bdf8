import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { ChecklistItemInput } from './checklist-item.input';
import { CommandOptionsInput } from './command-options.input';

@InputType({ description: '定义一个顶层清单版本（如许昌市的72项）' })
export class DefineChecklistVersionInput extends CommandOptionsInput {
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 200) label?: string;
  @Field(() => [ChecklistItemInput]) @ArrayMinSize(1) @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => ChecklistItemInput) items!: ChecklistItemInput[];
}
