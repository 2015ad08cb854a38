export {
  SCHEDULE_DAY_COUNT,
  bookClassInputSchema,
  cancelBookingInputSchema,
  scheduleQuerySchema,
  type ActionResult,
  type BoxSummary,
  type ClassPhase,
  type PrebookingCard,
  type PrebookingCards,
  type ScheduleClass,
  type ScheduleDay,
} from './schedule.schema';
export { bookClass, cancelBooking, getScheduleDay, prebookClass, type ScheduleDependencies } from './schedule.service';
export { listPrebookingCards, outcomeText, toPrebookingCard } from './prebooking-cards.service';
export { classTiming } from './class-timing';
export { ScheduleView } from './components/schedule-view';
export { PrebookingList } from './components/prebooking-list';
