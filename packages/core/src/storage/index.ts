import { CallAttemptEntity, CallEntryEntity, BlockedNumberEntity } from "../call-lists/call-entry.entity";
import { CallEntity } from "../calls/call.entity";
import { CallRecordingEntity } from "../recordings/recording.entity";
import { CallListEntity, CallListLineEntity, CallListOperatorEntity } from "../call-lists/call-list.entity";
import { CompanyEntity, CompanyManagerEntity } from "../companies/company.entity";
import { CompanyIndexEntity, CompanySearchEntity } from "../companies/company-index.entity";
import { ContactAudienceEntity, ContactEntity, ContactLookupEntity } from "../contacts/contact.entity";
import { AccessRequestEntity, DuplicatePairEntity, MergeRecordEntity, MergeSnapshotEntity } from "../contacts/duplicate.entity";
import { TrashedFilesEntity } from "../contacts/trash.entity";
import { NotificationEntity } from "../notifications/notification.entity";
import { ContactIndexEntity, ContactSearchEntity } from "../contacts/contact-index.entity";
import { ValueClaimEntity } from "../contacts/value-claim.entity";
import { CustomFieldEntity } from "../custom-fields/custom-field.entity";
import { SavedViewEntity } from "../views/saved-view.entity";
import { TagCountBatchEntity, TagCountEntity } from "../tags/tag-count.entity";
import { RateLimitEntity } from "../rate-limit/rate-limit.entity";
import { ChatHandleEntity } from "../intake/chat-handle.entity";
import { FormEntity } from "../intake/form.entity";
import { IdempotencyEntity } from "../intake/idempotency.entity";
import { InboundCallEntity } from "../intake/inbound-call.entity";
import { IntakeSettingEntity } from "../intake/intake-setting.entity";
import { PresenceEntity } from "../presence/presence.entity";
import { OrganizationSettingsEntity } from "../settings/organization-settings.entity";
import { JobEntity } from "../jobs/job.entity";
import { ImportEntity, ImportIssueEntity } from "../imports/import.entity";
import { BulkSelectionPartEntity } from "../bulk/selection.entity";
import { ActivityEntity } from "../timeline/activity.entity";
import { CompanyActivityEntity } from "../timeline/company-activity.entity";
import { UserEmailEntity, UserEntity } from "../users/user.entity";
import { createDynamoClients, type DynamoClients, type RequestCounter } from "./client";
import { joinedService, lazyService } from "./service";

/** The table's entities by the names the domain uses (`service.entities.<name>`). */
const entities = {
  contact: ContactEntity,
  contactLookup: ContactLookupEntity,
  contactAudience: ContactAudienceEntity,
  contactIndex: ContactIndexEntity,
  contactSearch: ContactSearchEntity,
  valueClaim: ValueClaimEntity,
  activity: ActivityEntity,
  user: UserEntity,
  userEmail: UserEmailEntity,
  callList: CallListEntity,
  callListOperator: CallListOperatorEntity,
  callListLine: CallListLineEntity,
  callEntry: CallEntryEntity,
  callAttempt: CallAttemptEntity,
  blockedNumber: BlockedNumberEntity,
  company: CompanyEntity,
  companyManager: CompanyManagerEntity,
  companyIndex: CompanyIndexEntity,
  companySearch: CompanySearchEntity,
  companyActivity: CompanyActivityEntity,
  customField: CustomFieldEntity,
  tagCount: TagCountEntity,
  tagCountBatch: TagCountBatchEntity,
  rateLimit: RateLimitEntity,
  duplicatePair: DuplicatePairEntity,
  accessRequest: AccessRequestEntity,
  mergeRecord: MergeRecordEntity,
  mergeSnapshot: MergeSnapshotEntity,
  trashedFiles: TrashedFilesEntity,
  notification: NotificationEntity,
  savedView: SavedViewEntity,
  webForm: FormEntity,
  idempotencyKey: IdempotencyEntity,
  chatHandle: ChatHandleEntity,
  intakeSetting: IntakeSettingEntity,
  inboundCall: InboundCallEntity,
  presence: PresenceEntity,
  organizationSettings: OrganizationSettingsEntity,
  job: JobEntity,
  import: ImportEntity,
  importIssue: ImportIssueEntity,
  bulkSelectionPart: BulkSelectionPartEntity,
  call: CallEntity,
  callRecording: CallRecordingEntity,
};

/** The type of the table's Service: every entity joined (built only by `joinAllEntities`). */
function joinAllEntities(clients: DynamoClients, table: string) {
  return joinedService(entities, clients.doc, table) as unknown as import("electrodb").Service<typeof entities>;
}

/**
 * Each entity, collection and transaction is built when a request first uses it
 * (storage/service.ts): a cold start builds none of them.
 */
function buildService(clients: DynamoClients, table: string): ReturnType<typeof joinAllEntities> {
  return lazyService(entities, clients.doc, table) as never;
}

/** Builds the whole Service now, with ElectroDB's join checks (for tests). */
export function checkServiceJoins(table: string) {
  return joinAllEntities(createDynamoClients({ endpoint: "http://localhost:1" }), table);
}

export interface Storage {
  table: string;
  clients: DynamoClients;
  service: ReturnType<typeof buildService>;
}

let current: Storage | undefined;

/** Points the domain at one table. Lambda configures itself from the environment on first use. */
export function configureStorage(options: { tableName: string; endpoint?: string; counter?: RequestCounter }): Storage {
  const clients = createDynamoClients({ endpoint: options.endpoint, counter: options.counter });
  current = { table: options.tableName, clients, service: buildService(clients, options.tableName) };
  return current;
}

export function useStorage(): Storage {
  if (current) return current;
  const tableName = process.env.TABLE_NAME;
  if (!tableName) throw new Error("TABLE_NAME is not set and configureStorage() was not called.");
  return configureStorage({ tableName, endpoint: process.env.DYNAMODB_ENDPOINT || undefined });
}

export { TableSchema } from "./table-schema";
export { storageReady } from "./libraries";
