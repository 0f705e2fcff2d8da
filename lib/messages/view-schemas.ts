/**
 * zod/mini schemas of what the page is shown (DataflowView and verdicts, with their
 * badges) and their types (`z.infer`), which lib/model.ts and lib/present re-export.
 */
import * as z from 'zod/mini';
import { ruleIdSchema } from '@/lib/store/schemas';

const warnings = z.array(ruleIdSchema);

export const verdictSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('eligible'), warnings }),
  /** `until` is null when the end cannot be known (a run still processing). */
  z.object({ kind: z.literal('wait'), rule: ruleIdSchema, until: z.nullable(z.number()), warnings }),
  /** `at`: the day the block began, where the rule has one (the schedule's end day). */
  z.object({ kind: z.literal('blocked'), rule: ruleIdSchema, warnings, at: z.optional(z.number()) }),
]);
export type Verdict = z.infer<typeof verdictSchema>;

export const audienceViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  verdict: verdictSchema,
  /** Set while one of our own ad-hoc runs for this pair is in flight. */
  running: z.optional(z.boolean()),
  /** With the `sameData` warning: when our export ran, and when the next scheduled one starts (null: unknown). */
  sameData: z.optional(z.object({ exportedAt: z.number(), next: z.nullable(z.number()) })),
});
export type AudienceView = z.infer<typeof audienceViewSchema>;

/** What the page and the popup are shown for one dataflow. */
export const dataflowViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  state: z.string(),
  /** Dataflow-level verdict: not a batch file flow, disabled... ; eligible when its audiences decide. */
  verdict: verdictSchema,
  audiences: z.array(audienceViewSchema),
  /** A scheduled export of the whole dataflow is processing (Browse badge warning). */
  processing: z.boolean(),
});
export type DataflowView = z.infer<typeof dataflowViewSchema>;

const badgeModelSchema = z.object({
  tone: z.enum(['eligible', 'wait', 'blocked', 'running']),
  /** Short text on the badge. */
  text: z.string(),
  /** Tooltip lines: the rule in plain words with what to do, the time local and UTC. */
  tip: z.array(z.string()),
  /** Name, verdict and rule, for screen readers. */
  aria: z.string(),
  /** Whether it can be picked for an export now. */
  selectable: z.boolean(),
});
export type BadgeModel = z.infer<typeof badgeModelSchema>;

export const presentedDataflowSchema = z.extend(dataflowViewSchema, {
  badge: badgeModelSchema,
  audiences: z.array(z.extend(audienceViewSchema, { badge: badgeModelSchema })),
});
export type PresentedDataflow = z.infer<typeof presentedDataflowSchema>;
export type PresentedAudience = PresentedDataflow['audiences'][number];
