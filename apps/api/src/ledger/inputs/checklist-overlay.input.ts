import { Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsInt, IsOptional, IsString, Length, Min, ValidateNested } from 'class-validator';
import { ChecklistItemInput } from './checklist-item.input';

@InputType({ description: '转发时对上级清单某一项的调整' })
export class ChecklistItemChangeInput {
  @Field(() => Int) @IsInt() @Min(1) itemNo!: number;
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 2000) text?: string;
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  responsibleUnits?: string[];
}

@InputType({ description: '本地化调整：改动的项与新增的项（不能删除上级的项）' })
export class ChecklistOverlayInput {
  @Field(() => [ChecklistItemChangeInput]) @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => ChecklistItemChangeInput) changedItems!: ChecklistItemChangeInput[];
  @Field(() => [ChecklistItemInput]) @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => ChecklistItemInput) addedItems!: ChecklistItemInput[];
}
