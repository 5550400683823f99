/** Whether any process of the group led by `pid` is still running (signal 0 only asks). */
export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}
