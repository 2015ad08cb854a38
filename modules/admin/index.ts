export {
  HEALTH_PERIODS,
  healthQuerySchema,
  type AdminPrebookingDetail,
  type AdminPrebookingPage,
  type AdminPrebookingRow,
  type AttentionItem,
  type ExecutionHealth,
  type HealthPeriod,
  type HealthQuery,
} from './admin.schema';
export { attentionReason, isRetryable, offsetHistogram, percentile, summarizeExecution, type ExecutionStats, type OffsetBucket } from './execution-stats';
export { HEALTH_READ_LIMIT, getAdminPrebookingDetail, getExecutionHealth, listAdminPrebookings } from './admin.service';
export { HealthDashboard } from './components/health-dashboard';
export { PrebookingTable } from './components/prebooking-table';
export { PrebookingDetailView } from './components/prebooking-detail';
export { getBoxClockHealth, type BoxClockHostHealth } from './box-clock-health.service';
export { BoxClockPanel } from './components/box-clock-panel';
export { readDayFilters, type DayFilters } from './day-filters';
export { getAdminDictionary, type AdminDictionary } from './admin-dictionary';
