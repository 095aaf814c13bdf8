import { Field, InputType } from '@nestjs/graphql';
import { Matches } from 'class-validator';
import { CommandOptionsInput } from './command-options.input';
import { ID, ID_MESSAGE } from './validation-patterns';

/** Every command on one ledger entry names it. */
@InputType({ isAbstract: true })
export abstract class EntryCommandInput extends CommandOptionsInput {
  @Field({ description: '台账条目编号' }) @Matches(ID, { message: ID_MESSAGE }) entryId!: string;
}
