/** Record builders for the store's tests (and the engine's, if useful). */
import type { JobRecord, RequestRecord, RunRecord, RunRecordStatus } from '@/lib/model';

export const SCOPE = { orgId: 'ORG1@AdobeOrg', sandbox: 'prod' };

export function job(id: string, createdAt: number, over: Partial<JobRecord> = {}): JobRecord {
  return {
    id,
    scope: SCOPE,
    createdAt,
    updatedAt: createdAt,
    status: 'done',
    dataflows: [{ id: `flow-${id}`, name: `S3 – ${id}` }],
    pairCount: 2,
    ...over,
  };
}

export function run(jobId: string, audienceId: string, status: RunRecordStatus, over: Partial<RunRecord> = {}): RunRecord {
  const flowId = over.flowId ?? `flow-${jobId}`;
  return {
    id: `${jobId}|${flowId}|${audienceId}`,
    jobId,
    scope: SCOPE,
    flowId,
    audienceId,
    dataflowName: 'S3',
    audienceName: `Audience ${audienceId}`,
    status,
    createdAt: 1,
    updatedAt: 1,
    ...over,
  };
}

export function request(jobId: string, index: number, over: Partial<RequestRecord> = {}): RequestRecord {
  return {
    id: `${jobId}#${index}`,
    jobId,
    index,
    pairs: [{ flowId: `flow-${jobId}`, audienceId: `a${index}` }],
    status: 'pending',
    attempts: 0,
    ...over,
  };
}
