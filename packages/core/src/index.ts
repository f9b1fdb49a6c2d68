// @jobmeta/core's public API, one named list: every name here is documented in README.md (API).
// Other exports of the modules are internals; tests import those from the module's own path.
export { credentialsFromEnv, type EnvCredentials, secretForms } from './auth.ts'
export { type Client, createClient, type GetManyOptions, type GetManyResult } from './client.ts'
export {
  type CloseReasonClass,
  classifyCloseReason,
  WELL_KNOWN_CLOSE_REASONS,
} from './close-reasons.ts'
export {
  AbortedError,
  BadRequestError,
  DuplicateJobError,
  ForbiddenError,
  InvalidKeyError,
  JobmetaError,
  type JobmetaErrorOptions,
  JobNotFoundError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  redactSecrets,
  redactUrl,
  ServerError,
  SpiderNotFoundError,
  TimeoutError,
  UnauthorizedError,
  ValidationError,
  ValueTooLargeError,
} from './errors.ts'
export { getField, getNumericStat, getStat, readFieldPath } from './fields.ts'
export { type JobFigures, jobFigures, rowFigures } from './figures.ts'
export {
  formatBytes,
  formatDuration,
  formatNumber,
  formatRelativeTime,
  formatTimestamp,
  type TimeZoneChoice,
} from './format.ts'
export { describeValue, type FieldIssue, formatFieldIssue, formatIssuePath } from './issues.ts'
export { type GetOptions, type JobHandle, READ_ONLY_FIELDS, type WaitForOptions } from './job.ts'
export type {
  JobSummaryOptions,
  LastJobsOptions,
  ListFilters,
  ProjectJobs,
  SummaryOptions,
} from './jobs.ts'
export { dashboardUrl, type JobKey, type ParsedKey, parseJobKey, parseKey } from './key.ts'
export { OUTCOMES, type Outcome, outcomeOf, stateOfOutcome } from './outcome.ts'
export { type ProjectHandle, type Projects, parseProjectId } from './projects.ts'
export { DEFAULT_RETRY_POLICY, type RetryInfo, type RetryPolicy } from './retry.ts'
export type { PushedJob, PushParams } from './scheduling.ts'
export {
  type CheckResult,
  checkJobMetadata,
  checkJobQRow,
  type FieldValue,
  fieldIssues,
  hasFieldType,
  isKnownField,
  type JobMetadata,
  type JobQRow,
  type JobQSummary,
  KNOWN_FIELD_NAMES,
  type KnownFieldName,
  type KnownFields,
  loadSchemas,
  metadataIssues,
  type ProjectJobSummary,
  type ProjectSummary,
  type ScrapyStats,
  type StatValue,
  type ZodSchemas,
} from './schema.ts'
export type { SpiderRef } from './spiders.ts'
export {
  ACTIVE_STATES,
  isActiveState,
  JOB_STATES,
  type JobState,
  LISTED_STATES,
} from './states.ts'
export {
  countStats,
  groupStats,
  type StatEntry,
  type StatGroup,
  statGroupsInOrder,
} from './stats.ts'
export { type JobSummary, summarize } from './summarize.ts'
export {
  type ClientOptions,
  DEFAULT_STORAGE_URL,
  DEFAULT_USER_AGENT,
  type RequestOptions,
} from './transport.ts'
