export { verdictFor, dataflowVerdict, dataflowProcessing, decide } from './verdict';
export {
  isBatchFileFlow,
  isRunInProgress,
  sameDataAs,
  utcDayStart,
  FIRST_ACTIVATION_DELAY,
  MERGE_POLICY_DELAY,
  type EligibilityInput,
  type Finding,
} from './rules';
export { nextScheduledExport } from './schedule';
