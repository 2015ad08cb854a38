export type { Box, Member, MemberRole } from './members.schema';
export {
  bumpSessionVersion,
  deleteCredentials,
  findBox,
  findMemberById,
  isBoxMember,
  listMemberBoxes,
  listMembers,
  listMembersByIds,
  saveCredentials,
  saveLearnedBookingWindow,
  syncMemberBoxes,
  updateMemberLocale,
  upsertMember,
} from './members.repository';
export { sealPassword, sealSession } from './member-credentials';
export { aimHarderHostsFromEnv, createMemberAimHarderClient } from './member-aimharder-client';
