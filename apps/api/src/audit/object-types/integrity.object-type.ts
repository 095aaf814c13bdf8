import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum VerifyScope {
  STREAM = 'STREAM',
  TENANT = 'TENANT',
  ALL = 'ALL',
}
registerEnumType(VerifyScope, { name: 'VerifyScope', description: 'STREAM：一个流（id 为流标识）；TENANT：一个单位及下级（id 为单位路径）；ALL：全部（平台管理员）' });

@ObjectType('ChainBreak', { description: '哈希链断裂处' })
export class ChainBreakObjectType {
  @Field() streamId!: string;
  @Field(() => Int) streamVersion!: number;
  @Field(() => String, { nullable: true }) eventId!: string | null;
  @Field() reason!: string;
}

@ObjectType('ChainVerification', { description: '哈希链校验结果' })
export class ChainVerificationObjectType {
  @Field() ok!: boolean;
  @Field(() => Int) streamsChecked!: number;
  @Field(() => Int) eventsChecked!: number;
  @Field(() => ChainBreakObjectType, { nullable: true }) firstBreak!: ChainBreakObjectType | null;
  @Field(() => [ChainBreakObjectType]) breaks!: ChainBreakObjectType[];
}

@ObjectType('AnchorVerification', { description: '每日锚点校验结果' })
export class AnchorVerificationObjectType {
  @Field() ok!: boolean;
  @Field(() => Int) anchorsChecked!: number;
  @Field({ description: '是否校验了签名（配置了锚点公钥时）' }) signaturesChecked!: boolean;
  @Field(() => String, { nullable: true }) problemDay!: string | null;
  @Field(() => String, { nullable: true }) problem!: string | null;
}

@ObjectType('EventExport', { description: 'NDJSON 导出（小范围）；大范围请用 npm run audit -- export' })
export class EventExportObjectType {
  @Field(() => Int) events!: number;
  @Field({ description: 'rectify-events v1 格式的 NDJSON 全文（首行头、末行尾）' }) ndjson!: string;
}
