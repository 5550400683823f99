// The cursors' repository lives with the inbox (main/inbox/sync-cursor-repo.ts): a page of sync events and the
// cursor it moves are written in one transaction, on whichever thread owns the inbox's writes.
export { SyncCursorRepo } from '../../inbox/sync-cursor-repo';
