import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { LedgerCommandService } from '@rectify/ledger-application';
import type { Principal } from '@rectify/tenancy';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Permission } from '../../auth/permission';
import { RequirePermission } from '../../auth/permission.decorator';
import type { ApiContext } from '../../graphql/api-context';
import { toCommandPayload } from '../command-payload.mapper';
import { RecordProblemInput } from '../inputs/record-problem.input';
import { InspectionOutcomeKind, RecordVillageCheckInput } from '../inputs/record-village-check.input';
import { MutationExecutor } from '../mutation-executor.service';
import { CommandPayload, RecordProblemPayload } from '../object-types/command-payload.object-type';
import { TenantRefs } from '../tenant-refs.service';

/** 逐村逐项排查 and 对照排查发现问题. */
@Resolver()
export class InspectionCommandResolver {
  constructor(
    @Inject(LedgerCommandService) private readonly commands: LedgerCommandService,
    @Inject(MutationExecutor) private readonly executor: MutationExecutor,
    @Inject(TenantRefs) private readonly tenants: TenantRefs,
  ) {}

  @Mutation(() => CommandPayload, { description: '记录一个村对照一项的排查结果' })
  @RequirePermission(Permission.InspectionRecord)
  async recordVillageCheck(@Args('input', { type: () => RecordVillageCheckInput }) input: RecordVillageCheckInput, @CurrentPrincipal() principal: Principal, @Context() context: ApiContext): Promise<CommandPayload> {
    await this.tenants.assertVillageInScope(input.villageCode, principal);
    const outcome = input.outcome === InspectionOutcomeKind.NO_PROBLEM ? { kind: 'no_problem' as const } : { kind: 'problems_found' as const, entryIds: input.entryIds ?? [] };
    const { result, projected } = await this.executor.run(principal, input, context, (ctx) =>
      this.commands.inspection(
        { type: 'RecordVillageCheck', campaignId: input.campaignId, villageCode: input.villageCode, itemNo: input.itemNo, outcome, ...(input.note ? { note: input.note } : {}) },
        ctx,
      ),
    );
    return toCommandPayload(result, projected);
  }

  @Mutation(() => RecordProblemPayload, { description: '登记发现的问题（返回新台账条目编号）' })
  @RequirePermission(Permission.EntryRecord)
  async recordProblem(@Args('input', { type: () => RecordProblemInput }) input: RecordProblemInput, @CurrentPrincipal() principal: Principal, @Context() context: ApiContext): Promise<RecordProblemPayload> {
    await this.tenants.assertVillageInScope(input.villageCode, principal);
    const { result, projected } = await this.executor.run(principal, input, context, (ctx) =>
      this.commands.recordProblem(
        { type: 'RecordProblem', campaignId: input.campaignId, villageCode: input.villageCode, itemNo: input.itemNo, description: input.description, foundBy: input.foundBy, foundAt: input.foundAt },
        ctx,
      ),
    );
    return { ...toCommandPayload(result, projected), entryId: result.entryId };
  }
}
