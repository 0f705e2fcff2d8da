/** Small builders for history tests (used by lib/history and components tests). */
import type { RunRecord } from '@/lib/model';
import type { JobCounts } from '@/lib/store/schemas';
import { scopeKey } from '@/lib/session/credentials';
import type { JobSummary } from './types';

export const SCOPE = { orgId: 'ABC123@AdobeOrg', sandbox: 'prod' } as const;

/** `counts` names only the counts a test cares about; the others are 0. */
export function aJob({ counts, ...over }: Omit<Partial<JobSummary>, 'counts'> & { counts?: Partial<JobCounts> } = {}): JobSummary {
  const scope = over.scope ?? { ...SCOPE };
  return {
    id: 'job-1',
    scope,
    scopeKey: scopeKey(scope),
    createdAt: Date.UTC(2026, 10, 28, 15, 20),
    updatedAt: Date.UTC(2026, 10, 28, 15, 30),
    status: 'done',
    dataflows: [{ id: 'flow-1', name: 'S3 – Loyalty' }],
    pairCount: 3,
    ...over,
    counts: { success: 2, failed: 1, running: 0, skipped: 0, pending: 0, cancelled: 0, ...counts },
  };
}

export function aRun(over: Partial<RunRecord> = {}): RunRecord {
  const jobId = over.jobId ?? 'job-1';
  const flowId = over.flowId ?? 'flow-1';
  const audienceId = over.audienceId ?? 'aud-1';
  return {
    id: `${jobId}|${flowId}|${audienceId}`,
    jobId,
    scope: { ...SCOPE },
    flowId,
    audienceId,
    dataflowName: 'S3 – Loyalty',
    audienceName: 'Gold members',
    status: 'success',
    runId: `run-${audienceId}`,
    recordCount: 1200,
    fileCount: 1,
    createdAt: Date.UTC(2026, 10, 28, 15, 20),
    updatedAt: Date.UTC(2026, 10, 28, 15, 40),
    ...over,
  };
}
