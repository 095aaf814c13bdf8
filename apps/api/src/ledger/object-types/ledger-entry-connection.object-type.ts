import { Field, ObjectType } from '@nestjs/graphql';
import { LedgerEntryObjectType } from './ledger-entry.object-type';

@ObjectType('PageInfo')
export class PageInfoObjectType {
  @Field() hasNextPage!: boolean;
  @Field() hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType('LedgerEntryEdge')
export class LedgerEntryEdgeObjectType {
  @Field(() => String, { nullable: true, description: '只有每页最后一条带游标（= pageInfo.endCursor）' }) cursor!: string | null;
  @Field(() => LedgerEntryObjectType) node!: LedgerEntryObjectType;
}

@ObjectType('LedgerEntryConnection')
export class LedgerEntryConnectionObjectType {
  @Field(() => [LedgerEntryEdgeObjectType]) edges!: LedgerEntryEdgeObjectType[];
  @Field(() => PageInfoObjectType) pageInfo!: PageInfoObjectType;
}
