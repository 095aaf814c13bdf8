import { Inject } from '@nestjs/common';
import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '@rectify/tenancy';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Permission } from '../../auth/permission';
import { RequirePermission } from '../../auth/permission.decorator';
import { ImportJobObjectType } from './import-job.object-type';
import { LedgerImportService } from './ledger-import.service';

/** 台账导入进度. */
@Resolver()
export class ImportJobResolver {
  constructor(@Inject(LedgerImportService) private readonly imports: LedgerImportService) {}

  @Query(() => ImportJobObjectType, { description: '台账导入任务的进度；范围外与不存在的回答相同' })
  @RequirePermission(Permission.EntryRecord)
  async importJob(@Args('id', { type: () => ID }) id: string, @CurrentPrincipal() principal: Principal): Promise<ImportJobObjectType> {
    const status = await this.imports.status(id, principal);
    return { ...status, changedRowNotes: [...status.changedRowNotes] };
  }
}
