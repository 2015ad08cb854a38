import type { BoxDefinition, TimetableSlot, WeeklyTimetable } from './sim-types';

/** What `npm run dev`, the e2e tests and the docs rely on; the full box definitions are below. */
export const DEMO = {
  box: { boxId: 10122, subdomain: 'demobox', name: 'Prebooker Demo Box', timeZone: 'Europe/Madrid', rule: { kind: 'rolling_days', days: 4 } },
  member: { email: 'demo@prebooker.local', password: 'demo-password', name: 'Demo Member' },
  admin: { email: 'admin@prebooker.local', password: 'admin-password', name: 'Demo Admin' },
  secondMember: { email: 'second@prebooker.local', password: 'second-password', name: 'Second Member' },
} as const;

/** Seeded AimHarder user ids (stable across restarts). */
export const DEMO_USER_IDS = { member: 310001, admin: 310002, secondMember: 310003 } as const;

const slot = (time: string, type: string, coach: string, capacity: number, extra: Partial<TimetableSlot> = {}): TimetableSlot => ({
  time,
  lengthMin: 60,
  type,
  coach,
  capacity,
  ...extra,
});

/** Weekdays seven classes; 09:00 WOD runs every day of the week (handy for tests). */
const DEMO_TIMETABLE: WeeklyTimetable = {
  weekday: [
    slot('07:00', 'WOD', 'Laura', 14),
    slot('09:00', 'WOD', 'Marc', 12),
    slot('12:00', 'OPEN BOX', 'Sergio', 12),
    slot('17:00', 'WEIGHTLIFTING', 'Nuria', 12),
    slot('18:00', 'WOD', 'Laura', 14, { popular: true }),
    slot('19:00', 'WOD', 'Pablo', 16, { popular: true }),
    slot('20:00', 'OPEN BOX', 'Marc', 12),
  ],
  saturday: [
    slot('09:00', 'WOD', 'Nuria', 14),
    slot('10:00', 'WOD', 'Pablo', 16, { popular: true }),
    slot('11:00', 'OPEN BOX', 'Sergio', 12),
    slot('12:00', 'WEIGHTLIFTING', 'Laura', 12),
  ],
  sunday: [slot('09:00', 'WOD', 'Marc', 14), slot('10:00', 'WOD', 'Laura', 16, { popular: true }), slot('11:00', 'OPEN BOX', 'Pablo', 12)],
};

export const DEMO_BOX: BoxDefinition = {
  ...DEMO.box,
  rule: { ...DEMO.box.rule },
  address: 'C/ de la Demo 12, 08001 Barcelona',
  minNoticeMinutes: 15,
  lateCancelMinutes: 90,
  maxPerDayPerType: 2,
  waitlistCapacity: 5,
  classTypes: [
    { id: 24743, name: 'WOD', color: '59, 130, 246', description: 'Workout of the day' },
    { id: 24744, name: 'OPEN BOX', color: '16, 185, 129', description: 'Free training with a coach around' },
    { id: 24745, name: 'WEIGHTLIFTING', color: '234, 88, 12', description: 'Snatch and clean & jerk technique' },
  ],
  timetable: DEMO_TIMETABLE,
};

/** A second box of the demo member, opening 72 h before each class (cruizbqa's box). */
export const NORTE_BOX: BoxDefinition = {
  boxId: 10245,
  subdomain: 'nortebox',
  name: 'Prebooker Norte CrossFit',
  address: 'Av. del Norte 3, 48001 Bilbao',
  timeZone: 'Europe/Madrid',
  rule: { kind: 'rolling_hours', hours: 72 },
  minNoticeMinutes: 60,
  lateCancelMinutes: 120,
  maxPerDayPerType: 1,
  waitlistCapacity: 3,
  classTypes: [
    { id: 31010, name: 'WOD', color: '220, 38, 38', description: 'CrossFit WOD' },
    { id: 25375, name: 'HYROX', color: '234, 179, 8', description: 'Hyrox race preparation' },
    { id: 31012, name: 'OPEN BOX', color: '100, 116, 139', description: 'Open box' },
  ],
  timetable: {
    weekday: [
      slot('07:30', 'WOD', 'Iker', 12),
      slot('08:30', 'HYROX', 'Ane', 14),
      slot('13:30', 'WOD', 'Iker', 12),
      slot('18:30', 'WOD', 'Jon', 12, { lengthMin: 90, popular: true }),
      slot('20:00', 'HYROX', 'Ane', 16, { popular: true }),
    ],
    saturday: [slot('10:00', 'WOD', 'Jon', 14, { popular: true }), slot('11:30', 'OPEN BOX', 'Iker', 12)],
    sunday: [slot('10:00', 'OPEN BOX', 'Ane', 12)],
  },
};

/** Fixed daily opening (12:00 local, classes two days ahead), in another zone (epereztg's boxes). */
export const SUR_BOX: BoxDefinition = {
  boxId: 10387,
  subdomain: 'surbox',
  name: 'Prebooker Sur Training',
  address: 'C/ Triana 40, 35002 Las Palmas de Gran Canaria',
  timeZone: 'Atlantic/Canary',
  rule: { kind: 'fixed_time', time: '12:00', daysAhead: 2 },
  minNoticeMinutes: 10,
  lateCancelMinutes: 60,
  maxPerDayPerType: 0,
  waitlistCapacity: 4,
  classTypes: [
    { id: 40220, name: 'CROSSTRAINING', color: '147, 51, 234', description: 'Cross training' },
    { id: 40221, name: 'OPEN BOX', color: '20, 184, 166', description: 'Open box' },
  ],
  timetable: {
    weekday: [
      slot('08:00', 'CROSSTRAINING', 'Yeray', 12),
      slot('10:00', 'OPEN BOX', 'Carmen', 12),
      slot('18:00', 'CROSSTRAINING', 'Yeray', 14, { popular: true }),
      slot('19:30', 'CROSSTRAINING', 'Carmen', 14, { popular: true }),
    ],
    saturday: [slot('10:00', 'CROSSTRAINING', 'Carmen', 14)],
    sunday: [],
  },
};

export const SEED_BOXES: readonly BoxDefinition[] = [DEMO_BOX, NORTE_BOX, SUR_BOX];

export interface SeedMember {
  id: number;
  email: string;
  password: string;
  name: string;
  boxes: string[];
}

export const SEED_MEMBERS: readonly SeedMember[] = [
  { id: DEMO_USER_IDS.member, ...DEMO.member, boxes: [DEMO_BOX.subdomain, NORTE_BOX.subdomain] },
  { id: DEMO_USER_IDS.admin, ...DEMO.admin, boxes: [DEMO_BOX.subdomain] },
  { id: DEMO_USER_IDS.secondMember, ...DEMO.secondMember, boxes: [DEMO_BOX.subdomain, SUR_BOX.subdomain] },
];

/** Used for boxes created through the control API without their own timetable. */
export const DEFAULT_TIMETABLE: WeeklyTimetable = DEMO_TIMETABLE;
export const DEFAULT_CLASS_TYPES = DEMO_BOX.classTypes;
