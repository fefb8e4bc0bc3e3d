/**
 * Every entity of the table, by the name the Service knows it. Loaded with the table's libraries
 * (`storageReady()`, storage/ready.ts), not at import: a cold start that answers without the table
 * (a 401, a preflight, the OpenAPI document) reads none of the entity definitions.
 */
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

export const entities = {
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
