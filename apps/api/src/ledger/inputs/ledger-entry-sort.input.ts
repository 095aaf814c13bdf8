import { Field, InputType, registerEnumType } from '@nestjs/graphql';
import { IsEnum } from 'class-validator';

export enum LedgerEntrySortField {
  DUE_DATE = 'due_date',
  UPDATED_AT = 'updated_at',
  ITEM_NO = 'item_no',
  RECORDED_AT = 'recorded_at',
}
registerEnumType(LedgerEntrySortField, { name: 'LedgerEntrySortField', description: '整改时限 / 更新时间 / 清单序号 / 登记时间' });

export enum SortDirection {
  ASC = 'asc',
  DESC = 'desc',
}
registerEnumType(SortDirection, { name: 'SortDirection' });

@InputType()
export class LedgerEntrySortInput {
  @Field(() => LedgerEntrySortField) @IsEnum(LedgerEntrySortField) field!: LedgerEntrySortField;
  @Field(() => SortDirection) @IsEnum(SortDirection) direction!: SortDirection;
}
