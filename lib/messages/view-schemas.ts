/** zod/mini schemas of what the page is shown (DataflowView and verdicts), checked against lib/model. */
import * as z from 'zod/mini';
import type { AudienceView, DataflowView, Verdict } from '@/lib/model';
import { ruleIdSchema } from '@/lib/store/schemas';

const warnings = z.array(ruleIdSchema);

export const verdictSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('eligible'), warnings }),
  z.object({ kind: z.literal('wait'), rule: ruleIdSchema, until: z.nullable(z.number()), warnings }),
  z.object({ kind: z.literal('blocked'), rule: ruleIdSchema, warnings }),
]);

export const audienceViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  verdict: verdictSchema,
  running: z.optional(z.boolean()),
});

export const dataflowViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  state: z.string(),
  verdict: verdictSchema,
  audiences: z.array(audienceViewSchema),
  processing: z.boolean(),
});

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const check = <T extends true>() => undefined as unknown as T;
check<Same<z.infer<typeof verdictSchema>, Verdict>>();
check<Same<z.infer<typeof audienceViewSchema>, AudienceView>>();
check<Same<z.infer<typeof dataflowViewSchema>, DataflowView>>();
