import { Field, InputType, registerEnumType } from '@nestjs/graphql';
import { IsEnum } from 'class-validator';

export enum LedgerEntrySortField {
  DueDate = 'due_date',
  UpdatedAt = 'updated_at',
  ItemNo = 'item_no',
  RecordedAt = 'recorded_at',
}
registerEnumType(LedgerEntrySortField, { name: 'LedgerEntrySortField', description: '整改时限 / 更新时间 / 清单序号 / 登记时间' });

export enum SortDirection {
  Asc = 'asc',
  Desc = 'desc',
}
registerEnumType(SortDirection, { name: 'SortDirection' });

@InputType()
export class LedgerEntrySortInput {
  @Field(() => LedgerEntrySortField) @IsEnum(LedgerEntrySortField) field!: LedgerEntrySortField;
  @Field(() => SortDirection) @IsEnum(SortDirection) direction!: SortDirection;
}
