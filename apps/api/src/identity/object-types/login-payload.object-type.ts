import { Field, ObjectType } from '@nestjs/graphql';
import { ViewerObjectType } from './viewer.object-type';

@ObjectType('LoginPayload')
export class LoginPayloadObjectType {
  @Field({ description: '访问令牌：请求头 Authorization: Bearer <token>' }) token!: string;
  @Field() expiresAt!: Date;
  @Field(() => ViewerObjectType) viewer!: ViewerObjectType;
}
