/** zod/mini schemas of what the page is shown (DataflowView and verdicts, with their badges), checked against lib/model and lib/present. */
import * as z from 'zod/mini';
import type { AudienceView, DataflowView, Verdict } from '@/lib/model';
import type { PresentedDataflow } from '@/lib/present/view';
import { ruleIdSchema } from '@/lib/store/schemas';

const warnings = z.array(ruleIdSchema);

export const verdictSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('eligible'), warnings }),
  z.object({ kind: z.literal('wait'), rule: ruleIdSchema, until: z.nullable(z.number()), warnings }),
  z.object({ kind: z.literal('blocked'), rule: ruleIdSchema, warnings, at: z.optional(z.number()) }),
]);

export const audienceViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  verdict: verdictSchema,
  running: z.optional(z.boolean()),
  sameData: z.optional(z.object({ exportedAt: z.number(), next: z.nullable(z.number()) })),
});

export const dataflowViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  state: z.string(),
  verdict: verdictSchema,
  audiences: z.array(audienceViewSchema),
  processing: z.boolean(),
});

const badgeModelSchema = z.object({
  tone: z.enum(['eligible', 'wait', 'blocked', 'running']),
  text: z.string(),
  tip: z.array(z.string()),
  aria: z.string(),
  selectable: z.boolean(),
});

export const presentedDataflowSchema = z.extend(dataflowViewSchema, {
  badge: badgeModelSchema,
  audiences: z.array(z.extend(audienceViewSchema, { badge: badgeModelSchema })),
});

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const check = <T extends true>() => undefined as unknown as T;
check<Same<z.infer<typeof verdictSchema>, Verdict>>();
check<Same<z.infer<typeof audienceViewSchema>, AudienceView>>();
check<Same<z.infer<typeof dataflowViewSchema>, DataflowView>>();
check<Same<z.infer<typeof presentedDataflowSchema>, PresentedDataflow>>();
