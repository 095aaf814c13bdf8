import { type DynamicModule, Module } from '@nestjs/common';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import { TokenService } from '@rectify/identity';
import { AuditModule } from './audit/audit.module';
import { AccountStatusCheck } from './auth/account-status';
import { AuthModule } from './auth/auth.module';
import { API_CONFIG, type ApiConfig } from './config/api-config';
import { GraphiqlController } from './graphql/graphiql.controller';
import { graphqlOptions } from './graphql/graphql-options.factory';
import { LoginRateLimitModule, LoginRateLimiters } from './http/login-rate-limiters';
import { IdentityApiModule } from './identity/identity-api.module';
import { InfrastructureModule, type InfrastructureOptions } from './infrastructure/infrastructure.module';
import { EscalationApiModule } from './escalation/escalation-api.module';
import { LedgerApiModule } from './ledger/ledger-api.module';
import { OpsModule } from './ops/ops.module';
import { ReportsApiModule } from './reports/reports-api.module';

@Module({})
export class AppModule {
  static register(options: InfrastructureOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.register(options),
        AuthModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [LoginRateLimitModule],
          inject: [API_CONFIG, TokenService, AccountStatusCheck, LoginRateLimiters],
          useFactory: (config: ApiConfig, tokens: TokenService, accountStatus: AccountStatusCheck, loginLimiters: LoginRateLimiters) =>
            graphqlOptions(config, tokens, accountStatus, loginLimiters),
        }),
        IdentityApiModule,
        LedgerApiModule,
        ReportsApiModule,
        EscalationApiModule,
        // The audit queries read the PostgreSQL event store's tables (hash chain, anchors, history
        // by SQL): on EventStoreDB they are not served (api-config warns at boot).
        ...(options.config.eventStore?.adapter === 'eventstoredb' ? [] : [AuditModule.register()]),
        OpsModule,
      ],
      controllers: [GraphiqlController],
    };
  }
}
