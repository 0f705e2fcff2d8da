export { createPlatformClient, parseRetryAfter, ADHOC_V2_ACCEPT, type PlatformClient, type PlatformClientOptions, type ListRunsOptions } from './client';
export { PlatformError, isPlatformError, errorFromResponse, errorTexts, parseAlreadyRunning, parseOutOfSchedule, type AlreadyRunningDetail } from './errors';
export { explainError } from './explain';
export {
  parseAdhocResponse,
  parseAudiencesBulk,
  parseDataflow,
  parseDataflowPage,
  parseMergePoliciesBulk,
  parseRun,
  parseRunPage,
  normaliseStatus,
  runIdFromStatusUrl,
  type AdhocOrder,
  type BulkResult,
  type Page,
} from './schemas';
export { toMillis } from './time';
export { createServerClock, type ServerClock } from './server-clock';
export { createSkipTally, type SkipCounts, type SkipTally } from './skip-tally';
