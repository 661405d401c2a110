export { GroupCoordinator } from './coordinator.js';
export { ClassicGroup, type MemberState } from './group.js';
export {
  type GroupOffsets,
  type OffsetEntry,
  OffsetStore,
  type OffsetStoreOptions,
  type OffsetWrite,
} from './offset-store.js';
export type * from './types.js';
