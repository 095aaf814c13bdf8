import { Module } from '@nestjs/common';
import { AccountResolver } from './resolvers/account.resolver';
import { SessionResolver } from './resolvers/session.resolver';

@Module({ providers: [SessionResolver, AccountResolver] })
export class IdentityApiModule {}
